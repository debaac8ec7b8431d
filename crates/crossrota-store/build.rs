//! Rebuilds the crate when a migration is added: `sqlx::migrate!` embeds the files it saw at
//! compile time, and cargo would otherwise not notice a new file in the migrations folders.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
