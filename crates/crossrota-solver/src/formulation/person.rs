//! The rows and costs of one person: every personal hard rule as linear rows over that
//! person's assignment terms, and their requests, pay and fairness in the objective.

use crossrota_domain::roster::{RequestKind, RosterStaff};

use super::{X, add_term};
use crate::index::{DAY, Index, Opt};
use crate::linear::{Lin, Mip, Sense};

/// The rows and costs of one person.
pub(super) struct PersonRows<'a, 'm> {
    pub(super) index: &'a Index<'m>,
    pub(super) s: usize,
    pub(super) member: &'m RosterStaff,
    pub(super) x: &'a [Vec<X>],
    pub(super) mip: &'a mut Mip,
}

impl PersonRows<'_, '_> {
    fn options(&self, day: usize) -> &[Opt] {
        self.index.staff[self.s]
            .options
            .get(day)
            .map_or(&[], Vec::as_slice)
    }

    fn days(&self) -> usize {
        self.index.days
    }

    /// `Σ x` over the options of `day` selected by `keep`, weighted by `weight`.
    fn sum(&self, day: usize, keep: impl Fn(&Opt) -> bool, weight: impl Fn(&Opt) -> f64) -> Lin {
        let mut lin = Lin::default();
        for (o, opt) in self.options(day).iter().enumerate() {
            if keep(opt) {
                add_term(&mut lin, self.x[day][o], weight(opt));
            }
        }
        lin
    }

    /// 1 when the person works `day`.
    fn works(&self, day: usize) -> Lin {
        self.sum(day, |_| true, |_| 1.0)
    }

    /// 1 when the person works shift type `shift` on `day`.
    fn works_shift(&self, day: usize, shift: usize) -> Lin {
        self.sum(day, |o| o.shift == shift, |_| 1.0)
    }

    /// Minutes worked on `day`.
    fn minutes(&self, day: usize) -> Lin {
        self.sum(day, |_| true, |o| self.index.shifts[o.shift].minutes as f64)
    }

    /// Distinct shift types among the options of `day`.
    fn shift_types(&self, day: usize) -> Vec<usize> {
        let mut shifts: Vec<usize> = self.options(day).iter().map(|o| o.shift).collect();
        shifts.sort_unstable();
        shifts.dedup();
        shifts
    }

    fn shift_ix(&self, code: &crossrota_domain::roster::ShiftCode) -> Option<usize> {
        self.index.shifts.iter().position(|s| &s.code == code)
    }

    pub(super) fn add_all(mut self) {
        let weekends = self.rules();
        self.costs(&weekends);
    }

    pub(super) fn add_rules_only(mut self) {
        self.rules();
    }

    /// Every personal rule; returns the weekend indicators for the costs.
    fn rules(&mut self) -> Vec<Lin> {
        self.one_shift_a_day();
        self.successions();
        self.rest();
        self.type_limits();
        self.total_minutes();
        self.minutes_per_7_days();
        self.max_consecutive();
        self.min_runs();
        let weekends = self.weekends(true);
        self.weekly_rest();
        weekends
    }

    pub(super) fn add_costs_only(mut self) {
        let weekends = self.weekends(false);
        self.costs(&weekends);
    }

    fn one_shift_a_day(&mut self) {
        for d in 0..self.days() {
            if self.options(d).len() > 1 {
                let lin = self.works(d);
                self.mip.constrain(lin, Sense::AtMost, 1.0);
            }
        }
    }

    fn successions(&mut self) {
        let forbidden: Vec<(usize, usize)> = self
            .member
            .rules
            .forbidden_successions
            .iter()
            .filter_map(|s| Some((self.shift_ix(&s.first)?, self.shift_ix(&s.next)?)))
            .collect();
        if forbidden.is_empty() {
            return;
        }
        for d in 0..self.days().saturating_sub(1) {
            for a in self.shift_types(d) {
                let next: Vec<usize> = self
                    .shift_types(d + 1)
                    .into_iter()
                    .filter(|b| forbidden.contains(&(a, *b)))
                    .collect();
                if next.is_empty() {
                    continue;
                }
                let mut lin = self.works_shift(d, a);
                for b in next {
                    lin.add_scaled(&self.works_shift(d + 1, b), 1.0);
                }
                self.mip.constrain(lin, Sense::AtMost, 1.0);
            }
        }
    }

