//! Integration tests: a real server on a loopback port over real databases. Every scenario
//! runs twice, on SQLite and on PostgreSQL (see `support::both_backends!`).

mod support;

mod agreements;
mod architecture;
mod audit;
mod bad_input;
mod bank;
mod bank_race;
mod expiring;
mod facts;
mod health_reflection;
mod networks;
mod organisations;
mod passport;
mod permissions;
mod profiles;
mod roster;
mod roster_ops;
mod roster_stored;
mod staff;
mod verify;
