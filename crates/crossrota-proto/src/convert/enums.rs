//! Domain enums to wire enums and back. Wire enums travel as `i32`, so reading one can meet
//! `*_UNSPECIFIED` (reported as `required`) or a number this build does not know.

use crossrota_domain::FieldErrors;
use crossrota_domain::access::AuditAction;
use crossrota_domain::catalogue::CredentialKind;
use crossrota_domain::compliance::RequirementStatus;
use crossrota_domain::fact::{FactAction, FactState};
use crossrota_domain::organisation::NetworkKind;
use crossrota_domain::staff::{RegulatoryBody, StaffGroup};

use crate::crossrota::v1 as pb;

/// The error for an enum number this build does not know.
fn unknown(path: &str, raw: i32) -> FieldErrors {
    FieldErrors::single(path, format!("unknown value {raw}"))
}

/// The error for an `*_UNSPECIFIED` value where one is required.
fn required(path: &str) -> FieldErrors {
    FieldErrors::single(path, "required")
}

impl From<NetworkKind> for pb::NetworkKind {
    fn from(kind: NetworkKind) -> Self {
        match kind {
            NetworkKind::CollaborativeBank => Self::CollaborativeBank,
            NetworkKind::ClinicalNetwork => Self::ClinicalNetwork,
        }
    }
}

/// Reads a required network kind.
pub fn network_kind(path: &str, raw: i32) -> Result<NetworkKind, FieldErrors> {
    match pb::NetworkKind::try_from(raw) {
        Ok(pb::NetworkKind::CollaborativeBank) => Ok(NetworkKind::CollaborativeBank),
        Ok(pb::NetworkKind::ClinicalNetwork) => Ok(NetworkKind::ClinicalNetwork),
        Ok(pb::NetworkKind::Unspecified) => Err(required(path)),
        Err(_) => Err(unknown(path, raw)),
    }
}

impl From<StaffGroup> for pb::StaffGroup {
    fn from(group: StaffGroup) -> Self {
        match group {
            StaffGroup::NursingAndMidwifery => Self::NursingAndMidwifery,
            StaffGroup::Medical => Self::Medical,
            StaffGroup::AlliedHealthProfessional => Self::AlliedHealthProfessional,
            StaffGroup::HealthcareScientist => Self::HealthcareScientist,
            StaffGroup::ClinicalSupport => Self::ClinicalSupport,
            StaffGroup::AdminAndEstates => Self::AdminAndEstates,
        }
    }
}

/// Reads a required staff group.
pub fn staff_group(path: &str, raw: i32) -> Result<StaffGroup, FieldErrors> {
    match pb::StaffGroup::try_from(raw) {
        Ok(pb::StaffGroup::NursingAndMidwifery) => Ok(StaffGroup::NursingAndMidwifery),
        Ok(pb::StaffGroup::Medical) => Ok(StaffGroup::Medical),
        Ok(pb::StaffGroup::AlliedHealthProfessional) => Ok(StaffGroup::AlliedHealthProfessional),
        Ok(pb::StaffGroup::HealthcareScientist) => Ok(StaffGroup::HealthcareScientist),
        Ok(pb::StaffGroup::ClinicalSupport) => Ok(StaffGroup::ClinicalSupport),
        Ok(pb::StaffGroup::AdminAndEstates) => Ok(StaffGroup::AdminAndEstates),
        Ok(pb::StaffGroup::Unspecified) => Err(required(path)),
        Err(_) => Err(unknown(path, raw)),
    }
}

impl From<RegulatoryBody> for pb::RegulatoryBody {
    fn from(body: RegulatoryBody) -> Self {
        match body {
            RegulatoryBody::Gmc => Self::Gmc,
            RegulatoryBody::Nmc => Self::Nmc,
            RegulatoryBody::Hcpc => Self::Hcpc,
        }
    }
}

/// Reads an optional register: `*_UNSPECIFIED` means "no register".
pub fn regulatory_body(path: &str, raw: i32) -> Result<Option<RegulatoryBody>, FieldErrors> {
    match pb::RegulatoryBody::try_from(raw) {
        Ok(pb::RegulatoryBody::Gmc) => Ok(Some(RegulatoryBody::Gmc)),
        Ok(pb::RegulatoryBody::Nmc) => Ok(Some(RegulatoryBody::Nmc)),
        Ok(pb::RegulatoryBody::Hcpc) => Ok(Some(RegulatoryBody::Hcpc)),
        Ok(pb::RegulatoryBody::Unspecified) => Ok(None),
        Err(_) => Err(unknown(path, raw)),
    }
}

