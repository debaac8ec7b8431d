//! Credential facts: domain facts to the wire, and record/revoke requests to commands.

use crossrota_domain::FieldErrors;
use crossrota_domain::commands::{RecordFact, RevokeFact};
use crossrota_domain::fact::{CredentialFact, FactAction};
use crossrota_domain::ids::{FactId, StaffId};

use crate::convert::dates::{date_text, optional_date_text, parse_date, timestamp};
use crate::convert::fields::{collect, required_message};
use crate::convert::ids::{optional_id, required_id};
use crate::crossrota::v1 as pb;

impl From<&CredentialFact> for pb::CredentialFact {
    fn from(f: &CredentialFact) -> Self {
        let revoke_reason = match &f.action {
            FactAction::Record => String::new(),
            FactAction::Revoke { reason } => reason.clone(),
        };
        Self {
            id: f.id.0,
            staff_id: f.staff.0,
            code: f.code.as_str().to_owned(),
            level: i32::from(f.level),
            achieved_on: date_text(f.achieved_on),
            expires_on: optional_date_text(f.expires_on),
            issuer_org_id: f.issuer.0,
            evidence_ref: f.evidence_ref.clone(),
            recorded_by: f.recorded_by.clone(),
            recorded_at: Some(timestamp(f.recorded_at)),
            supersedes_fact_id: f.supersedes.map_or(0, |s| s.0),
            action: pb::FactAction::from(&f.action) as i32,
            revoke_reason,
        }
    }
}

from_owned!(CredentialFact => pb::CredentialFact);

impl TryFrom<pb::RecordFactRequest> for RecordFact {
    type Error = FieldErrors;

    /// Shape checks only, on paths `credential.*`: the staff id is present, dates parse,
    /// ids are not negative. An empty `achieved_on` becomes `None` for the service to reject.
    fn try_from(req: pb::RecordFactRequest) -> Result<Self, FieldErrors> {
        let input = required_message("credential", req.credential)?;
        let mut errs = FieldErrors::new();
        let staff = collect(
            &mut errs,
            required_id("credential.staff_id", input.staff_id).map(StaffId),
        );
        let achieved_on = collect(
            &mut errs,
            parse_date("credential.achieved_on", &input.achieved_on),
        );
        let expires_on = collect(
            &mut errs,
            parse_date("credential.expires_on", &input.expires_on),
        );
        let supersedes = collect(
            &mut errs,
            optional_id("credential.supersedes_fact_id", input.supersedes_fact_id),
        );
        match (staff, achieved_on, expires_on, supersedes) {
            (Some(staff), Some(achieved_on), Some(expires_on), Some(supersedes))
                if errs.is_empty() =>
            {
                Ok(Self {
                    staff,
                    code: input.code,
                    level: i64::from(input.level),
                    achieved_on,
                    expires_on,
                    evidence_ref: input.evidence_ref,
                    supersedes: supersedes.map(FactId),
                })
            }
            _ => Err(errs),
        }
    }
}

impl TryFrom<pb::RevokeFactRequest> for RevokeFact {
    type Error = FieldErrors;

    /// `fact_id` must be present; the service checks `reason`.
    fn try_from(req: pb::RevokeFactRequest) -> Result<Self, FieldErrors> {
        Ok(Self {
            fact: FactId(required_id("fact_id", req.fact_id)?),
            reason: req.reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::dates::datetime_from_timestamp;
    use crate::convert::test_support::{day, err, fact};

    fn record(input: pb::CredentialInput) -> Result<RecordFact, FieldErrors> {
        RecordFact::try_from(pb::RecordFactRequest {
            credential: Some(input),
        })
    }

    #[test]
    fn fact_round_trips_through_a_record_request() {
        let mut f = fact(7, "CSTF-MH", 2, "2026-03-01", Some("2028-03-01"), 1);
        f.supersedes = Some(FactId(3));
        let wire = pb::CredentialFact::from(&f);
        assert_eq!(wire.action, pb::FactAction::Record as i32);
        assert_eq!(wire.revoke_reason, "");
        assert_eq!(
            wire.recorded_at.as_ref().and_then(datetime_from_timestamp),
            Some(f.recorded_at)
        );
        let cmd = record(pb::CredentialInput {
            staff_id: wire.staff_id,
            code: wire.code,
            level: wire.level,
            achieved_on: wire.achieved_on,
            expires_on: wire.expires_on,
            evidence_ref: wire.evidence_ref,
            supersedes_fact_id: wire.supersedes_fact_id,
        })
        .unwrap();
        assert_eq!(
            cmd,
            RecordFact {
                staff: f.staff,
                code: f.code.as_str().to_owned(),
                level: i64::from(f.level),
                achieved_on: Some(f.achieved_on),
                expires_on: f.expires_on,
                evidence_ref: f.evidence_ref,
                supersedes: f.supersedes,
            }
        );
    }

    #[test]
    fn a_revocation_carries_its_reason_and_target() {
        let mut f = fact(9, "CSTF-FS", 1, "2026-03-01", None, 2);
        f.supersedes = Some(FactId(7));
        f.action = FactAction::Revoke {
            reason: "certificate found to be forged".into(),
        };
        let wire = pb::CredentialFact::from(f);
        assert_eq!(wire.action, pb::FactAction::Revoke as i32);
        assert_eq!(wire.revoke_reason, "certificate found to be forged");
        assert_eq!(wire.supersedes_fact_id, 7);
        assert_eq!(wire.expires_on, "", "never expires");
    }

    #[test]
    fn empty_optional_fields_are_absent_not_errors() {
        let cmd = record(pb::CredentialInput {
            staff_id: 10,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(cmd.achieved_on, None);
        assert_eq!(cmd.expires_on, None);
        assert_eq!(cmd.supersedes, None);
        let cmd = record(pb::CredentialInput {
            staff_id: 10,
            achieved_on: "2026-02-28".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(cmd.achieved_on, Some(day("2026-02-28")));
    }

    #[test]
    fn record_errors_name_the_credential_fields() {
        assert_eq!(
            err(RecordFact::try_from(pb::RecordFactRequest {
                credential: None
            })),
            "credential: required"
        );
        assert_eq!(
            err(record(pb::CredentialInput {
                staff_id: 0,
                achieved_on: "1 March 2026".into(),
                expires_on: "2026-13-01".into(),
                supersedes_fact_id: -2,
                ..Default::default()
            })),
            "credential.staff_id: required; \
             credential.achieved_on: not a date (expected YYYY-MM-DD); \
             credential.expires_on: not a date (no such day); \
             credential.supersedes_fact_id: must be positive"
        );
    }

    #[test]
    fn revoke_needs_a_fact_id() {
        assert_eq!(
            RevokeFact::try_from(pb::RevokeFactRequest {
                fact_id: 9,
                reason: "forged".into(),
            }),
            Ok(RevokeFact {
                fact: FactId(9),
                reason: "forged".into(),
            })
        );
        assert_eq!(
            err(RevokeFact::try_from(pb::RevokeFactRequest {
                fact_id: 0,
                reason: "forged".into(),
            })),
            "fact_id: required"
        );
    }
}
