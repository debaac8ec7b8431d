//! Running one job: wait for a solver slot, mark the job running, solve and judge on a
//! blocking thread, forward progress to watchers and the store, and record how it ended.
//!
//! The solve never runs on the async runtime: it takes a permit of the service's semaphore
//! (so at most `solver_slots` solves run at once) and a `spawn_blocking` thread, and the
//! server keeps answering other calls meanwhile. Progress crosses from the solver's thread
//! through an unbounded channel (the solver must never block on a slow watcher).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crossrota_domain::roster::{Roster, RosterModel};
use crossrota_solver::{Progress, SolveError, SolveOptions};
use crossrota_store::{JobStatus, RosterJobEnd, RosterJobId};
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use tokio::time::{Instant, MissedTickBehavior};

use crate::roster::Inner;
use crate::roster::job::{RosterJobEvent, to_json};
use crate::roster::judge::{Judged, judge};
use crate::roster::registry::LiveJob;
use crossrota_domain::jobs::JobProgress;

/// Shortest time between two progress writes to the store (every report still reaches the
/// watchers of this instance at once).
const PROGRESS_WRITE_INTERVAL: Duration = Duration::from_millis(500);

/// Share of the time limit that explaining uncovered demand may add after the solve.
const EXPLAIN_SHARE: f64 = 0.05;

/// Explanation time allowed however short the limit (small models explain in milliseconds).
const MIN_EXPLAIN_BUDGET: Duration = Duration::from_millis(100);

/// What a job needs to run.
pub(crate) struct JobRun {
    pub(crate) id: RosterJobId,
    pub(crate) live: Arc<LiveJob>,
    pub(crate) model: RosterModel,
    pub(crate) options: SolveOptions,
    /// The roster a replan started from, for the diff.
    pub(crate) published: Option<Roster>,
}

/// Runs the job to its end; every outcome is recorded in the store and sent to watchers.
pub(crate) async fn run(inner: Arc<Inner>, job: JobRun) {
    let id = job.id;
    if let Some(_permit) = wait_for_slot(&inner, &job).await {
        solve_and_record(&inner, job).await;
    }
    inner.registry.remove(id);
}

/// Waits for a solver slot; `None` when the job ended while it waited (cancelled here or by
/// another instance), after telling its watchers.
async fn wait_for_slot(inner: &Inner, job: &JobRun) -> Option<OwnedSemaphorePermit> {
    let mut poll = tokio::time::interval(inner.config.poll_interval);
    poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // One acquire for the whole wait keeps the job's place in the semaphore's FIFO queue.
    let acquire = Arc::clone(&inner.slots).acquire_owned();
    tokio::pin!(acquire);
    loop {
        if job.live.cancel_requested() {
            // The canceller has recorded the cancellation already.
            publish_stored_state(inner, job).await;
            return None;
        }
        tokio::select! {
            permit = &mut acquire => return permit.ok(),
            () = job.live.wake.notified() => {}
            _ = poll.tick() => {
                match inner.store.roster_job_state(job.id).await {
                    Ok(state) if state.status != JobStatus::Queued => {
                        publish_stored_state(inner, job).await;
                        return None;
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(job = %job.id, error = %e, "polling a queued roster job"),
                }
            }
        }
    }
}

/// Sends watchers the job's state as stored (it ended without this task running it).
async fn publish_stored_state(inner: &Inner, job: &JobRun) {
    let status = match inner.store.roster_job_state(job.id).await {
        Ok(state) => state.status,
        Err(e) => {
            tracing::warn!(job = %job.id, error = %e, "reading a cancelled roster job");
            JobStatus::Cancelled
        }
    };
    job.live.publish(RosterJobEvent {
        job: job.id,
        status,
        progress: None,
    });
}

async fn solve_and_record(inner: &Inner, job: JobRun) {
    let id = job.id;
    match inner
        .store
        .start_roster_job(id, &inner.instance, inner.clock.now())
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            // Cancelled (or taken) between the slot and the start.
            publish_stored_state(inner, &job).await;
            return;
        }
        Err(e) => {
            tracing::error!(job = %id, error = %e, "starting a roster job");
            finish(inner, &job, failed(format!("could not start: {e}"))).await;
            return;
        }
    }
    job.live.publish(RosterJobEvent {
        job: id,
        status: JobStatus::Running,
        progress: None,
    });

    let (reports, mut progress) = mpsc::unbounded_channel::<Progress>();
    let cancel = Arc::clone(&job.live.cancel);
    let (model, options, published) = (
        job.model.clone(),
        job.options.clone(),
        job.published.clone(),
    );
    let solving = tokio::task::spawn_blocking(move || {
        solve_and_judge(&model, &options, &cancel, published.as_ref(), reports)
    });
    follow(inner, &job, &mut progress).await;
    let end = match solving.await {
        Ok(Ok(judged)) => judged_end(&job, judged),
        Ok(Err(e)) => failed(e.to_string()),
        Err(e) => failed(format!("the solver stopped unexpectedly: {e}")),
    };
    finish(inner, &job, end).await;
}

