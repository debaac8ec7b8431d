//! Pricing: the cheapest schedule of one person under given cover prices, by dynamic
//! programming over the days with a beam of labels.
//!
//! A label is a partial schedule up to some day with what the rules need to judge its
//! extension: the shift worked last and when it ended, the current run of working days or days
//! off, shifts per type, minutes, weekends worked and the minutes of the last six days. Every
//! rule is checked exactly on each extension, so every schedule returned is one the person may
//! work; only optimality is heuristic: each day keeps the [`BEAM`] cheapest labels per bucket
//! of (last shift, run, weekends), which keeps pricing to milliseconds a person. That is enough
//! for a primal heuristic (the dive in [`super`]); it does not make the master's LP value a
//! valid bound, and nothing uses it as one.

use crossrota_domain::roster::{RequestKind, RosterStaff};

use crate::index::Index;

/// How hard pricing looks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Depth {
    /// Buckets of (last shift, run, weekends): fast, and finds most improving schedules while
    /// the prices are far from their optimum.
    Quick,
    /// Buckets also split by minutes worked (in steps of [`MINUTE_BAND`]), so schedules that
    /// keep room under the limits on minutes survive beside cheaper ones that use it up: slower,
    /// but near the optimum it finds schedules the quick pricing misses (on Curtois Instance6
    /// the LP then reaches the published lower bound, 1949, against 2066).
    Thorough,
}

/// Labels kept per bucket and day.
const BEAM: usize = 2;

/// Width of the minute bands of [`Depth::Thorough`].
const MINUTE_BAND: u32 = 240;

/// Most shift types a model may have for pricing (the counts live in a fixed array).
pub(crate) const MAX_TYPES: usize = 12;

/// "No shift": the person was off yesterday, or there is no last shift.
const NONE: u8 = u8::MAX;

/// A person's schedule: the option worked on each day, `None` when off.
pub(crate) type Schedule = Vec<Option<usize>>;

/// A partial schedule.
#[derive(Clone, Copy)]
struct Label {
    /// Own costs so far less the cover prices earned.
    cost: f64,
    /// Index of the label it extends in the previous day's list.
    parent: u32,
    /// Option worked on its last day plus one, 0 when off.
    choice: u16,
    /// Shift type worked yesterday, [`NONE`] when off.
    last_shift: u8,
    /// End of the last shift worked, in minutes from the start of the horizon.
    last_end: i64,
    /// Working days in a row up to yesterday (with the carried-in run).
    work_run: u16,
    /// Days off in a row up to yesterday.
    off_run: u16,
    /// Whether the current run started on the first day (such runs have no minimum).
    run_from_start: bool,
    counts: [u16; MAX_TYPES],
    minutes: u32,
    weekends: u16,
    /// The weekend last counted, [`u16::MAX`] for none.
    last_weekend: u16,
    /// Minutes worked on each of the last six days, yesterday first.
    recent: [u16; 6],
}

/// What pricing needs of one person, computed once.
pub(crate) struct Pricer<'a, 'm> {
    index: &'a Index<'m>,
    s: usize,
    member: &'m RosterStaff,
    /// `day_cost[day][0]`: own cost of a day off; `[o + 1]`: of option `o`.
    day_cost: Vec<Vec<f64>>,
    /// `successor_ok[a][b]`: shift `b` may follow shift `a` on the next day.
    successor_ok: Vec<Vec<bool>>,
    /// Per shift type, the most shifts of that type.
    type_max: Vec<u32>,
    /// The weekend a day belongs to, if any.
    weekend_of: Vec<Option<u16>>,
    /// Most minutes that can still be worked from each day to the end.
    future_minutes: Vec<u32>,
}

