//! `crossrota bank ...`: a bank office's client commands: post shifts from a CSV file, list
//! open shifts, see who may work a shift (and why not), offer, book and cancel, and a person's
//! commitments across trusts, as clear tables.

mod csv_shifts;

use std::path::PathBuf;

use anyhow::Context;
use crossrota_proto::crossrota::v1 as pb;

use crate::client::{ConnArgs, status_error};

/// Bank subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum BankCommand {
    /// Post open shifts from a CSV file (all rows or none): `site,ward,profile_id,band,start,
    /// end,headcount,rate_pence_per_hour,reason` with London wall-clock times
    /// (`2026-12-15T19:30`) and reasons vacancy, sickness, acuity, leave, training or other.
    Post {
        /// The CSV file.
        file: PathBuf,
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// List open shifts starting between two days.
    Shifts {
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// Last day (YYYY-MM-DD).
        #[arg(long)]
        to: String,
        /// Only this trust's shifts.
        #[arg(long)]
        org: Option<i64>,
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Who may work a shift, best first, and the near misses with every reason.
    Candidates {
        /// The shift's id.
        shift: i64,
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Book a member onto a shift (they must be eligible).
    Book {
        /// The shift's id.
        shift: i64,
        /// The member's staff id.
        #[arg(long)]
        staff: i64,
        /// Your request's key: repeating the command with the same key never books twice.
        #[arg(long, default_value = "")]
        request_key: String,
        /// Why, for the record.
        #[arg(long, default_value = "")]
        reason: String,
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Cancel a booking (as the posting trust, or `--by-member` for your own member).
    Cancel {
        /// The booking's id.
        booking: i64,
        /// Cancel on the member's behalf (their home trust).
        #[arg(long)]
        by_member: bool,
        /// Why, for the record.
        #[arg(long, default_value = "")]
        reason: String,
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Everything one of your staff is committed to, at every trust.
    Commitments {
        /// The staff id.
        #[arg(long)]
        staff: i64,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// Last day (YYYY-MM-DD).
        #[arg(long)]
        to: String,
        #[command(flatten)]
        conn: ConnArgs,
    },
}

/// Runs a bank subcommand.
pub(crate) async fn run(cmd: BankCommand) -> anyhow::Result<()> {
    match cmd {
        BankCommand::Post { file, conn } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let shifts = csv_shifts::parse(&text)?;
            let mut client = conn.connect_bank().await?;
            let posted = client
                .post_shifts(pb::PostShiftsRequest { shifts })
                .await
                .map_err(|s| csv_shifts::explain(&s))?
                .into_inner()
                .shifts;
            println!("posted {} shift(s):", posted.len());
            print_shifts(&posted);
        }
        BankCommand::Shifts {
            from,
            to,
            org,
            conn,
        } => {
            let mut client = conn.connect_bank().await?;
            let shifts = client
                .list_open_shifts(pb::ListOpenShiftsRequest {
                    from,
                    to,
                    org_id: org.unwrap_or(0),
                })
                .await
                .map_err(status_error)?
                .into_inner()
                .shifts;
            print_shifts(&shifts);
        }
        BankCommand::Candidates { shift, conn } => {
            let mut client = conn.connect_bank().await?;
            let found = client
                .get_candidates(pb::GetCandidatesRequest { shift_id: shift })
                .await
                .map_err(status_error)?
                .into_inner();
            print_candidates(&found);
        }
        BankCommand::Book {
            shift,
            staff,
            request_key,
            reason,
            conn,
        } => {
            let mut client = conn.connect_bank().await?;
            let booking = client
                .book_shift(pb::BookShiftRequest {
                    shift_id: shift,
                    staff_id: staff,
                    idempotency_key: request_key,
                    reason,
                })
                .await
                .map_err(status_error)?
                .into_inner();
            println!(
                "booking {}: staff {} on shift {}, {}",
                booking.id,
                booking.staff_id,
                booking.shift_id,
                status_name(booking.status)
            );
        }
        BankCommand::Cancel {
            booking,
            by_member,
            reason,
            conn,
        } => {
            let mut client = conn.connect_bank().await?;
            let b = client
                .cancel_booking(pb::CancelBookingRequest {
                    booking_id: booking,
                    by_member,
                    reason,
                })
                .await
                .map_err(status_error)?
                .into_inner();
            println!(
                "booking {} {}; late-cancellation fee £{:.2}{}",
                b.id,
                status_name(b.status),
                b.fee_pence as f64 / 100.0,
                if b.strike {
                    "; a strike for the member"
                } else {
                    ""
                }
            );
        }
        BankCommand::Commitments {
            staff,
            from,
            to,
            conn,
        } => {
            let mut client = conn.connect_bank().await?;
            let list = client
                .list_commitments(pb::ListCommitmentsRequest {
                    staff_id: staff,
                    from,
                    to,
                })
                .await
                .map_err(status_error)?
                .into_inner()
                .commitments;
            println!("{:<17} {:<17} {:<6} what", "start", "end", "trust");
            for c in &list {
                let what = if c.booking_id == 0 {
                    "substantive shift".to_owned()
                } else {
                    format!("bank booking {}", c.booking_id)
                };
                println!(
                    "{:<17} {:<17} {:<6} {what}",
                    c.start_local, c.end_local, c.org_code
                );
            }
            println!("{} commitment(s)", list.len());
        }
    }
    Ok(())
}

pub(crate) fn status_name(status: i32) -> &'static str {
    match pb::BankBookingStatus::try_from(status) {
        Ok(pb::BankBookingStatus::Offered) => "offered",
        Ok(pb::BankBookingStatus::Booked) => "booked",
        Ok(pb::BankBookingStatus::Worked) => "worked",
        Ok(pb::BankBookingStatus::Approved) => "approved",
        Ok(pb::BankBookingStatus::Declined) => "declined",
        Ok(pb::BankBookingStatus::Expired) => "expired",
        Ok(pb::BankBookingStatus::Cancelled) => "cancelled",
        _ => "?",
    }
}

/// A table of shifts.
pub(crate) fn print_shifts(shifts: &[pb::OpenShift]) {
    println!(
        "{:>6} {:<6} {:<8} {:<10} {:<16} {:<16} {:>6} {:>4} {:>9}",
        "id", "trust", "site", "ward", "start", "end", "hours", "need", "pay £"
    );
    for s in shifts {
        println!(
            "{:>6} {:<6} {:<8} {:<10} {:<16} {:<16} {:>6.1} {:>4} {:>9.2}",
            s.id,
            s.org_id,
            s.site,
            s.ward,
            s.start_local,
            s.end_local,
            f64::from(s.length_minutes) / 60.0,
            s.headcount,
            s.pay_pence as f64 / 100.0
        );
    }
}

/// The candidates table and the near misses with their reasons.
pub(crate) fn print_candidates(found: &pb::CandidatesResponse) {
    println!("{} eligible, best first:", found.eligible.len());
    println!(
        "{:>6} {:<28} {:>6} {:>9} {:>6} {:>10}",
        "staff", "name", "trust", "cost £", "ward", "bank h/mo"
    );
    for c in &found.eligible {
        println!(
            "{:>6} {:<28} {:>6} {:>9.2} {:>6} {:>10.1}",
            c.staff_id,
            c.name,
            c.home_org_id,
            c.cost_pence as f64 / 100.0,
            c.shifts_on_ward,
            c.bank_hours_this_month
        );
    }
    println!("{} near miss(es):", found.near_misses.len());
    for n in &found.near_misses {
        println!(
            "{:>6} {:<28} {:>6} {}",
            n.staff_id,
            n.name,
            n.home_org_id,
            n.reasons.join("; ")
        );
    }
}
