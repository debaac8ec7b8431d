//! Wire ids (`int64`, 0 = absent) to domain ids, with field-path errors.

use crossrota_domain::FieldErrors;

/// A required id: 0 is `path: required`, negative is `path: must be positive`.
///
/// Wrap the result in the newtype the field means: `required_id("id", req.id).map(StaffId)`.
pub fn required_id(path: &str, raw: i64) -> Result<i64, FieldErrors> {
    match optional_id(path, raw)? {
        Some(id) => Ok(id),
        None => Err(FieldErrors::single(path, "required")),
    }
}

/// An optional id: 0 is `None`, negative is `path: must be positive`.
pub fn optional_id(path: &str, raw: i64) -> Result<Option<i64>, FieldErrors> {
    match raw {
        0 => Ok(None),
        id if id > 0 => Ok(Some(id)),
        _ => Err(FieldErrors::single(path, "must be positive")),
    }
}

/// A list of required ids; errors name the element, e.g. `member_org_ids[2]: required`.
pub fn id_list<T>(path: &str, raw: &[i64], wrap: fn(i64) -> T) -> Result<Vec<T>, FieldErrors> {
    let mut errs = FieldErrors::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, id) in raw.iter().enumerate() {
        match required_id(&format!("{path}[{i}]"), *id) {
            Ok(id) => out.push(wrap(id)),
            Err(e) => errs.0.extend(e.0),
        }
    }
    errs.into_result(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;
    use crossrota_domain::ids::OrgId;

    #[test]
    fn zero_is_absent_and_negative_is_invalid() {
        assert_eq!(required_id("staff_id", 42), Ok(42));
        assert_eq!(required_id("staff_id", i64::MAX), Ok(i64::MAX));
        assert_eq!(err(required_id("staff_id", 0)), "staff_id: required");
        assert_eq!(
            err(required_id("staff_id", i64::MIN)),
            "staff_id: must be positive"
        );
        assert_eq!(optional_id("org_id", 0), Ok(None));
        assert_eq!(optional_id("org_id", 3), Ok(Some(3)));
        assert_eq!(err(optional_id("org_id", -3)), "org_id: must be positive");
    }

    #[test]
    fn list_errors_name_each_bad_element() {
        assert_eq!(
            id_list("member_org_ids", &[1, 2], OrgId),
            Ok(vec![OrgId(1), OrgId(2)])
        );
        assert_eq!(
            err(id_list("member_org_ids", &[1, 0, -4], OrgId)),
            "member_org_ids[1]: required; member_org_ids[2]: must be positive"
        );
    }
}
