//! The collaborative bank through the real server on both databases: posting shifts,
//! candidates with reasons, bookings through their lifecycle, who sees what, bad input, and a
//! race of conflicting bookings through two server instances on one database.

use std::collections::HashMap;

use crossrota_domain::access::Role;
use crossrota_proto::crossrota::v1 as pb;
use pb::bank_service_client::BankServiceClient;
use tonic::Code;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use crate::support::{Region, Trust, assert_bad_field, both_backends, ok, refused};

/// Adds one key to every request.
#[derive(Clone)]
pub(crate) struct Key(MetadataValue<Ascii>);

impl tonic::service::Interceptor for Key {
    fn call(&mut self, mut req: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        req.metadata_mut().insert("authorization", self.0.clone());
        Ok(req)
    }
}

pub(crate) type Bank = BankServiceClient<InterceptedService<Channel, Key>>;

pub(crate) fn bank_client(channel: Channel, trust: &Trust) -> Bank {
    let value = match format!("Bearer {}", trust.secret).parse() {
        Ok(v) => v,
        Err(e) => panic!("key header: {e}"),
    };
    BankServiceClient::with_interceptor(channel, Key(value))
}

/// The bank of a region: RWF (`a`) and RPA (`c`) share the "Kent collaborative bank" network;
/// RWF runs a site MAID and a profile needing CSTF-RES level 2; one compliant nurse of each
/// trust joined the bank, and an RWF nurse with no training joined too.
pub(crate) struct BankWorld {
    pub(crate) region: Region,
    pub(crate) a: Bank,
    pub(crate) c: Bank,
    pub(crate) profile: i64,
    pub(crate) bank: i64,
    /// RWF's trained nurse.
    pub(crate) ann: i64,
    /// RPA's trained nurse.
    pub(crate) cat: i64,
    /// RWF's untrained nurse.
    pub(crate) una: i64,
}

pub(crate) async fn bank_world(backend: crossrota_tests::Backend) -> BankWorld {
    let region = Region::new(backend).await;
    let a = bank_client(region.app.channel().await, &region.a);
    let c = bank_client(region.app.channel().await, &region.c);
    ok(a.clone()
        .create_site(pb::CreateSiteRequest {
            code: "maid".into(),
            name: "Maidstone Hospital".into(),
        })
        .await);
    let bank = ok(a
        .clone()
        .create_bank(pb::CreateBankRequest {
            network_id: region.bank.id,
            own_trust_only: false,
            name: "Kent collaborative bank".into(),
        })
        .await);
    let profile = region
        .a
        .profile("HASU band 5 nurse", &[("CSTF-RES", 2)])
        .await
        .id;
    let ann = region.a.nurse("A0001", &[region.bank.id]).await.id;
    let una = region.a.nurse("A0002", &[region.bank.id]).await.id;
    let cat = region.c.nurse("C0001", &[region.bank.id]).await.id;
    region.a.record(ann, "CSTF-RES", 2, "2026-06-01").await;
    region.c.record(cat, "CSTF-RES", 2, "2026-06-01").await;
    for (client, staff) in [(&a, ann), (&a, una), (&c, cat)] {
        ok(client
            .clone()
            .join_bank(pb::JoinBankRequest {
                bank_id: bank.id,
                staff_id: staff,
                profile_ids: vec![profile],
                band: 5,
                travels_to_org_ids: vec![region.a.id, region.c.id],
                weekly_cap_hours: None,
                opted_out_of_average: false,
            })
            .await);
    }
    BankWorld {
        region,
        a,
        c,
        profile,
        bank: bank.id,
        ann,
        cat,
        una,
    }
}

pub(crate) fn shift(profile: i64, start: &str, end: &str) -> pb::OpenShiftInput {
    pb::OpenShiftInput {
        site: "MAID".into(),
        ward: "HASU".into(),
        profile_id: profile,
        band: 5,
        start: start.into(),
        end: end.into(),
        headcount: 1,
        rate_pence_per_hour: 2200,
        reason: pb::BankShiftReason::Sickness as i32,
        release_at: None,
    }
}

pub(crate) async fn post(client: &Bank, shifts: Vec<pb::OpenShiftInput>) -> Vec<pb::OpenShift> {
    ok(client
        .clone()
        .post_shifts(pb::PostShiftsRequest { shifts })
        .await)
    .shifts
}

fn book(shift_id: i64, staff_id: i64, key: &str) -> pb::BookShiftRequest {
    pb::BookShiftRequest {
        shift_id,
        staff_id,
        idempotency_key: key.into(),
        reason: "sickness cover".into(),
    }
}

