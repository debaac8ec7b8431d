//! The storage conformance suite: every test body is written once, against a `TestDb`, and
//! instantiated for SQLite (a fresh file per test) and PostgreSQL (a fresh database per test on
//! the server named by `CROSSROTA_TEST_POSTGRES_URL`), so the two dialects behave alike.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use crossrota_domain::access::{AuditAction, NewAuditEntry, Role};
use crossrota_domain::agreement::{CredentialScope, SharingAgreement};
use crossrota_domain::catalogue::{
    CredentialCode, CredentialDef, CredentialKind, LevelValidity, Validity, ValidityOverride,
    seed_catalogue,
};
use crossrota_domain::fact::{FactAction, NewFact, current_facts};
use crossrota_domain::ids::{ApiKeyId, AuditId, FactId, NetworkId, OrgId, ProfileId, StaffId};
use crossrota_domain::organisation::{NetworkKind, NewNetwork, NewOrganisation, OdsCode};
use crossrota_domain::profile::{NewProfile, Requirement};
use crossrota_domain::staff::{Band, NewStaff, Registration, RegulatoryBody, StaffGroup};
use crossrota_store::testing::TestDb;
use crossrota_store::{
    Backend, ImportBatch, ImportFact, ImportSummary, NewApiKey, Page, Store, StoreError,
    StoreErrorKind,
};
use sqlx::{Connection, PgConnection, SqliteConnection};

crossrota_store::conformance_suite!(
    organisations_round_trip,
    organisation_errors_are_classified,
    organisations_page_by_id,
    networks_round_trip_with_members,
    network_with_unknown_member_leaves_nothing,
    staff_round_trip,
    staff_errors_are_classified,
    staff_and_facts_many_with_ten_thousand_ids,
    catalogue_round_trip_and_upsert,
    facts_record_correct_and_revoke,
    supersession_rules_are_enforced,
    concurrent_corrections_only_one_wins,
    facts_are_append_only_in_the_schema,
    profiles_round_trip,
    agreements_round_trip,
    api_keys_by_hash_and_revocation,
    audit_is_scoped_by_staff_org,
    failed_audit_append_leaves_nothing,
    import_creates_updates_and_appends,
    failed_import_leaves_nothing_behind,
    datetimes_round_trip_exactly,
);

// ---------------------------------------------------------------------------------------------
// Fixtures

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn code(s: &str) -> CredentialCode {
    CredentialCode::parse(s).unwrap()
}

async fn org(store: &Store, ods: &str) -> OrgId {
    let o = NewOrganisation::parse(ods, &format!("{ods} NHS Trust")).unwrap();
    store.create_org(&o).await.unwrap().id
}

fn person(org: OrgId, employee_number: &str) -> NewStaff {
    NewStaff {
        org,
        employee_number: employee_number.to_owned(),
        name: format!("Person {employee_number}"),
        staff_group: StaffGroup::NursingAndMidwifery,
        band: Band::new(5).unwrap(),
        registration: Some(Registration {
            body: RegulatoryBody::Nmc,
            number: format!("12A{employee_number}E"),
            expires_on: day(2027, 3, 31),
        }),
        networks: vec![],
    }
}

async fn seed(store: &Store) {
    for def in seed_catalogue() {
        store.upsert_credential_def(&def).await.unwrap();
    }
}

fn record(staff: StaffId, credential: &str, issuer: OrgId) -> NewFact {
    NewFact {
        staff,
        code: code(credential),
        level: 1,
        achieved_on: day(2026, 1, 15),
        expires_on: Some(day(2027, 1, 15)),
        issuer,
        evidence_ref: "ELFH-123".into(),
        recorded_by: "issuer key".into(),
        supersedes: None,
        action: FactAction::Record,
    }
}

fn correction(of: FactId, mut f: NewFact) -> NewFact {
    f.supersedes = Some(of);
    f
}

fn revocation(of: FactId, mut f: NewFact) -> NewFact {
    f.supersedes = Some(of);
    f.action = FactAction::Revoke {
        reason: "certificate found to be forged".into(),
    };
    f
}

/// Every page of a listing, following `after` until a short page, checking each page is
/// strictly ascending and starts after the previous one.
async fn all_pages<T, I: Copy + Ord + std::fmt::Debug, F, Fut>(
    limit: u32,
    id: impl Fn(&T) -> I,
    fetch: F,
) -> Vec<T>
where
    F: Fn(Page<I>) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, StoreError>>,
{
    let mut out: Vec<T> = Vec::new();
    let mut page = Page::first(limit);
    loop {
        let items = fetch(page).await.unwrap();
        assert!(items.len() <= limit as usize);
        let ids: Vec<I> = items.iter().map(&id).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "page not ascending: {ids:?}"
        );
        if let (Some(after), Some(first)) = (page.after, ids.first()) {
            assert!(*first > after);
        }
        let short = items.len() < limit as usize;
        page = match ids.last() {
            Some(last) => Page::after(*last, limit),
            None => break,
        };
        out.extend(items);
        if short {
            break;
        }
    }
    out
}

fn assert_not_found(err: StoreError, want_entity: &str, want_key: &str) {
    match &err {
        StoreError::NotFound { entity, key } => {
            assert_eq!((*entity, key.as_str()), (want_entity, want_key), "{err}");
        }
        other => panic!("expected NotFound {want_entity} {want_key}, got {other:?}"),
    }
    assert_eq!(err.kind(), StoreErrorKind::NotFound);
}

fn assert_already_exists(err: StoreError, want_entity: &str) {
    match &err {
        StoreError::AlreadyExists { entity, .. } => assert_eq!(*entity, want_entity, "{err}"),
        other => panic!("expected AlreadyExists {want_entity}, got {other:?}"),
    }
    assert_eq!(err.kind(), StoreErrorKind::AlreadyExists);
}

fn assert_conflict(err: StoreError, fragment: &str) {
    match &err {
        StoreError::Conflict(message) => assert!(message.contains(fragment), "{message}"),
        other => panic!("expected Conflict ({fragment}), got {other:?}"),
    }
    assert_eq!(err.kind(), StoreErrorKind::Conflict);
}

// ---------------------------------------------------------------------------------------------
// Organisations

