//! The jobs this instance is running or has queued, held in memory so that watchers get every
//! progress report as it happens and a cancel reaches the solver at once.
//!
//! Each live job has a broadcast channel and its latest event, kept under one lock so that a
//! new watcher's first event (the current state) and its subscription start at the same
//! point: it neither misses nor repeats a report. Jobs run by other instances sharing the
//! database are not here; watching them falls back to polling the store.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crossrota_store::{JobStatus, RosterJobId};
use tokio::sync::{Notify, broadcast};

use crate::roster::job::RosterJobEvent;

/// How many events a slow watcher may fall behind before it skips ahead.
const EVENT_BUFFER: usize = 256;

/// One job of this instance.
#[derive(Debug)]
pub(crate) struct LiveJob {
    /// Set to stop the solve at its next check (or to drop the job while it waits for a slot).
    pub(crate) cancel: Arc<AtomicBool>,
    /// Wakes the job's task while it waits for a slot, after `cancel` is set.
    pub(crate) wake: Notify,
    state: Mutex<LiveState>,
}

#[derive(Debug)]
struct LiveState {
    last: RosterJobEvent,
    events: broadcast::Sender<RosterJobEvent>,
}

impl LiveJob {
    fn state(&self) -> MutexGuard<'_, LiveState> {
        // The state is a plain value replaced whole, so it is consistent even after a panic
        // elsewhere while the lock was held.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records and sends an event.
    pub(crate) fn publish(&self, event: RosterJobEvent) {
        let mut state = self.state();
        state.last = event;
        // No receiver is fine: nobody is watching.
        let _ = state.events.send(event);
    }

    /// The current state and a subscription to every later event.
    pub(crate) fn subscribe(&self) -> (RosterJobEvent, broadcast::Receiver<RosterJobEvent>) {
        let state = self.state();
        (state.last, state.events.subscribe())
    }

    /// The latest event.
    pub(crate) fn last(&self) -> RosterJobEvent {
        self.state().last
    }

    /// Asks the job to stop.
    pub(crate) fn request_cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Whether a cancel was requested.
    pub(crate) fn cancel_requested(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

/// The live jobs of this instance.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    jobs: Mutex<HashMap<RosterJobId, Arc<LiveJob>>>,
}

impl Registry {
    fn jobs(&self) -> MutexGuard<'_, HashMap<RosterJobId, Arc<LiveJob>>> {
        self.jobs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a queued job.
    pub(crate) fn add(&self, id: RosterJobId) -> Arc<LiveJob> {
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let job = Arc::new(LiveJob {
            cancel: Arc::new(AtomicBool::new(false)),
            wake: Notify::new(),
            state: Mutex::new(LiveState {
                last: RosterJobEvent {
                    job: id,
                    status: JobStatus::Queued,
                    progress: None,
                },
                events,
            }),
        });
        self.jobs().insert(id, Arc::clone(&job));
        job
    }

    /// The live job with this id, if this instance runs it.
    pub(crate) fn get(&self, id: RosterJobId) -> Option<Arc<LiveJob>> {
        self.jobs().get(&id).cloned()
    }

    /// Forgets an ended job; its watchers have had the final event.
    pub(crate) fn remove(&self, id: RosterJobId) {
        self.jobs().remove(&id);
    }

    /// Every live job.
    pub(crate) fn all(&self) -> Vec<(RosterJobId, Arc<LiveJob>)> {
        self.jobs()
            .iter()
            .map(|(id, job)| (*id, Arc::clone(job)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watcher_starts_from_the_current_state_and_sees_what_follows() {
        let registry = Registry::default();
        let id = RosterJobId(7);
        let job = registry.add(id);
        let running = RosterJobEvent {
            job: id,
            status: JobStatus::Running,
            progress: None,
        };
        job.publish(running);
        let (current, mut later) = job.subscribe();
        assert_eq!(current, running);
        let done = RosterJobEvent {
            status: JobStatus::Succeeded,
            ..running
        };
        job.publish(done);
        assert_eq!(later.try_recv(), Ok(done));
        assert!(later.try_recv().is_err(), "nothing else was sent");
        assert!(registry.get(id).is_some());
        registry.remove(id);
        assert!(registry.get(id).is_none());
    }
}
