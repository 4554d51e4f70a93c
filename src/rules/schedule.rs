//! Clause 6: the akim of the region and each deputy receive citizens at least once a
//! month on the approved schedule, and also the day before and the day after a report
//! meeting (есеп беру кездесуі / отчётная встреча).
//!
//! "The day before/after" is read as the working day before/after, since receptions are
//! held on working days (clause 4); a reception scheduled on a day off is itself a
//! violation and does not count towards the monthly minimum.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::calendar::{dmy, is_working_day, next_working_day, sub_working_days};
use super::duties::OfficialRole;
use super::lang::Text;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub id: String,
    pub role: OfficialRole,
}

/// A reception on the schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledReception {
    pub official_id: String,
    pub date: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViolationKind {
    /// No reception on a working day of the month.
    NoReceptionInMonth { year: i32, month: u32 },
    /// No reception on `due`, the working day before the report meeting on `meeting`.
    NoReceptionBeforeReportMeeting { meeting: NaiveDate, due: NaiveDate },
    /// No reception on `due`, the working day after the report meeting on `meeting`.
    NoReceptionAfterReportMeeting { meeting: NaiveDate, due: NaiveDate },
    /// A reception scheduled on a day off.
    ReceptionOnDayOff { date: NaiveDate },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub official_id: String,
    pub kind: ViolationKind,
    pub message: Text,
}

const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// Month names in the prepositional case ("в ноябре").
const MONTHS_RU: [&str; 12] = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
];

fn message(official: &Official, kind: ViolationKind) -> Text {
    let role = official.role.name();
    let (kk, ru) = (
        format!("{} ({})", role.kk, official.id),
        format!("{} ({})", role.ru, official.id),
    );
    match kind {
        ViolationKind::NoReceptionInMonth { year, month } => {
            let i = (month - 1) as usize;
            Text::new(
                format!("{kk}: {year} жылғы {} айында қабылдау жоқ; регламенттің 6-тармағы бойынша қабылдау айына кемінде бір рет өткізіледі.", MONTHS_KK[i]),
                format!("{ru}: нет приёма в {} {year} года; по пункту 6 регламента приём проводится не реже одного раза в месяц.", MONTHS_RU[i]),
            )
        }
        ViolationKind::NoReceptionBeforeReportMeeting { meeting, due } => Text::new(
            format!("{kk}: есеп беру кездесуінен ({}) бір күн бұрын, {}, қабылдау жоқ (регламенттің 6-тармағы).", dmy(meeting), dmy(due)),
            format!("{ru}: нет приёма {}, за день до отчётной встречи {} (пункт 6 регламента).", dmy(due), dmy(meeting)),
        ),
        ViolationKind::NoReceptionAfterReportMeeting { meeting, due } => Text::new(
            format!("{kk}: есеп беру кездесуінен ({}) кейінгі күні, {}, қабылдау жоқ (регламенттің 6-тармағы).", dmy(meeting), dmy(due)),
            format!("{ru}: нет приёма {}, на следующий день после отчётной встречи {} (пункт 6 регламента).", dmy(due), dmy(meeting)),
        ),
        ViolationKind::ReceptionOnDayOff { date } => Text::new(
            format!("{kk}: қабылдау {} жұмыс емес күнге белгіленген; кесте бойынша қабылдау (регламенттің 6-тармағы) жұмыс күндері өткізіледі.", dmy(date)),
            format!("{ru}: приём назначен на {} — нерабочий день; приём по графику (пункт 6 регламента) проводится в рабочие дни.", dmy(date)),
        ),
    }
}

/// Checks the schedule of `year`-`month` against clause 6 for each official concerned.
///
/// `receptions` may hold any dates (those outside the month are ignored, except that a
/// reception the working day after a report meeting may fall in the next month and is
/// checked there). `report_meetings` are the dates of the akim's report meetings; each
/// official must receive on the working day before and after each of them, checked in
/// the month where that day falls. A `month` outside 1-12 has no days and yields no
/// violations. Violations come per official, in the order given, then by date.
pub fn check_month(
    year: i32,
    month: u32,
    officials: &[Official],
    receptions: &[ScheduledReception],
    report_meetings: &[NaiveDate],
) -> Vec<Violation> {
    let in_month = |d: &NaiveDate| d.year() == year && d.month() == month;
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    let mut meetings = report_meetings.to_vec();
    meetings.sort();
    meetings.dedup();

    let mut out = Vec::new();
    for official in officials.iter().filter(|o| o.role.receives_monthly()) {
        let mut dates: Vec<NaiveDate> = receptions
            .iter()
            .filter(|r| r.official_id == official.id)
            .map(|r| r.date)
            .collect();
        dates.sort();
        dates.dedup();
        let held_on = |d: NaiveDate| dates.contains(&d) && is_working_day(d);

        let mut found: Vec<(NaiveDate, ViolationKind)> = Vec::new();
        for date in dates.iter().copied().filter(in_month) {
            if !is_working_day(date) {
                found.push((date, ViolationKind::ReceptionOnDayOff { date }));
            }
        }
        for meeting in meetings.iter().copied() {
            let before = sub_working_days(meeting, 1);
            if in_month(&before) && !held_on(before) {
                found.push((
                    before,
                    ViolationKind::NoReceptionBeforeReportMeeting {
                        meeting,
                        due: before,
                    },
                ));
            }
            let after = next_working_day(meeting);
            if in_month(&after) && !held_on(after) {
                found.push((
                    after,
                    ViolationKind::NoReceptionAfterReportMeeting {
                        meeting,
                        due: after,
                    },
                ));
            }
        }
        found.sort_by_key(|(d, _)| *d);
        if !dates.iter().copied().filter(in_month).any(held_on) {
            found.insert(
                0,
                (first, ViolationKind::NoReceptionInMonth { year, month }),
            );
        }
        out.extend(found.into_iter().map(|(_, kind)| Violation {
            official_id: official.id.clone(),
            kind,
            message: message(official, kind),
        }));
    }
    out
}