async fn organisations_round_trip(db: &TestDb) {
    let store = db.store();
    let new = NewOrganisation::parse("rwf", "Maidstone and Tunbridge Wells NHS Trust").unwrap();
    let created = store.create_org(&new).await.unwrap();
    assert_eq!(created.code.as_str(), "RWF");
    assert_eq!(created.name, new.name);
    assert_eq!(store.get_org(created.id).await.unwrap(), created);
    assert_eq!(store.get_org_by_code(&new.code).await.unwrap(), created);

    let renamed =
        NewOrganisation::parse("RVV", "East Kent Hospitals University NHS Foundation Trust")
            .unwrap();
    let updated = store.update_org(created.id, &renamed).await.unwrap();
    assert_eq!(updated.id, created.id);
    assert_eq!(store.get_org(created.id).await.unwrap(), updated);
    assert_eq!(store.get_org_by_code(&renamed.code).await.unwrap(), updated);
    assert_eq!(
        store.list_orgs(Page::first(10)).await.unwrap(),
        vec![updated]
    );
}

async fn organisation_errors_are_classified(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    org(store, "RVV").await;
    let dup = NewOrganisation::parse("RWF", "Another trust").unwrap();
    let err = store.create_org(&dup).await.unwrap_err();
    assert_already_exists(err, "organisation");
    let err = store
        .update_org(a, &NewOrganisation::parse("RVV", "Clash").unwrap())
        .await
        .unwrap_err();
    assert_already_exists(err, "organisation");
    assert_not_found(
        store.get_org(OrgId(9999)).await.unwrap_err(),
        "organisation",
        "9999",
    );
    assert_not_found(
        store
            .get_org_by_code(&OdsCode::parse("ZZZ").unwrap())
            .await
            .unwrap_err(),
        "organisation",
        "ZZZ",
    );
    let err = store.update_org(OrgId(9999), &dup).await.unwrap_err();
    assert_not_found(err, "organisation", "9999");
    // The failed writes changed nothing.
    assert_eq!(store.get_org(a).await.unwrap().name, "RWF NHS Trust");
    assert_eq!(store.list_orgs(Page::first(10)).await.unwrap().len(), 2);
}

