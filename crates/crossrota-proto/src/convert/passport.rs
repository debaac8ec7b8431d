//! Passports: a person with every fact's current state and the raw history, and the
//! `GetPassport` request.

use crossrota_domain::FieldErrors;
use crossrota_domain::commands::GetPassport;
use crossrota_domain::fact::{CredentialFact, FactState, resolve_history};
use crossrota_domain::ids::StaffId;
use crossrota_domain::staff::Staff;

use crate::convert::ids::required_id;
use crate::crossrota::v1 as pb;

/// Builds the passport of `staff` from their complete history (in id order, revocations
/// included). The states come from the domain's `resolve_history`, so a client never has to
/// replay supersessions itself.
pub fn passport_to_proto(staff: &Staff, history: &[CredentialFact]) -> pb::Passport {
    let current = resolve_history(history)
        .into_iter()
        .map(|(fact, state)| {
            let (superseded_by, revoke_reason) = match &state {
                FactState::Current => (0, String::new()),
                FactState::Superseded { by } => (by.0, String::new()),
                FactState::Revoked { by, reason } => (by.0, reason.clone()),
            };
            pb::PassportEntry {
                fact: Some(pb::CredentialFact::from(fact)),
                state: pb::FactState::from(&state) as i32,
                superseded_by_fact_id: superseded_by,
                revoke_reason,
            }
        })
        .collect();
    pb::Passport {
        staff: Some(pb::Staff::from(staff)),
        current,
        history: history.iter().map(pb::CredentialFact::from).collect(),
    }
}

impl TryFrom<pb::GetPassportRequest> for GetPassport {
    type Error = FieldErrors;

    /// `staff_id` must be present; the service decides whether `reason` may be empty.
    fn try_from(req: pb::GetPassportRequest) -> Result<Self, FieldErrors> {
        Ok(Self {
            staff: StaffId(required_id("staff_id", req.staff_id)?),
            reason: req.reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::{err, fact, nurse};
    use crossrota_domain::fact::FactAction;
    use crossrota_domain::ids::FactId;

    #[test]
    fn passport_shows_each_record_with_its_state_and_the_full_history() {
        let first = fact(1, "CSTF-FS", 1, "2025-01-10", Some("2026-01-10"), 1);
        let mut correction = fact(2, "CSTF-FS", 1, "2025-01-12", Some("2026-01-12"), 1);
        correction.supersedes = Some(FactId(1));
        let nihss = fact(3, "STROKE-NIHSS", 1, "2025-05-01", Some("2027-05-01"), 2);
        let mut revocation = fact(4, "STROKE-NIHSS", 1, "2025-05-01", Some("2027-05-01"), 2);
        revocation.supersedes = Some(FactId(3));
        revocation.action = FactAction::Revoke {
            reason: "assessor not qualified".into(),
        };
        let history = vec![first, correction, nihss, revocation];

        let passport = passport_to_proto(&nurse(), &history);

        assert_eq!(passport.staff.as_ref().map(|s| s.id), Some(10));
        let ids: Vec<i64> = passport.history.iter().map(|f| f.id).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        let states: Vec<(i64, i32, i64, &str)> = passport
            .current
            .iter()
            .map(|e| {
                (
                    e.fact.as_ref().map_or(0, |f| f.id),
                    e.state,
                    e.superseded_by_fact_id,
                    e.revoke_reason.as_str(),
                )
            })
            .collect();
        assert_eq!(
            states,
            [
                (1, pb::FactState::Superseded as i32, 2, ""),
                (2, pb::FactState::Current as i32, 0, ""),
                (
                    3,
                    pb::FactState::Revoked as i32,
                    4,
                    "assessor not qualified"
                ),
            ]
        );
    }

    #[test]
    fn get_passport_needs_a_staff_id() {
        assert_eq!(
            GetPassport::try_from(pb::GetPassportRequest {
                staff_id: 10,
                reason: "bank shift".into(),
            }),
            Ok(GetPassport {
                staff: StaffId(10),
                reason: "bank shift".into(),
            })
        );
        assert_eq!(
            err(GetPassport::try_from(pb::GetPassportRequest {
                staff_id: 0,
                reason: String::new(),
            })),
            "staff_id: required"
        );
    }
}