impl From<CredentialKind> for pb::CredentialKind {
    fn from(kind: CredentialKind) -> Self {
        match kind {
            CredentialKind::Training => Self::Training,
            CredentialKind::Competency => Self::Competency,
            CredentialKind::Registration => Self::Registration,
            CredentialKind::EmploymentCheck => Self::EmploymentCheck,
        }
    }
}

/// Reads a required credential kind.
pub fn credential_kind(path: &str, raw: i32) -> Result<CredentialKind, FieldErrors> {
    match pb::CredentialKind::try_from(raw) {
        Ok(pb::CredentialKind::Training) => Ok(CredentialKind::Training),
        Ok(pb::CredentialKind::Competency) => Ok(CredentialKind::Competency),
        Ok(pb::CredentialKind::Registration) => Ok(CredentialKind::Registration),
        Ok(pb::CredentialKind::EmploymentCheck) => Ok(CredentialKind::EmploymentCheck),
        Ok(pb::CredentialKind::Unspecified) => Err(required(path)),
        Err(_) => Err(unknown(path, raw)),
    }
}

impl From<&FactAction> for pb::FactAction {
    fn from(action: &FactAction) -> Self {
        match action {
            FactAction::Record => Self::Record,
            FactAction::Revoke { .. } => Self::Revoke,
        }
    }
}

impl From<&FactState> for pb::FactState {
    fn from(state: &FactState) -> Self {
        match state {
            FactState::Current => Self::Current,
            FactState::Superseded { .. } => Self::Superseded,
            FactState::Revoked { .. } => Self::Revoked,
        }
    }
}

impl From<&RequirementStatus> for pb::OutcomeStatus {
    fn from(status: &RequirementStatus) -> Self {
        match status {
            RequirementStatus::Satisfied { .. } => Self::Satisfied,
            RequirementStatus::ExpiringSoon { .. } => Self::ExpiringSoon,
            RequirementStatus::Missing => Self::Missing,
            RequirementStatus::Expired { .. } => Self::Expired,
            RequirementStatus::NotYetAchieved { .. } => Self::NotYetAchieved,
            RequirementStatus::Revoked { .. } => Self::Revoked,
            RequirementStatus::LevelTooLow { .. } => Self::LevelTooLow,
            RequirementStatus::IssuerNotAccepted { .. } => Self::IssuerNotAccepted,
        }
    }
}

impl From<AuditAction> for pb::AuditAction {
    fn from(action: AuditAction) -> Self {
        match action {
            AuditAction::PassportRead => Self::PassportRead,
            AuditAction::Verify => Self::Verify,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrota_domain::catalogue::CredentialKind;

    #[test]
    fn every_domain_value_survives_the_wire() {
        for group in StaffGroup::ALL {
            assert_eq!(
                staff_group("g", pb::StaffGroup::from(group) as i32),
                Ok(group)
            );
        }
        for kind in CredentialKind::ALL {
            assert_eq!(
                credential_kind("k", pb::CredentialKind::from(kind) as i32),
                Ok(kind)
            );
        }
        for kind in [NetworkKind::CollaborativeBank, NetworkKind::ClinicalNetwork] {
            assert_eq!(
                network_kind("k", pb::NetworkKind::from(kind) as i32),
                Ok(kind)
            );
        }
        for body in [
            RegulatoryBody::Gmc,
            RegulatoryBody::Nmc,
            RegulatoryBody::Hcpc,
        ] {
            assert_eq!(
                regulatory_body("b", pb::RegulatoryBody::from(body) as i32),
                Ok(Some(body))
            );
        }
    }

    #[test]
    fn unspecified_is_required_and_unknown_numbers_are_named() {
        assert_eq!(
            network_kind("network.kind", 0).map_err(|e| e.to_string()),
            Err("network.kind: required".to_owned())
        );
        assert_eq!(
            staff_group("staff.staff_group", 99).map_err(|e| e.to_string()),
            Err("staff.staff_group: unknown value 99".to_owned())
        );
        assert_eq!(
            credential_kind("agreement.kind", i32::MIN).map_err(|e| e.to_string()),
            Err(format!("agreement.kind: unknown value {}", i32::MIN))
        );
        assert_eq!(regulatory_body("b", 0), Ok(None));
        assert!(regulatory_body("b", -1).is_err());
    }
}