async fn organisations_page_by_id(db: &TestDb) {
    let store = db.store();
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(org(store, &format!("R{i:02}")).await);
    }
    let listed = all_pages(
        3,
        |o: &crossrota_domain::organisation::Organisation| o.id,
        |p| store.list_orgs(p),
    )
    .await;
    assert_eq!(listed.iter().map(|o| o.id).collect::<Vec<_>>(), ids);
    // A limit of 0 is clamped to 1.
    assert_eq!(store.list_orgs(Page::first(0)).await.unwrap().len(), 1);
    assert!(
        store
            .list_orgs(Page::after(ids[6], 10))
            .await
            .unwrap()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Networks

async fn networks_round_trip_with_members(db: &TestDb) {
    let store = db.store();
    let (a, b, c) = (
        org(store, "RWF").await,
        org(store, "RVV").await,
        org(store, "RPA").await,
    );
    let new = NewNetwork {
        name: "Kent and Medway stroke network".into(),
        kind: NetworkKind::ClinicalNetwork,
        members: vec![c, a, c],
    };
    let created = store.create_network(&new).await.unwrap();
    assert_eq!(created.members, vec![a, c]);
    assert_eq!(store.get_network(created.id).await.unwrap(), created);

    let bank = store
        .create_network(&NewNetwork {
            name: "Kent collaborative bank".into(),
            kind: NetworkKind::CollaborativeBank,
            members: vec![a, b],
        })
        .await
        .unwrap();
    assert_eq!(
        store.networks_of_org(a).await.unwrap(),
        vec![created.clone(), bank.clone()]
    );
    assert_eq!(store.networks_of_org(b).await.unwrap(), vec![bank.clone()]);

    let changed = NewNetwork {
        name: "Kent, Medway and Sussex stroke network".into(),
        kind: NetworkKind::ClinicalNetwork,
        members: vec![b, c],
    };
    let updated = store.update_network(created.id, &changed).await.unwrap();
    assert_eq!(updated.members, vec![b, c]);
    assert_eq!(store.get_network(created.id).await.unwrap(), updated);
    assert_eq!(store.networks_of_org(a).await.unwrap(), vec![bank.clone()]);

    let listed = all_pages(
        1,
        |n: &crossrota_domain::organisation::Network| n.id,
        |p| store.list_networks(p),
    )
    .await;
    assert_eq!(listed, vec![updated, bank]);
}

async fn network_with_unknown_member_leaves_nothing(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let new = NewNetwork {
        name: "Pathology network".into(),
        kind: NetworkKind::ClinicalNetwork,
        members: vec![a, OrgId(9999)],
    };
    assert_not_found(
        store.create_network(&new).await.unwrap_err(),
        "organisation",
        "9999",
    );
    assert!(
        store
            .list_networks(Page::first(10))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.networks_of_org(a).await.unwrap().is_empty());

    // The name was not taken by the failed attempt.
    let ok = store
        .create_network(&NewNetwork {
            members: vec![a],
            ..new.clone()
        })
        .await
        .unwrap();
    assert_already_exists(
        store
            .create_network(&NewNetwork {
                members: vec![a],
                ..new.clone()
            })
            .await
            .unwrap_err(),
        "network",
    );
    // A failed update leaves the old membership.
    assert_not_found(
        store.update_network(ok.id, &new).await.unwrap_err(),
        "organisation",
        "9999",
    );
    assert_eq!(store.get_network(ok.id).await.unwrap(), ok);
    assert_not_found(
        store.get_network(NetworkId(9999)).await.unwrap_err(),
        "network",
        "9999",
    );
    let err = store
        .update_network(
            NetworkId(9999),
            &NewNetwork {
                members: vec![a],
                ..new
            },
        )
        .await
        .unwrap_err();
    assert_not_found(err, "network", "9999");
}

// ---------------------------------------------------------------------------------------------
// Staff

async fn staff_round_trip(db: &TestDb) {
    let store = db.store();
    let (a, b) = (org(store, "RWF").await, org(store, "RVV").await);
    let n1 = store
        .create_network(&NewNetwork {
            name: "bank".into(),
            kind: NetworkKind::CollaborativeBank,
            members: vec![a, b],
        })
        .await
        .unwrap()
        .id;
    let n2 = store
        .create_network(&NewNetwork {
            name: "stroke".into(),
            kind: NetworkKind::ClinicalNetwork,
            members: vec![a],
        })
        .await
        .unwrap()
        .id;
    let mut nurse = person(a, "E100");
    nurse.networks = vec![n2, n1, n2];
    let created = store.create_staff(&nurse).await.unwrap();
    assert_eq!(created.networks, vec![n1, n2]);
    assert_eq!(created.registration, nurse.registration);
    assert_eq!(store.get_staff(created.id).await.unwrap(), created);
    assert_eq!(
        store.find_staff(a, "E100").await.unwrap(),
        Some(created.clone())
    );
    assert_eq!(store.find_staff(b, "E100").await.unwrap(), None);

    let doctor = NewStaff {
        staff_group: StaffGroup::Medical,
        band: Band::new(0).unwrap(),
        registration: Some(Registration {
            body: RegulatoryBody::Gmc,
            number: "7654321".into(),
            expires_on: day(2028, 2, 29),
        }),
        ..person(b, "E100")
    };
    let doctor = store.create_staff(&doctor).await.unwrap();

    let mut changed = person(a, "E101");
    changed.name = "Renamed Person".into();
    changed.registration = None;
    changed.staff_group = StaffGroup::ClinicalSupport;
    changed.band = Band::new(3).unwrap();
    changed.networks = vec![n1];
    let updated = store.update_staff(created.id, &changed).await.unwrap();
    assert_eq!(store.get_staff(created.id).await.unwrap(), updated);
    assert_eq!(updated.registration, None);
    assert_eq!(updated.networks, vec![n1]);
    assert_eq!(store.find_staff(a, "E100").await.unwrap(), None);

    assert_eq!(
        store.list_staff(Some(a), Page::first(10)).await.unwrap(),
        vec![updated.clone()]
    );
    assert_eq!(
        store.list_staff(Some(b), Page::first(10)).await.unwrap(),
        vec![doctor.clone()]
    );
    let all = all_pages(
        1,
        |s: &crossrota_domain::staff::Staff| s.id,
        |p| store.list_staff(None, p),
    )
    .await;
    assert_eq!(all, vec![updated, doctor]);
}

async fn staff_errors_are_classified(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let first = store.create_staff(&person(a, "E1")).await.unwrap();
    assert_already_exists(
        store.create_staff(&person(a, "E1")).await.unwrap_err(),
        "staff",
    );
    assert_not_found(
        store
            .create_staff(&person(OrgId(9999), "E2"))
            .await
            .unwrap_err(),
        "organisation",
        "9999",
    );
    let mut joined = person(a, "E3");
    joined.networks = vec![NetworkId(4242)];
    assert_not_found(
        store.create_staff(&joined).await.unwrap_err(),
        "network",
        "4242",
    );
    assert_not_found(
        store
            .update_staff(StaffId(9999), &person(a, "E4"))
            .await
            .unwrap_err(),
        "staff",
        "9999",
    );
    assert_not_found(
        store.get_staff(StaffId(9999)).await.unwrap_err(),
        "staff",
        "9999",
    );
    let second = store.create_staff(&person(a, "E2")).await.unwrap();
    assert_already_exists(
        store
            .update_staff(second.id, &person(a, "E1"))
            .await
            .unwrap_err(),
        "staff",
    );
    // Only the two successful creates are stored, unchanged.
    assert_eq!(
        store.list_staff(Some(a), Page::first(10)).await.unwrap(),
        vec![first, second]
    );
}

async fn staff_and_facts_many_with_ten_thousand_ids(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let a = org(store, "RWF").await;
    let b = org(store, "RVV").await;
    let batch = |org: OrgId, range: std::ops::Range<u32>| ImportBatch {
        org,
        staff: range
            .clone()
            .map(|i| person(org, &format!("E{i:05}")))
            .collect(),
        facts: range
            .flat_map(|i| {
                let fact = record(StaffId(0), "CSTF-FS", org);
                let extra = record(StaffId(0), "CSTF-IG", org);
                let n = if i % 3 == 0 { 2 } else { 1 };
                [fact, extra].into_iter().take(n).map(move |f| ImportFact {
                    employee_number: format!("E{i:05}"),
                    fact: f,
                })
            })
            .collect(),
    };
    let summary = store
        .import_batch(&batch(a, 0..9_000), at(2026, 11, 23, 9, 0, 0))
        .await
        .unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            staff_created: 9_000,
            staff_updated: 0,
            facts_recorded: 12_000
        }
    );
    store
        .import_batch(&batch(b, 0..1_000), at(2026, 11, 23, 9, 0, 0))
        .await
        .unwrap();

    // Every id, listed page by page, is the reference.
    let listed = all_pages(
        1000,
        |s: &crossrota_domain::staff::Staff| s.id,
        |p| store.list_staff(None, p),
    )
    .await;
    assert_eq!(listed.len(), 10_000);
    // A page larger than the maximum is clamped to 1000.
    assert_eq!(
        store
            .list_staff(None, Page::first(50_000))
            .await
            .unwrap()
            .len(),
        1000
    );

    // Ask for every id backwards, with duplicates and unknown ids.
    let mut ids: Vec<StaffId> = listed.iter().rev().map(|s| s.id).collect();
    ids.extend(listed.iter().take(100).map(|s| s.id));
    ids.extend((1..=50).map(|i| StaffId(1_000_000 + i)));
    let many = store.get_staff_many(&ids).await.unwrap();
    assert_eq!(many, listed);

    let facts = store.facts_of_staff_many(&ids).await.unwrap();
    assert_eq!(facts.len(), 10_000);
    assert_eq!(facts.values().map(Vec::len).sum::<usize>(), 12_000 + 1_334);
    for s in listed.iter().step_by(997) {
        assert_eq!(facts[&s.id], store.facts_of_staff(s.id).await.unwrap());
    }
    let of_a = store.facts_of_org_staff(a).await.unwrap();
    assert_eq!(of_a.len(), 12_000);
    let a_staff: BTreeSet<StaffId> = listed.iter().filter(|s| s.org == a).map(|s| s.id).collect();
    assert!(of_a.iter().all(|f| a_staff.contains(&f.staff)));
    assert!(of_a.windows(2).all(|w| w[0].id < w[1].id));
    assert!(store.get_staff_many(&[]).await.unwrap().is_empty());
    assert!(store.facts_of_staff_many(&[]).await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Catalogue

async fn catalogue_round_trip_and_upsert(db: &TestDb) {
    let store = db.store();
    let mut seeded = seed_catalogue();
    for def in &seeded {
        store.upsert_credential_def(def).await.unwrap();
    }
    seeded.sort_by(|x, y| x.code.cmp(&y.code));
    assert_eq!(store.list_credential_defs().await.unwrap(), seeded);

    let replaced = CredentialDef::parse(
        "CSTF-RES",
        "Resuscitation (renamed)",
        CredentialKind::Competency,
        vec![
            LevelValidity {
                level: 2,
                validity: Validity::Months(6),
            },
            LevelValidity {
                level: 1,
                validity: Validity::Indefinite,
            },
        ],
    )
    .unwrap();
    store.upsert_credential_def(&replaced).await.unwrap();
    let defs = store.list_credential_defs().await.unwrap();
    assert_eq!(defs.len(), seeded.len());
    assert_eq!(
        defs.iter().find(|d| d.code == replaced.code),
        Some(&replaced)
    );

    let a = org(store, "RWF").await;
    let fs = code("CSTF-FS");
    let mut o = ValidityOverride {
        org: a,
        code: fs.clone(),
        level: 1,
        validity: Validity::Months(24),
    };
    store.set_validity_override(&o).await.unwrap();
    o.validity = Validity::Indefinite;
    store.set_validity_override(&o).await.unwrap();
    let never = ValidityOverride {
        org: a,
        code: code("CSTF-CR"),
        level: 1,
        validity: Validity::Months(0),
    };
    store.set_validity_override(&never).await.unwrap();
    assert_eq!(
        store.list_validity_overrides().await.unwrap(),
        vec![never.clone(), o.clone()]
    );

    let catalogue = store.load_catalogue().await.unwrap();
    assert_eq!(
        catalogue.validity_for(a, &fs, 1),
        Some(Validity::Indefinite)
    );
    assert_eq!(
        catalogue.validity_for(OrgId(a.0 + 1), &fs, 1),
        Some(Validity::Months(12))
    );
    assert_eq!(
        catalogue.validity_for(a, &code("CSTF-CR"), 1),
        Some(Validity::Months(0))
    );

    let unknown = ValidityOverride {
        code: code("NOPE"),
        ..o.clone()
    };
    assert_not_found(
        store.set_validity_override(&unknown).await.unwrap_err(),
        "credential",
        "NOPE",
    );
    let nobody = ValidityOverride {
        org: OrgId(9999),
        ..o
    };
    assert_not_found(
        store.set_validity_override(&nobody).await.unwrap_err(),
        "organisation",
        "9999",
    );
    assert_eq!(store.list_validity_overrides().await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Facts

async fn facts_record_correct_and_revoke(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let (a, b) = (org(store, "RWF").await, org(store, "RVV").await);
    let nurse = store.create_staff(&person(a, "E1")).await.unwrap().id;
    let other = store.create_staff(&person(b, "E1")).await.unwrap().id;
    let t = at(2026, 11, 23, 9, 30, 0);

    let first = store
        .append_fact(&record(nurse, "CSTF-FS", a), t)
        .await
        .unwrap();
    assert_eq!(store.get_fact(first.id).await.unwrap(), first);
    let mut fixed = record(nurse, "CSTF-FS", b);
    fixed.achieved_on = day(2026, 2, 1);
    fixed.expires_on = None;
    let second = store
        .append_fact(&correction(first.id, fixed), t + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(second.supersedes, Some(first.id));
    assert_eq!(second.expires_on, None);
    let nihss = store
        .append_fact(&record(nurse, "STROKE-NIHSS", a), t)
        .await
        .unwrap();
    let revoked = store
        .append_fact(&revocation(second.id, record(nurse, "CSTF-FS", a)), t)
        .await
        .unwrap();
    assert_eq!(
        revoked.action,
        FactAction::Revoke {
            reason: "certificate found to be forged".into()
        }
    );
    let elsewhere = store
        .append_fact(&record(other, "CSTF-FS", b), t)
        .await
        .unwrap();

    let history = store.facts_of_staff(nurse).await.unwrap();
    assert_eq!(
        history,
        vec![
            first.clone(),
            second.clone(),
            nihss.clone(),
            revoked.clone()
        ]
    );
    for f in &history {
        assert_eq!(&store.get_fact(f.id).await.unwrap(), f);
    }
    // Only the NIHSS record still stands.
    assert_eq!(current_facts(&history), vec![&nihss]);
    assert_eq!(store.facts_of_org_staff(a).await.unwrap(), history);
    assert_eq!(store.facts_of_org_staff(b).await.unwrap(), vec![elsewhere]);
    assert_not_found(
        store.get_fact(FactId(9999)).await.unwrap_err(),
        "fact",
        "9999",
    );
}

async fn supersession_rules_are_enforced(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let a = org(store, "RWF").await;
    let nurse = store.create_staff(&person(a, "E1")).await.unwrap().id;
    let other = store.create_staff(&person(a, "E2")).await.unwrap().id;
    let t = at(2026, 11, 23, 9, 30, 0);
    let first = store
        .append_fact(&record(nurse, "CSTF-FS", a), t)
        .await
        .unwrap();
    let theirs = store
        .append_fact(&record(other, "CSTF-FS", a), t)
        .await
        .unwrap();

    let err = store
        .append_fact(&correction(FactId(9999), record(nurse, "CSTF-FS", a)), t)
        .await
        .unwrap_err();
    assert_not_found(err, "fact", "9999");
    let err = store
        .append_fact(&correction(theirs.id, record(nurse, "CSTF-FS", a)), t)
        .await
        .unwrap_err();
    assert_conflict(err, "another member of staff");
    assert_not_found(
        store
            .append_fact(&record(StaffId(9999), "CSTF-FS", a), t)
            .await
            .unwrap_err(),
        "staff",
        "9999",
    );
    assert_not_found(
        store
            .append_fact(&record(nurse, "NOPE", a), t)
            .await
            .unwrap_err(),
        "credential",
        "NOPE",
    );
    assert_not_found(
        store
            .append_fact(&record(nurse, "CSTF-FS", OrgId(9999)), t)
            .await
            .unwrap_err(),
        "organisation",
        "9999",
    );

    let revoked = store
        .append_fact(&revocation(first.id, record(nurse, "CSTF-FS", a)), t)
        .await
        .unwrap();
    let err = store
        .append_fact(&correction(first.id, record(nurse, "CSTF-FS", a)), t)
        .await
        .unwrap_err();
    assert_conflict(err, "already superseded");
    let err = store
        .append_fact(&revocation(first.id, record(nurse, "CSTF-FS", a)), t)
        .await
        .unwrap_err();
    assert_conflict(err, "already superseded");
    let err = store
        .append_fact(&correction(revoked.id, record(nurse, "CSTF-FS", a)), t)
        .await
        .unwrap_err();
    assert_conflict(err, "revocation");

    // A revocation must name what it revokes; the schema refuses one that does not.
    let mut bare = revocation(first.id, record(nurse, "CSTF-FS", a));
    bare.supersedes = None;
    let err = store.append_fact(&bare, t).await.unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Invalid, "{err:?}");

    // None of the refused facts was stored.
    assert_eq!(
        store.facts_of_staff(nurse).await.unwrap(),
        vec![first, revoked]
    );
    assert_eq!(store.facts_of_staff(other).await.unwrap(), vec![theirs]);
}

async fn concurrent_corrections_only_one_wins(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let a = org(store, "RWF").await;
    let nurse = store.create_staff(&person(a, "E1")).await.unwrap().id;
    let t = at(2026, 11, 23, 9, 30, 0);
    let first = store
        .append_fact(&record(nurse, "CSTF-FS", a), t)
        .await
        .unwrap();

    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            let mut f = correction(first.id, record(nurse, "CSTF-FS", a));
            f.evidence_ref = format!("attempt {i}");
            tokio::spawn(async move { store.append_fact(&f, t).await })
        })
        .collect();
    let mut won = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(fact) => won.push(fact),
            Err(e) => assert_eq!(e.kind(), StoreErrorKind::Conflict, "{e:?}"),
        }
    }
    assert_eq!(won.len(), 1, "exactly one correction must win");
    assert_eq!(
        store.facts_of_staff(nurse).await.unwrap(),
        vec![first, won.remove(0)]
    );
}

