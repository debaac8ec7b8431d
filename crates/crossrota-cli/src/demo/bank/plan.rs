//! The fortnight of open shifts the bank offices post, drawn from the seed: nights (19:30 to
//! 07:30) and long days (07:30 to 20:00), weekends busier, one or two people, for sickness, a
//! vacancy or acuity, paid from a rate card by band.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use crossrota_proto::crossrota::v1 as pb;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::places::{SHOWCASE, WARDS, WardDef};

/// Days posted, from the day after the demo's today.
pub(super) const DAYS: u64 = 14;

/// Chance that a ward needs a bank shift of one kind on a weekday, and on a weekend day.
const WEEKDAY_CHANCE: f64 = 0.3;
const WEEKEND_CHANCE: f64 = 0.6;

/// Chance that a shift needs two people rather than one.
const PAIR_CHANCE: f64 = 0.2;

/// A kind of bank shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Kind {
    /// 19:30 to 07:30 the next morning.
    Night,
    /// 07:30 to 20:00.
    LongDay,
}

impl Kind {
    /// Its name in a table.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Night => "night",
            Self::LongDay => "long day",
        }
    }

    /// London wall-clock start and end on `day`, as the API takes them.
    fn times(self, day: NaiveDate) -> (String, String) {
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        match self {
            Self::Night => (format!("{day}T19:30"), format!("{next}T07:30")),
            Self::LongDay => (format!("{day}T07:30"), format!("{day}T20:00")),
        }
    }
}

/// Bank pay per hour by Agenda for Change band, in pence (the region's rate card).
pub(super) fn rate_pence(band: u8) -> i64 {
    match band {
        0..=2 => 1_300,
        3 => 1_450,
        4 => 1_650,
        5 => 2_200,
        6 => 2_600,
        7 => 3_100,
        _ => 3_700,
    }
}

/// One shift a bank office posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Planned {
    /// Where, and who may work it.
    pub(super) ward: &'static WardDef,
    /// The day it starts.
    pub(super) day: NaiveDate,
    /// Night or long day.
    pub(super) kind: Kind,
    /// People needed.
    pub(super) headcount: i32,
    /// Why.
    pub(super) reason: pb::BankShiftReason,
}

