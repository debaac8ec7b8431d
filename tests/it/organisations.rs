//! Organisations over gRPC: create, read by id and by code, update, and list page by page.

use crossrota_proto::crossrota::v1 as pb;
use crossrota_tests::{ALL_ROLES, TestApp};
use pb::get_organisation_request::Lookup;
use tonic::Code;

use crate::support::{Trust, both_backends, ok, refused};

fn input(code: &str, name: &str) -> Option<pb::OrganisationInput> {
    Some(pb::OrganisationInput {
        code: code.into(),
        name: name.into(),
    })
}

both_backends! {
    /// A created organisation reads back by id and by (case-insensitive) code, with its code
    /// upper-cased and its name trimmed.
    async fn create_then_get_by_id_and_code(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = Trust::new(&app, "RWF", &ALL_ROLES).await;
        let created = ok(admin
            .api()
            .create_organisation(pb::CreateOrganisationRequest {
                organisation: input("rn7", "  Dartford and Gravesham NHS Trust "),
            })
            .await);
        assert!(created.id > 0 && created.id != admin.id);
        assert_eq!(created.code, "RN7");
        assert_eq!(created.name, "Dartford and Gravesham NHS Trust");

        let by_id = ok(admin
            .api()
            .get_organisation(pb::GetOrganisationRequest {
                lookup: Some(Lookup::Id(created.id)),
            })
            .await);
        let by_code = ok(admin
            .api()
            .get_organisation(pb::GetOrganisationRequest {
                lookup: Some(Lookup::Code("Rn7".into())),
            })
            .await);
        assert_eq!(by_id, created);
        assert_eq!(by_code, created);
    }

    /// An admin may rename and re-code its own organisation; reads see the new values.
    async fn update_own_organisation(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = Trust::new(&app, "RWF", &ALL_ROLES).await;
        let updated = ok(admin
            .api()
            .update_organisation(pb::UpdateOrganisationRequest {
                id: admin.id,
                organisation: input("RWG", "West Kent Hospitals NHS Trust"),
            })
            .await);
        assert_eq!(
            updated,
            pb::Organisation {
                id: admin.id,
                code: "RWG".into(),
                name: "West Kent Hospitals NHS Trust".into()
            }
        );
        let read = ok(admin
            .api()
            .get_organisation(pb::GetOrganisationRequest {
                lookup: Some(Lookup::Id(admin.id)),
            })
            .await);
        assert_eq!(read, updated);
        // The old code is free again, the new one is taken.
        refused(
            admin
                .api()
                .get_organisation(pb::GetOrganisationRequest {
                    lookup: Some(Lookup::Code("RWF".into())),
                })
                .await,
            Code::NotFound,
        );
    }

    /// Paging walks every organisation exactly once, in id order, and the last page has no
    /// token.
    async fn list_pages_through_every_organisation(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = Trust::new(&app, "RWF", &ALL_ROLES).await;
        let mut expected = vec![admin.id];
        for (code, name) in [
            ("RVV", "East Kent Hospitals"),
            ("RPA", "Medway"),
            ("RN7", "Dartford and Gravesham"),
            ("RXY", "Kent and Medway Partnership"),
        ] {
            let org = ok(admin
                .api()
                .create_organisation(pb::CreateOrganisationRequest {
                    organisation: input(code, name),
                })
                .await);
            expected.push(org.id);
        }

        let mut seen = Vec::new();
        let mut sizes = Vec::new();
        let mut token = String::new();
        loop {
            let page = ok(admin
                .api()
                .list_organisations(pb::ListOrganisationsRequest {
                    page_size: 2,
                    page_token: token,
                })
                .await);
            sizes.push(page.organisations.len());
            seen.extend(page.organisations.iter().map(|o| o.id));
            token = page.next_page_token;
            if token.is_empty() {
                break;
            }
            assert!(sizes.len() < 10, "paging does not end");
        }
        assert_eq!(sizes, vec![2, 2, 1]);
        assert_eq!(seen, expected);

        let everything = ok(admin
            .api()
            .list_organisations(pb::ListOrganisationsRequest::default())
            .await);
        assert_eq!(everything.organisations.len(), 5);
        assert_eq!(everything.next_page_token, "");
        assert_eq!(everything.organisations[3].code, "RN7");
        assert_eq!(everything.organisations[3].name, "Dartford and Gravesham");
    }
}
