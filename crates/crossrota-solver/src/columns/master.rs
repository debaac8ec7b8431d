//! The restricted master LP of column generation, kept in one HiGHS model between solves so
//! each solve starts from the last basis.
//!
//! Variables: `λ[column]` in [0, 1], one column per schedule of a person; per demand line a
//! shortfall and an excess at their costs. Rows: per demand line, schedules working it plus
//! shortfall less excess equal the required count; per person, their columns sum to 1.

use std::collections::HashMap;

use std::time::Duration;

use highs::{ColProblem, HighsModelStatus, HighsSolutionStatus, Model, Row, Sense};

use super::pricing::Schedule;
use crate::index::Index;

/// One schedule in the master.
pub(crate) struct Column {
    pub(crate) person: usize,
    pub(crate) schedule: Schedule,
    /// Own cost: requests, pay and fairness.
    cost: f64,
}

/// The LP's optimum: its value and row prices.
pub(crate) struct LpSolution {
    pub(crate) value: f64,
    /// What covering one more unit of each demand line is worth.
    pub(crate) cover_price: Vec<f64>,
    /// The price of each person's convexity row.
    pub(crate) person_price: Vec<f64>,
}

pub(crate) struct Master<'a, 'm> {
    index: &'a Index<'m>,
    model: Option<Model>,
    cover_rows: Vec<Row>,
    person_rows: Vec<Row>,
    pub(crate) columns: Vec<Column>,
    /// The column of each (person, schedule) added.
    seen: HashMap<(usize, Schedule), usize>,
}