async fn facts_are_append_only_in_the_schema(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let a = org(store, "RWF").await;
    let nurse = store.create_staff(&person(a, "E1")).await.unwrap().id;
    let fact = store
        .append_fact(&record(nurse, "CSTF-FS", a), at(2026, 11, 23, 9, 30, 0))
        .await
        .unwrap();

    // Behind the store's back, straight at the database.
    let update = "UPDATE credential_facts SET level = 3";
    let delete = "DELETE FROM credential_facts";
    match store.backend() {
        Backend::Sqlite => {
            let mut c = SqliteConnection::connect(db.url()).await.unwrap();
            assert!(sqlx::query(update).execute(&mut c).await.is_err());
            assert!(sqlx::query(delete).execute(&mut c).await.is_err());
        }
        Backend::Postgres => {
            let mut c = PgConnection::connect(db.url()).await.unwrap();
            assert!(sqlx::query(update).execute(&mut c).await.is_err());
            assert!(sqlx::query(delete).execute(&mut c).await.is_err());
        }
    }
    assert_eq!(store.facts_of_staff(nurse).await.unwrap(), vec![fact]);
}

// ---------------------------------------------------------------------------------------------
// Profiles and agreements

async fn profiles_round_trip(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let (a, b) = (org(store, "RWF").await, org(store, "RVV").await);
    let requirement = |c: &str, min_level| Requirement {
        code: code(c),
        min_level,
    };
    let hasu = NewProfile {
        org: a,
        name: "HASU band 5 nurse".into(),
        service: "stroke HASU".into(),
        // Deliberately not sorted: the order given is kept.
        requirements: vec![
            requirement("STROKE-NIHSS", 1),
            requirement("CSTF-RES", 2),
            requirement("CSTF-FS", 1),
        ],
    };
    let created = store.create_profile(&hasu).await.unwrap();
    assert_eq!(created.requirements, hasu.requirements);
    assert_eq!(store.get_profile(created.id).await.unwrap(), created);
    assert_already_exists(store.create_profile(&hasu).await.unwrap_err(), "profile");
    let same_name_b = store
        .create_profile(&NewProfile {
            org: b,
            ..hasu.clone()
        })
        .await
        .unwrap();
    let lab = store
        .create_profile(&NewProfile {
            org: a,
            name: "Biomedical scientist".into(),
            service: "blood sciences".into(),
            requirements: vec![requirement("CSTF-IG", 1)],
        })
        .await
        .unwrap();

    assert_eq!(
        store.list_profiles(Some(a), Page::first(10)).await.unwrap(),
        vec![created.clone(), lab.clone()]
    );
    let all = all_pages(
        2,
        |p: &crossrota_domain::profile::RequirementProfile| p.id,
        |p| store.list_profiles(None, p),
    )
    .await;
    assert_eq!(all, vec![created, same_name_b, lab]);

    let bad = NewProfile {
        name: "Uses an unknown credential".into(),
        requirements: vec![requirement("CSTF-FS", 1), requirement("NOPE", 1)],
        ..hasu.clone()
    };
    assert_not_found(
        store.create_profile(&bad).await.unwrap_err(),
        "credential",
        "NOPE",
    );
    let nobody = NewProfile {
        org: OrgId(9999),
        ..hasu
    };
    assert_not_found(
        store.create_profile(&nobody).await.unwrap_err(),
        "organisation",
        "9999",
    );
    assert_eq!(
        store
            .list_profiles(None, Page::first(10))
            .await
            .unwrap()
            .len(),
        3
    );
    assert_not_found(
        store.get_profile(ProfileId(9999)).await.unwrap_err(),
        "profile",
        "9999",
    );
}