both_backends! {
    /// A night across the October clock change is posted as 13 hours and paid for 13; the
    /// candidates are the trained members of both trusts, cheapest first, and the untrained
    /// one is a near miss with the reason in words.
    async fn candidates_are_ranked_with_reasons_for_the_rest(backend: Backend) {
        let w = bank_world(backend).await;
        let posted = post(&w.a, vec![shift(w.profile, "2026-12-15T19:30", "2026-12-16T07:30")]).await;
        let night = &posted[0];
        assert_eq!(night.length_minutes, 12 * 60);
        assert_eq!(night.pay_pence, 12 * 2200);
        assert_eq!(night.start_local, "2026-12-15T19:30");
        let found = ok(w.a.clone().get_candidates(pb::GetCandidatesRequest { shift_id: night.id }).await);
        let eligible: Vec<i64> = found.eligible.iter().map(|c| c.staff_id).collect();
        assert_eq!(eligible.len(), 2, "{found:?}");
        assert!(eligible.contains(&w.ann) && eligible.contains(&w.cat));
        let near: HashMap<i64, Vec<String>> = found
            .near_misses
            .iter()
            .map(|n| (n.staff_id, n.reasons.clone()))
            .collect();
        assert_eq!(near.get(&w.una).cloned(), Some(vec!["CSTF-RES missing".to_owned()]));

        let autumn = post(&w.a, vec![shift(w.profile, "2026-10-24T20:00", "2026-10-25T08:00")]).await;
        // The shift is in the past for the fixed test clock, but the figures still hold.
        assert_eq!(autumn[0].length_minutes, 13 * 60);
        assert_eq!(autumn[0].pay_pence, 13 * 2200);
        assert_eq!(autumn[0].end_local, "2026-10-25T08:00");
    }

    /// A booking runs offered → booked → cancelled; a second booking that would leave 9 h 30
    /// rest is refused naming the first; a repeated request gets the same booking; the home
    /// trust sees its nurse's commitments everywhere, the other trust does not.
    async fn bookings_follow_their_lifecycle_and_never_clash(backend: Backend) {
        let w = bank_world(backend).await;
        let shifts = post(&w.a, vec![
            shift(w.profile, "2026-12-15T19:30", "2026-12-16T07:30"),
            shift(w.profile, "2026-12-16T17:00", "2026-12-17T05:00"),
            shift(w.profile, "2026-12-20T07:00", "2026-12-20T19:00"),
        ]).await;
        let booked = ok(w.a.clone().book_shift(book(shifts[0].id, w.cat, "req-1")).await);
        assert_eq!(booked.status, pb::BankBookingStatus::Booked as i32);
        let again = ok(w.a.clone().book_shift(book(shifts[0].id, w.cat, "req-1")).await);
        assert_eq!(again, booked, "a retried request gets the same booking");
        let clash = refused(w.a.clone().book_shift(book(shifts[1].id, w.cat, "req-2")).await, Code::FailedPrecondition);
        assert!(clash.message().contains(&format!("booking {}", booked.id)), "{}", clash.message());
        assert!(clash.message().contains("only 9 h 30 rest"), "{}", clash.message());
        let untrained = refused(w.a.clone().book_shift(book(shifts[2].id, w.una, "req-3")).await, Code::FailedPrecondition);
        assert!(untrained.message().contains("CSTF-RES missing"), "{}", untrained.message());

        // An offer, answered by the nurse's home trust.
        let offer = ok(w.a.clone().offer_shift(pb::OfferShiftRequest {
            shift_id: shifts[2].id,
            staff_id: w.ann,
            expires_at: Some(prost_types::Timestamp { seconds: 1_798_761_600, nanos: 0 }),
            idempotency_key: "offer-1".into(),
            reason: "long day".into(),
        }).await);
        assert_eq!(offer.status, pb::BankBookingStatus::Offered as i32);
        refused(w.c.clone().accept_offer(pb::BookingActionRequest { booking_id: offer.id, reason: String::new() }).await, Code::NotFound);
        let accepted = ok(w.a.clone().accept_offer(pb::BookingActionRequest { booking_id: offer.id, reason: "yes".into() }).await);
        assert_eq!(accepted.status, pb::BankBookingStatus::Booked as i32);
        let early = refused(w.a.clone().mark_worked(pb::BookingActionRequest { booking_id: accepted.id, reason: String::new() }).await, Code::FailedPrecondition);
        assert!(early.message().contains("has not ended"), "{}", early.message());

        // Commitments: RPA sees its nurse's RWF night; RWF may not look.
        let mine = ok(w.c.clone().list_commitments(pb::ListCommitmentsRequest {
            staff_id: w.cat, from: "2026-12-01".into(), to: "2026-12-31".into(),
        }).await);
        assert_eq!(mine.commitments.len(), 1);
        assert_eq!(mine.commitments[0].org_code, "RWF");
        assert_eq!(mine.commitments[0].booking_id, booked.id);
        refused(w.a.clone().list_commitments(pb::ListCommitmentsRequest {
            staff_id: w.cat, from: "2026-12-01".into(), to: "2026-12-31".into(),
        }).await, Code::PermissionDenied);

        // The trust cancels in good time: no fee; the time is free again.
        let cancelled = ok(w.a.clone().cancel_booking(pb::CancelBookingRequest {
            booking_id: booked.id, by_member: false, reason: "ward closed".into(),
        }).await);
        assert_eq!(cancelled.status, pb::BankBookingStatus::Cancelled as i32);
        assert_eq!(cancelled.fee_pence, 0);
        // The record of the booking: who did what, when and why, seen by both trusts.
        for client in [&w.a, &w.c] {
            let events = ok(client.clone().list_booking_events(pb::ListBookingEventsRequest {
                booking_id: booked.id,
            }).await).events;
            let seen: Vec<(i32, i64, String)> = events
                .iter()
                .map(|e| (e.status, e.actor_org_id, e.reason.clone()))
                .collect();
            assert_eq!(seen, [
                (pb::BankBookingStatus::Booked as i32, w.region.a.id, "sickness cover".to_owned()),
                (pb::BankBookingStatus::Cancelled as i32, w.region.a.id, "ward closed".to_owned()),
            ]);
        }
        let offer_events = ok(w.a.clone().list_booking_events(pb::ListBookingEventsRequest {
            booking_id: offer.id,
        }).await).events;
        assert_eq!(offer_events.len(), 2);
        assert_eq!(offer_events[1].actor_staff_id, w.ann, "accepted on the member's behalf");
        let outsider = w.region.key("RVV", &[Role::BankOffice]).await;
        refused(bank_client(w.region.app.channel().await, &outsider)
            .list_booking_events(pb::ListBookingEventsRequest { booking_id: booked.id })
            .await, Code::NotFound);
        let now_free = ok(w.a.clone().book_shift(book(shifts[1].id, w.cat, "req-4")).await);
        assert_eq!(now_free.status, pb::BankBookingStatus::Booked as i32);
    }

    /// Bad input names the field and posts nothing; roles and trusts are enforced.
    async fn bad_shifts_are_refused_whole_and_roles_hold(backend: Backend) {
        let w = bank_world(backend).await;
        let mut backwards = shift(w.profile, "2026-12-15T19:30", "2026-12-15T07:30");
        backwards.rate_pence_per_hour = -1;
        let good = shift(w.profile, "2026-12-14T07:00", "2026-12-14T19:00");
        assert_bad_field(
            w.a.clone().post_shifts(pb::PostShiftsRequest { shifts: vec![good.clone(), backwards] }).await,
            "shifts[1].end",
            "after the start",
        );
        let mut nowhere = good.clone();
        nowhere.site = "XYZ".into();
        assert_bad_field(
            w.a.clone().post_shifts(pb::PostShiftsRequest { shifts: vec![good.clone(), nowhere] }).await,
            "shifts[1].site",
            "unknown site",
        );
        let skipped = shift(w.profile, "2027-03-28T01:30", "2027-03-28T09:00");
        assert_bad_field(
            w.a.clone().post_shifts(pb::PostShiftsRequest { shifts: vec![skipped] }).await,
            "shifts[0].start",
            "does not exist in London",
        );
        let listed = ok(w.a.clone().list_open_shifts(pb::ListOpenShiftsRequest {
            from: "2026-12-01".into(), to: "2026-12-31".into(), org_id: 0,
        }).await);
        assert!(listed.shifts.is_empty(), "nothing half-posted: {listed:?}");

        // RPA sees RWF's shifts through the bank, but may not find candidates for them.
        let posted = post(&w.a, vec![good]).await;
        let seen = ok(w.c.clone().list_open_shifts(pb::ListOpenShiftsRequest {
            from: "2026-12-01".into(), to: "2026-12-31".into(), org_id: 0,
        }).await);
        assert_eq!(seen.shifts.len(), 1);
        refused(w.c.clone().get_candidates(pb::GetCandidatesRequest { shift_id: posted[0].id }).await, Code::PermissionDenied);
        // A verifier-only key may not post.
        let verifier = w.region.key("RWF", &[Role::Verifier]).await;
        let v = bank_client(w.region.app.channel().await, &verifier);
        refused(v.clone().post_shifts(pb::PostShiftsRequest {
            shifts: vec![shift(w.profile, "2026-12-21T07:00", "2026-12-21T19:00")],
        }).await, Code::PermissionDenied);
        // An offer to someone who is not a member.
        let outsider = w.region.b.nurse("B0001", &[]).await.id;
        assert_bad_field(
            w.a.clone().book_shift(book(posted[0].id, outsider, "x")).await,
            "staff_id",
            "not a member",
        );
        assert!(w.bank > 0);
    }
}
