//! Server settings, layered: defaults, then an optional TOML file, then `CROSSROTA_*`
//! environment variables, then command-line flags.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

/// Where the server listens and which database it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServeConfig {
    /// Listen address.
    pub(crate) listen: SocketAddr,
    /// Database URL (`sqlite://file.db` or `postgres://...`).
    pub(crate) database: DatabaseUrl,
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
}

/// Default listen address.
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:50051";
/// Default database: an SQLite file in the working directory.
pub(crate) const DEFAULT_DATABASE: &str = "sqlite://crossrota.db";

impl ServeConfig {
    /// Resolves the layers. `env` is a lookup (so tests need not touch the process
    /// environment); flags win over env, env over file, file over defaults.
    pub(crate) fn resolve(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
        listen_flag: Option<String>,
        database_flag: Option<String>,
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
        let listen = listen_flag
            .or_else(|| env("CROSSROTA_LISTEN"))
            .or(from_file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let database = database_flag
            .or_else(|| env("CROSSROTA_DATABASE"))
            .or(from_file.database)
            .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
        let listen: SocketAddr = listen
            .parse()
            .with_context(|| format!("listen address {listen:?} is not host:port"))?;
        Ok(Self {
            listen,
            database: DatabaseUrl(database),
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
        let c = ServeConfig::resolve(None, none, None, None)?;
        assert_eq!(c.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(c.database.0, DEFAULT_DATABASE);
        let c = ServeConfig::resolve(Some(&file), none, None, None)?;
        assert_eq!(c.listen.port(), 7000);
        let env =
            |k: &str| (k == "CROSSROTA_DATABASE").then(|| "postgres://u:secret@h/db".to_owned());
        let c = ServeConfig::resolve(Some(&file), env, Some("127.0.0.1:9".into()), None)?;
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
        assert!(ServeConfig::resolve(Some(&file), |_| None, None, None).is_err());
        assert!(ServeConfig::resolve(None, |_| None, Some("nope".into()), None).is_err());
        Ok(())
    }
}