/// The blocking part: solve, then judge the result against the checker.
fn solve_and_judge(
    model: &RosterModel,
    options: &SolveOptions,
    cancel: &AtomicBool,
    published: Option<&Roster>,
    reports: mpsc::UnboundedSender<Progress>,
) -> Result<Judged, SolveError> {
    let result = crossrota_solver::solve_cancellable(model, options, cancel, |p| {
        // A closed channel means the job's task is gone; the solve just finishes.
        let _ = reports.send(p);
    })?;
    let explain_budget = options
        .time_limit
        .mul_f64(EXPLAIN_SHARE)
        .max(MIN_EXPLAIN_BUDGET);
    Ok(judge(model, &result, published, explain_budget))
}

/// Forwards progress until the solver's thread drops its sender: every report to watchers,
/// the latest to the store at most every [`PROGRESS_WRITE_INTERVAL`]; meanwhile picks up
/// cancel requests made through other instances.
async fn follow(inner: &Inner, job: &JobRun, progress: &mut mpsc::UnboundedReceiver<Progress>) {
    let mut poll = tokio::time::interval(inner.config.poll_interval.max(PROGRESS_WRITE_INTERVAL));
    poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut unsaved: Option<JobProgress> = None;
    let mut last_write = Instant::now();
    loop {
        tokio::select! {
            report = progress.recv() => {
                let Some(report) = report else { break };
                let figures = JobProgress {
                    incumbent: report.incumbent,
                    bound: report.bound,
                    gap: report.gap,
                    elapsed: report.elapsed,
                };
                job.live.publish(RosterJobEvent {
                    job: job.id,
                    status: JobStatus::Running,
                    progress: Some(figures),
                });
                unsaved = Some(figures);
                if last_write.elapsed() >= PROGRESS_WRITE_INTERVAL {
                    save_progress(inner, job.id, unsaved.take()).await;
                    last_write = Instant::now();
                }
            }
            _ = poll.tick() => {
                save_progress(inner, job.id, unsaved.take()).await;
                last_write = Instant::now();
                if !job.live.cancel_requested()
                    && let Ok(state) = inner.store.roster_job_state(job.id).await
                    && state.cancel_requested
                {
                    job.live.request_cancel();
                }
            }
        }
    }
}

async fn save_progress(inner: &Inner, id: RosterJobId, figures: Option<JobProgress>) {
    let Some(figures) = figures else { return };
    let saved = match to_json("progress", &figures) {
        Ok(text) => inner
            .store
            .set_roster_job_progress(id, &inner.instance, &text)
            .await
            .map(|_| ()),
        Err(e) => {
            tracing::warn!(job = %id, error = %e, "encoding roster job progress");
            Ok(())
        }
    };
    if let Err(e) = saved {
        tracing::warn!(job = %id, error = %e, "saving roster job progress");
    }
}

/// How a job ends, before it is timed.
struct Ending {
    status: JobStatus,
    result: Option<String>,
    error: Option<String>,
    progress: Option<JobProgress>,
}

fn failed(error: String) -> Ending {
    Ending {
        status: JobStatus::Failed,
        result: None,
        error: Some(error),
        progress: None,
    }
}

fn judged_end(job: &JobRun, judged: Judged) -> Ending {
    let outcome = &judged.outcome;
    let progress = Some(JobProgress {
        incumbent: outcome.objective,
        bound: outcome.bound,
        gap: outcome.gap,
        elapsed: outcome.solve_time,
    });
    let result = match to_json("result", outcome) {
        Ok(text) => Some(text),
        Err(e) => return failed(format!("the result could not be stored: {e}")),
    };
    let (status, error) = match judged.failure {
        Some(failure) => (JobStatus::Failed, Some(failure)),
        None if job.live.cancel_requested() => (
            JobStatus::Cancelled,
            Some("cancelled while running; the best roster found so far is kept".to_owned()),
        ),
        None => (JobStatus::Succeeded, None),
    };
    Ending {
        status,
        result,
        error,
        progress,
    }
}

/// Records the end in the store, then tells the watchers (so a watcher that sees the final
/// event and reads the job finds it ended).
async fn finish(inner: &Inner, job: &JobRun, ending: Ending) {
    let progress_text = ending
        .progress
        .as_ref()
        .and_then(|p| to_json("progress", p).ok());
    let end = RosterJobEnd {
        status: ending.status,
        result: ending.result,
        error: ending.error,
        progress: progress_text,
        at: inner.clock.now(),
    };
    match inner
        .store
        .finish_roster_job(job.id, &inner.instance, &end)
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            // Ended by someone else, or taken over by another instance after this one lost
            // its lease: watchers here learn the stored state, not this copy's end.
            tracing::warn!(job = %job.id, "roster job had already ended or changed hands");
            publish_stored_state(inner, job).await;
            return;
        }
        Err(e) => tracing::error!(job = %job.id, error = %e, "recording the end of a roster job"),
    }
    let progress = ending.progress.or(job.live.last().progress);
    job.live.publish(RosterJobEvent {
        job: job.id,
        status: end.status,
        progress,
    });
}
