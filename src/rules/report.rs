//! Text output of the operator's `calendar YEAR` and `deadlines --received` subcommands.
//!
//! Lines are tab-separated so that they can be piped into `cut` or a spreadsheet; the
//! reasons are in English because they are an operator's audit output, not a message to
//! an applicant.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

use super::calendar::day_kind;
use super::deadlines::for_request_received;
use super::lang::Text;

/// `calendar YEAR`: every weekday that is a day off and every Saturday/Sunday that is a
/// working day, by date: `YYYY-MM-DD<TAB>off|work<TAB>reason`. Empty for a year chrono
/// cannot represent.
pub fn calendar_lines(year: i32) -> Vec<String> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter_map(|d| {
            let kind = day_kind(d);
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            let status = match (weekend, kind.is_working()) {
                (false, false) => "off",
                (true, true) => "work",
                _ => return None,
            };
            let reason = kind.reason_en()?;
            Some(format!("{}\t{status}\t{reason}", d.format("%Y-%m-%d")))
        })
        .collect()
}

/// `deadlines --received`: one line per term of a request received at local time
/// `received` (clauses 27, 31, 32, assuming registration on the last allowed day):
/// `clause<TAB>name<TAB>YYYY-MM-DD`.
pub fn deadline_lines(received: NaiveDateTime) -> Vec<String> {
    let terms = for_request_received(received);
    [
        ("27", "registration", terms.registration_by),
        (
            "31",
            "answer with date and time, or reasoned refusal",
            terms.answer_by,
        ),
        ("32", "extended answer", terms.extended_answer_by),
    ]
    .into_iter()
    .map(|(clause, name, date)| format!("{clause}\t{name}\t{}", date.format("%Y-%m-%d")))
    .collect()
}

/// The `--received` argument was not a local date and time `YYYY-MM-DD HH:MM`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedParseError {
    pub input: String,
}

impl ReceivedParseError {
    pub fn message(&self) -> Text {
        Text::new(
            format!(
                "«{}» түскен уақыт ретінде танылмады: Алматы уақытымен ЖЖЖЖ-АА-КК СС:ММ түрінде жазыңыз, мысалы 2026-11-24 09:30.",
                self.input
            ),
            format!(
                "«{}» не распознано как время поступления: укажите местное время (Алматы) в виде ГГГГ-ММ-ДД ЧЧ:ММ, например 2026-11-24 09:30.",
                self.input
            ),
        )
    }
}

impl fmt::Display for ReceivedParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.message();
        write!(f, "{}\n{}", text.kk, text.ru)
    }
}

impl std::error::Error for ReceivedParseError {}

/// Parses the `--received "YYYY-MM-DD HH:MM"` argument (Asia/Almaty local time).
///
/// # Errors
/// [`ReceivedParseError`] when the text is not a valid date and time in that form.
pub fn parse_received(input: &str) -> Result<NaiveDateTime, ReceivedParseError> {
    NaiveDateTime::parse_from_str(input.trim(), "%Y-%m-%d %H:%M").map_err(|_| ReceivedParseError {
        input: input.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_2024_lists_weekday_days_off_and_the_working_saturday() {
        let lines = calendar_lines(2024);
        assert_eq!(lines.len(), 15);
        assert_eq!(lines[0], "2024-01-01\toff\tholiday: New Year");
        assert!(lines.contains(&"2024-03-25\toff\tcarried over: Nauryz".to_string()));
        assert!(
            lines.contains(&"2024-05-04\twork\ttransfer: order No. 109 of 2024-04-17".to_string())
        );
        assert!(
            lines.contains(&"2024-05-08\toff\ttransfer: order No. 109 of 2024-04-17".to_string())
        );
        assert!(lines.contains(&"2024-07-08\toff\tcarried over: Capital Day".to_string()));
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
    }

    #[test]
    fn calendar_2022_shows_the_government_decrees() {
        let lines = calendar_lines(2022);
        assert!(
            lines.contains(&"2022-03-05\twork\ttransfer: decree No. 713 of 2021-10-06".to_string())
        );
        assert!(lines.contains(&"2022-10-25\toff\tholiday: Republic Day".to_string()));
        // Kurban Ait fell on Saturday 9 July 2022: a weekend day off, not listed.
        assert!(!lines.iter().any(|l| l.contains("Kurban Ait")));
        assert!(calendar_lines(2021).contains(&"2021-07-20\toff\tholiday: Kurban Ait".to_string()));
    }

    #[test]
    fn deadlines_for_a_request_on_friday_evening() {
        let received = parse_received("2026-11-27 19:00").unwrap();
        assert_eq!(
            deadline_lines(received),
            vec![
                "27\tregistration\t2026-12-03",
                "31\tanswer with date and time, or reasoned refusal\t2026-12-18",
                "32\textended answer\t2026-12-31",
            ]
        );
    }

    #[test]
    fn a_malformed_received_argument_is_refused_in_both_languages() {
        let err = parse_received("24.11.2026 9:30").unwrap_err();
        assert!(err.message().ru.contains("ГГГГ-ММ-ДД ЧЧ:ММ"));
        assert!(err.message().kk.contains("ЖЖЖЖ-АА-КК СС:ММ"));
        assert!(parse_received("2026-02-30 10:00").is_err());
        assert_eq!(
            parse_received(" 2026-11-24 09:30 ").unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 24)
                .unwrap()
                .and_hms_opt(9, 30, 0)
                .unwrap()
        );
    }
}
