//! What a collaborative bank is made of: the bank (a network's, or one trust's own), its
//! members (staff who joined, with what they offer to work) and the open shifts trusts post.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::ledger::PersonalLimits;
use crate::bank::time::Span;
use crate::ids::{BankId, NetworkId, OpenShiftId, OrgId, ProfileId, SiteId, StaffId};
use crate::validation::FieldErrors;

/// The longest open shift that can be posted: a day. (The ledger's own maximum shift length,
/// 13 h by default, decides who may work it.)
pub const MAX_POSTED_SHIFT_HOURS: i64 = 24;

/// A site of a trust where shifts are worked (a hospital, or a unit in the community).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Identity.
    pub id: SiteId,
    /// The trust.
    pub org: OrgId,
    /// Its code within the trust, e.g. "MAID".
    pub code: String,
    /// Its name, e.g. "Maidstone Hospital".
    pub name: String,
}

/// A collaborative bank: the member trusts of a network share their bank staff. A trust may
/// run its own bank as well (`own_org`), whose shifts only its own members see first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bank {
    /// Identity.
    pub id: BankId,
    /// The network whose member trusts share it.
    pub network: NetworkId,
    /// For a trust's own bank: the trust.
    pub own_org: Option<OrgId>,
    /// Its name.
    pub name: String,
}

/// A person who joined a bank, and what they offer to work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BankMember {
    /// The bank.
    pub bank: BankId,
    /// Who (an existing member of staff).
    pub staff: StaffId,
    /// Their home trust.
    pub home_org: OrgId,
    /// The requirement profiles they offer to work.
    pub profiles: Vec<ProfileId>,
    /// Agenda for Change pay band.
    pub band: u8,
    /// Trusts they will travel to (their home trust always included).
    pub travels_to: Vec<OrgId>,
    /// Their own weekly cap and 48-hour opt-out.
    pub limits: PersonalLimits,
    /// Spans they cannot work (leave, study, other commitments they did not give us).
    pub unavailable: Vec<Span>,
}

impl BankMember {
    /// Whether they will work at `org`.
    pub fn travels_to(&self, org: OrgId) -> bool {
        org == self.home_org || self.travels_to.contains(&org)
    }
}

/// A member of staff joining a bank, as their home trust enrols them.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinBank {
    /// The bank.
    pub bank: BankId,
    /// Who.
    pub staff: StaffId,
    /// The requirement profiles they offer to work.
    pub profiles: Vec<ProfileId>,
    /// Agenda for Change pay band.
    pub band: u8,
    /// Trusts they will travel to besides their own.
    pub travels_to: Vec<OrgId>,
    /// Their own cap on weekly hours.
    pub weekly_cap_hours: Option<f64>,
    /// Whether they opted out of the 48-hour average in writing.
    pub opted_out_of_average: bool,
}

/// Why a trust needs a shift filled, as bank offices report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftReason {
    /// A vacant post.
    Vacancy,
    /// Staff sickness.
    Sickness,
    /// Extra need from patients' acuity.
    Acuity,
    /// Annual or other leave.
    Leave,
    /// Training or study leave.
    Training,
    /// Anything else.
    Other,
}

impl ShiftReason {
    /// Every reason.
    pub const ALL: [Self; 6] = [
        Self::Vacancy,
        Self::Sickness,
        Self::Acuity,
        Self::Leave,
        Self::Training,
        Self::Other,
    ];

    /// Stable text form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vacancy => "vacancy",
            Self::Sickness => "sickness",
            Self::Acuity => "acuity",
            Self::Leave => "leave",
            Self::Training => "training",
            Self::Other => "other",
        }
    }

    /// Inverse of [`ShiftReason::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A shift a trust's bank office posts for the bank to fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenShift {
    /// Identity (0 before it is stored).
    pub id: OpenShiftId,
    /// The posting trust.
    pub org: OrgId,
    /// Its site (a site code of the trust, e.g. "MAID").
    pub site: String,
    /// Ward or unit.
    pub ward: String,
    /// Who may work it.
    pub profile: ProfileId,
    /// Agenda for Change band.
    pub band: u8,
    /// When, as real instants (posted as London wall-clock times).
    pub span: Span,
    /// How many people.
    pub headcount: u32,
    /// Bank pay per hour from the trust's rate card, in pence.
    pub rate_pence_per_hour: i64,
    /// Why it is needed.
    pub reason: ShiftReason,
    /// When it is released to the collaborative bank (before then only the trust's own bank
    /// members see it).
    pub release_at: DateTime<Utc>,
}

