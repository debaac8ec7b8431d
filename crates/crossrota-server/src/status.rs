//! The one table that turns service errors into gRPC statuses.
//!
//! Invalid arguments carry `google.rpc.BadRequest` details with one field violation per bad
//! field, and a message that names the fields, so any client can show exactly what to fix.

use crossrota_service::{ServiceError, ServiceErrorKind};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

/// Maps a service error kind to its gRPC code.
pub fn code_for(kind: ServiceErrorKind) -> Code {
    match kind {
        ServiceErrorKind::InvalidArgument => Code::InvalidArgument,
        ServiceErrorKind::NotFound => Code::NotFound,
        ServiceErrorKind::AlreadyExists => Code::AlreadyExists,
        ServiceErrorKind::Unauthenticated => Code::Unauthenticated,
        ServiceErrorKind::PermissionDenied => Code::PermissionDenied,
        ServiceErrorKind::Conflict => Code::FailedPrecondition,
        ServiceErrorKind::ResourceExhausted => Code::ResourceExhausted,
        ServiceErrorKind::Unavailable => Code::Unavailable,
        ServiceErrorKind::Internal => Code::Internal,
    }
}

/// Converts a service error into a status. Internal errors are logged and their details
/// withheld from the caller.
pub fn to_status(err: ServiceError) -> Status {
    let code = code_for(err.kind());
    if let Some(fields) = err.field_errors() {
        let violations: Vec<FieldViolation> = fields
            .0
            .iter()
            .map(|f| FieldViolation::new(f.field.clone(), f.description.clone()))
            .collect();
        return Status::with_error_details(
            code,
            fields.to_string(),
            ErrorDetails::with_bad_request(violations),
        );
    }
    match code {
        Code::Internal => {
            tracing::error!(error = %err, "internal error");
            Status::internal("internal error; see server log")
        }
        Code::Unavailable => {
            tracing::warn!(error = %err, "storage unavailable");
            Status::unavailable(err.to_string())
        }
        _ => Status::new(code, err.to_string()),
    }
}

/// Converts field errors found while decoding a request.
pub fn invalid(errs: crossrota_domain::FieldErrors) -> Status {
    to_status(ServiceError::InvalidArgument(errs))
}
