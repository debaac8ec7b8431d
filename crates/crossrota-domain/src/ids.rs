//! Newtypes for identifiers, so a staff id can never be passed where a fact id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_newtype!(
    /// Database identity of an organisation (a trust).
    OrgId
);
id_newtype!(
    /// Database identity of a network of organisations.
    NetworkId
);
id_newtype!(
    /// Database identity of a member of staff.
    StaffId
);
id_newtype!(
    /// Database identity of one credential fact (append-only).
    FactId
);
id_newtype!(
    /// Database identity of a requirement profile.
    ProfileId
);
id_newtype!(
    /// Database identity of an API key.
    ApiKeyId
);
id_newtype!(
    /// Database identity of an audit log entry.
    AuditId
);
id_newtype!(
    /// Database identity of a roster job.
    RosterJobId
);
id_newtype!(
    /// Database identity of a bank (collaborative or a trust's own).
    BankId
);
id_newtype!(
    /// Database identity of an open shift posted to a bank.
    OpenShiftId
);
id_newtype!(
    /// Database identity of a bank booking (an offer or a booking of one person to one shift).
    BookingId
);
id_newtype!(
    /// Database identity of a site of a trust (a hospital or unit where shifts are worked).
    SiteId
);