    /// Pairs of shifts closer than the minimum rest (or overlapping) cannot both be worked.
    fn rest(&mut self) {
        let needed = i64::from(self.member.rules.min_rest_minutes.unwrap_or(0));
        let days = self.days();
        for d1 in 0..days {
            for a in self.shift_types(d1) {
                let end = self.index.shifts[a].end_on(d1);
                let mut d2 = d1 + 1;
                while d2 < days && (d2 as i64) * DAY < end + needed {
                    let clashing: Vec<usize> = self
                        .shift_types(d2)
                        .into_iter()
                        .filter(|&b| self.index.shifts[b].start_on(d2) - end < needed)
                        .collect();
                    if !clashing.is_empty() {
                        let mut lin = self.works_shift(d1, a);
                        for b in clashing {
                            lin.add_scaled(&self.works_shift(d2, b), 1.0);
                        }
                        self.mip.constrain(lin, Sense::AtMost, 1.0);
                    }
                    d2 += 1;
                }
            }
        }
    }

    fn type_limits(&mut self) {
        for (code, &max) in &self.member.rules.max_shifts_per_type {
            let Some(shift) = self.shift_ix(code) else {
                continue;
            };
            let mut lin = Lin::default();
            for d in 0..self.days() {
                lin.add_scaled(&self.works_shift(d, shift), 1.0);
            }
            if lin.terms.len() as f64 + lin.constant > f64::from(max) {
                self.mip.constrain(lin, Sense::AtMost, f64::from(max));
            }
        }
    }

    fn total_lin(&self) -> Lin {
        let mut lin = Lin::default();
        for d in 0..self.days() {
            lin.add_scaled(&self.minutes(d), 1.0);
        }
        lin
    }

    fn total_minutes(&mut self) {
        let rules = &self.member.rules;
        if let Some(max) = rules.max_total_minutes {
            let lin = self.total_lin();
            self.mip.constrain(lin, Sense::AtMost, f64::from(max));
        }
        if let Some(min) = rules.min_total_minutes {
            let lin = self.total_lin();
            self.mip.constrain(lin, Sense::AtLeast, f64::from(min));
        }
        self.working_day_count_bounds();
    }

    /// The minute limits rounded to whole working days: with shifts of 420 to 480 minutes,
    /// 3000 to 3400 minutes mean 7 or 8 days. Implied by the minute rows for integer
    /// rosters, but much tighter in the LP relaxation, which helps the search find schedules
    /// for people whose contracts leave little slack.
    fn working_day_count_bounds(&mut self) {
        let lengths = (0..self.days()).flat_map(|d| {
            self.options(d)
                .iter()
                .map(|o| self.index.shifts[o.shift].minutes)
        });
        let (Some(shortest), Some(longest)) = (lengths.clone().min(), lengths.max()) else {
            return;
        };
        let rules = &self.member.rules;
        let mut days = Lin::default();
        for d in 0..self.days() {
            days.add_scaled(&self.works(d), 1.0);
        }
        if let Some(max) = rules.max_total_minutes
            && shortest > 0
        {
            let most = i64::from(max) / shortest;
            self.mip.constrain(days.clone(), Sense::AtMost, most as f64);
        }
        if let Some(min) = rules.min_total_minutes
            && longest > 0
        {
            let least = (i64::from(min) + longest - 1) / longest;
            self.mip.constrain(days, Sense::AtLeast, least as f64);
        }
    }

    /// Windows of 7 days, those starting before the horizon using the carried-in minutes. A
    /// window whose carried minutes already exceed the limit forbids any shift in it.
    fn minutes_per_7_days(&mut self) {
        let Some(max) = self.member.rules.max_minutes_per_7_days else {
            return;
        };
        let days = self.days() as i64;
        for first in -6..days {
            let carried: u32 = (first..0)
                .filter_map(|day| {
                    let back = usize::try_from(-day - 1).ok()?;
                    self.member.history.recent_minutes.get(back).copied()
                })
                .sum();
            let room = f64::from(max.saturating_sub(carried));
            let mut lin = Lin::default();
            let mut most = 0.0;
            for d in first.max(0)..(first + 7).min(days) {
                let d = d as usize;
                lin.add_scaled(&self.minutes(d), 1.0);
                most += self
                    .options(d)
                    .iter()
                    .map(|o| self.index.shifts[o.shift].minutes as f64)
                    .fold(0.0, f64::max);
            }
            if most > room {
                self.mip.constrain(lin, Sense::AtMost, room);
            }
        }
    }

