//! Crate boundaries, checked mechanically: the pure domain must not reach I/O or transport
//! crates, and the service and store must not reach protobuf or tonic.

use std::collections::BTreeSet;
use std::process::Command;

/// Every package reachable from `krate` through normal (non-dev, non-build) dependencies.
fn reachable(krate: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let out = Command::new(cargo)
        .current_dir(root)
        .args([
            "tree",
            "--offline",
            "-p",
            krate,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("running cargo tree: {e}"),
    };
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

fn assert_unreachable(krate: &str, forbidden: &[&str]) {
    let deps = reachable(krate);
    assert!(
        deps.contains(krate),
        "cargo tree did not list {krate} itself: {deps:?}"
    );
    let found: Vec<&&str> = forbidden.iter().filter(|f| deps.contains(**f)).collect();
    assert!(found.is_empty(), "{krate} must not depend on {found:?}");
}

#[test]
fn domain_is_pure() {
    assert_unreachable(
        "crossrota-domain",
        &["tonic", "prost", "sqlx", "tokio", "good_lp"],
    );
}

#[test]
fn service_and_store_know_nothing_of_grpc() {
    assert_unreachable("crossrota-service", &["tonic", "prost"]);
    assert_unreachable("crossrota-store", &["tonic", "prost"]);
}

#[test]
fn solver_stays_off_the_async_runtime_and_the_database() {
    assert_unreachable("crossrota-solver", &["tonic", "prost", "sqlx", "tokio"]);
}

#[test]
fn the_check_itself_can_fail() {
    // Guards against a cargo tree output format change making every check vacuous.
    let deps = reachable("crossrota-server");
    assert!(
        deps.contains("tonic"),
        "server should reach tonic: {deps:?}"
    );
}
