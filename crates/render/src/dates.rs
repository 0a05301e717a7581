//! Dates as each edition writes them, in the site's time zone: "Thursday 20 November 2026, 11:30"
//! and "الخميس ٢٠ نوفمبر ٢٠٢٦، ١١:٣٠".

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use dateline_domain::Lang;

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const AR_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const AR_WEEKDAYS: [&str; 7] = [
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];

/// Writes digits as the edition reads them: Arabic-Indic digits in the Arabic edition.
pub fn digits(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_owned(),
        Lang::Ar => text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                None => c,
            })
            .collect(),
    }
}

/// Day, month, year and time: for article pages.
pub fn long(lang: Lang, zone: Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let weekday = local.weekday().num_days_from_monday() as usize;
    let month = local.month0() as usize;
    let text = match lang {
        Lang::En => format!(
            "{} {} {} {}, {:02}:{:02}",
            EN_WEEKDAYS[weekday],
            local.day(),
            EN_MONTHS[month],
            local.year(),
            local.hour(),
            local.minute()
        ),
        Lang::Ar => format!(
            "{} {} {} {}، {:02}:{:02}",
            AR_WEEKDAYS[weekday],
            local.day(),
            AR_MONTHS[month],
            local.year(),
            local.hour(),
            local.minute()
        ),
    };
    digits(lang, &text)
}

/// Hours and minutes on the site's clock: for the newsroom's plan and its notices.
pub fn clock(lang: Lang, zone: Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    digits(lang, &format!("{:02}:{:02}", local.hour(), local.minute()))
}

/// Weekday, day and month of a date on the site's calendar: for the newsroom's planning.
pub fn day(lang: Lang, date: NaiveDate) -> String {
    let weekday = date.weekday().num_days_from_monday() as usize;
    let month = date.month0() as usize;
    let text = match lang {
        Lang::En => format!("{} {} {}", EN_WEEKDAYS[weekday], date.day(), EN_MONTHS[month]),
        Lang::Ar => format!("{} {} {}", AR_WEEKDAYS[weekday], date.day(), AR_MONTHS[month]),
    };
    digits(lang, &text)
}

/// Day, month and year: for lists of stories.
pub fn short(lang: Lang, zone: Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let month = local.month0() as usize;
    let text = match lang {
        Lang::En => format!("{} {} {}", local.day(), EN_MONTHS[month], local.year()),
        Lang::Ar => format!("{} {} {}", local.day(), AR_MONTHS[month], local.year()),
    };
    digits(lang, &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_naturally_in_each_edition_and_zone() {
        let at = Utc.with_ymd_and_hms(2026, 11, 20, 8, 30, 0).unwrap();
        let baghdad: Tz = "Asia/Baghdad".parse().unwrap();
        assert_eq!(long(Lang::En, baghdad, at), "Friday 20 November 2026, 11:30");
        assert_eq!(long(Lang::Ar, baghdad, at), "الجمعة ٢٠ نوفمبر ٢٠٢٦، ١١:٣٠");
        assert_eq!(short(Lang::En, chrono_tz::UTC, at), "20 November 2026");
        assert_eq!(short(Lang::Ar, chrono_tz::UTC, at), "٢٠ نوفمبر ٢٠٢٦");
    }
}