    /// Every `max + 1` consecutive days hold at most `max` working days; carried-in working
    /// days fill the start of windows that begin before the horizon.
    fn max_consecutive(&mut self) {
        let Some(max) = self.member.rules.max_consecutive_days else {
            return;
        };
        let max = i64::from(max);
        let carried = i64::from(self.member.history.consecutive_days_worked);
        let days = self.days() as i64;
        for first in (-carried).max(-max)..=(days - 1 - max) {
            let mut lin = Lin::default();
            for d in first.max(0)..=first + max {
                lin.add_scaled(&self.works(d as usize), 1.0);
            }
            let before = (-first).max(0);
            self.mip
                .constrain(lin, Sense::AtMost, (max - before) as f64);
        }
    }

    /// A run of working days (or of days off) that starts on day `d` lasts at least the
    /// minimum unless it reaches the end of the horizon; runs at the edges are exempt. Written
    /// as "a run starting on `d` implies day `d + j` is in it" for each `j` below the minimum:
    /// `y[d] − y[d−1] ≤ y[d+j]` (for days off, `y[d−1] − y[d] + y[d+j] ≤ 1`). These three-term
    /// rows forbid exactly the short runs, and their LP relaxation is much tighter than one row
    /// per forbidden "off, on × l, off" pattern, which they imply.
    fn min_runs(&mut self) {
        let rules = &self.member.rules;
        let days = self.days();
        for (minimum, working) in [
            (rules.min_consecutive_days, true),
            (rules.min_consecutive_days_off, false),
        ] {
            let Some(minimum) = minimum else { continue };
            for d in 1..days {
                let before = self.works(d - 1);
                let first = self.works(d);
                for later in (d + 1)..(d + minimum as usize).min(days) {
                    let mut lin = Lin::default();
                    let later = self.works(later);
                    if working {
                        lin.add_scaled(&first, 1.0);
                        lin.add_scaled(&before, -1.0);
                        lin.add_scaled(&later, -1.0);
                        self.mip.constrain(lin, Sense::AtMost, 0.0);
                    } else {
                        lin.add_scaled(&before, 1.0);
                        lin.add_scaled(&first, -1.0);
                        lin.add_scaled(&later, 1.0);
                        self.mip.constrain(lin, Sense::AtMost, 1.0);
                    }
                }
            }
        }
    }

    /// One term per weekend, 1 when it is worked; also applies the weekend limit if asked.
    fn weekends(&mut self, limit: bool) -> Vec<Lin> {
        let weights = self.index.model.weights;
        let needed = (limit && self.member.rules.max_weekends.is_some())
            || (self.member.targets.weekends.is_some() && weights.fairness_per_weekend > 0.0);
        if !needed {
            return Vec::new();
        }
        let mut terms = Vec::new();
        for group in &self.index.weekends {
            let works: Vec<Lin> = group.iter().map(|&d| self.works(d)).collect();
            let mut indicator = Lin::default();
            if works.iter().all(|w| w.terms.is_empty()) {
                let worked = works.iter().any(|w| w.constant > 0.5);
                indicator.add_constant(if worked { 1.0 } else { 0.0 });
            } else {
                let w = self.mip.binary();
                let mut at_most = Lin::default();
                at_most.add(w, 1.0);
                for day in &works {
                    // w ≥ y[d]
                    let mut at_least = Lin::default();
                    at_least.add(w, 1.0);
                    at_least.add_scaled(day, -1.0);
                    self.mip.constrain(at_least, Sense::AtLeast, 0.0);
                    at_most.add_scaled(day, -1.0);
                }
                // w ≤ Σ y[d], so an idle weekend never counts as worked.
                self.mip.constrain(at_most, Sense::AtMost, 0.0);
                indicator.add(w, 1.0);
            }
            terms.push(indicator);
        }
        if let Some(max) = self.member.rules.max_weekends
            && limit
        {
            let mut total = Lin::default();
            for t in &terms {
                total.add_scaled(t, 1.0);
            }
            self.mip.constrain(total, Sense::AtMost, f64::from(max));
        }
        terms
    }

