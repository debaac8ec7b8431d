//! Following a job: first its current state, then every progress report, then its final
//! status, after which the stream ends.
//!
//! A job this instance runs is followed through its broadcast channel, so watchers see every
//! report as it happens. A job run by another instance sharing the database is followed by
//! polling its row, so watchers see its state at the polling interval.

use std::sync::Arc;
use std::time::Duration;

use crossrota_store::{RosterJobId, Store};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use crate::roster::job::RosterJobEvent;
use crate::roster::registry::LiveJob;
use crossrota_domain::jobs::JobProgress;

/// Events buffered for a watcher before the forwarder waits for it to read.
const WATCH_BUFFER: usize = 64;

/// A stream of events of a job this instance runs.
pub(crate) fn follow_live(live: Arc<LiveJob>) -> mpsc::Receiver<RosterJobEvent> {
    let (tx, rx) = mpsc::channel(WATCH_BUFFER);
    let (first, mut events) = live.subscribe();
    // Holding the job would keep its channel open after it ends.
    drop(live);
    tokio::spawn(async move {
        if tx.send(first).await.is_err() || first.status.is_finished() {
            return;
        }
        loop {
            let event = tokio::select! {
                event = events.recv() => event,
                () = tx.closed() => return,
            };
            match event {
                Ok(event) => {
                    if tx.send(event).await.is_err() || event.status.is_finished() {
                        return;
                    }
                }
                // A watcher that fell behind skips to the newer reports.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
    rx
}

/// A stream of events of a job another instance runs, polled from the store every `interval`
/// and sent when its state changes. A store error ends the stream (the caller may watch again).
pub(crate) fn follow_stored(
    store: Store,
    first: RosterJobEvent,
    interval: Duration,
) -> mpsc::Receiver<RosterJobEvent> {
    let (tx, rx) = mpsc::channel(WATCH_BUFFER);
    tokio::spawn(async move {
        if tx.send(first).await.is_err() || first.status.is_finished() {
            return;
        }
        let mut last = first;
        loop {
            tokio::select! {
                () = tokio::time::sleep(interval) => {}
                () = tx.closed() => return,
            }
            let event = match stored_event(&store, first.job).await {
                Some(event) => event,
                None => return,
            };
            if event != last {
                if tx.send(event).await.is_err() {
                    return;
                }
                last = event;
            }
            if event.status.is_finished() {
                return;
            }
        }
    });
    rx
}

async fn stored_event(store: &Store, job: RosterJobId) -> Option<RosterJobEvent> {
    match store.roster_job_state(job).await {
        Ok(state) => Some(RosterJobEvent {
            job,
            status: state.status,
            // Progress is informational: an unreadable report is shown as none.
            progress: state
                .progress
                .and_then(|text| serde_json::from_str::<JobProgress>(&text).ok()),
        }),
        Err(e) => {
            tracing::warn!(job = %job, error = %e, "polling a watched roster job");
            None
        }
    }
}
