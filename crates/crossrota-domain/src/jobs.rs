//! The vocabulary of solver jobs: what a caller asks of a solve (options, backend), where a
//! job is in its life, how the solver ended and the progress it reports.
//!
//! Roster jobs use it today; bank fills and rotation plans run on the same job machinery, so
//! nothing here is roster-specific. The store keeps these values, the service runs them and
//! the proto crate converts the wire forms straight to and from them.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::validation::FieldErrors;

/// The time limit when none is given.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);
/// The longest time limit a job may ask for.
pub const MAX_TIME_LIMIT: Duration = Duration::from_secs(3600);
/// The most searches (threads) a job may ask for.
pub const MAX_THREADS: u32 = 64;

/// The MIP solver behind a solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverBackend {
    /// Pure-Rust microlp: always built in, single-threaded, reports progress as it goes. The
    /// fallback of builds without HiGHS.
    Microlp,
    /// HiGHS: the engine's best, built in by default (cargo feature `highs`).
    Highs,
}

impl SolverBackend {
    /// Stable lower-case name, as on the command line and in stored options.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Microlp => "microlp",
            Self::Highs => "highs",
        }
    }
}

/// Limits and knobs of a job's solve, as the caller asked for them. `None` means "the best this
/// server has": the best backend built in, one search per available core.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct JobOptions {
    /// Wall-clock budget of the solve.
    pub time_limit: Duration,
    /// Relative gap at which the solve may stop (0 = prove optimal).
    pub mip_gap: f64,
    /// Searches run at once, one thread each; `None` for one per available core.
    #[serde(default)]
    pub threads: Option<u32>,
    /// Seed of the search's random choices.
    pub seed: u64,
    /// The MIP solver; `None` for the best one this build has.
    #[serde(default)]
    pub backend: Option<SolverBackend>,
    /// Budget the search by work instead of the clock, so the same inputs give the same result.
    #[serde(default)]
    pub deterministic: bool,
}

impl Default for JobOptions {
    /// One minute, exact optimality, seed 0, and the best backend and threads available.
    fn default() -> Self {
        Self {
            time_limit: DEFAULT_TIME_LIMIT,
            mip_gap: 0.0,
            threads: None,
            seed: 0,
            backend: None,
            deterministic: false,
        }
    }
}

impl JobOptions {
    /// Checks every value is in range; errors are rooted at `path` (`options.mip_gap`).
    pub fn validate(&self, path: &str) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::new();
        if self.time_limit.is_zero() || self.time_limit > MAX_TIME_LIMIT {
            errs.push(
                format!("{path}.time_limit_seconds"),
                format!(
                    "must be more than 0 and at most {}",
                    MAX_TIME_LIMIT.as_secs()
                ),
            );
        }
        if !(self.mip_gap.is_finite() && (0.0..=1.0).contains(&self.mip_gap)) {
            errs.push(format!("{path}.mip_gap"), "must be 0 to 1");
        }
        if self.threads.is_some_and(|n| n == 0 || n > MAX_THREADS) {
            errs.push(
                format!("{path}.threads"),
                format!("must be 0 (one per core) to {MAX_THREADS}"),
            );
        }
        errs.into_result(())
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for a free solver slot.
    Queued,
    /// Being solved.
    Running,
    /// Solved, and the result (if any) passed the independent checker.
    Succeeded,
    /// The solve or the check failed; the job's error says why.
    Failed,
    /// Stopped on request; keeps the best result found so far, if any.
    Cancelled,
}

impl JobStatus {
    /// Every status, in life order.
    pub const ALL: [Self; 5] = [
        Self::Queued,
        Self::Running,
        Self::Succeeded,
        Self::Failed,
        Self::Cancelled,
    ];

    /// Stable text form, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Inverse of [`JobStatus::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Whether the job has ended and will not change again.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }
}

/// How the solver ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveOutcome {
    /// Proven optimal.
    Optimal,
    /// Time ran out, or the job was cancelled.
    TimeLimit,
    /// Within the requested gap.
    GapLimit,
    /// No result satisfies the hard rules.
    Infeasible,
}

/// A progress report: how good the best result is and how far from the bound.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct JobProgress {
    /// Objective of the best result so far.
    pub incumbent: Option<f64>,
    /// Best proven lower bound.
    pub bound: Option<f64>,
    /// Relative gap between the two.
    pub gap: Option<f64>,
    /// Time since solving began.
    pub elapsed: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_text() {
        for status in JobStatus::ALL {
            assert_eq!(JobStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(JobStatus::parse("done"), None);
        assert!(JobStatus::Cancelled.is_finished() && !JobStatus::Running.is_finished());
    }

    #[test]
    fn out_of_range_options_are_named() {
        assert_eq!(JobOptions::default().validate("options"), Ok(()));
        let bad = JobOptions {
            time_limit: Duration::ZERO,
            mip_gap: 2.0,
            threads: Some(65),
            ..JobOptions::default()
        };
        let errs = bad.validate("options").expect_err("three bad fields");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "options.time_limit_seconds",
                "options.mip_gap",
                "options.threads"
            ]
        );
    }

    #[test]
    fn options_stored_before_the_defaults_changed_still_read() {
        let stored = r#"{"time_limit":{"secs":5,"nanos":0},"mip_gap":0.0,"threads":1,"seed":3,"backend":"microlp"}"#;
        let options: JobOptions = serde_json::from_str(stored).expect("old options parse");
        assert_eq!(options.threads, Some(1));
        assert_eq!(options.backend, Some(SolverBackend::Microlp));
        assert!(!options.deterministic);
    }
}
