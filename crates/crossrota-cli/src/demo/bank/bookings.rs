//! Bookings over gRPC, each by the posting trust's bank office: the showcase night goes to its
//! best candidate; the long day after it is refused them for want of rest, and the night to
//! its nearest miss for every reason they have; each trust then books the best candidate of
//! its first shift someone may work, the showcase nurse picks up shifts at a neighbouring
//! trust, and their commitments across trusts are listed as their home trust sees them.

use std::collections::HashMap;

use chrono::NaiveDate;
use crossrota_proto::crossrota::v1 as pb;

use super::candidates::candidates;
use super::offices::{Offices, when};
use super::plan::Kind;
use super::post::Posted;
use super::setup::Member;
use crate::client::status_error;

/// Shifts a trust tries, in order, before giving up finding one someone may work.
const TRIES_PER_TRUST: usize = 6;
/// Shifts of other trusts tried for the showcase nurse, and how many they take at most.
const TRIES_ELSEWHERE: usize = 12;
const TAKEN_ELSEWHERE: usize = 2;

/// What the demo asks of the bookings part.
pub(super) struct Story<'a> {
    /// The bank offices.
    pub(super) offices: &'a Offices,
    /// Every posted shift.
    pub(super) posted: &'a [Posted],
    /// The bank's members.
    pub(super) members: &'a HashMap<i64, Member>,
    /// Index in `posted` of the showcase night.
    pub(super) showcase: usize,
    /// Its candidates.
    pub(super) found: &'a pb::CandidatesResponse,
    /// The trusts, in region order.
    pub(super) trusts: Vec<&'static str>,
    /// The fortnight posted.
    pub(super) window: (NaiveDate, NaiveDate),
}

/// The bookings made so far.
struct Booker<'a> {
    offices: &'a Offices,
    members: &'a HashMap<i64, Member>,
    made: Vec<(pb::Booking, &'a Posted)>,
    refused: usize,
}

impl<'a> Booker<'a> {
    /// Asks the posting trust's office to book `staff` onto `posted`; prints the booking or the
    /// refusal with its reasons. True when booked.
    async fn book(&mut self, posted: &'a Posted, staff: i64) -> anyhow::Result<bool> {
        let shift = &posted.shift;
        let (name, home) = self
            .members
            .get(&staff)
            .map_or(("?", "?"), |m| (m.name.as_str(), m.home));
        let what = self.offices.describe(shift, posted.kind());
        let answer = self
            .offices
            .of(self.offices.code(shift.org_id))?
            .book_shift(pb::BookShiftRequest {
                shift_id: shift.id,
                staff_id: staff,
                idempotency_key: format!("demo-{}-{staff}", shift.id),
                reason: "demo: bank cover".to_owned(),
            })
            .await;
        match answer {
            Ok(b) => {
                let b = b.into_inner();
                println!(
                    "booked:  {name} ({home}, staff {staff}) on shift {}, {what}: booking {}",
                    shift.id, b.id
                );
                self.made.push((b, posted));
                Ok(true)
            }
            Err(s) if s.code() == tonic::Code::FailedPrecondition => {
                // The server's message names the person and shift again, then every reason.
                let why = s.message();
                let why = why.strip_prefix("failed precondition: ").unwrap_or(why);
                println!(
                    "refused: {name} ({home}, staff {staff}) on shift {}, {what}: {why}",
                    shift.id
                );
                self.refused += 1;
                Ok(false)
            }
            Err(s) => Err(status_error(s)),
        }
    }

    fn booked(&self, shift: i64) -> bool {
        self.made.iter().any(|(b, _)| b.shift_id == shift)
    }
}

