//! The collaborative bank: banks and their members, open shifts posted by trusts' bank
//! offices, the working-time ledger across employers, eligibility with reasons in words a bank
//! office understands, candidate ranking and the booking lifecycle. Pure: the store keeps these
//! values, the service applies them, and the batch-fill optimiser builds on them.

pub mod booking;
pub mod candidates;
pub mod eligibility;
pub mod ledger;
pub mod model;
pub mod time;