impl Planned {
    /// Whether it starts on a Saturday or Sunday.
    pub(super) fn weekend(&self) -> bool {
        matches!(self.day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The request row, given the id of its ward's profile.
    pub(super) fn input(&self, profile_id: i64) -> pb::OpenShiftInput {
        let (start, end) = self.kind.times(self.day);
        pb::OpenShiftInput {
            site: self.ward.site.to_owned(),
            ward: self.ward.ward.to_owned(),
            profile_id,
            band: i32::from(self.ward.band),
            start,
            end,
            headcount: self.headcount,
            rate_pence_per_hour: rate_pence(self.ward.band),
            reason: self.reason as i32,
            release_at: None,
        }
    }
}

/// The shifts of every ward over the [`DAYS`] after `as_of`, ward by ward, day by day. Nurse
/// sickness at the showcase unit means it always posts its first night and the long day after
/// it, so the demo can show a booking refused for too little rest.
pub(super) fn plan(rng: &mut ChaCha8Rng, as_of: NaiveDate) -> Vec<Planned> {
    let mut shifts = Vec::new();
    for ward in &WARDS {
        let showcase = (ward.trust, ward.site, ward.ward) == SHOWCASE;
        for offset in 1..=DAYS {
            let Some(day) = as_of.checked_add_days(Days::new(offset)) else {
                continue;
            };
            let kinds: &[Kind] = if ward.nights {
                &[Kind::LongDay, Kind::Night]
            } else {
                &[Kind::LongDay]
            };
            for &kind in kinds {
                let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
                let chance = if weekend {
                    WEEKEND_CHANCE
                } else {
                    WEEKDAY_CHANCE
                };
                let needed = rng.random_bool(chance);
                let headcount = if rng.random_bool(PAIR_CHANCE) { 2 } else { 1 };
                let reason = reason(rng);
                let forced =
                    showcase && matches!((offset, kind), (1, Kind::Night) | (2, Kind::LongDay));
                if forced {
                    shifts.push(Planned {
                        ward,
                        day,
                        kind,
                        headcount: 1,
                        reason: pb::BankShiftReason::Sickness,
                    });
                } else if needed {
                    shifts.push(Planned {
                        ward,
                        day,
                        kind,
                        headcount,
                        reason,
                    });
                }
            }
        }
    }
    shifts
}

/// Sickness, a vacancy or acuity, as bank offices see them (percent 40, 35, 25).
fn reason(rng: &mut ChaCha8Rng) -> pb::BankShiftReason {
    match rng.random_range(0..100) {
        0..40 => pb::BankShiftReason::Sickness,
        40..75 => pb::BankShiftReason::Vacancy,
        _ => pb::BankShiftReason::Acuity,
    }
}

/// A reason's word.
pub(super) fn reason_name(reason: pb::BankShiftReason) -> &'static str {
    match reason {
        pb::BankShiftReason::Sickness => "sickness",
        pb::BankShiftReason::Vacancy => "vacancy",
        pb::BankShiftReason::Acuity => "acuity",
        pb::BankShiftReason::Leave => "leave",
        pb::BankShiftReason::Training => "training",
        pb::BankShiftReason::Other | pb::BankShiftReason::Unspecified => "other",
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn planned(seed: u64) -> Vec<Planned> {
        plan(&mut ChaCha8Rng::seed_from_u64(seed), day())
    }

    #[test]
    fn the_same_seed_plans_the_same_fortnight_and_another_does_not() {
        assert_eq!(planned(3), planned(3));
        assert_ne!(planned(3), planned(4));
    }

    #[test]
    fn every_trust_posts_nights_and_long_days_within_the_fortnight() {
        let shifts = planned(1);
        for trust in ["RWF", "RN7", "RPA", "RVV", "RYY", "RXY", "NQL"] {
            assert!(shifts.iter().any(|s| s.ward.trust == trust), "{trust}");
        }
        let last = day().checked_add_days(Days::new(DAYS)).unwrap_or_default();
        for s in &shifts {
            assert!(s.day > day() && s.day <= last, "{s:?}");
            assert!((1..=2).contains(&s.headcount), "{s:?}");
            assert!(s.ward.nights || s.kind == Kind::LongDay, "{s:?}");
        }
        let night = shifts
            .iter()
            .find(|s| s.kind == Kind::Night)
            .map(|s| s.input(7));
        let night = night.unwrap_or_default();
        assert!(night.start.ends_with("T19:30") && night.end.ends_with("T07:30"));
        assert!(night.start[..10] < night.end[..10], "{night:?}");
        let long = shifts
            .iter()
            .find(|s| s.kind == Kind::LongDay)
            .map(|s| s.input(7));
        let long = long.unwrap_or_default();
        assert!(long.start.ends_with("T07:30") && long.end.ends_with("T20:00"));
        assert_eq!(long.start[..10], long.end[..10]);
    }

    #[test]
    fn the_showcase_unit_opens_with_a_sick_night_and_the_long_day_after_it() {
        for seed in 0..20 {
            let shifts = planned(seed);
            let at = |offset: u64, kind: Kind| {
                shifts.iter().any(|s| {
                    (s.ward.trust, s.ward.site, s.ward.ward) == SHOWCASE
                        && s.day
                            == day()
                                .checked_add_days(Days::new(offset))
                                .unwrap_or_default()
                        && s.kind == kind
                        && s.reason == pb::BankShiftReason::Sickness
                })
            };
            assert!(at(1, Kind::Night) && at(2, Kind::LongDay), "seed {seed}");
        }
    }

    #[test]
    fn weekends_are_busier_reasons_are_mixed_and_pay_follows_the_band() {
        let (mut weekend, mut weekday) = (0usize, 0usize);
        let mut reasons = std::collections::BTreeMap::new();
        for seed in 0..50 {
            for s in planned(seed) {
                if s.weekend() {
                    weekend += 1;
                } else {
                    weekday += 1;
                }
                *reasons.entry(reason_name(s.reason)).or_insert(0) += 1;
                assert_eq!(s.input(1).rate_pence_per_hour, rate_pence(s.ward.band));
            }
        }
        // A fortnight has 4 weekend days and 10 weekdays.
        let (per_weekend_day, per_weekday) = (weekend as f64 / 4.0, weekday as f64 / 10.0);
        assert!(
            per_weekend_day > 1.5 * per_weekday,
            "{per_weekend_day} a weekend day, {per_weekday} a weekday"
        );
        assert_eq!(
            reasons.keys().copied().collect::<Vec<_>>(),
            ["acuity", "sickness", "vacancy"]
        );
        assert_eq!((rate_pence(5), rate_pence(6)), (2_200, 2_600));
        assert!(rate_pence(3) < rate_pence(5) && rate_pence(6) < rate_pence(7));
    }
}