/// Why a model cannot be priced by [`Pricer`].
pub(crate) fn unsupported(index: &Index<'_>) -> Option<&'static str> {
    if index.shifts.len() > MAX_TYPES {
        return Some("too many shift types");
    }
    if index.days > u16::MAX as usize / 2 {
        return Some("horizon too long");
    }
    if index
        .model
        .staff
        .iter()
        .any(|m| m.rules.weekly_rest_minutes.is_some())
    {
        return Some("weekly rest");
    }
    if index.model.demands.iter().any(|d| d.hard_minimum.is_some()) {
        return Some("hard cover minimums");
    }
    None
}

impl<'a, 'm> Pricer<'a, 'm> {
    /// The pricer of person `s` of a model [`unsupported`] accepts.
    pub(crate) fn new(index: &'a Index<'m>, s: usize) -> Self {
        let member = &index.model.staff[s];
        let person = &index.staff[s];
        let weights = index.model.weights;
        let pay = weights.pay * member.cost_per_hour / 60.0;
        let mut day_cost: Vec<Vec<f64>> = person
            .options
            .iter()
            .map(|opts| {
                let mut costs = vec![0.0];
                costs.extend(
                    opts.iter()
                        .map(|o| pay * index.shifts[o.shift].minutes as f64),
                );
                costs
            })
            .collect();
        for request in &member.requests {
            let day = request.day as usize;
            let Some(costs) = day_cost.get_mut(day) else {
                continue;
            };
            let shift = request
                .shift
                .as_ref()
                .map(|code| index.shifts.iter().position(|s| &s.code == code));
            let weight = weights.requests * request.weight;
            for (k, cost) in costs.iter_mut().enumerate() {
                let matches = k > 0
                    && match shift {
                        None => true,
                        Some(wanted) => wanted == Some(person.options[day][k - 1].shift),
                    };
                let unmet = match request.kind {
                    RequestKind::On => !matches,
                    RequestKind::Off => matches,
                };
                if unmet {
                    *cost += weight;
                }
            }
        }
        let shift_ix = |code| index.shifts.iter().position(|s| &s.code == code);
        let types = index.shifts.len();
        let mut successor_ok = vec![vec![true; types]; types];
        for succession in &member.rules.forbidden_successions {
            if let (Some(a), Some(b)) = (shift_ix(&succession.first), shift_ix(&succession.next)) {
                successor_ok[a][b] = false;
            }
        }
        let mut type_max = vec![u32::MAX; types];
        for (code, &max) in &member.rules.max_shifts_per_type {
            if let Some(t) = shift_ix(code) {
                type_max[t] = max;
            }
        }
        let mut weekend_of = vec![None; index.days];
        for (w, days) in index.weekends.iter().enumerate() {
            for &d in days {
                weekend_of[d] = Some(w as u16);
            }
        }
        let mut future_minutes = vec![0u32; index.days + 1];
        for d in (0..index.days).rev() {
            let most = person.options[d]
                .iter()
                .map(|o| index.shifts[o.shift].minutes as u32)
                .max()
                .unwrap_or(0);
            future_minutes[d] = future_minutes[d + 1] + most;
        }
        Self {
            index,
            s,
            member,
            day_cost,
            successor_ok,
            type_max,
            weekend_of,
            future_minutes,
        }
    }

    /// Own cost of a whole schedule: requests, pay and fairness, as the formulation counts
    /// them.
    pub(crate) fn own_cost(&self, schedule: &[Option<usize>]) -> f64 {
        let mut cost = 0.0;
        let mut minutes = 0u32;
        let mut weekends = std::collections::BTreeSet::new();
        for (d, choice) in schedule.iter().enumerate() {
            cost += self.day_cost[d][choice.map_or(0, |o| o + 1)];
            if let Some(o) = choice {
                let opt = self.index.staff[self.s].options[d][*o];
                minutes += self.index.shifts[opt.shift].minutes as u32;
                if let Some(w) = self.weekend_of[d] {
                    weekends.insert(w);
                }
            }
        }
        cost + self.end_cost(minutes, weekends.len() as u16)
    }

    /// What `schedule` earns under `price[demand]`.
    pub(crate) fn earned(&self, schedule: &[Option<usize>], price: &[f64]) -> f64 {
        let options = &self.index.staff[self.s].options;
        schedule
            .iter()
            .enumerate()
            .filter_map(|(d, chosen)| chosen.map(|o| price[options[d][o].demand]))
            .sum()
    }

    /// Fairness costs, known once the schedule is complete.
    fn end_cost(&self, minutes: u32, weekends: u16) -> f64 {
        let weights = self.index.model.weights;
        let targets = &self.member.targets;
        let mut cost = 0.0;
        if let Some(target) = targets.minutes
            && weights.fairness_per_hour > 0.0
        {
            cost +=
                (f64::from(minutes) - f64::from(target)).abs() * weights.fairness_per_hour / 60.0;
        }
        if let Some(target) = targets.weekends
            && weights.fairness_per_weekend > 0.0
        {
            cost += (f64::from(weekends) - f64::from(target)).abs() * weights.fairness_per_weekend;
        }
        cost
    }

    /// The cheapest schedules found under `price[demand]` (what covering one unit of each
    /// demand line earns), at most `keep` of them, cheapest first, each with its priced cost
    /// (own cost less the prices earned). `allowed(day, option)` may forbid options (the dive
    /// uses it to hold fixed days). `None` when the person has no schedule at all.
    pub(crate) fn price(
        &self,
        price: &[f64],
        keep: usize,
        depth: Depth,
        allowed: &dyn Fn(usize, Option<usize>) -> bool,
    ) -> Vec<(f64, Schedule)> {
        let days = self.index.days;
        let rules = &self.member.rules;
        let history = &self.member.history;
        let mut recent = [0u16; 6];
        for (slot, minutes) in recent.iter_mut().zip(&history.recent_minutes) {
            *slot = (*minutes).min(u32::from(u16::MAX)) as u16;
        }
        let root = Label {
            cost: 0.0,
            parent: u32::MAX,
            choice: 0,
            last_shift: NONE,
            last_end: history.last_shift_end.map_or(i64::MIN / 4, i64::from),
            work_run: history.consecutive_days_worked.min(u32::from(u16::MAX)) as u16,
            off_run: 0,
            run_from_start: true,
            counts: [0; MAX_TYPES],
            minutes: 0,
            weekends: 0,
            last_weekend: u16::MAX,
            recent,
        };
        let min_rest = i64::from(rules.min_rest_minutes.unwrap_or(0));
        let mut layers: Vec<Vec<Label>> = Vec::with_capacity(days + 1);
        layers.push(vec![root]);
        for d in 0..days {
            let options = &self.index.staff[self.s].options[d];
            let pinned = self.index.staff[self.s].pinned[d];
            let mut next: Vec<Label> = Vec::new();
            for (p, label) in layers[d].iter().enumerate() {
                // A day off.
                if pinned.is_none() && allowed(d, None) {
                    let ends_short_run = label.last_shift != NONE
                        && !label.run_from_start
                        && rules
                            .min_consecutive_days
                            .is_some_and(|min| u32::from(label.work_run) < min);
                    if !ends_short_run {
                        let mut l = *label;
                        l.cost += self.day_cost[d][0];
                        l.parent = p as u32;
                        l.choice = 0;
                        if label.last_shift != NONE || d == 0 {
                            l.run_from_start = d == 0;
                            l.off_run = 1;
                        } else {
                            l.off_run += 1;
                        }
                        l.work_run = 0;
                        l.last_shift = NONE;
                        l.recent.rotate_right(1);
                        l.recent[0] = 0;
                        next.push(l);
                    }
                }
                for (o, opt) in options.iter().enumerate() {
                    if pinned.is_some_and(|pin| pin != o) || !allowed(d, Some(o)) {
                        continue;
                    }
                    if let Some(l) = self.work(label, d, o, opt.shift, min_rest) {
                        let mut l = l;
                        l.cost += self.day_cost[d][o + 1] - price[opt.demand];
                        l.parent = p as u32;
                        next.push(l);
                    }
                }
            }
            let reachable = next.into_iter().filter(|l| {
                rules
                    .min_total_minutes
                    .is_none_or(|min| l.minutes + self.future_minutes[d + 1] >= min)
            });
            layers.push(beam(reachable.collect(), depth));
        }
        let mut finished: Vec<(f64, usize)> = layers[days]
            .iter()
            .enumerate()
            .filter(|(_, l)| rules.min_total_minutes.is_none_or(|min| l.minutes >= min))
            .map(|(i, l)| (l.cost + self.end_cost(l.minutes, l.weekends), i))
            .collect();
        finished.sort_by(|a, b| a.0.total_cmp(&b.0));
        finished
            .into_iter()
            .take(keep)
            .map(|(cost, i)| (cost, self.trace(&layers, i)))
            .collect()
    }

    /// `label` extended by option `o` (shift type `shift`) on day `d`, if every rule allows.
    fn work(
        &self,
        label: &Label,
        d: usize,
        o: usize,
        shift: usize,
        min_rest: i64,
    ) -> Option<Label> {
        let rules = &self.member.rules;
        let info = &self.index.shifts[shift];
        let minutes = info.minutes as u32;
        if label.last_shift != NONE && !self.successor_ok[label.last_shift as usize][shift] {
            return None;
        }
        if info.start_on(d) - label.last_end < min_rest {
            return None;
        }
        if u32::from(label.counts[shift]) + 1 > self.type_max[shift] {
            return None;
        }
        if rules
            .max_total_minutes
            .is_some_and(|max| label.minutes + minutes > max)
        {
            return None;
        }
        if let Some(max) = rules.max_minutes_per_7_days {
            let week: u32 = label.recent.iter().map(|&m| u32::from(m)).sum::<u32>() + minutes;
            if week > max {
                return None;
            }
        }
        if rules
            .max_consecutive_days
            .is_some_and(|max| u32::from(label.work_run) + 1 > max)
        {
            return None;
        }
        let starts_run = label.last_shift == NONE;
        if starts_run
            && d > 0
            && !label.run_from_start
            && rules
                .min_consecutive_days_off
                .is_some_and(|min| u32::from(label.off_run) < min)
        {
            return None;
        }
        let mut l = *label;
        if let Some(w) = self.weekend_of[d]
            && l.last_weekend != w
        {
            if rules
                .max_weekends
                .is_some_and(|max| u32::from(l.weekends) + 1 > max)
            {
                return None;
            }
            l.weekends += 1;
            l.last_weekend = w;
        }
        if starts_run {
            l.run_from_start = d == 0;
        }
        l.choice = o as u16 + 1;
        l.last_shift = shift as u8;
        l.last_end = info.end_on(d);
        l.work_run += 1;
        l.off_run = 0;
        l.counts[shift] += 1;
        l.minutes += minutes;
        l.recent.rotate_right(1);
        l.recent[0] = minutes as u16;
        Some(l)
    }

    /// The schedule of label `i` of the last layer.
    fn trace(&self, layers: &[Vec<Label>], mut i: usize) -> Schedule {
        let days = self.index.days;
        let mut schedule = vec![None; days];
        for d in (0..days).rev() {
            let label = &layers[d + 1][i];
            schedule[d] = (label.choice > 0).then(|| usize::from(label.choice) - 1);
            i = label.parent as usize;
        }
        schedule
    }
}

/// The [`BEAM`] cheapest labels of each bucket.
fn beam(mut labels: Vec<Label>, depth: Depth) -> Vec<Label> {
    let key = |l: &Label| {
        let run = if l.last_shift == NONE {
            l.off_run
        } else {
            l.work_run
        };
        let band = match depth {
            Depth::Quick => 0,
            Depth::Thorough => l.minutes / MINUTE_BAND,
        };
        (l.last_shift, run.min(8), l.run_from_start, l.weekends, band)
    };
    labels.sort_by(|a, b| key(a).cmp(&key(b)).then(a.cost.total_cmp(&b.cost)));
    let mut kept = Vec::with_capacity(labels.len());
    let mut in_bucket = 0;
    for (i, label) in labels.iter().enumerate() {
        if i > 0 && key(&labels[i - 1]) == key(label) {
            in_bucket += 1;
        } else {
            in_bucket = 0;
        }
        if in_bucket < BEAM {
            kept.push(*label);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use crossrota_domain::roster::check;
    use crossrota_domain::roster::curtois::parse_curtois;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::formulation::Choice;
    use crate::solve::solution;

    /// The roster in which `s` works `schedule` and everyone else is off.
    fn alone(index: &Index<'_>, s: usize, schedule: &Schedule) -> Choice {
        index
            .staff
            .iter()
            .enumerate()
            .map(|(p, person)| {
                if p == s {
                    schedule.clone()
                } else {
                    vec![None; person.options.len()]
                }
            })
            .collect()
    }

    /// Under random cover prices, every schedule pricing returns breaks none of the person's
    /// rules (judged by the independent checker), its own cost is the checker's requests, pay
    /// and fairness, and its priced cost is that less the prices it earns.
    #[test]
    fn priced_schedules_keep_every_rule_and_cost_what_the_checker_says() {
        for text in [
            include_str!("../../../../data/curtois/Instance2.txt"),
            include_str!("../../../../data/curtois/Instance8.txt"),
        ] {
            let model = parse_curtois(text).expect("parses");
            let index = Index::new(&model).expect("indexes");
            assert_eq!(unsupported(&index), None);
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            // Everyone else is off, which breaks their minimums: only `s`'s own count.
            let own_terms = |s: usize, choice: &Choice| {
                let roster = solution(&index, choice, 0.0).roster;
                let report = check(&model, &roster);
                let o = report.objective;
                let code = &model.staff[s].code;
                let violations: Vec<_> = report
                    .violations
                    .into_iter()
                    .filter(|v| v.staff.as_ref() == Some(code))
                    .collect();
                (violations, o.requests + o.pay + o.fairness)
            };
            let (_, nobody) = own_terms(0, &alone(&index, 0, &vec![None; index.days]));
            let mut schedules = 0;
            for round in 0..4 {
                let price: Vec<f64> = model
                    .demands
                    .iter()
                    .map(|_| {
                        if round == 0 {
                            0.0
                        } else {
                            rng.random_range(0.0..60.0)
                        }
                    })
                    .collect();
                let depth = if round % 2 == 0 {
                    Depth::Quick
                } else {
                    Depth::Thorough
                };
                for s in 0..index.staff.len() {
                    let pricer = Pricer::new(&index, s);
                    let off = pricer.own_cost(&vec![None; index.days]);
                    for (priced, schedule) in pricer.price(&price, 3, depth, &|_, _| true) {
                        let (violations, own) = own_terms(s, &alone(&index, s, &schedule));
                        assert!(violations.is_empty(), "{violations:?}");
                        let expected = pricer.own_cost(&schedule);
                        assert!(
                            (own - nobody - (expected - off)).abs() < 1e-6,
                            "checker {own} - {nobody}, pricer {expected} - {off}"
                        );
                        let earned: f64 = schedule
                            .iter()
                            .enumerate()
                            .filter_map(|(d, c)| {
                                c.map(|o| price[index.staff[s].options[d][o].demand])
                            })
                            .sum();
                        assert!((priced - (expected - earned)).abs() < 1e-6);
                        schedules += 1;
                    }
                }
            }
            assert!(schedules > 4 * index.staff.len(), "{schedules} schedules");
        }
    }
}
