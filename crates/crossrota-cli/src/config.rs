//! Server settings, layered: defaults, then an optional TOML file, then `CROSSROTA_*`
//! environment variables, then command-line flags.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;

/// Where the server listens and which database it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServeConfig {
    /// Listen address.
    pub(crate) listen: SocketAddr,
    /// Database URL (`sqlite://file.db` or `postgres://...`).
    pub(crate) database: DatabaseUrl,
    /// How long this instance's lease on a roster job lasts without renewal before another
    /// instance sharing the database takes the job over.
    pub(crate) roster_lease: Duration,
    /// Most roster jobs one organisation may have queued or running at once.
    pub(crate) roster_max_jobs_per_org: usize,
}

/// The settings given on the command line (each wins over env, file and default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ServeFlags {
    /// `--listen`.
    pub(crate) listen: Option<String>,
    /// `--database`.
    pub(crate) database: Option<String>,
    /// `--roster-lease-seconds`.
    pub(crate) roster_lease_seconds: Option<u64>,
    /// `--roster-max-jobs-per-org`.
    pub(crate) roster_max_jobs_per_org: Option<u64>,
}

/// A database URL whose `Debug` hides any password.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct DatabaseUrl(pub(crate) String);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

/// Replaces the password in `scheme://user:password@host` with `***`.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// The optional TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    database: Option<String>,
    roster_lease_seconds: Option<u64>,
    roster_max_jobs_per_org: Option<u64>,
}

/// Default listen address.
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:50051";
/// Default database: an SQLite file in the working directory.
pub(crate) const DEFAULT_DATABASE: &str = "sqlite://crossrota.db";
/// Default roster job lease, in seconds.
pub(crate) const DEFAULT_ROSTER_LEASE_SECONDS: u64 = 30;
/// Default most active roster jobs per organisation.
pub(crate) const DEFAULT_ROSTER_MAX_JOBS_PER_ORG: u64 = 20;
/// Longest roster job lease accepted (a day): a longer one would leave a dead instance's jobs
/// orphaned for longer than anyone waits.
const MAX_ROSTER_LEASE_SECONDS: u64 = 86_400;

/// A positive whole number from an environment variable, naming it when it is not one.
fn env_number(env: &impl Fn(&str) -> Option<String>, key: &str) -> anyhow::Result<Option<u64>> {
    env(key)
        .map(|text| {
            text.trim()
                .parse::<u64>()
                .with_context(|| format!("{key}={text:?} is not a whole number"))
        })
        .transpose()
}

