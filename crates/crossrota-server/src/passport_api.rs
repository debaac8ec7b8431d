//! Thin gRPC adapters for `crossrota.v1.PassportService`: authenticate, decode, call the
//! service, encode. No rule lives here.

use crossrota_domain::FieldErrors;
use crossrota_domain::commands;
use crossrota_domain::compliance::Expiring;
use crossrota_domain::ids::{AuditId, NetworkId, OrgId, ProfileId, StaffId};
use crossrota_domain::organisation::{NewNetwork, NewOrganisation};
use crossrota_domain::staff::NewStaff;
use crossrota_proto::convert::{
    self, OrganisationLookup, next_page_token, optional_id, page_from, passport_to_proto,
};
use crossrota_proto::crossrota::v1 as pb;
use crossrota_proto::crossrota::v1::passport_service_server::PassportService as Rpc;
use crossrota_service::{Caller, Page, PassportService};
use tonic::{Request, Response, Status};

use crate::auth;
use crate::status::{invalid, to_status};

/// The gRPC face of the passport service.
#[derive(Debug, Clone)]
pub struct PassportApi {
    service: PassportService,
}

impl PassportApi {
    /// Wraps a service.
    pub fn new(service: PassportService) -> Self {
        Self { service }
    }

    async fn caller<T>(&self, request: &Request<T>) -> Result<Caller, Status> {
        auth::caller(&self.service, request).await
    }
}

type Reply<T> = Result<Response<T>, Status>;

fn decode<T, P>(p: P) -> Result<T, Status>
where
    T: TryFrom<P, Error = FieldErrors>,
{
    T::try_from(p).map_err(invalid)
}

fn page<I>(size: i32, token: &str, wrap: fn(i64) -> I) -> Result<Page<I>, Status> {
    let (after, limit) = page_from(size, token).map_err(invalid)?;
    Ok(Page {
        after: after.map(wrap),
        limit,
    })
}

fn token<T>(items: &[T], limit: u32, id: impl Fn(&T) -> i64) -> String {
    next_page_token(items.len(), limit, items.last().map(id))
}

#[tonic::async_trait]
impl Rpc for PassportApi {
    async fn create_organisation(
        &self,
        request: Request<pb::CreateOrganisationRequest>,
    ) -> Reply<pb::Organisation> {
        let caller = self.caller(&request).await?;
        let new: NewOrganisation = decode(request.into_inner())?;
        let org = self
            .service
            .create_org(&caller, new)
            .await
            .map_err(to_status)?;
        Ok(Response::new(org.into()))
    }

    async fn update_organisation(
        &self,
        request: Request<pb::UpdateOrganisationRequest>,
    ) -> Reply<pb::Organisation> {
        let caller = self.caller(&request).await?;
        let (id, new): (OrgId, NewOrganisation) = decode(request.into_inner())?;
        let org = self
            .service
            .update_org(&caller, id, new)
            .await
            .map_err(to_status)?;
        Ok(Response::new(org.into()))
    }

    async fn get_organisation(
        &self,
        request: Request<pb::GetOrganisationRequest>,
    ) -> Reply<pb::Organisation> {
        let caller = self.caller(&request).await?;
        let org = match decode::<OrganisationLookup, _>(request.into_inner())? {
            OrganisationLookup::Id(id) => self.service.get_org(&caller, id).await,
            OrganisationLookup::Code(code) => self.service.get_org_by_code(&caller, &code).await,
        }
        .map_err(to_status)?;
        Ok(Response::new(org.into()))
    }