/// A reception day as the department plans it (clauses 6, 8, 9): its date and hours, the
/// minutes given to each applicant and how many are received at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPlan {
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub slot_minutes: u32,
    pub seats: u32,
}

/// The minutes an applicant may be given, and the applicants received at once, on a planned day.
pub const SLOT_MINUTES: RangeInclusive<u32> = 5..=120;
pub const SEATS: RangeInclusive<u32> = 1..=20;

/// Whether a reception day may be planned on `today`: on a working day (receptions are held on
/// working days, clause 4), not in the past, ending after it starts, with room for at least
/// one applicant. The refusal says why, in both languages.
pub fn check_day(day: &DayPlan, today: NaiveDate) -> Result<(), Text> {
    if day.date < today {
        return Err(Text::new(
            "Өткен күнге қабылдау жоспарланбайды.",
            "Нельзя запланировать приём на прошедший день.",
        ));
    }
    if !is_working_day(day.date) {
        return Err(Text::new(
            format!(
                "Қабылдау жұмыс күні өткізіледі: {} — демалыс немесе мереке күні.",
                dmy(day.date)
            ),
            format!(
                "Приём проводится в рабочий день: {} — выходной или праздничный день.",
                dmy(day.date)
            ),
        ));
    }
    if day.starts >= day.ends {
        return Err(Text::new(
            "Қабылдаудың аяқталу уақыты басталу уақытынан кейін болуы керек.",
            "Время окончания приёма должно быть позже времени начала.",
        ));
    }
    if !SLOT_MINUTES.contains(&day.slot_minutes) {
        return Err(Text::new(
            "Бір өтініш берушіге берілетін уақыт 5-тен 120 минутқа дейін.",
            "Время на одного заявителя — от 5 до 120 минут.",
        ));
    }
    if !SEATS.contains(&day.seats) {
        return Err(Text::new(
            "Бір уақытта қабылданатындар саны 1-ден 20-ға дейін.",
            "Число принимаемых одновременно — от 1 до 20.",
        ));
    }
    let minutes = (day.ends - day.starts).num_minutes();
    if minutes < i64::from(day.slot_minutes) {
        return Err(Text::new(
            "Қабылдау уақытына бір өтініш берушінің уақыты да сыймайды.",
            "В часы приёма не помещается даже одно время приёма заявителя.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn akim() -> Official {
        Official {
            id: "akim".into(),
            role: OfficialRole::Akim,
        }
    }

    fn deputy() -> Official {
        Official {
            id: "dep-1".into(),
            role: OfficialRole::DeputyAkim,
        }
    }

    fn rec(id: &str, date: NaiveDate) -> ScheduledReception {
        ScheduledReception {
            official_id: id.into(),
            date,
        }
    }

    #[test]
    fn akim_and_each_deputy_receive_at_least_once_a_month_clause_6() {
        let receptions = [rec("akim", d(2026, 11, 24))];
        let found = check_month(2026, 11, &[akim(), deputy()], &receptions, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].official_id, "dep-1");
        assert_eq!(
            found[0].kind,
            ViolationKind::NoReceptionInMonth {
                year: 2026,
                month: 11
            }
        );
        assert!(found[0].message.ru.contains("в ноябре 2026 года"));
        assert!(found[0].message.ru.contains("пункту 6"));
        assert!(found[0].message.kk.contains("2026 жылғы қараша айында"));
        assert!(found[0].message.kk.contains("6-тармағы"));
    }

    #[test]
    fn a_reception_on_a_day_off_is_a_violation_and_does_not_count_clause_6() {
        // Saturday 28 November 2026 and Wednesday 16 December 2026 (Independence Day).
        let receptions = [rec("akim", d(2026, 11, 28))];
        let found = check_month(2026, 11, &[akim()], &receptions, &[]);
        let kinds: Vec<_> = found.iter().map(|v| v.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ViolationKind::NoReceptionInMonth {
                    year: 2026,
                    month: 11
                },
                ViolationKind::ReceptionOnDayOff {
                    date: d(2026, 11, 28)
                },
            ]
        );
        let found = check_month(2026, 12, &[akim()], &[rec("akim", d(2026, 12, 16))], &[]);
        assert!(found.iter().any(|v| v.kind
            == ViolationKind::ReceptionOnDayOff {
                date: d(2026, 12, 16)
            }));
    }

    #[test]
    fn reception_is_held_the_day_before_and_after_a_report_meeting_clause_6() {
        // Report meeting Friday 4 December 2026: Thursday 3rd and Monday 7th.
        let meeting = d(2026, 12, 4);
        let ok = [rec("dep-1", d(2026, 12, 3)), rec("dep-1", d(2026, 12, 7))];
        assert!(check_month(2026, 12, &[deputy()], &ok, &[meeting]).is_empty());

        let only_before = [rec("dep-1", d(2026, 12, 3))];
        let found = check_month(2026, 12, &[deputy()], &only_before, &[meeting]);
        assert_eq!(
            found.iter().map(|v| v.kind).collect::<Vec<_>>(),
            vec![ViolationKind::NoReceptionAfterReportMeeting {
                meeting,
                due: d(2026, 12, 7)
            }]
        );
        assert!(found[0].message.ru.contains("07.12.2026"));
        assert!(found[0].message.kk.contains("есеп беру кездесуінен"));
    }

    #[test]
    fn the_day_after_a_report_meeting_at_month_end_is_checked_in_the_next_month_clause_6() {
        // Meeting Thursday 30 April 2026; the working day after is Monday 4 May
        // (1 May is a holiday).
        let meeting = d(2026, 4, 30);
        let receptions = [rec("akim", d(2026, 4, 29)), rec("akim", d(2026, 5, 12))];
        assert!(check_month(2026, 4, &[akim()], &receptions, &[meeting]).is_empty());
        let may = check_month(2026, 5, &[akim()], &receptions, &[meeting]);
        assert_eq!(
            may.iter().map(|v| v.kind).collect::<Vec<_>>(),
            vec![ViolationKind::NoReceptionAfterReportMeeting {
                meeting,
                due: d(2026, 5, 4)
            }]
        );
    }

    #[test]
    fn an_invalid_month_has_nothing_to_check() {
        assert!(check_month(2026, 13, &[akim()], &[], &[]).is_empty());
    }
    fn plan(
        date: NaiveDate,
        starts: (u32, u32),
        ends: (u32, u32),
        slot: u32,
        seats: u32,
    ) -> DayPlan {
        DayPlan {
            date,
            starts: NaiveTime::from_hms_opt(starts.0, starts.1, 0).unwrap(),
            ends: NaiveTime::from_hms_opt(ends.0, ends.1, 0).unwrap(),
            slot_minutes: slot,
            seats,
        }
    }

    #[test]
    fn a_day_is_planned_on_a_working_day_to_come_with_room_for_an_applicant() {
        let today = d(2026, 12, 1);
        assert_eq!(
            check_day(&plan(d(2026, 12, 2), (10, 0), (13, 0), 30, 1), today),
            Ok(())
        );
        assert_eq!(
            check_day(&plan(today, (10, 0), (10, 5), 5, 20), today),
            Ok(())
        );
        let refused = |p: DayPlan| check_day(&p, today).unwrap_err();
        // Past, a Saturday, Independence Day (16 December), no hours, bad slot and seats.
        assert!(refused(plan(d(2026, 11, 30), (10, 0), (13, 0), 30, 1))
            .ru
            .contains("прошедший"));
        assert!(refused(plan(d(2026, 12, 5), (10, 0), (13, 0), 30, 1))
            .ru
            .contains("05.12.2026"));
        assert!(refused(plan(d(2026, 12, 16), (10, 0), (13, 0), 30, 1))
            .kk
            .contains("16.12.2026"));
        assert!(refused(plan(d(2026, 12, 2), (13, 0), (13, 0), 30, 1))
            .ru
            .contains("позже"));
        assert!(refused(plan(d(2026, 12, 2), (10, 0), (13, 0), 4, 1))
            .ru
            .contains("от 5 до 120"));
        assert!(refused(plan(d(2026, 12, 2), (10, 0), (13, 0), 121, 1))
            .ru
            .contains("от 5 до 120"));
        assert!(refused(plan(d(2026, 12, 2), (10, 0), (13, 0), 30, 0))
            .ru
            .contains("от 1 до 20"));
        assert!(refused(plan(d(2026, 12, 2), (10, 0), (13, 0), 30, 21))
            .kk
            .contains("1-ден 20"));
        assert!(refused(plan(d(2026, 12, 2), (10, 0), (10, 20), 30, 1))
            .ru
            .contains("не помещается"));
    }
}