async fn agreements_round_trip(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let (a, b, c) = (
        org(store, "RWF").await,
        org(store, "RVV").await,
        org(store, "RPA").await,
    );
    let network = store
        .create_network(&NewNetwork {
            name: "stroke".into(),
            kind: NetworkKind::ClinicalNetwork,
            members: vec![a, b, c],
        })
        .await
        .unwrap()
        .id;
    let other = store
        .create_network(&NewNetwork {
            name: "bank".into(),
            kind: NetworkKind::CollaborativeBank,
            members: vec![a, b],
        })
        .await
        .unwrap()
        .id;
    let by_code = SharingAgreement {
        network,
        verifier: a,
        scope: CredentialScope::Code(code("STROKE-NIHSS")),
        issuers: vec![c, b, c],
    };
    let stored = store.create_agreement(&by_code).await.unwrap();
    assert_eq!(stored.issuers, vec![b, c]);
    let by_kind = store
        .create_agreement(&SharingAgreement {
            network,
            verifier: b,
            scope: CredentialScope::Kind(CredentialKind::Competency),
            issuers: vec![],
        })
        .await
        .unwrap();
    let everything = store
        .create_agreement(&SharingAgreement {
            network: other,
            verifier: b,
            scope: CredentialScope::All,
            issuers: vec![a],
        })
        .await
        .unwrap();

    // Identical (after sorting the issuers): refused. Different issuers: a new agreement.
    let same = SharingAgreement {
        issuers: vec![b, c],
        ..by_code.clone()
    };
    assert_already_exists(
        store.create_agreement(&same).await.unwrap_err(),
        "sharing agreement",
    );
    let narrower = store
        .create_agreement(&SharingAgreement {
            issuers: vec![b],
            ..by_code.clone()
        })
        .await
        .unwrap();

    assert_eq!(
        store.list_agreements(Some(network)).await.unwrap(),
        vec![stored.clone(), by_kind.clone(), narrower.clone()]
    );
    assert_eq!(
        store.list_agreements(Some(other)).await.unwrap(),
        vec![everything.clone()]
    );
    assert_eq!(
        store.list_agreements(None).await.unwrap(),
        vec![stored, by_kind, everything, narrower]
    );

    let err = store
        .create_agreement(&SharingAgreement {
            network: NetworkId(9999),
            ..by_code.clone()
        })
        .await
        .unwrap_err();
    assert_not_found(err, "network", "9999");
    let err = store
        .create_agreement(&SharingAgreement {
            issuers: vec![OrgId(9999)],
            ..by_code.clone()
        })
        .await
        .unwrap_err();
    assert_not_found(err, "organisation", "9999");
    let err = store
        .create_agreement(&SharingAgreement {
            scope: CredentialScope::Code(code("NOPE")),
            ..by_code
        })
        .await
        .unwrap_err();
    assert_not_found(err, "credential", "NOPE");
    assert_eq!(store.list_agreements(None).await.unwrap().len(), 4);
}

