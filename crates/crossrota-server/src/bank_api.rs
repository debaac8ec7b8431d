//! Thin gRPC adapters for `crossrota.v1.BankService`: authenticate, decode with the proto
//! crate's readers, call the bank service, encode. No rule lives here.

use crossrota_domain::FieldErrors;
use crossrota_domain::bank::booking::Transition;
use crossrota_proto::convert::bank as wire;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_proto::crossrota::v1::bank_service_server::BankService as Rpc;
use crossrota_service::bank::BookingRequest;
use crossrota_service::{BankService, Caller, PassportService};
use tonic::{Request, Response, Status};

use crate::auth;
use crate::status::{invalid, to_status};

/// The gRPC face of the bank service.
#[derive(Debug, Clone)]
pub struct BankApi {
    /// Authenticates callers (keys live with the passport service).
    passport: PassportService,
    bank: BankService,
}

impl BankApi {
    /// Wraps the services.
    pub fn new(passport: PassportService, bank: BankService) -> Self {
        Self { passport, bank }
    }

    async fn caller<T>(&self, request: &Request<T>) -> Result<Caller, Status> {
        auth::caller(&self.passport, request).await
    }

    /// The four RPCs that move a booking on by one transition.
    async fn act(
        &self,
        request: Request<pb::BookingActionRequest>,
        transition: Transition,
    ) -> Reply<pb::Booking> {
        let caller = self.caller(&request).await?;
        let a = read(wire::booking_action(request.get_ref()))?;
        let b = self
            .bank
            .act(&caller, a.booking, transition, &a.reason)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::Booking::from(&b)))
    }
}

type Reply<T> = Result<Response<T>, Status>;

fn read<T>(r: Result<T, FieldErrors>) -> Result<T, Status> {
    r.map_err(invalid)
}

