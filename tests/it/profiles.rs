//! Requirement profiles over gRPC: define, read, list by organisation and by page.

use crossrota_proto::crossrota::v1 as pb;
use tonic::Code;

use crate::support::{Region, both_backends, ok, profile_input, refused};

fn req(code: &str, level: i32) -> pb::Requirement {
    pb::Requirement {
        code: code.into(),
        level,
    }
}

both_backends! {
    /// A defined profile belongs to the caller's trust, keeps its requirements in order with
    /// codes upper-cased, and reads back unchanged.
    async fn define_then_get(backend: Backend) {
        let r = Region::new(backend).await;
        let defined = ok(r
            .b
            .api()
            .define_profile(pb::DefineProfileRequest {
                profile: Some(pb::ProfileInput {
                    name: " HASU band 5 nurse ".into(),
                    service: "stroke HASU".into(),
                    requirements: vec![
                        req("cstf-fs", 1),
                        req("STROKE-NIHSS", 1),
                        req("CSTF-RES", 2),
                    ],
                }),
            })
            .await);
        assert_eq!(
            defined,
            pb::RequirementProfile {
                id: defined.id,
                org_id: r.b.id,
                name: "HASU band 5 nurse".into(),
                service: "stroke HASU".into(),
                requirements: vec![
                    req("CSTF-FS", 1),
                    req("STROKE-NIHSS", 1),
                    req("CSTF-RES", 2)
                ],
            }
        );
        // Profiles are readable by every trust of the region.
        let read = ok(r
            .c
            .api()
            .get_profile(pb::GetProfileRequest { id: defined.id })
            .await);
        assert_eq!(read, defined);
    }

    /// Listing filters by organisation and pages through all profiles in id order.
    async fn list_by_organisation_and_page(backend: Backend) {
        let r = Region::new(backend).await;
        let a1 = r.a.profile("A one", &[("CSTF-FS", 1)]).await;
        let b1 = r.b.profile("B one", &[("CSTF-IG", 1)]).await;
        let a2 = r.a.profile("A two", &[("CSTF-MH", 2)]).await;

        let of_a = ok(r
            .c
            .api()
            .list_profiles(pb::ListProfilesRequest {
                org_id: r.a.id,
                ..Default::default()
            })
            .await);
        assert_eq!(of_a.profiles, vec![a1.clone(), a2.clone()]);
        assert_eq!(of_a.next_page_token, "");

        let mut all = Vec::new();
        let mut token = String::new();
        let mut pages = 0;
        loop {
            let page = ok(r
                .c
                .api()
                .list_profiles(pb::ListProfilesRequest {
                    org_id: 0,
                    page_size: 1,
                    page_token: token,
                })
                .await);
            pages += 1;
            all.extend(page.profiles);
            token = page.next_page_token;
            if token.is_empty() || pages > 10 {
                break;
            }
        }
        assert_eq!(all, vec![a1, b1, a2]);
        // Three full pages of one, then an empty last page.
        assert_eq!(pages, 4);
    }

    /// Profile names are unique within a trust, not across trusts.
    async fn duplicate_name_within_a_trust(backend: Backend) {
        let r = Region::new(backend).await;
        r.a.profile("HASU band 5", &[("CSTF-FS", 1)]).await;
        let before = r.app.snapshot().await;
        refused(
            r.a.api()
                .define_profile(pb::DefineProfileRequest {
                    profile: Some(profile_input("HASU band 5", &[("CSTF-IG", 1)])),
                })
                .await,
            Code::AlreadyExists,
        );
        assert_eq!(r.app.snapshot().await, before);
        let other = r.b.profile("HASU band 5", &[("CSTF-IG", 1)]).await;
        assert_eq!(other.org_id, r.b.id);
    }
}