impl<'a, 'm> Master<'a, 'm> {
    pub(crate) fn new(index: &'a Index<'m>) -> Self {
        let (problem, cover_rows, person_rows) = rows_and_slacks(index);
        let mut model = Model::new(problem);
        model.make_quiet();
        model.set_sense(Sense::Minimise);
        // One thread: the master is small, and the portfolio has the other cores.
        let _ = model.try_set_option("threads", 1);
        let _ = model.try_set_option("presolve", "off");
        Self {
            index,
            model: Some(model),
            cover_rows,
            person_rows,
            columns: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// Adds a schedule of `person` at its own cost; false if it is there already.
    pub(crate) fn add(&mut self, person: usize, schedule: Schedule, cost: f64) -> bool {
        if self.seen.contains_key(&(person, schedule.clone())) {
            return false;
        }
        self.seen
            .insert((person, schedule.clone()), self.columns.len());
        let factors = self.factors(person, &schedule);
        let model = self
            .model
            .as_mut()
            .expect("the model is put back after each solve");
        model.add_col(cost, 0.0..=1.0, factors);
        self.columns.push(Column {
            person,
            schedule,
            cost,
        });
        true
    }

    /// The column of `person`'s `schedule`, added at `cost` if it is not there yet.
    pub(crate) fn column_of(&mut self, person: usize, schedule: &Schedule, cost: f64) -> usize {
        if let Some(&c) = self.seen.get(&(person, schedule.clone())) {
            return c;
        }
        self.add(person, schedule.clone(), cost);
        self.columns.len() - 1
    }

    /// The rows a schedule of `person` has a 1 in: the person's, then one per day worked.
    fn factors(&self, person: usize, schedule: &Schedule) -> Vec<(Row, f64)> {
        let mut factors = vec![(self.person_rows[person], 1.0)];
        for (d, chosen) in schedule.iter().enumerate() {
            if let Some(o) = chosen {
                let demand = self.index.staff[person].options[d][*o].demand;
                factors.push((self.cover_rows[demand], 1.0));
            }
        }
        factors
    }

    /// The best roster made of the columns so far, one per person, by HiGHS's MIP within
    /// `time_limit`, starting from `start` (a column per person) when given: the
    /// restricted master with whole schedules (price-and-branch). `None` if HiGHS finds no
    /// roster. Returns the column chosen for each person.
    pub(crate) fn whole(
        &self,
        time_limit: Duration,
        start: Option<&[usize]>,
    ) -> Option<Vec<usize>> {
        let demands = &self.index.model.demands;
        // Rows come in the same order as in the LP, so its rows name them here too.
        let (mut problem, _, _) = rows_and_slacks(self.index);
        for column in &self.columns {
            let factors = self.factors(column.person, &column.schedule);
            problem.add_integer_column(column.cost, 0.0..=1.0, factors);
        }
        let mut model = Model::new(problem);
        model.make_quiet();
        model.set_sense(Sense::Minimise);
        let _ = model.try_set_option("threads", 1);
        let _ = model.try_set_option("time_limit", time_limit.as_secs_f64().max(0.01));
        if let Some(start) = start {
            let mut values = vec![0.0; 2 * demands.len() + self.columns.len()];
            let mut covered = vec![0i64; demands.len()];
            for &c in start {
                values[2 * demands.len() + c] = 1.0;
                let column = &self.columns[c];
                for (d, chosen) in column.schedule.iter().enumerate() {
                    if let Some(o) = chosen {
                        covered[self.index.staff[column.person].options[d][*o].demand] += 1;
                    }
                }
            }
            for (k, demand) in demands.iter().enumerate() {
                let gap = i64::from(demand.required) - covered[k];
                values[2 * k] = gap.max(0) as f64;
                values[2 * k + 1] = (-gap).max(0) as f64;
            }
            let _ = model.try_set_solution(Some(&values), None, None, None);
        }
        let solved = model.try_solve().ok()?;
        if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
            return None;
        }
        let values = solved.get_solution().columns().to_vec();
        let lambda = values.get(2 * demands.len()..)?;
        let mut chosen = vec![None; self.person_rows.len()];
        for (c, &value) in lambda.iter().enumerate() {
            if value > 0.5 {
                chosen[self.columns[c].person] = Some(c);
            }
        }
        chosen.into_iter().collect()
    }

    /// Solves the LP; `None` if HiGHS fails (the dive then stops).
    pub(crate) fn solve(&mut self) -> Option<LpSolution> {
        let model = self.model.take()?;
        let solved = model.try_solve().ok()?;
        let optimal = solved.status() == HighsModelStatus::Optimal;
        let solution = solved.get_solution();
        let duals = solution.dual_rows().to_vec();
        let values = solution.columns().to_vec();
        let value = solved.objective_value();
        self.model = Some(Model::from(solved));
        if !optimal {
            return None;
        }
        // HiGHS numbers rows and columns in the order they were added: the cover rows, then
        // the person rows; a shortfall and an excess per cover row, then the schedules.
        let demands = self.cover_rows.len();
        let schedules = values.len().saturating_sub(2 * demands);
        let cover_price = duals.get(..demands).unwrap_or_default().to_vec();
        let person_price = duals.get(demands..).unwrap_or_default().to_vec();
        if schedules != self.columns.len() || person_price.len() != self.person_rows.len() {
            return None;
        }
        Some(LpSolution {
            value,
            cover_price,
            person_price,
        })
    }
}

/// The master's rows (cover rows, then one per person) and its shortfall and excess columns,
/// a pair per cover row at the demand's costs. Columns of schedules come after them.
fn rows_and_slacks(index: &Index<'_>) -> (ColProblem, Vec<Row>, Vec<Row>) {
    let weights = index.model.weights;
    let mut problem = ColProblem::default();
    let cover_rows: Vec<Row> = index
        .model
        .demands
        .iter()
        .map(|d| problem.add_row(f64::from(d.required)..=f64::from(d.required)))
        .collect();
    let person_rows: Vec<Row> = index
        .staff
        .iter()
        .map(|_| problem.add_row(1.0..=1.0))
        .collect();
    for (demand, &row) in index.model.demands.iter().zip(&cover_rows) {
        let short = weights.uncovered * demand.cost_per_missing;
        let extra = weights.over_cover * demand.cost_per_extra;
        problem.add_column(short.max(0.0), 0.0.., [(row, 1.0)]);
        problem.add_column(extra.max(0.0), 0.0.., [(row, -1.0)]);
    }
    (problem, cover_rows, person_rows)
}
