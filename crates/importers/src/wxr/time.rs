//! WXR's dates: `YYYY-MM-DD HH:MM:SS`, with `0000-00-00 00:00:00` for "never".

use chrono::{DateTime, NaiveDateTime, Utc};

/// Reads one of WXR's `*_gmt` dates (`2012-01-07 14:07:21`) as a UTC instant.
///
/// `None` for an empty value, for WordPress's "no date" (`0000-00-00 00:00:00`, which drafts
/// carry), and for anything that is not a real date in that shape.
#[must_use]
pub fn gmt_time(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with("0000-00-00") {
        return None;
    }
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|local| local.and_utc())
}

#[cfg(test)]
mod tests {
    use super::gmt_time;
    use chrono::{TimeZone, Utc};

    #[test]
    fn reads_a_wxr_date_as_utc() {
        assert_eq!(
            gmt_time("2012-01-07 14:07:21"),
            Utc.with_ymd_and_hms(2012, 1, 7, 14, 7, 21).single()
        );
        assert_eq!(
            gmt_time(" 1999-12-31 23:59:59\n"),
            Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).single()
        );
    }

    #[test]
    fn no_date_is_none() {
        assert_eq!(gmt_time(""), None);
        assert_eq!(gmt_time("0000-00-00 00:00:00"), None);
        assert_eq!(gmt_time("2012-02-30 10:00:00"), None);
        assert_eq!(gmt_time("yesterday"), None);
    }
}
