//! The crossrota.v1 gRPC contract as Rust: prost messages and tonic client/server stubs
//! generated from `proto/crossrota/v1`, plus the conversions between them and the domain.
//!
//! Nothing else in the workspace should build domain values from wire types by hand: the
//! [`convert`] module is the one place that checks request shapes and names bad fields.

pub mod convert;

/// Generated code, in a module tree that mirrors the protobuf package.
pub mod crossrota {
    /// Package `crossrota.v1`.
    #[allow(unreachable_pub, missing_docs, clippy::all, clippy::pedantic)]
    pub mod v1 {
        tonic::include_proto!("crossrota.v1");
    }
}

/// The encoded `FileDescriptorSet` of every crossrota.v1 file (imports included), for
/// `tonic-reflection`.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/crossrota_descriptor.bin"));
