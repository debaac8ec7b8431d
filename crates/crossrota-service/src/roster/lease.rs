//! Leases on active jobs, so that no job is orphaned when the instance holding it dies.
//!
//! Every queued or running job has an owner, the instance that accepted it (its queue is in that
//! instance's memory) or took it over. The owner renews the job's heartbeat in the store while
//! it holds the job. Every instance, at start-up and then on each tick, looks for active jobs
//! whose heartbeat is older than its lease and claims them with one conditional update (so of
//! two instances, one wins), then runs them from the start: a running job whose owner died is
//! queued again and solved afresh from its stored model.
//!
//! An owner that stalls for longer than the lease may find its job taken over; renewing then
//! fails, and it stops its own copy of the solve. Its later writes (start, progress, end) name
//! it as owner and so do not touch the row the new owner holds.

use std::sync::{Arc, Weak};
use std::time::Duration;

use chrono::TimeDelta;
use crossrota_store::RosterJobId;
use tokio::time::MissedTickBehavior;

use crate::roster::Inner;

/// Most expired jobs one scan claims (the rest wait for the next tick).
const CLAIM_BATCH: u32 = 50;

/// How often an instance renews its leases and scans for expired ones: three times per lease,
/// but no more often than it polls.
pub(crate) fn renew_interval(inner: &Inner) -> Duration {
    (inner.config.lease / 3).max(inner.config.poll_interval)
}

/// Renews this instance's leases and takes over expired jobs until the service is dropped or
/// shut down.
pub(crate) async fn maintain(inner: Weak<Inner>) {
    let Some(first) = inner.upgrade() else { return };
    let mut tick = tokio::time::interval(renew_interval(&first));
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    drop(first);
    loop {
        // The first tick is immediate: jobs orphaned while no instance ran are taken at start-up.
        tick.tick().await;
        let Some(inner) = inner.upgrade() else { return };
        if inner.is_stopping() {
            return;
        }
        renew(&inner).await;
        take_over_expired(&inner).await;
    }
}

/// Renews the lease of every live job of this instance; asks jobs whose lease was lost to stop.
async fn renew(inner: &Inner) {
    let live = inner.registry.all();
    if live.is_empty() {
        return;
    }
    let ids: Vec<RosterJobId> = live.iter().map(|(id, _)| *id).collect();
    let renewed = match inner
        .store
        .renew_roster_job_leases(&inner.instance, &ids, inner.clock.now())
        .await
    {
        Ok(renewed) => renewed,
        Err(e) => {
            tracing::warn!(error = %e, "renewing roster job leases");
            return;
        }
    };
    for (id, job) in live {
        if renewed.binary_search(&id).is_ok() {
            continue;
        }
        // Either the job ended (its task is finishing) or another instance took it over.
        match inner.store.roster_job_state(id).await {
            Ok(state) if !state.status.is_finished() && !job.cancel_requested() => {
                tracing::warn!(job = %id, "lease on a roster job lost; stopping this copy");
                job.request_cancel();
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(job = %id, error = %e, "reading a roster job"),
        }
    }
}

/// Claims active jobs whose lease expired and runs them here.
async fn take_over_expired(inner: &Arc<Inner>) {
    let now = inner.clock.now();
    let lease = TimeDelta::from_std(inner.config.lease).unwrap_or(TimeDelta::MAX);
    let stale_before = now.checked_sub_signed(lease).unwrap_or(now);
    let expired = match inner
        .store
        .expired_roster_jobs(stale_before, CLAIM_BATCH)
        .await
    {
        Ok(ids) => ids,
        Err(e) => {
            tracing::warn!(error = %e, "looking for expired roster jobs");
            return;
        }
    };
    for id in expired {
        if inner.registry.get(id).is_some() {
            // Ours, renewed late (e.g. the store was slow); the next renewal catches up.
            continue;
        }
        match inner
            .store
            .claim_roster_job(id, &inner.instance, stale_before, now)
            .await
        {
            Ok(true) => {
                tracing::info!(job = %id, "took over a roster job whose lease expired");
                if let Err(e) = crate::roster::resume(inner, id).await {
                    tracing::error!(job = %id, error = %e, "resuming a roster job taken over");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(job = %id, error = %e, "claiming an expired roster job"),
        }
    }
}
