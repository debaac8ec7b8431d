//! Following a roster job on its WatchRosterJob stream until it ends: a line whenever its
//! status changes or a better roster turns up (at most one a second), and a bar on a terminal.

use std::time::Duration;

use anyhow::Context;
use crossrota_proto::crossrota::v1 as pb;
use indicatif::{ProgressBar, ProgressStyle};
use tokio_stream::StreamExt;

use crate::client::{RosterClient, status_error};

/// Shortest time between two progress lines about better rosters.
const LINE_EVERY_MS: i64 = 1000;

/// Watches job `id` to its end, which the server reaches within `time_limit`; the wait is
/// bounded by that too, with room for queueing and the final check.
pub(super) async fn watch(
    client: &mut RosterClient,
    id: i64,
    time_limit: Duration,
) -> anyhow::Result<()> {
    let mut stream = client
        .watch_roster_job(pb::WatchRosterJobRequest { id })
        .await
        .map_err(status_error)?
        .into_inner();
    let bar = ProgressBar::new(u64::try_from(time_limit.as_millis()).unwrap_or(u64::MAX));
    bar.set_style(ProgressStyle::with_template(
        "solving {bar:40} {elapsed:>4} {msg}",
    )?);
    let mut printer = Printer::default();
    let patience = time_limit + Duration::from_secs(120);
    let followed = tokio::time::timeout(patience, async {
        while let Some(event) = stream.next().await {
            let event = event.map_err(status_error)?;
            bar.set_position(u64::try_from(event.elapsed_ms).unwrap_or(0));
            bar.set_message(figures(&event));
            if let Some(line) = printer.line(&event) {
                bar.suspend(|| println!("{line}"));
            }
        }
        anyhow::Ok(())
    })
    .await;
    bar.finish_and_clear();
    followed.with_context(|| format!("roster job {id} did not end within {patience:?}"))?
}

/// Decides which events make a line.
#[derive(Default)]
struct Printer {
    status: Option<pb::RosterJobStatus>,
    best: Option<f64>,
    last_line_ms: Option<i64>,
}

impl Printer {
    /// The line for `event`, if it says something new: a new status always, a better roster
    /// once a second at most.
    fn line(&mut self, event: &pb::RosterJobEvent) -> Option<String> {
        let status = pb::RosterJobStatus::try_from(event.status).unwrap_or_default();
        let improved = match (event.incumbent, self.best) {
            (Some(new), Some(old)) => new < old,
            (Some(_), None) => true,
            _ => false,
        };
        if improved {
            self.best = event.incumbent;
        }
        let new_status = self.status != Some(status);
        let due = self
            .last_line_ms
            .is_none_or(|last| event.elapsed_ms - last >= LINE_EVERY_MS);
        let worth_a_line = new_status || (improved && due);
        if !worth_a_line {
            return None;
        }
        self.status = Some(status);
        self.last_line_ms = Some(event.elapsed_ms);
        let name = status
            .as_str_name()
            .trim_start_matches("ROSTER_JOB_STATUS_")
            .to_ascii_lowercase();
        let line = format!(
            "  {:>6.1} s  {name:<9} {}",
            event.elapsed_ms as f64 / 1000.0,
            figures(event)
        );
        Some(line.trim_end().to_owned())
    }
}

/// "best 1234.50  bound 1100.00  gap 10.9%", as far as the event knows them.
fn figures(event: &pb::RosterJobEvent) -> String {
    let mut parts = Vec::new();
    if let Some(best) = event.incumbent {
        parts.push(format!("best {best:.2}"));
    }
    if let Some(bound) = event.bound {
        parts.push(format!("bound {bound:.2}"));
    }
    if let Some(gap) = event.gap {
        parts.push(format!("gap {:.1}%", 100.0 * gap));
    }
    parts.join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(status: pb::RosterJobStatus, ms: i64, best: Option<f64>) -> pb::RosterJobEvent {
        pb::RosterJobEvent {
            job_id: 1,
            status: status as i32,
            incumbent: best,
            bound: None,
            gap: None,
            elapsed_ms: ms,
        }
    }

    #[test]
    fn lines_come_with_new_statuses_and_better_rosters_at_most_once_a_second() {
        use pb::RosterJobStatus::{Queued, Running, Succeeded};
        let mut p = Printer::default();
        let lines: Vec<Option<String>> = [
            event(Queued, 0, None),
            event(Running, 0, None),
            event(Running, 200, Some(900.0)),
            event(Running, 400, Some(800.0)),
            event(Running, 1300, Some(800.0)),
            event(Running, 1400, Some(700.0)),
            event(Succeeded, 1500, Some(700.0)),
        ]
        .iter()
        .map(|e| p.line(e))
        .collect();
        let shown: Vec<bool> = lines.iter().map(Option::is_some).collect();
        assert_eq!(shown, [true, true, false, false, false, true, true]);
        let last = lines[6].as_deref().unwrap_or_default();
        assert!(
            last.contains("succeeded") && last.contains("best 700.00"),
            "{last}"
        );
    }
}
