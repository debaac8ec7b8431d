//! Compiles `proto/crossrota/v1/*.proto` into Rust with protox (pure Rust, no system protoc)
//! and tonic-prost-build, and writes the encoded descriptor set for gRPC reflection.

use std::path::PathBuf;

/// The proto files, relative to the proto root.
const PROTO_FILES: [&str; 5] = [
    "crossrota/v1/bank_service.proto",
    "crossrota/v1/common.proto",
    "crossrota/v1/passport_service.proto",
    "crossrota/v1/roster.proto",
    "crossrota/v1/roster_service.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("../../proto");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    // compile_fds emits no rerun-if-changed; without this cargo reruns on any package change.
    println!("cargo:rerun-if-changed={}", proto_root.display());
    for file in PROTO_FILES {
        println!("cargo:rerun-if-changed={}", proto_root.join(file).display());
    }

    let mut compiler = protox::Compiler::new([&proto_root])?;
    // Source info carries the doc comments into the generated code and into reflection.
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(PROTO_FILES)?;
    // compile_fds does not write the descriptor set itself, so reflection needs this copy.
    std::fs::write(
        out_dir.join("crossrota_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;

    tonic_prost_build::configure()
        // compile_protos adds this attribute itself; compile_fds does not.
        .type_attribute(".", "#[allow(clippy::all)]")
        .compile_fds(compiler.file_descriptor_set())?;
    Ok(())
}
