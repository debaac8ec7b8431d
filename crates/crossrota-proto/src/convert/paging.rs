//! Keyset paging: a page token is the last id of the previous page, as decimal text.

use crossrota_domain::FieldErrors;

/// Page size when the request gives 0.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// Largest page served; larger requests are clamped to it rather than refused.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Reads `page_size` and `page_token` into `(after_id, limit)`: list rows with an id greater
/// than `after_id` (all when `None`), at most `limit` of them.
///
/// Errors: `page_size: must not be negative`, `page_token: invalid`.
pub fn page_from(page_size: i32, page_token: &str) -> Result<(Option<i64>, u32), FieldErrors> {
    let mut errs = FieldErrors::new();
    let limit = match u32::try_from(page_size) {
        Ok(0) => DEFAULT_PAGE_SIZE,
        Ok(n) => n.min(MAX_PAGE_SIZE),
        Err(_) => {
            errs.push("page_size", "must not be negative");
            DEFAULT_PAGE_SIZE
        }
    };
    let token = page_token.trim();
    let after = if token.is_empty() {
        None
    } else {
        match token.parse::<i64>() {
            Ok(id) if id > 0 && token.bytes().all(|b| b.is_ascii_digit()) => Some(id),
            _ => {
                errs.push("page_token", "invalid");
                None
            }
        }
    };
    errs.into_result((after, limit))
}

/// The `next_page_token` for a page of `returned` rows whose last id is `last_id`.
///
/// A page shorter than `limit` is the last one, so its token is empty. A full page gets a
/// token even when nothing follows; the next call then returns an empty page with an empty token.
pub fn next_page_token(returned: usize, limit: u32, last_id: Option<i64>) -> String {
    let full = usize::try_from(limit).is_ok_and(|limit| limit > 0 && returned >= limit);
    match last_id {
        Some(id) if full => id.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;

    #[test]
    fn defaults_and_clamps_the_size() {
        assert_eq!(page_from(0, ""), Ok((None, DEFAULT_PAGE_SIZE)));
        assert_eq!(page_from(7, ""), Ok((None, 7)));
        assert_eq!(page_from(i32::MAX, ""), Ok((None, MAX_PAGE_SIZE)));
        assert_eq!(err(page_from(-1, "")), "page_size: must not be negative");
    }

    #[test]
    fn token_is_a_positive_decimal_id() {
        assert_eq!(page_from(10, "42"), Ok((Some(42), 10)));
        for bad in ["abc", "0", "-5", "+5", "4 2", "99999999999999999999", "1e3"] {
            assert_eq!(err(page_from(10, bad)), "page_token: invalid", "{bad}");
        }
        assert_eq!(
            err(page_from(-3, "x")),
            "page_size: must not be negative; page_token: invalid"
        );
    }

    #[test]
    fn token_of_a_page_feeds_the_next_request() {
        let token = next_page_token(10, 10, Some(57));
        assert_eq!(page_from(10, &token), Ok((Some(57), 10)));
        assert_eq!(next_page_token(3, 10, Some(57)), "");
        assert_eq!(next_page_token(0, 10, None), "");
    }
}
