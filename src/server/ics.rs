//! A reception appointment as an iCalendar file (RFC 5545), for the applicant's calendar.
//!
//! Times are written in the zone Asia/Almaty with its definition included, so calendars
//! that do not know the zone (or know its pre-2024 offset) still show the right hour.

use chrono::{DateTime, NaiveDateTime, Utc};

/// One reception, in local time of Karaganda (Asia/Almaty).
#[derive(Clone, Debug)]
pub struct IcsEvent {
    /// Globally unique and stable for the appointment, e.g. `request-42@qabyldau`.
    pub uid: String,
    pub number: String,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    /// When the file was made.
    pub stamp: DateTime<Utc>,
}

/// The zone as it has been since daylight saving was abolished (last change back to +06 on
/// 2004-10-31) and the move to UTC+5 at 2024-03-01 00:00 local (see `rules::time`).
const ALMATY: [&str; 14] = [
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Almaty",
    "BEGIN:STANDARD",
    "DTSTART:20041031T030000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0600",
    "TZNAME:+06",
    "END:STANDARD",
    "BEGIN:STANDARD",
    "DTSTART:20240301T000000",
    "TZOFFSETFROM:+0600",
    "TZOFFSETTO:+0500",
    "TZNAME:+05",
    "END:STANDARD",
];

const LOCAL: &str = "%Y%m%dT%H%M%S";

/// The calendar file: CRLF line ends, lines folded at 75 octets.
pub fn reception_ics(e: &IcsEvent) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "PRODID:-//Karaganda regional akimat//Qabyldau//KK".into(),
        "VERSION:2.0".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    lines.extend(ALMATY.iter().map(|l| l.to_string()));
    lines.push("END:VTIMEZONE".into());
    lines.extend([
        "BEGIN:VEVENT".into(),
        format!("UID:{}", escape(&e.uid)),
        format!("DTSTAMP:{}", e.stamp.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;TZID=Asia/Almaty:{}", e.starts.format(LOCAL)),
        format!("DTEND;TZID=Asia/Almaty:{}", e.ends.format(LOCAL)),
        format!("SUMMARY:{}", escape(&e.summary)),
        format!("DESCRIPTION:{}", escape(&e.description)),
        format!("LOCATION:{}", escape(&e.location)),
        format!("X-QABYLDAU-NUMBER:{}", escape(&e.number)),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ]);
    lines.iter().map(|l| fold(l)).collect()
}

/// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line exceeds 75 octets (RFC 5545 §3.1) and no
/// UTF-8 character is split; each continuation starts with a space. Ends with CRLF.
fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn reception() -> IcsEvent {
        let day = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        IcsEvent {
            uid: "request-42@qabyldau".into(),
            number: "ЖҚ-2025-0042".into(),
            summary: "Жеке қабылдау, № ЖҚ-2025-0042".into(),
            description: "Облыс әкімінің орынбасары қабылдайды; жеке куәлікті, өтінішті ала \
                          жүріңіз.\nҚабылдау басталудан 15 минут бұрын келіңіз."
                .into(),
            location: "Қарағанды қ., Бұқар жырау даңғылы, 13, 1-қабат, қоғамдық қабылдау".into(),
            starts: day.and_hms_opt(10, 0, 0).unwrap(),
            ends: day.and_hms_opt(10, 20, 0).unwrap(),
            stamp: DateTime::parse_from_rfc3339("2025-03-01T04:05:06Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    #[test]
    fn special_characters_in_text_are_escaped() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
    }

    #[test]
    fn long_lines_are_folded_at_75_octets_without_splitting_a_character() {
        let line = format!("SUMMARY:{}", "қабылдау ".repeat(30));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(parts.len() > 3);
        for (i, part) in parts.iter().enumerate() {
            assert!(part.len() <= 75, "line {i} has {} octets", part.len());
            if i > 0 {
                assert!(part.starts_with(' '));
            }
        }
        let unfolded: String = parts
            .iter()
            .enumerate()
            .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
            .collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn every_line_ends_with_crlf_and_none_is_longer_than_75_octets() {
        let ics = reception_ics(&reception());
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        for line in ics.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert!(ics.contains("\r\nDTSTAMP:20250301T040506Z\r\n"));
        assert!(ics.contains("\r\nDTSTART;TZID=Asia/Almaty:20250312T100000\r\n"));
    }

    #[test]
    fn a_calendar_parser_reads_back_the_zone_start_and_summary() {
        let e = reception();
        let ics = reception_ics(&e);
        let mut parser = ical::IcalParser::new(ics.as_bytes());
        let calendar = parser.next().expect("one calendar").expect("it parses");
        assert!(parser.next().is_none());

        let prop = |props: &[ical::property::Property], name: &str| {
            props
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{name} is missing"))
                .clone()
        };
        assert_eq!(
            prop(&calendar.properties, "VERSION").value.as_deref(),
            Some("2.0")
        );
        assert_eq!(calendar.timezones.len(), 1);
        assert_eq!(
            prop(&calendar.timezones[0].properties, "TZID")
                .value
                .as_deref(),
            Some("Asia/Almaty")
        );

        assert_eq!(calendar.events.len(), 1);
        let event = &calendar.events[0].properties;
        let start = prop(event, "DTSTART");
        assert_eq!(start.value.as_deref(), Some("20250312T100000"));
        assert_eq!(
            start.params,
            Some(vec![("TZID".to_string(), vec!["Asia/Almaty".to_string()])])
        );
        assert_eq!(
            prop(event, "DTEND").value.as_deref(),
            Some("20250312T102000")
        );
        // The parser unfolds lines but leaves TEXT escapes as written.
        assert_eq!(
            prop(event, "SUMMARY").value.as_deref(),
            Some(&*escape(&e.summary))
        );
        assert_eq!(
            prop(event, "LOCATION").value.as_deref(),
            Some(&*escape(&e.location))
        );
        assert_eq!(prop(event, "UID").value.as_deref(), Some(&*e.uid));
    }
}
