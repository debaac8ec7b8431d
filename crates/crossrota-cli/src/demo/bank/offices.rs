//! The bank offices of the seven trusts as gRPC clients, each with its trust's key, and the
//! trusts' ids and codes for tables.

use std::collections::HashMap;

use anyhow::Context;
use chrono::NaiveDateTime;
use crossrota_proto::crossrota::v1 as pb;

use super::places::site_name;
use super::plan::Kind;
use crate::client::{BankClient, connect_bank};
use crate::demo::region::Region;
use crate::demo::seed::Seeded;

/// One bank client per trust, and the trusts' ids.
pub(super) struct Offices {
    clients: HashMap<&'static str, BankClient>,
    ids: HashMap<&'static str, i64>,
    codes: HashMap<i64, &'static str>,
}

impl Offices {
    /// Connects every trust's bank office to `server`.
    pub(super) async fn connect(
        server: &str,
        region: &Region,
        seeded: &Seeded,
    ) -> anyhow::Result<Self> {
        let mut clients = HashMap::new();
        let mut ids = HashMap::new();
        let mut codes = HashMap::new();
        for o in &region.orgs {
            let key = seeded
                .keys
                .get(o.code)
                .with_context(|| format!("no key for {}", o.code))?;
            let id = seeded
                .orgs
                .get(o.code)
                .with_context(|| format!("unknown org {}", o.code))?
                .0;
            clients.insert(o.code, connect_bank(server, key).await?);
            ids.insert(o.code, id);
            codes.insert(id, o.code);
        }
        Ok(Self {
            clients,
            ids,
            codes,
        })
    }

    /// The bank office of `trust` (clients are cheap to clone: they share a channel).
    pub(super) fn of(&self, trust: &str) -> anyhow::Result<BankClient> {
        self.clients
            .get(trust)
            .cloned()
            .with_context(|| format!("no bank office for {trust}"))
    }

    /// The id of `trust`.
    pub(super) fn id(&self, trust: &str) -> anyhow::Result<i64> {
        self.ids
            .get(trust)
            .copied()
            .with_context(|| format!("unknown trust {trust}"))
    }

    /// The code of the trust with id `id`; "?" for one the demo did not make.
    pub(super) fn code(&self, id: i64) -> &'static str {
        self.codes.get(&id).copied().unwrap_or("?")
    }

    /// A shift in words: "RWF Maidstone Hospital HASU, night Tue 2026-11-24 19:30–07:30".
    pub(super) fn describe(&self, shift: &pb::OpenShift, kind: Kind) -> String {
        let trust = self.code(shift.org_id);
        let site = match site_name(trust, &shift.site) {
            "" => shift.site.as_str(),
            name => name,
        };
        format!(
            "{trust} {site} {}, {} {}",
            shift.ward,
            kind.name(),
            when(&shift.start_local, &shift.end_local)
        )
    }
}

/// "Tue 2026-11-24 19:30–07:30" from London wall-clock times "YYYY-MM-DDTHH:MM".
pub(super) fn when(start: &str, end: &str) -> String {
    let parse = |t: &str| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").ok();
    match (parse(start), parse(end)) {
        (Some(s), Some(e)) => format!("{}–{}", s.format("%a %Y-%m-%d %H:%M"), e.format("%H:%M")),
        _ => format!("{start}–{end}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_reads_as_its_day_and_times() {
        assert_eq!(
            when("2026-11-24T19:30", "2026-11-25T07:30"),
            "Tue 2026-11-24 19:30–07:30"
        );
        assert_eq!(when("soon", "later"), "soon–later");
    }
}