/// Books, prints the bookings and the showcase nurse's commitments.
pub(super) async fn run(story: Story<'_>) -> anyhow::Result<()> {
    let Story {
        offices,
        posted,
        members,
        showcase,
        found,
        trusts,
        window,
    } = story;
    let night = &posted[showcase];
    let mut booker = Booker {
        offices,
        members,
        made: Vec::new(),
        refused: 0,
    };
    println!();
    println!("Bookings, each by the posting trust's bank office:");
    let nurse = found.eligible.first().map(|c| c.staff_id);
    if let Some(nurse) = nurse {
        booker.book(night, nurse).await?;
        let next_day = night.plan.day.succ_opt();
        let morning = posted.iter().find(|p| {
            p.plan.ward == night.plan.ward
                && p.plan.kind == Kind::LongDay
                && Some(p.plan.day) == next_day
        });
        if let Some(morning) = morning {
            booker.book(morning, nurse).await?;
        }
    }
    if let Some(miss) = found.near_misses.first() {
        booker.book(night, miss.staff_id).await?;
    }
    for trust in &trusts {
        let theirs = posted
            .iter()
            .filter(|p| offices.code(p.shift.org_id) == *trust);
        let mut tried = 0;
        let mut nearest: Option<(i64, pb::NearMiss)> = None;
        let mut booked = false;
        for p in theirs.take(TRIES_PER_TRUST) {
            if booker.booked(p.shift.id) {
                continue;
            }
            tried += 1;
            let found = candidates(offices, p).await?;
            if let Some(best) = found.eligible.first() {
                if booker.book(p, best.staff_id).await? {
                    booked = true;
                    break;
                }
            } else if nearest.is_none() {
                nearest = found.near_misses.first().map(|n| (p.shift.id, n.clone()));
            }
        }
        if !booked && tried > 0 {
            let miss = nearest.map_or_else(
                || "no member offers their profiles".to_owned(),
                |(shift, n)| {
                    format!(
                        "nearest miss for shift {shift}: {} ({}), {}",
                        n.name,
                        offices.code(n.home_org_id),
                        n.reasons.join("; ")
                    )
                },
            );
            println!("none:    {trust}'s first {tried} shift(s) have nobody eligible; {miss}");
        }
    }
    if let Some((nurse, member)) = nurse.and_then(|n| Some((n, members.get(&n)?))) {
        let home_of_night = offices.code(night.shift.org_id);
        let elsewhere = posted.iter().filter(|p| {
            let trust = offices.code(p.shift.org_id);
            trust != home_of_night
                && member.works_at.contains(&trust)
                && member.profiles.contains(&p.shift.profile_id)
        });
        let mut taken = 0;
        for p in elsewhere.take(TRIES_ELSEWHERE) {
            if taken == TAKEN_ELSEWHERE {
                break;
            }
            if booker.booked(p.shift.id) {
                continue;
            }
            let found = candidates(offices, p).await?;
            if found.eligible.iter().any(|c| c.staff_id == nurse) && booker.book(p, nurse).await? {
                taken += 1;
            }
        }
    }
    print_bookings(&booker);
    let who = nurse.or_else(|| booker.made.first().map(|(b, _)| b.staff_id));
    if let Some(staff) = who {
        commitments(&booker, staff, window).await?;
    }
    Ok(())
}

/// The bookings made, as a table.
fn print_bookings(booker: &Booker<'_>) {
    let pay: i64 = booker.made.iter().map(|(_, p)| p.shift.pay_pence).sum();
    println!(
        "{} booking(s) made, {} refused; £{:.2} of bank pay booked",
        booker.made.len(),
        booker.refused,
        pay as f64 / 100.0
    );
    println!(
        "{:>7} {:<5} {:<5} {:<22} {:<27} {:>6}  {:<26} {:<5} {:>7}",
        "booking", "trust", "site", "ward", "when", "staff", "name", "home", "pay £"
    );
    for (b, p) in &booker.made {
        let s = &p.shift;
        let (name, home) = booker
            .members
            .get(&b.staff_id)
            .map_or(("?", "?"), |m| (m.name.as_str(), m.home));
        println!(
            "{:>7} {:<5} {:<5} {:<22} {:<27} {:>6}  {:<26} {:<5} {:>7.2}",
            b.id,
            booker.offices.code(s.org_id),
            s.site,
            format!("{} {}", s.ward, p.kind().name()),
            when(&s.start_local, &s.end_local),
            b.staff_id,
            name,
            home,
            s.pay_pence as f64 / 100.0
        );
    }
}

/// One person's commitments at every trust over the fortnight, asked by their home trust.
async fn commitments(
    booker: &Booker<'_>,
    staff: i64,
    (from, to): (NaiveDate, NaiveDate),
) -> anyhow::Result<()> {
    let Some(member) = booker.members.get(&staff) else {
        return Ok(());
    };
    let list = booker
        .offices
        .of(member.home)?
        .list_commitments(pb::ListCommitmentsRequest {
            staff_id: staff,
            from: from.to_string(),
            to: to.to_string(),
        })
        .await
        .map_err(status_error)?
        .into_inner()
        .commitments;
    let trusts: std::collections::BTreeSet<&str> =
        list.iter().map(|c| c.org_code.as_str()).collect();
    println!();
    println!(
        "{} ({}, staff {staff}): {} commitment(s) at {} trust(s), {from} to {to}, as {}'s bank \
         office sees them:",
        member.name,
        member.home,
        list.len(),
        trusts.len(),
        member.home
    );
    for c in &list {
        let what = booker
            .made
            .iter()
            .find(|(b, _)| b.id == c.booking_id)
            .map_or_else(
                || "substantive shift".to_owned(),
                |(b, p)| format!("bank booking {}: {} {}", b.id, p.shift.site, p.shift.ward),
            );
        println!(
            "  {:<27} {:<5} {what}",
            when(&c.start_local, &c.end_local),
            c.org_code
        );
    }
    Ok(())
}
