//! Text identifiers used inside a roster model: staff, sites, shift types and skills.
//!
//! A roster model is often written by hand or imported from a file (a Curtois instance, a JSON
//! export), so its items are named by short strings rather than database ids. Separate newtypes
//! keep a shift code from being passed where a skill code is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! code_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps any string; validation of the model checks that references resolve.
            pub fn new(code: impl Into<String>) -> Self {
                Self(code.into())
            }

            /// The text of the code.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(code: &str) -> Self {
                Self(code.to_owned())
            }
        }
    };
}

code_newtype!(
    /// Names one member of staff within a roster model (e.g. an employee number).
    StaffCode
);
code_newtype!(
    /// Names one site (a ward, a department, a hospital) within a roster model.
    SiteCode
);
code_newtype!(
    /// Names one shift type (e.g. `E` for early) within a roster model; unique across sites.
    ShiftCode
);
code_newtype!(
    /// Names one skill that a demand asks for and a member of staff may hold (e.g. `RN`).
    SkillCode
);