impl ServeConfig {
    /// Resolves the layers. `env` is a lookup (so tests need not touch the process
    /// environment); flags win over env, env over file, file over defaults.
    pub(crate) fn resolve(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
        flags: &ServeFlags,
    ) -> anyhow::Result<Self> {
        let from_file = match file {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading config file {}", p.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("parsing config file {}", p.display()))?
            }
            None => FileConfig::default(),
        };
        let listen = flags
            .listen
            .clone()
            .or_else(|| env("CROSSROTA_LISTEN"))
            .or(from_file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let database = flags
            .database
            .clone()
            .or_else(|| env("CROSSROTA_DATABASE"))
            .or(from_file.database)
            .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
        let listen: SocketAddr = listen
            .parse()
            .with_context(|| format!("listen address {listen:?} is not host:port"))?;
        let lease = match flags.roster_lease_seconds {
            Some(n) => n,
            None => match env_number(&env, "CROSSROTA_ROSTER_LEASE_SECONDS")? {
                Some(n) => n,
                None => from_file
                    .roster_lease_seconds
                    .unwrap_or(DEFAULT_ROSTER_LEASE_SECONDS),
            },
        };
        if !(1..=MAX_ROSTER_LEASE_SECONDS).contains(&lease) {
            anyhow::bail!(
                "roster lease of {lease} s: must be 1 to {MAX_ROSTER_LEASE_SECONDS} seconds"
            );
        }
        let max_jobs = match flags.roster_max_jobs_per_org {
            Some(n) => n,
            None => match env_number(&env, "CROSSROTA_ROSTER_MAX_JOBS_PER_ORG")? {
                Some(n) => n,
                None => from_file
                    .roster_max_jobs_per_org
                    .unwrap_or(DEFAULT_ROSTER_MAX_JOBS_PER_ORG),
            },
        };
        if max_jobs == 0 {
            anyhow::bail!("roster max jobs per organisation: must be at least 1");
        }
        Ok(Self {
            listen,
            database: DatabaseUrl(database),
            roster_lease: Duration::from_secs(lease),
            roster_max_jobs_per_org: usize::try_from(max_jobs).unwrap_or(usize::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_env_beat_file_beat_defaults() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("crossrota.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:7000\"\ndatabase = \"sqlite://file.db\"\n",
        )?;
        let none = |_: &str| None;
        let no_flags = ServeFlags::default();
        let c = ServeConfig::resolve(None, none, &no_flags)?;
        assert_eq!(c.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(c.database.0, DEFAULT_DATABASE);
        let c = ServeConfig::resolve(Some(&file), none, &no_flags)?;
        assert_eq!(c.listen.port(), 7000);
        let env =
            |k: &str| (k == "CROSSROTA_DATABASE").then(|| "postgres://u:secret@h/db".to_owned());
        let listen = ServeFlags {
            listen: Some("127.0.0.1:9".into()),
            ..ServeFlags::default()
        };
        let c = ServeConfig::resolve(Some(&file), env, &listen)?;
        assert_eq!(c.listen.port(), 9);
        assert_eq!(c.database.0, "postgres://u:secret@h/db");
        assert_eq!(format!("{:?}", c.database), "postgres://u:***@h/db");
        Ok(())
    }

    #[test]
    fn unknown_keys_and_bad_addresses_are_errors() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "lisen = \"x\"\n")?;
        let no_flags = ServeFlags::default();
        assert!(ServeConfig::resolve(Some(&file), |_| None, &no_flags).is_err());
        let bad_listen = ServeFlags {
            listen: Some("nope".into()),
            ..ServeFlags::default()
        };
        assert!(ServeConfig::resolve(None, |_| None, &bad_listen).is_err());
        Ok(())
    }

    #[test]
    fn roster_settings_layer_and_are_checked() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("crossrota.toml");
        std::fs::write(
            &file,
            "roster_lease_seconds = 45\nroster_max_jobs_per_org = 3\n",
        )?;
        let none = |_: &str| None;
        let no_flags = ServeFlags::default();
        let c = ServeConfig::resolve(None, none, &no_flags)?;
        assert_eq!(
            c.roster_lease,
            Duration::from_secs(DEFAULT_ROSTER_LEASE_SECONDS)
        );
        assert_eq!(c.roster_max_jobs_per_org, 20);
        let c = ServeConfig::resolve(Some(&file), none, &no_flags)?;
        assert_eq!(c.roster_lease, Duration::from_secs(45));
        assert_eq!(c.roster_max_jobs_per_org, 3);
        let env = |k: &str| match k {
            "CROSSROTA_ROSTER_LEASE_SECONDS" => Some("12".to_owned()),
            "CROSSROTA_ROSTER_MAX_JOBS_PER_ORG" => Some("7".to_owned()),
            _ => None,
        };
        let c = ServeConfig::resolve(Some(&file), env, &no_flags)?;
        assert_eq!(c.roster_lease, Duration::from_secs(12));
        assert_eq!(c.roster_max_jobs_per_org, 7);
        let flags = ServeFlags {
            roster_lease_seconds: Some(5),
            roster_max_jobs_per_org: Some(1),
            ..ServeFlags::default()
        };
        let c = ServeConfig::resolve(Some(&file), env, &flags)?;
        assert_eq!(c.roster_lease, Duration::from_secs(5));
        assert_eq!(c.roster_max_jobs_per_org, 1);

        let zero = ServeFlags {
            roster_max_jobs_per_org: Some(0),
            ..ServeFlags::default()
        };
        assert!(ServeConfig::resolve(None, none, &zero).is_err());
        let no_lease = ServeFlags {
            roster_lease_seconds: Some(0),
            ..ServeFlags::default()
        };
        assert!(ServeConfig::resolve(None, none, &no_lease).is_err());
        let words = |k: &str| (k == "CROSSROTA_ROSTER_LEASE_SECONDS").then(|| "soon".to_owned());
        let err = ServeConfig::resolve(None, words, &no_flags).err();
        assert!(
            err.is_some_and(|e| e.to_string().contains("CROSSROTA_ROSTER_LEASE_SECONDS")),
            "the bad variable is named"
        );
        Ok(())
    }
}
