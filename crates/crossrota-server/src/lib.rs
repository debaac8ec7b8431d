//! The tonic transport of crossrota.
//!
//! Adapters are thin: decode the request into a domain command (field errors become
//! INVALID_ARGUMENT), authenticate the caller, call the service, encode the result. The one
//! table from service errors to gRPC statuses is in [`status`]. [`serve`] takes an already
//! bound listener and a shutdown future, so tests bind port 0 and stop the server cleanly.
#![forbid(unsafe_code)]

mod auth;
mod passport_api;
pub mod status;

use std::future::Future;

use crossrota_proto::crossrota::v1::passport_service_server::PassportServiceServer;
use crossrota_service::PassportService;
use tokio::net::TcpListener;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::TcpListenerStream;

pub use passport_api::PassportApi;

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The reflection service could not be built from the descriptor set.
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

/// Serves crossrota's gRPC API, health and reflection on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    service: PassportService,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_serving::<PassportServiceServer<PassportApi>>()
        .await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crossrota_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    tonic::transport::Server::builder()
        .add_service(health_service)
        .add_service(reflection)
        .add_service(PassportServiceServer::new(PassportApi::new(service)))
        .serve_with_incoming_shutdown(incoming(listener), shutdown)
        .await?;
    Ok(())
}
