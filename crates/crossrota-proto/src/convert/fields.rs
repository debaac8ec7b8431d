//! Small helpers for collecting field errors while converting a request.

use crossrota_domain::FieldErrors;

/// The error for a missing message or value.
pub(crate) fn required(path: &str) -> FieldErrors {
    FieldErrors::single(path, "required")
}

/// Unwraps a required sub-message, or reports `path: required`.
pub(crate) fn required_message<T>(path: &str, value: Option<T>) -> Result<T, FieldErrors> {
    value.ok_or_else(|| required(path))
}

/// Keeps the value of `result`, or moves its errors into `errs` and gives `None`.
///
/// Lets a conversion check every field and report all bad ones at once instead of stopping
/// at the first.
pub(crate) fn collect<T>(errs: &mut FieldErrors, result: Result<T, FieldErrors>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            errs.0.extend(e.0);
            None
        }
    }
}

/// Adds a domain parser's errors to ours, dropping any on a field (or list) we already
/// reported on.
///
/// The transport often knows more precisely what is wrong (an unknown enum number, a date that
/// does not parse, a bad list element) than a domain parser that then sees an empty value and
/// says "required".
pub(crate) fn merge_preferring_own(own: &mut FieldErrors, domain: FieldErrors) {
    for e in domain.0 {
        let already = own.0.iter().any(|o| {
            o.field == e.field
                || o.field
                    .strip_prefix(e.field.as_str())
                    .is_some_and(|rest| rest.starts_with('['))
        });
        if !already {
            own.0.push(e);
        }
    }
}

/// Renames the leading field of each error path, e.g. the domain's `org` to the wire's `org_id`.
pub(crate) fn rename_fields(errs: FieldErrors, renames: &[(&str, &str)]) -> FieldErrors {
    FieldErrors(
        errs.0
            .into_iter()
            .map(|mut e| {
                if let Some((_, to)) = renames.iter().find(|(from, _)| e.field == *from) {
                    e.field = (*to).to_owned();
                }
                e
            })
            .collect(),
    )
}

/// A non-negative `int32` as `u32`, or `path: must not be negative`.
pub(crate) fn non_negative(path: &str, raw: i32) -> Result<u32, FieldErrors> {
    u32::try_from(raw).map_err(|_| FieldErrors::single(path, "must not be negative"))
}

/// Saturating `u32` to `int32` for the wire: domain counts never get near `i32::MAX`.
pub(crate) fn saturating_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_errors_replace_domain_errors_on_the_same_field() {
        let mut own = FieldErrors::single("band", "not a number");
        let domain = FieldErrors(vec![
            crossrota_domain::FieldError::new("band", "must be 0..9"),
            crossrota_domain::FieldError::new("name", "required"),
        ]);
        merge_preferring_own(&mut own, domain);
        assert_eq!(own.to_string(), "band: not a number; name: required");
    }

    #[test]
    fn an_element_error_replaces_a_domain_error_on_the_whole_list() {
        let mut own = FieldErrors::single("member_org_ids[1]", "required");
        merge_preferring_own(
            &mut own,
            FieldErrors::single(
                "member_org_ids",
                "at least one member organisation is required",
            ),
        );
        merge_preferring_own(&mut own, FieldErrors::single("member", "x"));
        assert_eq!(own.to_string(), "member_org_ids[1]: required; member: x");
    }

    #[test]
    fn rename_changes_only_exact_fields() {
        let errs = FieldErrors(vec![
            crossrota_domain::FieldError::new("org", "required"),
            crossrota_domain::FieldError::new("organisation", "x"),
        ]);
        let renamed = rename_fields(errs, &[("org", "org_id")]);
        assert_eq!(renamed.to_string(), "org_id: required; organisation: x");
    }

    #[test]
    fn negative_numbers_are_rejected_not_wrapped() {
        assert_eq!(non_negative("within_days", 7), Ok(7));
        assert_eq!(
            non_negative("within_days", -1).map_err(|e| e.to_string()),
            Err("within_days: must not be negative".to_owned())
        );
        assert_eq!(saturating_i32(u32::MAX), i32::MAX);
    }
}
