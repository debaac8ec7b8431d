//! Helpers for the CLI's end-to-end tests: run the real `crossrota` binary in a scratch
//! directory, start `crossrota serve` as a child process and wait until it accepts
//! connections, and make the few gRPC calls the CLI has no subcommand for (profiles, ids).

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Days, NaiveDate};
use crossrota_proto::crossrota::v1 as pb;
use pb::passport_service_client::PassportServiceClient;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

/// Environment variables that change what the binary does or prints; cleared so the
/// developer's shell cannot leak into the tests.
const CROSSROTA_ENV: [&str; 7] = [
    "CROSSROTA_LISTEN",
    "CROSSROTA_DATABASE",
    "CROSSROTA_SERVER",
    "CROSSROTA_API_KEY",
    "RUST_LOG",
    "RUST_BACKTRACE",
    "RUST_LIB_BACKTRACE",
];

/// The binary under test, with a clean environment.
pub(crate) fn crossrota() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_crossrota"));
    for var in CROSSROTA_ENV {
        cmd.env_remove(var);
    }
    cmd
}

/// What a finished run printed.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// The run, or an error with everything it printed if it failed.
    pub(crate) fn success(self) -> anyhow::Result<Run> {
        anyhow::ensure!(
            self.status.success(),
            "crossrota failed ({}):\nstdout:\n{}\nstderr:\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        Ok(self)
    }

    /// The run, or an error if it unexpectedly succeeded.
    pub(crate) fn failure(self) -> anyhow::Result<Run> {
        anyhow::ensure!(
            !self.status.success(),
            "crossrota should have failed:\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        Ok(self)
    }
}

/// Runs `cmd` to completion.
pub(crate) fn run(cmd: &mut Command) -> anyhow::Result<Run> {
    let out = cmd.output().context("running crossrota")?;
    Ok(Run {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// Runs `crossrota ARGS...`.
pub(crate) fn crossrota_run(args: &[&str]) -> anyhow::Result<Run> {
    run(crossrota().args(args))
}

/// A scratch directory for databases, CSV files and logs.
pub(crate) struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    pub(crate) fn new() -> anyhow::Result<Scratch> {
        Ok(Scratch {
            dir: tempfile::tempdir()?,
        })
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `sqlite://DIR/NAME`.
    pub(crate) fn db_url(&self, name: &str) -> String {
        format!("sqlite://{}", self.path(name).display())
    }

    /// Writes `text` to `name` and returns the path.
    pub(crate) fn write(&self, name: &str, text: &str) -> anyhow::Result<PathBuf> {
        let path = self.path(name);
        std::fs::write(&path, text)?;
        Ok(path)
    }
}

/// Creates organisation `org` (if new) and an API key with `roles` on `db_url`; returns the key.
pub(crate) fn create_key(db_url: &str, org: &str, roles: &[&str]) -> anyhow::Result<String> {
    let mut cmd = crossrota();
    cmd.args(["keys", "create", "--org", org, "--org-name"])
        .arg(format!("{org} NHS Trust"))
        .args(["--database", db_url]);
    for role in roles {
        cmd.args(["--role", role]);
    }
    let out = run(&mut cmd)?.success()?;
    Ok(out.stdout.trim().to_owned())
}

/// A loopback address nobody listens on right now.
pub(crate) fn free_addr() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// True when something accepts TCP connections on `addr`.
pub(crate) fn accepts(addr: SocketAddr) -> bool {
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

/// A `crossrota serve` child process, killed when dropped.
pub(crate) struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts `cmd` (a `crossrota serve ...` command) with its output in `log`, and waits until
    /// `addr` accepts connections. Fails with the log if the server exits or never listens.
    pub(crate) fn start(mut cmd: Command, addr: SocketAddr, log: &Path) -> anyhow::Result<Server> {
        let out = File::create(log)?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .context("starting crossrota serve")?;
        let mut server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = server.child.try_wait()? {
                anyhow::bail!(
                    "crossrota serve exited ({status}):\n{}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            if accepts(addr) {
                return Ok(server);
            }
            if Instant::now() > deadline {
                anyhow::bail!(
                    "crossrota serve does not listen on {addr} after 20 s:\n{}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `http://ADDR`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Today on the real clock, which `crossrota serve` and `import` use.
pub(crate) fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// `today` plus (or minus, if negative) `days`, as `YYYY-MM-DD`.
pub(crate) fn day(days: i64) -> String {
    let d = if days >= 0 {
        today().checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today().checked_sub_days(Days::new(days.unsigned_abs()))
    };
    d.map(|d| d.to_string()).unwrap_or_default()
}

// ----- gRPC, for what the CLI has no subcommand for ------------------------------------------

/// Adds the bearer key to every call.
#[derive(Clone)]
pub(crate) struct Bearer(pub(crate) MetadataValue<Ascii>);

impl tonic::service::Interceptor for Bearer {
    fn call(&mut self, mut req: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        req.metadata_mut().insert("authorization", self.0.clone());
        Ok(req)
    }
}

type Client = PassportServiceClient<InterceptedService<Channel, Bearer>>;

/// Runs `f` with a client of `server` acting with `key`, on a runtime of its own.
pub(crate) fn with_client<T>(
    server: &str,
    key: &str,
    f: impl AsyncFnOnce(Client) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let channel = tonic::transport::Endpoint::from_shared(server.to_owned())?
            .connect()
            .await?;
        let bearer = Bearer(format!("Bearer {key}").parse()?);
        f(PassportServiceClient::with_interceptor(channel, bearer)).await
    })
}

/// The id of organisation `code`.
pub(crate) fn org_id(server: &str, key: &str, code: &str) -> anyhow::Result<i64> {
    with_client(server, key, async |mut c| {
        let org = c
            .get_organisation(pb::GetOrganisationRequest {
                lookup: Some(pb::get_organisation_request::Lookup::Code(code.to_owned())),
            })
            .await?
            .into_inner();
        Ok(org.id)
    })
}

/// Staff ids of organisation `org` by employee number.
pub(crate) fn staff_ids(
    server: &str,
    key: &str,
    org: i64,
) -> anyhow::Result<std::collections::HashMap<String, i64>> {
    with_client(server, key, async |mut c| {
        let page = c
            .list_staff(pb::ListStaffRequest {
                org_id: org,
                page_size: 1000,
                page_token: String::new(),
            })
            .await?
            .into_inner();
        Ok(page
            .staff
            .into_iter()
            .map(|s| (s.employee_number, s.id))
            .collect())
    })
}

/// Defines a profile of the key's organisation requiring `requirements`; returns its id.
pub(crate) fn define_profile(
    server: &str,
    key: &str,
    name: &str,
    requirements: &[(&str, i32)],
) -> anyhow::Result<i64> {
    with_client(server, key, async |mut c| {
        let profile = c
            .define_profile(pb::DefineProfileRequest {
                profile: Some(pb::ProfileInput {
                    name: name.to_owned(),
                    service: "test ward".to_owned(),
                    requirements: requirements
                        .iter()
                        .map(|(code, level)| pb::Requirement {
                            code: (*code).to_owned(),
                            level: *level,
                        })
                        .collect(),
                }),
            })
            .await?
            .into_inner();
        Ok(profile.id)
    })
}