    /// `rest[d]` = day `d` is a rest day: off, and the gap from the shift on `d − 1` (or the
    /// carried-in last shift) to the shift on `d + 1` is long enough. Shifts are at most 24 h,
    /// so when `d − 1` or `d + 1` is off the gap is always over 24 h. Every 7 consecutive
    /// days, after the carried-in working run, need a rest day.
    fn weekly_rest(&mut self) {
        let Some(needed) = self.member.rules.weekly_rest_minutes else {
            return;
        };
        let needed = i64::from(needed);
        let days = self.days();
        let mut rest = Vec::with_capacity(days);
        for d in 0..days {
            let off = self.works(d);
            let r = self.mip.binary();
            let mut lin = off.clone();
            lin.add(r, 1.0);
            self.mip.constrain(lin, Sense::AtMost, 1.0);
            if d + 1 < days && d >= 1 {
                for a in self.shift_types(d - 1) {
                    let end = self.index.shifts[a].end_on(d - 1);
                    let short: Vec<usize> = self
                        .shift_types(d + 1)
                        .into_iter()
                        .filter(|&b| self.index.shifts[b].start_on(d + 1) - end < needed)
                        .collect();
                    if short.is_empty() {
                        continue;
                    }
                    let mut lin = self.works_shift(d - 1, a);
                    lin.add(r, 1.0);
                    for b in short {
                        lin.add_scaled(&self.works_shift(d + 1, b), 1.0);
                    }
                    self.mip.constrain(lin, Sense::AtMost, 2.0);
                }
            }
            if d == 0
                && days > 1
                && let Some(end) = self.member.history.last_shift_end
            {
                let end = i64::from(end);
                let mut lin = Lin::default();
                lin.add(r, 1.0);
                for b in self.shift_types(1) {
                    if self.index.shifts[b].start_on(1) - end < needed {
                        lin.add_scaled(&self.works_shift(1, b), 1.0);
                    }
                }
                if lin.terms.len() > 1 || lin.constant > 0.0 {
                    self.mip.constrain(lin, Sense::AtMost, 1.0);
                }
            }
            rest.push(r);
        }
        let carried = i64::from(self.member.history.consecutive_days_worked);
        for first in (-carried).max(-6)..=(days as i64 - 7) {
            let mut lin = Lin::default();
            for d in first.max(0)..=first + 6 {
                lin.add(rest[d as usize], 1.0);
            }
            self.mip.constrain(lin, Sense::AtLeast, 1.0);
        }
    }

    /// Requests, pay and fairness.
    fn costs(&mut self, weekends: &[Lin]) {
        let weights = self.index.model.weights;
        let mut objective = Lin::default();
        for request in &self.member.requests {
            let day = request.day as usize;
            if day >= self.days() {
                continue;
            }
            let works = match &request.shift {
                None => self.works(day),
                Some(code) => match self.shift_ix(code) {
                    Some(shift) => self.works_shift(day, shift),
                    None => Lin::default(),
                },
            };
            let weight = weights.requests * request.weight;
            match request.kind {
                RequestKind::On => {
                    objective.add_constant(weight);
                    objective.add_scaled(&works, -weight);
                }
                RequestKind::Off => objective.add_scaled(&works, weight),
            }
        }
        let total = self.total_lin();
        let pay = weights.pay * self.member.cost_per_hour / 60.0;
        if pay > 0.0 {
            objective.add_scaled(&total, pay);
        }
        if let Some(target) = self.member.targets.minutes
            && weights.fairness_per_hour > 0.0
        {
            let distance = self.distance(&total, f64::from(target));
            objective.add_scaled(&distance, weights.fairness_per_hour / 60.0);
        }
        if let Some(target) = self.member.targets.weekends
            && weights.fairness_per_weekend > 0.0
        {
            let mut worked = Lin::default();
            for w in weekends {
                worked.add_scaled(w, 1.0);
            }
            let distance = self.distance(&worked, f64::from(target));
            objective.add_scaled(&distance, weights.fairness_per_weekend);
        }
        self.mip.objective.add_scaled(&objective, 1.0);
    }

    /// `|lin − target|`: a constant when `lin` is, else a variable at least that, which
    /// minimisation makes equal.
    fn distance(&mut self, lin: &Lin, target: f64) -> Lin {
        let mut distance = Lin::default();
        if lin.terms.is_empty() {
            distance.add_constant((lin.constant - target).abs());
            return distance;
        }
        let var = self.mip.non_negative();
        let mut above = lin.clone();
        above.add(var, -1.0);
        self.mip.constrain(above, Sense::AtMost, target);
        let mut below = lin.clone();
        below.add(var, 1.0);
        self.mip.constrain(below, Sense::AtLeast, target);
        distance.add(var, 1.0);
        distance
    }
}