    async fn list_organisations(
        &self,
        request: Request<pb::ListOrganisationsRequest>,
    ) -> Reply<pb::ListOrganisationsResponse> {
        let caller = self.caller(&request).await?;
        let r = request.into_inner();
        let p = page(r.page_size, &r.page_token, OrgId)?;
        let limit = p.limit;
        let orgs = self
            .service
            .list_orgs(&caller, p)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListOrganisationsResponse {
            next_page_token: token(&orgs, limit, |o| o.id.0),
            organisations: orgs.into_iter().map(Into::into).collect(),
        }))
    }

    async fn create_network(
        &self,
        request: Request<pb::CreateNetworkRequest>,
    ) -> Reply<pb::Network> {
        let caller = self.caller(&request).await?;
        let new: NewNetwork = decode(request.into_inner())?;
        let n = self
            .service
            .create_network(&caller, new)
            .await
            .map_err(to_status)?;
        Ok(Response::new(n.into()))
    }

    async fn update_network(
        &self,
        request: Request<pb::UpdateNetworkRequest>,
    ) -> Reply<pb::Network> {
        let caller = self.caller(&request).await?;
        let (id, new): (NetworkId, NewNetwork) = decode(request.into_inner())?;
        let n = self
            .service
            .update_network(&caller, id, new)
            .await
            .map_err(to_status)?;
        Ok(Response::new(n.into()))
    }

    async fn get_network(&self, request: Request<pb::GetNetworkRequest>) -> Reply<pb::Network> {
        let caller = self.caller(&request).await?;
        let id: NetworkId = decode(request.into_inner())?;
        let n = self
            .service
            .get_network(&caller, id)
            .await
            .map_err(to_status)?;
        Ok(Response::new(n.into()))
    }

    async fn list_networks(
        &self,
        request: Request<pb::ListNetworksRequest>,
    ) -> Reply<pb::ListNetworksResponse> {
        let caller = self.caller(&request).await?;
        let r = request.into_inner();
        let p = page(r.page_size, &r.page_token, NetworkId)?;
        let limit = p.limit;
        let nets = self
            .service
            .list_networks(&caller, p)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListNetworksResponse {
            next_page_token: token(&nets, limit, |n| n.id.0),
            networks: nets.into_iter().map(Into::into).collect(),
        }))
    }

    async fn create_staff(&self, request: Request<pb::CreateStaffRequest>) -> Reply<pb::Staff> {
        let caller = self.caller(&request).await?;
        let new: NewStaff = decode(request.into_inner())?;
        let s = self
            .service
            .create_staff(&caller, new)
            .await
            .map_err(to_status)?;
        Ok(Response::new(s.into()))
    }

    async fn update_staff(&self, request: Request<pb::UpdateStaffRequest>) -> Reply<pb::Staff> {
        let caller = self.caller(&request).await?;
        let (id, new): (StaffId, NewStaff) = decode(request.into_inner())?;
        let s = self
            .service
            .update_staff(&caller, id, new)
            .await
            .map_err(to_status)?;
        Ok(Response::new(s.into()))
    }

    async fn get_staff(&self, request: Request<pb::GetStaffRequest>) -> Reply<pb::Staff> {
        let caller = self.caller(&request).await?;
        let id: StaffId = decode(request.into_inner())?;
        let s = self
            .service
            .get_staff(&caller, id)
            .await
            .map_err(to_status)?;
        Ok(Response::new(s.into()))
    }

    async fn list_staff(
        &self,
        request: Request<pb::ListStaffRequest>,
    ) -> Reply<pb::ListStaffResponse> {
        let caller = self.caller(&request).await?;
        let r = request.into_inner();
        let org = optional_id("org_id", r.org_id).map_err(invalid)?.map(OrgId);
        let p = page(r.page_size, &r.page_token, StaffId)?;
        let (staff, next) = self
            .service
            .list_staff(&caller, org, p)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListStaffResponse {
            // The token follows the last row read, not the last row shown: rows the caller may
            // not see are filtered out after paging.
            next_page_token: next.map(|id| id.0.to_string()).unwrap_or_default(),
            staff: staff.into_iter().map(Into::into).collect(),
        }))
    }

    async fn list_credentials(
        &self,
        request: Request<pb::ListCredentialsRequest>,
    ) -> Reply<pb::ListCredentialsResponse> {
        let caller = self.caller(&request).await?;
        let defs = self
            .service
            .list_credentials(&caller)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListCredentialsResponse {
            credentials: defs.into_iter().map(Into::into).collect(),
        }))
    }

    async fn set_validity_override(
        &self,
        request: Request<pb::SetValidityOverrideRequest>,
    ) -> Reply<pb::ValidityOverride> {
        let caller = self.caller(&request).await?;
        let cmd: commands::SetValidityOverride = decode(request.into_inner())?;
        let o = self
            .service
            .set_validity_override(&caller, cmd)
            .await
            .map_err(to_status)?;
        Ok(Response::new(o.into()))
    }

    async fn record_fact(
        &self,
        request: Request<pb::RecordFactRequest>,
    ) -> Reply<pb::CredentialFact> {
        let caller = self.caller(&request).await?;
        let cmd: commands::RecordFact = decode(request.into_inner())?;
        let f = self
            .service
            .record_fact(&caller, cmd)
            .await
            .map_err(to_status)?;
        Ok(Response::new(f.into()))
    }

    async fn revoke_fact(
        &self,
        request: Request<pb::RevokeFactRequest>,
    ) -> Reply<pb::CredentialFact> {
        let caller = self.caller(&request).await?;
        let cmd: commands::RevokeFact = decode(request.into_inner())?;
        let f = self
            .service
            .revoke_fact(&caller, cmd)
            .await
            .map_err(to_status)?;
        Ok(Response::new(f.into()))
    }

    async fn get_passport(&self, request: Request<pb::GetPassportRequest>) -> Reply<pb::Passport> {
        let caller = self.caller(&request).await?;
        let cmd: commands::GetPassport = decode(request.into_inner())?;
        let p = self
            .service
            .get_passport(&caller, cmd)
            .await
            .map_err(to_status)?;
        Ok(Response::new(passport_to_proto(&p.staff, &p.history)))
    }

    async fn define_profile(
        &self,
        request: Request<pb::DefineProfileRequest>,
    ) -> Reply<pb::RequirementProfile> {
        let caller = self.caller(&request).await?;
        let cmd: commands::DefineProfile = decode(request.into_inner())?;
        let p = self
            .service
            .define_profile(&caller, cmd)
            .await
            .map_err(to_status)?;
        Ok(Response::new(p.into()))
    }

    async fn get_profile(
        &self,
        request: Request<pb::GetProfileRequest>,
    ) -> Reply<pb::RequirementProfile> {
        let caller = self.caller(&request).await?;
        let id: ProfileId = decode(request.into_inner())?;
        let p = self
            .service
            .get_profile(&caller, id)
            .await
            .map_err(to_status)?;
        Ok(Response::new(p.into()))
    }

    async fn list_profiles(
        &self,
        request: Request<pb::ListProfilesRequest>,
    ) -> Reply<pb::ListProfilesResponse> {
        let caller = self.caller(&request).await?;
        let r = request.into_inner();
        let org = optional_id("org_id", r.org_id).map_err(invalid)?.map(OrgId);
        let p = page(r.page_size, &r.page_token, ProfileId)?;
        let limit = p.limit;
        let profiles = self
            .service
            .list_profiles(&caller, org, p)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListProfilesResponse {
            next_page_token: token(&profiles, limit, |p| p.id.0),
            profiles: profiles.into_iter().map(Into::into).collect(),
        }))
    }

    async fn create_agreement(
        &self,
        request: Request<pb::CreateAgreementRequest>,
    ) -> Reply<pb::Agreement> {
        let caller = self.caller(&request).await?;
        let cmd: commands::CreateAgreement = decode(request.into_inner())?;
        let a = self
            .service
            .create_agreement(&caller, cmd)
            .await
            .map_err(to_status)?;
        Ok(Response::new(a.into()))
    }

    async fn list_agreements(
        &self,
        request: Request<pb::ListAgreementsRequest>,
    ) -> Reply<pb::ListAgreementsResponse> {
        let caller = self.caller(&request).await?;
        let network = optional_id("network_id", request.get_ref().network_id)
            .map_err(invalid)?
            .map(NetworkId);
        let list = self
            .service
            .list_agreements(&caller, network)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListAgreementsResponse {
            agreements: list.into_iter().map(Into::into).collect(),
        }))
    }

    async fn verify(&self, request: Request<pb::VerifyRequest>) -> Reply<pb::Verdict> {
        let caller = self.caller(&request).await?;
        let cmd: commands::Verify = decode(request.into_inner())?;
        let verdicts = self.service.verify(&caller, cmd).await.map_err(to_status)?;
        let v = verdicts
            .into_iter()
            .next()
            .ok_or_else(|| Status::internal("no verdict"))?;
        Ok(Response::new(v.into()))
    }

    async fn verify_many(
        &self,
        request: Request<pb::VerifyManyRequest>,
    ) -> Reply<pb::VerifyManyResponse> {
        let caller = self.caller(&request).await?;
        let cmd: commands::Verify = decode(request.into_inner())?;
        let verdicts = self.service.verify(&caller, cmd).await.map_err(to_status)?;
        Ok(Response::new(convert::verify_many_to_proto(&verdicts)))
    }

    async fn list_expiring(
        &self,
        request: Request<pb::ListExpiringRequest>,
    ) -> Reply<pb::ListExpiringResponse> {
        let caller = self.caller(&request).await?;
        let cmd: commands::ListExpiring = decode(request.into_inner())?;
        let items = self
            .service
            .list_expiring(&caller, cmd)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListExpiringResponse {
            items: items
                .iter()
                .map(|i| {
                    convert::expiring_to_proto(
                        &i.staff,
                        &Expiring {
                            fact: &i.fact,
                            expires_on: i.expires_on,
                        },
                    )
                })
                .collect(),
        }))
    }

    async fn list_audit_log(
        &self,
        request: Request<pb::ListAuditLogRequest>,
    ) -> Reply<pb::ListAuditLogResponse> {
        let caller = self.caller(&request).await?;
        let r = request.into_inner();
        let staff = optional_id("staff_id", r.staff_id)
            .map_err(invalid)?
            .map(StaffId);
        let p = page(r.page_size, &r.page_token, AuditId)?;
        let limit = p.limit;
        let entries = self
            .service
            .list_audit(&caller, staff, p)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListAuditLogResponse {
            next_page_token: token(&entries, limit, |e| e.id.0),
            entries: entries.into_iter().map(Into::into).collect(),
        }))
    }
}
