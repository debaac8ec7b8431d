//! Conversions between the crossrota.v1 wire types and the domain.
//!
//! Domain to proto is an infallible `From` (numbers that do not fit saturate). Proto to domain
//! goes through `TryFrom` or small functions returning [`FieldErrors`], whose field paths are
//! rooted at the request message (`credential.achieved_on`, `staff_ids[3]`), so the server can
//! turn them straight into `google.rpc.BadRequest` field violations. Only shapes are checked
//! here (dates parse, enums are known, required ids are present); meaning (the credential
//! exists, the date is not in the future) is the service's job.
//!
//! [`FieldErrors`]: crossrota_domain::FieldErrors

/// Implements `From<Domain> for Proto` by delegating to the `From<&Domain>` impl, so callers
/// can convert owned values and references alike.
macro_rules! from_owned {
    ($($domain:ty => $proto:ty),* $(,)?) => {
        $(
            impl From<$domain> for $proto {
                fn from(value: $domain) -> Self {
                    Self::from(&value)
                }
            }
        )*
    };
}

pub mod agreement;
pub mod audit;
pub mod bank;
pub mod catalogue;
pub mod compliance;
pub mod dates;
pub mod enums;
pub mod fact;
pub(crate) mod fields;
pub mod ids;
pub mod organisation;
pub mod paging;
pub mod passport;
pub mod profile;
pub mod roster_job;
pub mod roster_model;
pub mod roster_result;
pub mod roster_stored;
pub mod staff;

pub use compliance::{
    MAX_VERIFY_MANY, expiring_to_proto, explain, outcome_to_proto, verify_many_to_proto,
};
pub use dates::{
    date_text, datetime_from_timestamp, optional_date_text, parse_date, required_date, timestamp,
};
pub use ids::{optional_id, required_id};
pub use organisation::OrganisationLookup;
pub use paging::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, next_page_token, page_from};
pub use passport::passport_to_proto;

#[cfg(test)]
mod test_support;