impl OpenShift {
    /// Pay for one person working it: the rate times its real length.
    pub fn pay_pence(&self) -> i64 {
        let minutes = self.span.length().num_minutes();
        (self.rate_pence_per_hour * minutes + 30) / 60
    }

    /// Checks the values a bank office types; field paths are rooted at `path`.
    pub fn validate(&self, path: &str) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::new();
        if self.site.trim().is_empty() {
            errs.push(format!("{path}.site"), "required");
        }
        if self.ward.trim().is_empty() {
            errs.push(format!("{path}.ward"), "required");
        }
        if self.profile.0 <= 0 {
            errs.push(format!("{path}.profile_id"), "required");
        }
        if !(1..=9).contains(&self.band) {
            errs.push(
                format!("{path}.band"),
                "must be an Agenda for Change band, 1 to 9",
            );
        }
        if self.span.end <= self.span.start {
            errs.push(format!("{path}.end"), "must be after the start");
        } else if self.span.length() > chrono::Duration::hours(MAX_POSTED_SHIFT_HOURS) {
            errs.push(
                format!("{path}.end"),
                format!("a shift is at most {MAX_POSTED_SHIFT_HOURS} h long"),
            );
        }
        if self.headcount == 0 {
            errs.push(format!("{path}.headcount"), "must be at least 1");
        }
        if self.rate_pence_per_hour < 0 {
            errs.push(format!("{path}.rate"), "must not be below zero");
        }
        if self.release_at > self.span.start {
            errs.push(format!("{path}.release_at"), "must not be after the start");
        }
        errs.into_result(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn shift(from: (u32, u32, u32), to: (u32, u32, u32)) -> OpenShift {
        let t = |(d, h, m): (u32, u32, u32)| {
            NaiveDate::from_ymd_opt(2026, 10, d)
                .and_then(|d| d.and_hms_opt(h, m, 0))
                .expect("a time")
        };
        let span = Span::london(t(from), t(to)).expect("exists");
        OpenShift {
            id: OpenShiftId(0),
            org: OrgId(1),
            site: "MAID".into(),
            ward: "HASU".into(),
            profile: ProfileId(3),
            band: 5,
            span,
            headcount: 1,
            rate_pence_per_hour: 2000,
            reason: ShiftReason::Sickness,
            release_at: span.start,
        }
    }

    #[test]
    fn pay_follows_the_real_length_of_a_night_across_the_clock_change() {
        // 24–25 October 2026: 20:00 to 08:00 is 13 real hours.
        assert_eq!(shift((24, 20, 0), (25, 8, 0)).pay_pence(), 13 * 2000);
        assert_eq!(shift((23, 20, 0), (24, 8, 0)).pay_pence(), 12 * 2000);
    }

    #[test]
    fn bad_values_are_named() {
        let mut s = shift((24, 20, 0), (24, 19, 0));
        s.rate_pence_per_hour = -1;
        s.band = 0;
        s.headcount = 0;
        let errs = s.validate("shift").expect_err("four bad fields");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["shift.band", "shift.end", "shift.headcount", "shift.rate"]
        );
        let long = shift((20, 7, 0), (21, 8, 0));
        assert_eq!(
            long.validate("shift").map_err(|e| e.to_string()),
            Err("shift.end: a shift is at most 24 h long".to_owned())
        );
        assert_eq!(ShiftReason::parse("acuity"), Some(ShiftReason::Acuity));
    }
}
