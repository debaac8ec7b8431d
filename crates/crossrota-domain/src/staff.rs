//! Members of staff: their home organisation, staff group, band and professional registration.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::ids::{NetworkId, OrgId, StaffId};

/// NHS staff groups, as used in workforce statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StaffGroup {
    /// Registered nurses and midwives.
    NursingAndMidwifery,
    /// Doctors.
    Medical,
    /// Allied health professionals (physiotherapists, speech and language therapists, ...).
    AlliedHealthProfessional,
    /// Healthcare scientists, e.g. biomedical scientists in pathology.
    HealthcareScientist,
    /// Healthcare assistants and other clinical support staff.
    ClinicalSupport,
    /// Administrative and estates staff.
    AdminAndEstates,
}

impl StaffGroup {
    /// Every group, for parsing and listing.
    pub const ALL: [StaffGroup; 6] = [
        Self::NursingAndMidwifery,
        Self::Medical,
        Self::AlliedHealthProfessional,
        Self::HealthcareScientist,
        Self::ClinicalSupport,
        Self::AdminAndEstates,
    ];

    /// Stable text form used in storage and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NursingAndMidwifery => "nursing_midwifery",
            Self::Medical => "medical",
            Self::AlliedHealthProfessional => "allied_health",
            Self::HealthcareScientist => "healthcare_scientist",
            Self::ClinicalSupport => "clinical_support",
            Self::AdminAndEstates => "admin_estates",
        }
    }

    /// Inverse of [`StaffGroup::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// Agenda for Change pay band (2..9), or a medical grade outside it (band 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Band(u8);

impl Band {
    /// Band `n`; 0 means "not on Agenda for Change" (doctors), otherwise 1..=9.
    pub fn new(n: u8) -> Result<Self, String> {
        if n <= 9 {
            Ok(Self(n))
        } else {
            Err("must be 0..9".into())
        }
    }

    /// The numeric band.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// The statutory register a professional is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegulatoryBody {
    /// General Medical Council.
    Gmc,
    /// Nursing and Midwifery Council.
    Nmc,
    /// Health and Care Professions Council.
    Hcpc,
}

impl RegulatoryBody {
    /// Stable text form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gmc => "GMC",
            Self::Nmc => "NMC",
            Self::Hcpc => "HCPC",
        }
    }

    /// Inverse of [`RegulatoryBody::as_str`], case-insensitive.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "GMC" => Some(Self::Gmc),
            "NMC" => Some(Self::Nmc),
            "HCPC" => Some(Self::Hcpc),
            _ => None,
        }
    }

    /// The catalogue code of the registration credential this body grants, e.g. `REG-NMC`.
    pub fn credential_code(self) -> &'static str {
        match self {
            Self::Gmc => "REG-GMC",
            Self::Nmc => "REG-NMC",
            Self::Hcpc => "REG-HCPC",
        }
    }
}

/// A professional registration: the register is the source of truth, not a trust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// Which register.
    pub body: RegulatoryBody,
    /// Registration number (PIN), e.g. `12A3456E`.
    pub number: String,
    /// When the registration lapses unless renewed.
    pub expires_on: NaiveDate,
}

/// A member of staff as their home organisation records them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Database identity.
    pub id: StaffId,
    /// Home (employing) organisation.
    pub org: OrgId,
    /// The home organisation's own number for the person (ESR assignment number); unique per org.
    pub employee_number: String,
    /// Full name.
    pub name: String,
    /// Staff group.
    pub staff_group: StaffGroup,
    /// Pay band.
    pub band: Band,
    /// Professional registration, if any.
    pub registration: Option<Registration>,
    /// Networks the person has joined (consent to share their passport within them).
    pub networks: Vec<NetworkId>,
}

/// What to create or update for a member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaff {
    /// Home organisation.
    pub org: OrgId,
    /// Home organisation's number for the person.
    pub employee_number: String,
    /// Full name.
    pub name: String,
    /// Staff group.
    pub staff_group: StaffGroup,
    /// Pay band.
    pub band: Band,
    /// Professional registration, if any.
    pub registration: Option<Registration>,
    /// Networks joined; sorted, deduplicated.
    pub networks: Vec<NetworkId>,
}

/// Raw staff input, as it arrives from a request or a CSV row.
#[derive(Debug, Clone, Default)]
pub struct StaffInput<'a> {
    /// Home organisation.
    pub org: Option<OrgId>,
    /// Employee number.
    pub employee_number: &'a str,
    /// Full name.
    pub name: &'a str,
    /// Staff group text (see [`StaffGroup::as_str`]).
    pub staff_group: &'a str,
    /// Band number.
    pub band: i64,
    /// Registration body text, empty for none.
    pub registration_body: &'a str,
    /// Registration number.
    pub registration_number: &'a str,
    /// Registration expiry.
    pub registration_expires_on: Option<NaiveDate>,
    /// Networks joined.
    pub networks: Vec<NetworkId>,
}

impl NewStaff {
    /// Validates raw input; field paths are relative (`name`, `registration.number`, ...).
    pub fn parse(input: StaffInput<'_>) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        if input.org.is_none() {
            errs.push("org", "required");
        }
        let employee_number = input.employee_number.trim();
        if employee_number.is_empty() {
            errs.push("employee_number", "required");
        } else if employee_number.len() > 40 {
            errs.push("employee_number", "longer than 40 characters");
        }
        let name = input.name.trim();
        if name.is_empty() {
            errs.push("name", "required");
        } else if name.len() > 200 {
            errs.push("name", "longer than 200 characters");
        }
        let staff_group = StaffGroup::parse(input.staff_group.trim());
        if staff_group.is_none() {
            errs.push(
                "staff_group",
                format!(
                    "unknown staff group {:?}, expected one of {}",
                    input.staff_group,
                    StaffGroup::ALL.map(StaffGroup::as_str).join(", ")
                ),
            );
        }
        let band = u8::try_from(input.band)
            .map_err(|_| "must be 0..9".to_owned())
            .and_then(Band::new)
            .map_err(|e| errs.push("band", e))
            .ok();
        let registration = if input.registration_body.trim().is_empty() {
            if !input.registration_number.trim().is_empty() {
                errs.push("registration.body", "required when a number is given");
            }
            None
        } else {
            let body = RegulatoryBody::parse(input.registration_body);
            if body.is_none() {
                errs.push("registration.body", "must be GMC, NMC or HCPC");
            }
            let number = input.registration_number.trim();
            if number.is_empty() {
                errs.push("registration.number", "required");
            } else if number.len() > 20 || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
                errs.push("registration.number", "must be up to 20 letters and digits");
            }
            if input.registration_expires_on.is_none() {
                errs.push("registration.expires_on", "required");
            }
            match (body, input.registration_expires_on) {
                (Some(body), Some(expires_on)) => Some(Registration {
                    body,
                    number: number.to_ascii_uppercase(),
                    expires_on,
                }),
                _ => None,
            }
        };
        let mut networks = input.networks;
        networks.sort();
        networks.dedup();
        match (input.org, staff_group, band) {
            (Some(org), Some(staff_group), Some(band)) if errs.is_empty() => Ok(Self {
                org,
                employee_number: employee_number.to_owned(),
                name: name.to_owned(),
                staff_group,
                band,
                registration,
                networks,
            }),
            _ => Err(errs),
        }
    }
}
