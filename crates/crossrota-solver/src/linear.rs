//! A small backend-neutral MIP: variables by index, rows, and an objective with a constant.
//!
//! The formulation writes into this rather than straight into good_lp so that it can fold
//! constants (the fixed part of a neighbourhood in LNS), spot rows that are already decided,
//! evaluate the objective on a solution exactly as modelled, and be handed to any backend.

use good_lp::{Constraint, Expression, ProblemVariables, Variable, variable};

/// Whether a variable is 0/1 or continuous.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Binary,
    Continuous,
}

/// Bounds and kind of one variable.
#[derive(Clone, Copy, Debug)]
pub(crate) struct VarDef {
    pub(crate) kind: Kind,
    pub(crate) lower: f64,
    pub(crate) upper: f64,
}

/// A linear expression: `Σ coefficient · variable + constant`.
#[derive(Clone, Default, Debug)]
pub(crate) struct Lin {
    pub(crate) terms: Vec<(usize, f64)>,
    pub(crate) constant: f64,
}

impl Lin {
    pub(crate) fn add(&mut self, var: usize, coefficient: f64) {
        if coefficient != 0.0 {
            self.terms.push((var, coefficient));
        }
    }

    pub(crate) fn add_constant(&mut self, value: f64) {
        self.constant += value;
    }

    /// Adds `coefficient · other`.
    pub(crate) fn add_scaled(&mut self, other: &Lin, coefficient: f64) {
        for &(var, c) in &other.terms {
            self.add(var, c * coefficient);
        }
        self.constant += other.constant * coefficient;
    }

    /// Value for the given variable values.
    pub(crate) fn eval(&self, values: &[f64]) -> f64 {
        self.constant
            + self
                .terms
                .iter()
                .map(|&(var, c)| c * values.get(var).copied().unwrap_or(0.0))
                .sum::<f64>()
    }
}

/// Direction of a row.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Sense {
    AtMost,
    AtLeast,
}

/// `Σ terms (sense) rhs`, constants already moved to the right.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) terms: Vec<(usize, f64)>,
    pub(crate) sense: Sense,
    pub(crate) rhs: f64,
}

/// A whole problem, minimised.
#[derive(Clone, Default)]
pub(crate) struct Mip {
    pub(crate) vars: Vec<VarDef>,
    pub(crate) rows: Vec<Row>,
    pub(crate) objective: Lin,
    /// Set when a row without variables is already violated.
    pub(crate) trivially_infeasible: bool,
}

/// Slack for comparing folded constants, which are sums of small integers.
const EPS: f64 = 1e-9;

impl Mip {
    pub(crate) fn binary(&mut self) -> usize {
        self.add_var(VarDef {
            kind: Kind::Binary,
            lower: 0.0,
            upper: 1.0,
        })
    }

    /// A continuous variable in `[0, ∞)`.
    pub(crate) fn non_negative(&mut self) -> usize {
        self.add_var(VarDef {
            kind: Kind::Continuous,
            lower: 0.0,
            upper: f64::INFINITY,
        })
    }

    /// `max(0, lin)`: a constant when `lin` is, else a new variable at least `lin` and 0,
    /// which minimisation with a positive cost makes equal.
    pub(crate) fn positive_part(&mut self, lin: Lin) -> Lin {
        let mut part = Lin::default();
        if lin.terms.is_empty() {
            part.add_constant(lin.constant.max(0.0));
            return part;
        }
        let var = self.non_negative();
        let mut row = lin;
        row.add(var, -1.0);
        self.constrain(row, Sense::AtMost, 0.0);
        part.add(var, 1.0);
        part
    }

    fn add_var(&mut self, def: VarDef) -> usize {
        self.vars.push(def);
        self.vars.len() - 1
    }

    /// Adds `lin (sense) rhs`. A row whose variables have all been fixed away is checked now
    /// instead of being sent to the backend.
    pub(crate) fn constrain(&mut self, lin: Lin, sense: Sense, rhs: f64) {
        let rhs = rhs - lin.constant;
        if lin.terms.is_empty() {
            let holds = match sense {
                Sense::AtMost => 0.0 <= rhs + EPS,
                Sense::AtLeast => 0.0 >= rhs - EPS,
            };
            if !holds {
                self.trivially_infeasible = true;
            }
            return;
        }
        self.rows.push(Row {
            terms: lin.terms,
            sense,
            rhs,
        });
    }

    /// Objective value of a solution. Every variable of this formulation takes integer values
    /// in a vertex solution once the binaries are integral, so values are rounded first; this
    /// removes the backend's floating-point noise.
    pub(crate) fn objective_value(&self, values: &[f64]) -> f64 {
        let rounded: Vec<f64> = values.iter().map(|v| v.round()).collect();
        self.objective.eval(&rounded)
    }

    /// The LP relaxation: every binary becomes continuous in [0, 1].
    pub(crate) fn relaxed(&self) -> Mip {
        let mut lp = self.clone();
        for var in &mut lp.vars {
            if var.kind == Kind::Binary {
                var.kind = Kind::Continuous;
                var.lower = 0.0;
                var.upper = 1.0;
            }
        }
        lp
    }

    /// Whether every objective coefficient is a whole number. The continuous variables take
    /// whole values at a vertex once the binaries are integral (see [`Mip::objective_value`]),
    /// so then every solution's objective is whole too, and a gap below 1 proves optimality.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(crate) fn integral_objective(&self) -> bool {
        self.objective
            .terms
            .iter()
            .all(|&(_, c)| (c - c.round()).abs() < EPS)
    }

    /// The good_lp form: variables in index order, the objective without its constant, rows.
    pub(crate) fn to_good_lp(&self) -> GoodLp {
        let mut problem = ProblemVariables::new();
        let handles: Vec<Variable> = self
            .vars
            .iter()
            .map(|def| {
                let v = match def.kind {
                    Kind::Binary => variable().binary(),
                    Kind::Continuous => variable().min(def.lower),
                };
                problem.add(if def.upper.is_finite() {
                    v.max(def.upper)
                } else {
                    v
                })
            })
            .collect();
        let expression = |terms: &[(usize, f64)]| {
            let mut e = Expression::with_capacity(terms.len());
            for &(var, c) in terms {
                e.add_mul(c, handles[var]);
            }
            e
        };
        let objective = expression(&self.objective.terms);
        let constraints = self
            .rows
            .iter()
            .map(|row| {
                let e = expression(&row.terms);
                match row.sense {
                    Sense::AtMost => e.leq(row.rhs),
                    Sense::AtLeast => e.geq(row.rhs),
                }
            })
            .collect();
        GoodLp {
            problem,
            handles,
            objective,
            constraints,
        }
    }
}

/// A [`Mip`] translated for good_lp.
pub(crate) struct GoodLp {
    pub(crate) problem: ProblemVariables,
    pub(crate) handles: Vec<Variable>,
    pub(crate) objective: Expression,
    pub(crate) constraints: Vec<Constraint>,
}