// ---------------------------------------------------------------------------------------------
// API keys and audit

fn new_key(org: OrgId, hash: &str, created_at: DateTime<Utc>) -> NewApiKey {
    NewApiKey {
        org,
        label: format!("key {hash}"),
        roles: vec![Role::Verifier, Role::Admin],
        secret_hash: hash.to_owned(),
        created_at,
    }
}

async fn api_keys_by_hash_and_revocation(db: &TestDb) {
    let store = db.store();
    let (a, b) = (org(store, "RWF").await, org(store, "RVV").await);
    let t = at(2026, 11, 23, 9, 30, 0);
    let k1 = store.create_api_key(&new_key(a, "aa11", t)).await.unwrap();
    assert_eq!(k1.roles, vec![Role::Verifier, Role::Admin]);
    let k2 = store
        .create_api_key(&NewApiKey {
            roles: vec![Role::Issuer],
            ..new_key(a, "bb22", t)
        })
        .await
        .unwrap();
    let k3 = store.create_api_key(&new_key(b, "cc33", t)).await.unwrap();
    assert_eq!(
        store.find_api_key_by_hash("aa11").await.unwrap(),
        Some(k1.clone())
    );
    assert_eq!(
        store.find_api_key_by_hash("cc33").await.unwrap(),
        Some(k3.clone())
    );
    assert_eq!(store.find_api_key_by_hash("dd44").await.unwrap(), None);
    assert_already_exists(
        store
            .create_api_key(&new_key(b, "aa11", t))
            .await
            .unwrap_err(),
        "api key",
    );
    assert_not_found(
        store
            .create_api_key(&new_key(OrgId(9999), "ee55", t))
            .await
            .unwrap_err(),
        "organisation",
        "9999",
    );
    assert_eq!(
        store.list_api_keys(a).await.unwrap(),
        vec![k1.clone(), k2.clone()]
    );

    let revoked_at = t + Duration::days(3);
    store.revoke_api_key(k1.id, revoked_at).await.unwrap();
    store
        .revoke_api_key(k1.id, revoked_at + Duration::days(1))
        .await
        .unwrap();
    let found = store.find_api_key_by_hash("aa11").await.unwrap().unwrap();
    assert_eq!(
        found.revoked_at,
        Some(revoked_at),
        "the first revocation time is kept"
    );
    assert_eq!(store.find_api_key_by_hash("bb22").await.unwrap(), Some(k2));
    assert_not_found(
        store
            .revoke_api_key(ApiKeyId(9999), revoked_at)
            .await
            .unwrap_err(),
        "api key",
        "9999",
    );
}

