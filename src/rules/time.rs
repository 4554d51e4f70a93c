//! Local time of Karaganda (zone Asia/Almaty), where office hours (clause 4) and every
//! term of the regulation are reckoned.
//!
//! Kazakhstan moved the zone from UTC+6 to UTC+5 at 2024-03-01 00:00 local (+06), that
//! is 2024-02-29 18:00 UTC: clocks went back to 2024-02-29 23:00 (+05). The rule is
//! written by hand because a full time-zone database is too big for the browser bundle.
//! It is right from 2005 (when daylight saving was abolished) onwards; earlier instants
//! are given +06 too.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// The first instant at UTC+5: 2024-02-29 18:00:00 UTC.
fn switch_utc() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 2, 29)
        .and_then(|d| d.and_hms_opt(18, 0, 0))
        .expect("valid instant")
}

fn hours(h: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600).expect("valid offset")
}

/// The UTC offset of Asia/Almaty at the instant `utc`.
pub fn offset_at(utc: DateTime<Utc>) -> FixedOffset {
    if utc.naive_utc() < switch_utc() {
        hours(6)
    } else {
        hours(5)
    }
}

/// The local wall-clock time of the instant `utc`.
pub fn to_local(utc: DateTime<Utc>) -> NaiveDateTime {
    utc.with_timezone(&offset_at(utc)).naive_local()
}

/// The instant of a local wall-clock time.
///
/// Local times from 2024-02-29 23:00 to 23:59:59 happened twice (first at +06, then at
/// +05). They are resolved to the first occurrence (+06), the earlier instant: a request
/// stamped in that hour is never taken as received later than it could have been.
/// Every other local time has exactly one instant (the switch created no gap).
pub fn to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let at_plus6 = hours(6)
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&Utc);
    if at_plus6.naive_utc() < switch_utc() {
        at_plus6
    } else {
        hours(5)
            .from_local_datetime(&local)
            .single()
            .expect("a fixed offset has no gaps")
            .with_timezone(&Utc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        local(s).and_utc()
    }

    #[test]
    fn almaty_was_utc_plus_6_before_1_march_2024() {
        assert_eq!(to_local(utc("2024-02-29 17:59")), local("2024-02-29 23:59"));
        assert_eq!(to_utc(local("2023-06-01 09:00")), utc("2023-06-01 03:00"));
        assert_eq!(offset_at(utc("2021-01-01 00:00")), hours(6));
    }

    #[test]
    fn almaty_is_utc_plus_5_since_1_march_2024() {
        assert_eq!(to_local(utc("2024-02-29 18:00")), local("2024-02-29 23:00"));
        assert_eq!(to_local(utc("2024-02-29 19:00")), local("2024-03-01 00:00"));
        assert_eq!(to_utc(local("2024-03-01 00:00")), utc("2024-02-29 19:00"));
        assert_eq!(to_utc(local("2026-11-24 09:00")), utc("2026-11-24 04:00"));
    }

    #[test]
    fn the_repeated_hour_of_29_february_2024_resolves_to_its_first_occurrence() {
        assert_eq!(to_utc(local("2024-02-29 23:30")), utc("2024-02-29 17:30"));
        assert_eq!(to_utc(local("2024-02-29 22:59")), utc("2024-02-29 16:59"));
    }

    #[test]
    fn local_time_round_trips_except_for_the_second_pass_of_the_repeated_hour() {
        let start = utc("2024-02-28 00:00");
        for minutes in (0..3 * 24 * 60).step_by(7) {
            let instant = start + chrono::Duration::minutes(minutes);
            let back = to_utc(to_local(instant));
            let second_pass =
                instant >= utc("2024-02-29 18:00") && instant < utc("2024-02-29 19:00");
            if second_pass {
                assert_eq!(back, instant - chrono::Duration::hours(1));
            } else {
                assert_eq!(back, instant);
            }
        }
    }
}