#[tonic::async_trait]
impl Rpc for BankApi {
    async fn create_site(&self, request: Request<pb::CreateSiteRequest>) -> Reply<pb::Site> {
        let caller = self.caller(&request).await?;
        let input = read(wire::create_site(request.get_ref()))?;
        let site = self
            .bank
            .create_site(&caller, &input.code, &input.name)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::Site::from(&site)))
    }

    async fn create_bank(&self, request: Request<pb::CreateBankRequest>) -> Reply<pb::Bank> {
        let caller = self.caller(&request).await?;
        let input = read(wire::create_bank(request.get_ref()))?;
        let bank = self
            .bank
            .create_bank(&caller, input.network, input.own_trust_only, &input.name)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::Bank::from(&bank)))
    }

    async fn join_bank(&self, request: Request<pb::JoinBankRequest>) -> Reply<pb::BankMember> {
        let caller = self.caller(&request).await?;
        let join = read(wire::join_bank(request.get_ref()))?;
        let member = self.bank.join(&caller, join).await.map_err(to_status)?;
        Ok(Response::new(pb::BankMember::from(&member)))
    }

    async fn post_shifts(
        &self,
        request: Request<pb::PostShiftsRequest>,
    ) -> Reply<pb::PostShiftsResponse> {
        let caller = self.caller(&request).await?;
        let now = self.passport.clock().now();
        let shifts = read(wire::open_shift_inputs(
            "shifts",
            request.into_inner().shifts,
            now,
            caller.org(),
        ))?;
        let posted = self
            .bank
            .post_shifts(&caller, shifts)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::PostShiftsResponse {
            shifts: posted.iter().map(pb::OpenShift::from).collect(),
        }))
    }

    async fn withdraw_shift(
        &self,
        request: Request<pb::WithdrawShiftRequest>,
    ) -> Reply<pb::OpenShift> {
        let caller = self.caller(&request).await?;
        let id = read(wire::withdraw_shift(request.get_ref()))?;
        let shift = self
            .bank
            .withdraw_shift(&caller, id)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::OpenShift::from(&shift)))
    }

    async fn list_open_shifts(
        &self,
        request: Request<pb::ListOpenShiftsRequest>,
    ) -> Reply<pb::ListOpenShiftsResponse> {
        let caller = self.caller(&request).await?;
        let query = read(wire::list_open_shifts(request.get_ref()))?;
        let shifts = self
            .bank
            .list_shifts(&caller, query.org, query.window())
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListOpenShiftsResponse {
            shifts: shifts.iter().map(pb::OpenShift::from).collect(),
        }))
    }

    async fn get_candidates(
        &self,
        request: Request<pb::GetCandidatesRequest>,
    ) -> Reply<pb::CandidatesResponse> {
        let caller = self.caller(&request).await?;
        let id = read(wire::get_candidates(request.get_ref()))?;
        let found = self.bank.candidates(&caller, id).await.map_err(to_status)?;
        Ok(Response::new(pb::CandidatesResponse {
            eligible: found
                .eligible
                .iter()
                .map(|c| wire::candidate_to_proto(&c.ranked, &c.name, c.home_org))
                .collect(),
            near_misses: found
                .near_misses
                .iter()
                .map(|n| pb::NearMiss {
                    staff_id: n.staff.0,
                    name: n.name.clone(),
                    home_org_id: n.home_org.0,
                    reasons: n.reasons.clone(),
                })
                .collect(),
        }))
    }

    async fn offer_shift(&self, request: Request<pb::OfferShiftRequest>) -> Reply<pb::Booking> {
        let caller = self.caller(&request).await?;
        let input = read(wire::offer_shift(request.get_ref()))?;
        let booking = self
            .bank
            .book(
                &caller,
                BookingRequest {
                    shift: input.shift,
                    staff: input.staff,
                    offer_expires: Some(input.expires_at),
                    idempotency_key: input.idempotency_key,
                    reason: input.reason,
                },
            )
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::Booking::from(&booking)))
    }

    async fn book_shift(&self, request: Request<pb::BookShiftRequest>) -> Reply<pb::Booking> {
        let caller = self.caller(&request).await?;
        let input = read(wire::book_shift(request.get_ref()))?;
        let booking = self
            .bank
            .book(
                &caller,
                BookingRequest {
                    shift: input.shift,
                    staff: input.staff,
                    offer_expires: None,
                    idempotency_key: input.idempotency_key,
                    reason: input.reason,
                },
            )
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::Booking::from(&booking)))
    }

    async fn accept_offer(&self, request: Request<pb::BookingActionRequest>) -> Reply<pb::Booking> {
        self.act(request, Transition::Accept).await
    }

    async fn decline_offer(
        &self,
        request: Request<pb::BookingActionRequest>,
    ) -> Reply<pb::Booking> {
        self.act(request, Transition::Decline).await
    }

    async fn mark_worked(&self, request: Request<pb::BookingActionRequest>) -> Reply<pb::Booking> {
        self.act(request, Transition::MarkWorked).await
    }

    async fn approve_timesheet(
        &self,
        request: Request<pb::BookingActionRequest>,
    ) -> Reply<pb::Booking> {
        self.act(request, Transition::ApproveTimesheet).await
    }

    async fn cancel_booking(
        &self,
        request: Request<pb::CancelBookingRequest>,
    ) -> Reply<pb::Booking> {
        let caller = self.caller(&request).await?;
        let c = read(wire::cancel_booking(request.get_ref()))?;
        let b = self
            .bank
            .cancel(&caller, c.booking, c.by_member, &c.reason)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::Booking::from(&b)))
    }

    async fn list_booking_events(
        &self,
        request: Request<pb::ListBookingEventsRequest>,
    ) -> Reply<pb::ListBookingEventsResponse> {
        let caller = self.caller(&request).await?;
        let id = read(wire::list_booking_events(request.get_ref()))?;
        let changes = self
            .bank
            .booking_changes(&caller, id)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListBookingEventsResponse {
            events: changes.iter().map(pb::BookingEvent::from).collect(),
        }))
    }

    async fn list_commitments(
        &self,
        request: Request<pb::ListCommitmentsRequest>,
    ) -> Reply<pb::ListCommitmentsResponse> {
        let caller = self.caller(&request).await?;
        let q = read(wire::list_commitments(request.get_ref()))?;
        let list = self
            .bank
            .commitments(&caller, q.staff, q.window())
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListCommitmentsResponse {
            commitments: list.iter().map(pb::Commitment::from).collect(),
        }))
    }
}