async fn audit_is_scoped_by_staff_org(db: &TestDb) {
    let store = db.store();
    let (a, b) = (org(store, "RWF").await, org(store, "RVV").await);
    let ours = store.create_staff(&person(a, "E1")).await.unwrap().id;
    let ours_too = store.create_staff(&person(a, "E2")).await.unwrap().id;
    let theirs = store.create_staff(&person(b, "E1")).await.unwrap().id;
    let key = store
        .create_api_key(&new_key(b, "aa11", at(2026, 1, 1, 0, 0, 0)))
        .await
        .unwrap()
        .id;
    let start = at(2026, 11, 23, 9, 30, 0);
    let entries: Vec<NewAuditEntry> = (0..10_000)
        .map(|i| {
            let (staff, staff_org) = match i % 4 {
                0 => (theirs, b),
                1 | 2 => (ours, a),
                _ => (ours_too, a),
            };
            NewAuditEntry {
                at: start + Duration::seconds(i),
                actor_org: b,
                key,
                staff,
                staff_org,
                action: if i % 2 == 0 {
                    AuditAction::PassportRead
                } else {
                    AuditAction::Verify
                },
                reason: format!("bank shift {i}"),
            }
        })
        .collect();
    store.append_audit(&entries).await.unwrap();
    store.append_audit(&[]).await.unwrap();

    let of_a = all_pages(
        1000,
        |e: &crossrota_domain::access::AuditEntry| e.id,
        |p| store.list_audit(a, None, p),
    )
    .await;
    let expected_a: Vec<&NewAuditEntry> = entries.iter().filter(|e| e.staff_org == a).collect();
    assert_eq!(
        of_a.iter().map(|e| &e.entry).collect::<Vec<_>>(),
        expected_a
    );
    let of_b = all_pages(
        1000,
        |e: &crossrota_domain::access::AuditEntry| e.id,
        |p| store.list_audit(b, None, p),
    )
    .await;
    assert_eq!(of_b.len(), 2_500);
    assert!(of_b.iter().all(|e| e.entry.staff == theirs));
    let of_ours_too = all_pages(
        700,
        |e: &crossrota_domain::access::AuditEntry| e.id,
        |p| store.list_audit(a, Some(ours_too), p),
    )
    .await;
    assert_eq!(of_ours_too.len(), 2_500);
    assert!(of_ours_too.iter().all(|e| e.entry.staff == ours_too));
    // Scoped by the home organisation: asking org a about org b's person finds nothing.
    assert!(
        store
            .list_audit(a, Some(theirs), Page::first(10))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .list_audit(a, None, Page::after(AuditId(i64::MAX - 1), 10))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn failed_audit_append_leaves_nothing(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let nurse = store.create_staff(&person(a, "E1")).await.unwrap().id;
    let key = store
        .create_api_key(&new_key(a, "aa11", at(2026, 1, 1, 0, 0, 0)))
        .await
        .unwrap()
        .id;
    let entry = |staff| NewAuditEntry {
        at: at(2026, 11, 23, 9, 30, 0),
        actor_org: a,
        key,
        staff,
        staff_org: a,
        action: AuditAction::Verify,
        reason: "rota check".into(),
    };
    let mut entries: Vec<NewAuditEntry> = (0..1_200).map(|_| entry(nurse)).collect();
    entries.push(entry(StaffId(9999)));
    let err = store.append_audit(&entries).await.unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::NotFound, "{err:?}");
    assert!(
        store
            .list_audit(a, None, Page::first(10))
            .await
            .unwrap()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Import

async fn import_creates_updates_and_appends(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let (a, b) = (org(store, "RWF").await, org(store, "RVV").await);
    let network = store
        .create_network(&NewNetwork {
            name: "bank".into(),
            kind: NetworkKind::CollaborativeBank,
            members: vec![a, b],
        })
        .await
        .unwrap()
        .id;
    let existing = store.create_staff(&person(a, "E1")).await.unwrap();
    let t = at(2026, 11, 23, 9, 30, 0);
    let earlier = store
        .append_fact(&record(existing.id, "CSTF-FS", a), t)
        .await
        .unwrap();

    let mut e1 = person(a, "E1");
    e1.name = "Updated by import".into();
    e1.networks = vec![network];
    let e2 = person(a, "E2");
    let mut e2_again = person(a, "E2");
    e2_again.band = Band::new(6).unwrap();
    e2_again.networks = vec![network, network];
    let fact_for = |n: &str, f: NewFact| ImportFact {
        employee_number: n.into(),
        fact: f,
    };
    let batch = ImportBatch {
        org: a,
        staff: vec![e1.clone(), e2, e2_again.clone()],
        facts: vec![
            // `fact.staff` is ignored: the employee number decides.
            fact_for(
                "E1",
                correction(earlier.id, record(StaffId(424242), "CSTF-FS", b)),
            ),
            fact_for("E2", record(StaffId(0), "CSTF-IG", a)),
            fact_for("E2", record(StaffId(0), "STROKE-NIHSS", b)),
        ],
    };
    let summary = store
        .import_batch(&batch, t + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            staff_created: 1,
            staff_updated: 2,
            facts_recorded: 3
        }
    );

    let e1_stored = store.find_staff(a, "E1").await.unwrap().unwrap();
    assert_eq!(e1_stored.id, existing.id);
    assert_eq!(
        (e1_stored.name.as_str(), e1_stored.networks.clone()),
        ("Updated by import", vec![network])
    );
    let e2_stored = store.find_staff(a, "E2").await.unwrap().unwrap();
    assert_eq!(
        e2_stored.band, e2_again.band,
        "the later row of one person wins"
    );
    assert_eq!(e2_stored.networks, vec![network]);

    let e1_facts = store.facts_of_staff(existing.id).await.unwrap();
    assert_eq!(e1_facts.len(), 2);
    assert_eq!(e1_facts[1].supersedes, Some(earlier.id));
    assert_eq!(e1_facts[1].issuer, b);
    assert_eq!(e1_facts[1].recorded_at, t + Duration::hours(1));
    let e2_facts = store.facts_of_staff(e2_stored.id).await.unwrap();
    let codes: Vec<&str> = e2_facts.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, vec!["CSTF-IG", "STROKE-NIHSS"]);
    assert!(e2_facts.iter().all(|f| f.staff == e2_stored.id));

    // A second import of only facts finds staff stored earlier.
    let only_facts = ImportBatch {
        org: a,
        staff: vec![],
        facts: vec![fact_for("E1", record(StaffId(0), "CSTF-IG", a))],
    };
    let summary = store.import_batch(&only_facts, t).await.unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            staff_created: 0,
            staff_updated: 0,
            facts_recorded: 1
        }
    );
    assert_eq!(store.facts_of_staff(existing.id).await.unwrap().len(), 3);
}

