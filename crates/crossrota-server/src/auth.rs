//! API-key authentication from the `authorization: Bearer <key>` header.

use crossrota_service::{Caller, PassportService};
use tonic::{Request, Status};

use crate::status::to_status;

/// Reads the bearer key from the request metadata and resolves it to a caller.
pub(crate) async fn caller<T>(
    service: &PassportService,
    request: &Request<T>,
) -> Result<Caller, Status> {
    let header = request.metadata().get("authorization").ok_or_else(|| {
        Status::unauthenticated("missing API key: send `authorization: Bearer <key>`")
    })?;
    let value = header
        .to_str()
        .map_err(|_| Status::unauthenticated("authorization header is not text"))?;
    let secret = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| Status::unauthenticated("authorization header must be `Bearer <key>`"))?;
    service.authenticate(secret).await.map_err(to_status)
}
