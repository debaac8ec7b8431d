//! The tonic transport of crossrota.
//!
//! Adapters are thin: decode the request into a domain command (field errors become
//! INVALID_ARGUMENT), authenticate the caller, call the service, encode the result. The one
//! table from service errors to gRPC statuses is in [`status`]. [`serve`] takes an already
//! bound listener and a shutdown future, so tests bind port 0 and stop the server cleanly.
#![forbid(unsafe_code)]

mod auth;
mod bank_api;
mod passport_api;
mod roster_api;
pub mod status;

use std::future::Future;
use std::time::Duration;

use crossrota_proto::crossrota::v1::bank_service_server::BankServiceServer;
use crossrota_proto::crossrota::v1::passport_service_server::PassportServiceServer;
use crossrota_proto::crossrota::v1::roster_service_server::RosterServiceServer;
use crossrota_service::bank::BankRules;
use crossrota_service::roster::RosterConfig;
use crossrota_service::{BankService, Clock, PassportService, RosterService};
use tokio::net::TcpListener;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::TcpListenerStream;

pub use bank_api::BankApi;
pub use passport_api::PassportApi;
pub use roster_api::{EventStream, RosterApi};

/// How long a stopping server waits for its roster jobs to record that they were stopped.
const ROSTER_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A reflection service could not be built from the descriptor sets.
    #[error("building the reflection service: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    /// The transport failed.
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// Accepted connections with Nagle's algorithm off: a response written in several pieces
/// would otherwise wait for the client's delayed ACK (about 40 ms on Linux) on every call.
fn incoming(
    listener: TcpListener,
) -> impl tokio_stream::Stream<Item = std::io::Result<tokio::net::TcpStream>> {
    TcpListenerStream::new(listener).map(|conn| {
        let conn = conn?;
        conn.set_nodelay(true)?;
        Ok(conn)
    })
}

/// A reflection service builder over every service the server offers: crossrota.v1, health
/// and both reflection protocols.
///
/// Both `grpc.reflection.v1` and `grpc.reflection.v1alpha` are served because clients differ:
/// grpcurl and other newer clients try v1 first, while Python's grpcio-reflection and other
/// older clients speak only v1alpha. Each protocol lists both, so a client sees the same services whichever it speaks
/// (the builder would otherwise describe only the protocol it builds).
fn reflection() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .include_reflection_service(false)
        .register_encoded_file_descriptor_set(crossrota_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET)
}

/// Serves crossrota's gRPC API, health and reflection (`grpc.reflection.v1` and
/// `grpc.reflection.v1alpha`) on `listener` until `shutdown` resolves,
/// with a roster service of the default configuration over the passport service (its store,
/// and its access rules and audit log for rosters over stored staff).
///
/// Roster jobs are timed by the system clock, whatever clock the passport service uses: their
/// timestamps measure real solves.
pub async fn serve(
    listener: TcpListener,
    service: PassportService,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let roster = RosterService::new(service.clone(), Clock::system(), RosterConfig::default());
    serve_with(listener, service, roster, shutdown).await
}

/// [`serve`] with a roster service of the caller's making (e.g. more solver slots). When the
/// server stops, the roster jobs of this instance are stopped and recorded as cancelled.
pub async fn serve_with(
    listener: TcpListener,
    service: PassportService,
    roster: RosterService,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_serving::<PassportServiceServer<PassportApi>>()
        .await;
    health_reporter
        .set_serving::<RosterServiceServer<RosterApi>>()
        .await;
    health_reporter
        .set_serving::<BankServiceServer<BankApi>>()
        .await;
    let bank = BankService::new(service.clone(), BankRules::default());
    let served = tonic::transport::Server::builder()
        .add_service(health_service)
        .add_service(reflection().build_v1()?)
        .add_service(reflection().build_v1alpha()?)
        .add_service(BankServiceServer::new(BankApi::new(service.clone(), bank)))
        .add_service(PassportServiceServer::new(PassportApi::new(
            service.clone(),
        )))
        .add_service(RosterServiceServer::new(RosterApi::new(
            service,
            roster.clone(),
        )))
        .serve_with_incoming_shutdown(incoming(listener), shutdown)
        .await;
    roster.shutdown(ROSTER_SHUTDOWN_GRACE).await;
    served?;
    Ok(())
}