async fn failed_import_leaves_nothing_behind(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let (a, b) = (org(store, "RWF").await, org(store, "RVV").await);
    let existing = store.create_staff(&person(a, "E0")).await.unwrap();
    let t = at(2026, 11, 23, 9, 30, 0);
    let before_org = store.list_staff(Some(a), Page::first(1000)).await.unwrap();
    let staff: Vec<NewStaff> = (1..=600).map(|i| person(a, &format!("E{i}"))).collect();
    let mut updated_e0 = person(a, "E0");
    updated_e0.name = "Renamed by import".into();
    let mut facts: Vec<ImportFact> = (1..=600)
        .map(|i| ImportFact {
            employee_number: format!("E{i}"),
            fact: record(StaffId(0), "CSTF-FS", a),
        })
        .collect();
    let good = ImportBatch {
        org: a,
        staff: [vec![updated_e0], staff].concat(),
        facts: facts.clone(),
    };

    let before = &before_org;
    let check_untouched = |what: &'static str| async move {
        assert_eq!(
            &store.list_staff(Some(a), Page::first(1000)).await.unwrap(),
            before,
            "{what}"
        );
        assert!(
            store.facts_of_org_staff(a).await.unwrap().is_empty(),
            "{what}"
        );
    };

    facts.push(ImportFact {
        employee_number: "E1".into(),
        fact: record(StaffId(0), "NOPE", a),
    });
    let err = store
        .import_batch(
            &ImportBatch {
                facts: facts.clone(),
                ..good.clone()
            },
            t,
        )
        .await
        .unwrap_err();
    assert_not_found(err, "credential", "NOPE");
    check_untouched("unknown credential").await;

    facts.pop();
    facts.push(ImportFact {
        employee_number: "E9999".into(),
        fact: record(StaffId(0), "CSTF-FS", a),
    });
    let err = store
        .import_batch(
            &ImportBatch {
                facts: facts.clone(),
                ..good.clone()
            },
            t,
        )
        .await
        .unwrap_err();
    assert_not_found(err, "staff", &format!("org {a} employee E9999"));
    check_untouched("unknown employee").await;

    facts.pop();
    facts.push(ImportFact {
        employee_number: "E1".into(),
        fact: correction(FactId(9999), record(StaffId(0), "CSTF-FS", a)),
    });
    let err = store
        .import_batch(
            &ImportBatch {
                facts: facts.clone(),
                ..good.clone()
            },
            t,
        )
        .await
        .unwrap_err();
    assert_not_found(err, "fact", "9999");
    check_untouched("unknown superseded fact").await;

    facts.pop();
    let mut stray = good.clone();
    stray.staff.push(person(b, "E1"));
    assert_conflict(
        store.import_batch(&stray, t).await.unwrap_err(),
        "importing organisation",
    );
    check_untouched("staff of another organisation").await;

    let mut bad_network = good.clone();
    bad_network.staff[0].networks = vec![NetworkId(4242)];
    assert_not_found(
        store.import_batch(&bad_network, t).await.unwrap_err(),
        "network",
        "4242",
    );
    check_untouched("unknown network").await;

    // The same batch without the bad rows goes through.
    let summary = store.import_batch(&good, t).await.unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            staff_created: 600,
            staff_updated: 1,
            facts_recorded: 600
        }
    );
    assert_eq!(
        store.get_staff(existing.id).await.unwrap().name,
        "Renamed by import"
    );
}

// ---------------------------------------------------------------------------------------------
// Time

async fn datetimes_round_trip_exactly(db: &TestDb) {
    let store = db.store();
    seed(store).await;
    let a = org(store, "RWF").await;
    let nurse = store.create_staff(&person(a, "E1")).await.unwrap().id;
    let times = [
        at(2026, 11, 23, 9, 30, 0) + Duration::microseconds(123_456),
        at(1970, 1, 1, 0, 0, 0),
        at(1969, 12, 31, 23, 59, 59) + Duration::microseconds(999_999),
        at(2000, 2, 29, 12, 0, 0) + Duration::microseconds(1),
        at(2262, 4, 11, 23, 47, 16) + Duration::microseconds(854_775),
        at(2026, 3, 29, 1, 0, 0),
    ];
    let mut by_id: HashMap<FactId, DateTime<Utc>> = HashMap::new();
    for (i, t) in times.iter().enumerate() {
        let mut f = record(nurse, "CSTF-FS", a);
        f.achieved_on = day(1900 + i as i32 * 70, 2, 28);
        f.expires_on = Some(day(2400, 2, 29));
        let fact = store.append_fact(&f, *t).await.unwrap();
        assert_eq!(fact.recorded_at, *t);
        by_id.insert(fact.id, *t);
        let key = store
            .create_api_key(&new_key(a, &format!("h{i}"), *t))
            .await
            .unwrap();
        assert_eq!(key.created_at, *t);
        store.revoke_api_key(key.id, *t).await.unwrap();
    }
    for fact in store.facts_of_staff(nurse).await.unwrap() {
        assert_eq!(fact.recorded_at, by_id[&fact.id]);
        assert_eq!(fact.expires_on, Some(day(2400, 2, 29)));
        assert_eq!(fact.achieved_on.format("%m-%d").to_string(), "02-28");
    }
    for (i, t) in times.iter().enumerate() {
        let key = store
            .find_api_key_by_hash(&format!("h{i}"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((key.created_at, key.revoked_at), (*t, Some(*t)));
    }

    // Below the microsecond both backends truncate, and the write reports what it stored.
    let precise = times[0] + Duration::nanoseconds(789);
    let fact = store
        .append_fact(&record(nurse, "CSTF-IG", a), precise)
        .await
        .unwrap();
    assert_eq!(fact.recorded_at, times[0]);
    assert_eq!(store.get_fact(fact.id).await.unwrap(), fact);
    let key = store
        .create_api_key(&new_key(a, "precise", precise))
        .await
        .unwrap();
    assert_eq!(
        store.find_api_key_by_hash("precise").await.unwrap(),
        Some(key.clone())
    );
    assert_eq!(key.created_at, times[0]);
    let staff_org = a;
    let entry = NewAuditEntry {
        at: precise,
        actor_org: a,
        key: key.id,
        staff: nurse,
        staff_org,
        action: AuditAction::PassportRead,
        reason: "timing".into(),
    };
    store
        .append_audit(std::slice::from_ref(&entry))
        .await
        .unwrap();
    let listed = store
        .list_audit(staff_org, Some(nurse), Page::first(10))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].entry,
        NewAuditEntry {
            at: times[0],
            ..entry
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Connecting (backend-independent)

#[tokio::test]
async fn connect_refuses_other_schemes() {
    for url in ["mysql://root@localhost/db", "file.db", ""] {
        let err = Store::connect(url).await.unwrap_err();
        assert!(matches!(err, StoreError::Config(_)), "{url}: {err:?}");
        assert_eq!(err.kind(), StoreErrorKind::Invalid);
    }
    let err = Store::connect("mysql://root:hunter2@localhost/db")
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
}

#[tokio::test]
async fn in_memory_sqlite_keeps_one_database() {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let id = org(&store, "RWF").await;
    // Several reads in a row all see the same in-memory database.
    for _ in 0..5 {
        assert_eq!(store.get_org(id).await.unwrap().code.as_str(), "RWF");
    }
    store.close().await;
}

#[tokio::test]
async fn sqlite_file_and_directories_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("nested")
        .join("deeper")
        .join("crossrota.db");
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    org(&store, "RWF").await;
    store.close().await;
    assert!(path.is_file());
}

#[tokio::test]
async fn file_sqlite_survives_reconnecting() {
    let db = TestDb::sqlite().await;
    let id = org(db.store(), "RWF").await;
    db.store().close().await;
    let again = Store::connect(db.url()).await.unwrap();
    assert_eq!(again.get_org(id).await.unwrap().code.as_str(), "RWF");
    again.close().await;
}
