//! The terms of the regulation, one function per clause.
//!
//! Conventions, where the regulation is silent:
//! - a term counted from an event starts the day after it (standard Kazakh practice,
//!   Civil Code art. 177-179): "within 3 working days" of a Monday receipt ends on Thursday;
//! - terms counted in working days always end on a working day; the calendar-day terms of
//!   clauses 31 and 32 are maxima ("не позднее 15", "не более 30 календарных дней"), so
//!   when their last day is a day off the answer is due on the working day before it:
//!   a day off never lengthens them;
//! - an applicant's request received outside office hours (09:00-18:30 local on working
//!   days, clause 4) or on a day off counts as received on the next working day at 09:00;
//!   internal events (a request sent, a refusal received, a reception held) count on
//!   their calendar day.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::calendar::{
    add_working_days, is_working_day, next_working_day, on_or_next_working_day,
    on_or_previous_working_day, sub_working_days, working_days_between,
};
use super::lang::Text;
use super::lifecycle::Status;

fn opening() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).expect("valid time")
}

fn closing() -> NaiveTime {
    NaiveTime::from_hms_opt(18, 30, 0).expect("valid time")
}

/// When a request received at local time `received` counts as received (clause 4: the
/// department records requests on working days from 09:00 to 18:30).
///
/// Before 09:00 on a working day it counts from 09:00 that day; at or after 18:30, or on
/// a day off, from 09:00 of the next working day. The lunch break (at most 1.5 hours,
/// at times the clause does not fix) does not move a receipt.
pub fn effective_receipt(received: NaiveDateTime) -> NaiveDateTime {
    let day = received.date();
    if is_working_day(day) && received.time() < closing() {
        day.and_time(received.time().max(opening()))
    } else {
        next_working_day(day).and_time(opening())
    }
}

/// The last day to register a request for a reception (clause 27: within 3 working days).
///
/// Counted from the effective receipt ([`effective_receipt`]); the day of receipt does
/// not count.
pub fn registration_due(received: NaiveDateTime) -> NaiveDate {
    add_working_days(effective_receipt(received).date(), 3)
}

/// The last day to send the applicant the date and time of the reception, or a reasoned
/// refusal (clause 31: no later than 15 calendar days from registration).
///
/// Day 1 is the day after registration; a last day that is a day off moves back to the
/// working day before it, so the answer is never later than the 15th day.
pub fn answer_due(registered: NaiveDate) -> NaiveDate {
    on_or_previous_working_day(registered + chrono::Days::new(15))
}

/// The last day of an extended review (clause 32: at most 30 calendar days from
/// registration, for a complex question, on the department's conclusion).
///
/// Counted like [`answer_due`]: never later than the 30th day.
pub fn extended_answer_due(registered: NaiveDate) -> NaiveDate {
    on_or_previous_working_day(registered + chrono::Days::new(30))
}

/// The answer's last day counted again on the calendar now in force, for a request
/// registered on `registered` whose term was counted as `counted` before a day off was
/// entered or removed: clause 31's term, or clause 32's once extended, whichever it was.
///
/// An extended term lies near the 30th day and an ordinary one near the 15th; a change of
/// the calendar moves either by a few days at most, so the 22nd day tells them apart.
pub fn answer_due_recounted(registered: NaiveDate, counted: NaiveDate) -> NaiveDate {
    if counted > registered + chrono::Days::new(22) {
        extended_answer_due(registered)
    } else {
        answer_due(registered)
    }
}

/// The last day for the department's reference note on a reception held on `reception`
/// (clause 28: 5 working days before the reception begins).
///
/// The regulation does not say whether the five days must lie strictly between the note
/// and the reception; we take the fifth working day before the reception day (for a
/// Friday reception, the Friday before), the usual reading of "за N дней до".
pub fn review_due(reception: NaiveDate) -> NaiveDate {
    sub_working_days(reception, 5)
}

/// The earliest day a reception can be given on `today` so that the department's reference
/// note is still on time (clause 28: 5 working days before the reception): the first day
/// whose [`review_due`] is not before today.
pub fn earliest_reception(today: NaiveDate) -> NaiveDate {
    add_working_days(today, 5)
}

/// How an official's notice that a reception cannot take place (clause 17) was timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CancellationNotice {
    /// At least 2 working days before the reception day.
    InAdvance,
    /// On the day of the reception.
    OnTheDay,
    /// Less than 2 working days ahead but before the day, or after the reception day.
    Late,
}

impl CancellationNotice {
    pub fn is_timely(self) -> bool {
        self != CancellationNotice::Late
    }
}

/// Whether a notice given at local time `notice` that the reception of `reception` cannot
/// take place (illness, mission, other reasons) meets clause 17: at least 2 working days
/// before, or on the day of the reception.
///
/// A notice on a day off counts from the next working day (the department works on
/// working days only); the hour does not matter. The clause names only these two windows,
/// so a notice given 1 working day before is reported as late even though it is earlier
/// than a notice on the day: the operator decides what follows.
pub fn cancellation_notice(notice: NaiveDateTime, reception: NaiveDate) -> CancellationNotice {
    let given = on_or_next_working_day(notice.date());
    if given <= sub_working_days(reception, 2) {
        CancellationNotice::InAdvance
    } else if given == reception || notice.date() == reception {
        CancellationNotice::OnTheDay
    } else {
        CancellationNotice::Late
    }
}

/// The last day to tell the applicant that a central state body was asked to take part
/// and that the review of the request is extended (clause 21: within 2 working days
/// after the request is sent on `sent`).
pub fn central_request_notice_due(sent: NaiveDate) -> NaiveDate {
    add_working_days(sent, 2)
}

/// The last day to report a state body's refusal to take part in the akim's joint
/// reception to the Presidential Administration's department for the control of
/// applications (clause 22: within 2 working days of learning of it on `refused`).
pub fn refusal_report_due(refused: NaiveDate) -> NaiveDate {
    add_working_days(refused, 2)
}

/// The last day to scan, attach to the protocol and register the applications handed in
/// at a reception held on `reception` (clause 36: within 1 to 3 working days).
///
/// "From 1 to 3" is read as an upper bound of 3 working days after the reception;
/// registering sooner, even on the day, is never a breach.
pub fn reception_applications_due(reception: NaiveDate) -> NaiveDate {
    add_working_days(reception, 3)
}

/// The last day of the department's report on its work on receptions for `quarter`
/// (1-4) of `year` (clause 40: at least once a quarter, to the akim and the Presidential
/// Administration's department). `None` for a quarter outside 1-4.
///
/// "At least once a quarter" is read as: every calendar quarter holds a report, so the
/// latest compliant day is the quarter's last working day. (Reporting on a whole quarter
/// after it ends would leave that quarter without a report.)
pub fn quarterly_report_due(year: i32, quarter: u32) -> Option<NaiveDate> {
    if !(1..=4).contains(&quarter) {
        return None;
    }
    let next_quarter_start = if quarter == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1)?
    };
    Some(sub_working_days(next_quarter_start, 1))
}

/// The quarter (1-4) that `d` falls in, for [`quarterly_report_due`].
pub fn quarter_of(d: NaiveDate) -> u32 {
    d.month0() / 3 + 1
}

/// The terms the request form shows for one request (clauses 4, 27, 31, 32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// When the request counts as received (clause 4).
    pub received_effective: NaiveDateTime,
    /// Last day to register it (clause 27).
    pub registration_by: NaiveDate,
    /// Last day to answer with date and time or a reasoned refusal (clause 31).
    pub answer_by: NaiveDate,
    /// Last day if the review is extended (clause 32).
    pub extended_answer_by: NaiveDate,
}

/// The terms of a request received at local time `received`, assuming it is registered
/// on the last allowed day (clauses 4, 27, 31, 32). Once it is actually registered, use
/// [`answer_due`] and [`extended_answer_due`] with the real registration date.
pub fn for_request_received(received: NaiveDateTime) -> Deadlines {
    let registration_by = registration_due(received);
    Deadlines {
        received_effective: effective_receipt(received),
        registration_by,
        answer_by: answer_due(registration_by),
        extended_answer_by: extended_answer_due(registration_by),
    }
}

/// How near a term is, as the staff lists colour it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    DueToday,
    /// Due within the next 2 working days.
    Soon,
    Later,
}

impl Urgency {
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::DueToday => "today",
            Urgency::Soon => "soon",
            Urgency::Later => "later",
        }
    }

    pub fn label(self) -> Text {
        let (kk, ru) = match self {
            Urgency::Overdue => ("Мерзімі өтті", "Просрочено"),
            Urgency::DueToday => ("Бүгін", "Сегодня"),
            Urgency::Soon => ("2 жұмыс күні ішінде", "В течение 2 рабочих дней"),
            Urgency::Later => ("Мерзім бар", "В срок"),
        };
        Text::new(kk, ru)
    }
}

/// How near `due` is on `today`.
pub fn urgency(due: NaiveDate, today: NaiveDate) -> Urgency {
    if due < today {
        Urgency::Overdue
    } else if due == today {
        Urgency::DueToday
    } else if working_days_between(today, due) <= 2 {
        Urgency::Soon
    } else {
        Urgency::Later
    }
}

/// The next term a request runs against, and the clause that sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub due: NaiveDate,
    pub clause: &'static str,
}

/// The next term of a request in `status`, registered on `registered`, whose answer is due
/// on `answer_by` (15 days, or 30 when extended), with its reception on `reception` once
/// scheduled. Until the applicant has a date or a refusal, the answer of clause 31 (32 when
/// extended); once scheduled, the department's reference note of clause 28 until its day
/// has passed. A request past these steps has no term of this list (the protocol's
/// instructions carry their own, clause 25).
pub fn next_term(
    status: Status,
    registered: NaiveDate,
    answer_by: NaiveDate,
    reception: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Term> {
    match status {
        Status::Registered | Status::UnderReview | Status::Proposed | Status::Approved => {
            let clause = if answer_by > answer_due(registered) {
                "32"
            } else {
                "31"
            };
            Some(Term {
                due: answer_by,
                clause,
            })
        }
        Status::Scheduled => reception
            .map(review_due)
            .filter(|due| *due >= today)
            .map(|due| Term { due, clause: "28" }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn a_request_in_office_hours_counts_at_once_clause_4() {
        assert_eq!(
            effective_receipt(at(2026, 11, 24, 10, 15)),
            at(2026, 11, 24, 10, 15)
        );
        assert_eq!(
            effective_receipt(at(2026, 11, 24, 7, 40)),
            at(2026, 11, 24, 9, 0)
        );
        assert_eq!(
            effective_receipt(at(2026, 11, 24, 18, 29)),
            at(2026, 11, 24, 18, 29)
        );
    }

    #[test]
    fn a_request_on_friday_after_18_30_counts_on_monday_at_9_clause_4() {
        assert_eq!(
            effective_receipt(at(2026, 11, 27, 18, 30)),
            at(2026, 11, 30, 9, 0)
        );
        assert_eq!(
            effective_receipt(at(2026, 11, 28, 12, 0)),
            at(2026, 11, 30, 9, 0)
        );
    }

    #[test]
    fn registration_is_due_within_3_working_days_clause_27() {
        // Tuesday 24 November 2026: Wed, Thu, Fri.
        assert_eq!(registration_due(at(2026, 11, 24, 10, 0)), d(2026, 11, 27));
        // Friday evening counts from Monday: Tue, Wed, Thu.
        assert_eq!(registration_due(at(2026, 11, 27, 19, 0)), d(2026, 12, 3));
    }

    #[test]
    fn registration_skips_a_holiday_on_monday_clause_27() {
        // Friday 29 August 2025 in hours; Monday 1 September is the carried-over
        // Constitution Day: Tue 2, Wed 3, Thu 4 September.
        assert_eq!(registration_due(at(2025, 8, 29, 11, 0)), d(2025, 9, 4));
        // From 2026 30 August is no holiday: Friday 28 August 2026 gives Mon 31 August,
        // Tue 1, Wed 2 September.
        assert_eq!(registration_due(at(2026, 8, 28, 11, 0)), d(2026, 9, 2));
    }

    #[test]
    fn registration_skips_the_nauryz_week_clause_27() {
        // Friday 20 March 2026; 21-25 March are off: Thu 26, Fri 27, Mon 30.
        assert_eq!(registration_due(at(2026, 3, 20, 12, 0)), d(2026, 3, 30));
    }

    #[test]
    fn registration_crosses_the_new_year_clause_27() {
        // Wednesday 31 December 2025 after hours: counts from Monday 5 January 2026;
        // 7 January (Christmas) is off: Tue 6, Thu 8, Fri 9.
        assert_eq!(registration_due(at(2025, 12, 31, 19, 0)), d(2026, 1, 9));
    }

    #[test]
    fn registration_across_the_2024_time_zone_switch_clause_27() {
        // 29 February 2024 23:30 local (either reading of the repeated hour) is after
        // hours on a Thursday: counts from Friday 1 March 09:00; Mon 4, Tue 5, Wed 6.
        let local = at(2024, 2, 29, 23, 30);
        assert_eq!(
            super::super::time::to_local(super::super::time::to_utc(local)),
            local
        );
        assert_eq!(effective_receipt(local), at(2024, 3, 1, 9, 0));
        assert_eq!(registration_due(local), d(2024, 3, 6));
        // 2024-03-01 03:30 UTC is 08:30 local (+05), not 09:30 (+06): before opening.
        let utc = d(2024, 3, 1).and_hms_opt(3, 30, 0).unwrap().and_utc();
        let received = super::super::time::to_local(utc);
        assert_eq!(effective_receipt(received), at(2024, 3, 1, 9, 0));
    }

    #[test]
    fn answer_with_date_and_time_is_due_within_15_calendar_days_of_registration_clause_31() {
        assert_eq!(answer_due(d(2026, 11, 24)), d(2026, 12, 9));
        // 15 days after 1 December 2026 is 16 December, Independence Day: "no later than"
        // the 15th day, so the working day before it.
        assert_eq!(answer_due(d(2026, 12, 1)), d(2026, 12, 15));
        // Day 15 is Saturday 5 December 2026: due on Friday, never on Monday the 7th.
        assert_eq!(answer_due(d(2026, 11, 20)), d(2026, 12, 4));
        // Registered on 13 March 2026: day 15 is 28 March, a Saturday after the Nauryz days.
        assert_eq!(answer_due(d(2026, 3, 13)), d(2026, 3, 27));
    }

    #[test]
    fn extension_is_at_most_30_calendar_days_of_registration_clause_32() {
        assert_eq!(extended_answer_due(d(2026, 11, 24)), d(2026, 12, 24));
        // 30 days after 2 December 2025 is 1 January 2026, a holiday: due on 31 December,
        // not on 5 January (34 days).
        assert_eq!(extended_answer_due(d(2025, 12, 2)), d(2025, 12, 31));
    }

    #[test]
    fn reference_note_is_due_5_working_days_before_the_reception_clause_28() {
        assert_eq!(review_due(d(2026, 11, 27)), d(2026, 11, 20));
        // Reception Thursday 26 March 2026: 23-25 March are off, so back to Monday 16th.
        assert_eq!(review_due(d(2026, 3, 26)), d(2026, 3, 16));
    }

    #[test]
    fn cancellation_is_notified_2_working_days_ahead_or_on_the_day_clause_17() {
        let reception = d(2026, 12, 2); // Wednesday
        assert_eq!(
            cancellation_notice(at(2026, 11, 30, 17, 0), reception),
            CancellationNotice::InAdvance
        );
        assert_eq!(
            cancellation_notice(at(2026, 12, 1, 9, 0), reception),
            CancellationNotice::Late
        );
        assert_eq!(
            cancellation_notice(at(2026, 12, 2, 8, 0), reception),
            CancellationNotice::OnTheDay
        );
        assert!(!cancellation_notice(at(2026, 12, 3, 8, 0), reception).is_timely());
        // Saturday notice counts from Monday, still 2 working days before Wednesday.
        assert!(cancellation_notice(at(2026, 11, 28, 12, 0), reception).is_timely());
    }

    #[test]
    fn cancellation_notice_counts_working_days_over_a_holiday_clause_17() {
        // Reception Thursday 17 December 2026; Wednesday 16th is Independence Day, so
        // 2 working days before is Monday 14th.
        let reception = d(2026, 12, 17);
        assert!(cancellation_notice(at(2026, 12, 14, 18, 0), reception).is_timely());
        assert!(!cancellation_notice(at(2026, 12, 15, 9, 0), reception).is_timely());
    }

    #[test]
    fn applicant_is_told_of_a_request_to_a_central_body_within_2_working_days_clause_21() {
        assert_eq!(central_request_notice_due(d(2026, 11, 26)), d(2026, 11, 30));
        assert_eq!(central_request_notice_due(d(2026, 5, 6)), d(2026, 5, 12));
    }

    #[test]
    fn refusal_of_a_state_body_is_reported_within_2_working_days_clause_22() {
        assert_eq!(refusal_report_due(d(2026, 12, 15)), d(2026, 12, 18));
    }

    #[test]
    fn applications_from_a_reception_are_registered_within_1_to_3_working_days_clause_36() {
        assert_eq!(reception_applications_due(d(2026, 11, 24)), d(2026, 11, 27));
        // Wed 30 December 2026: Thu 31, then 1-4 January 2027 are off (2 January, a
        // Saturday, is carried over to Monday 4th): Tue 5, Wed 6.
        assert_eq!(reception_applications_due(d(2026, 12, 30)), d(2027, 1, 6));
    }

    #[test]
    fn the_department_reports_at_least_once_a_quarter_clause_40() {
        assert_eq!(quarterly_report_due(2026, 1), Some(d(2026, 3, 31)));
        assert_eq!(quarterly_report_due(2026, 2), Some(d(2026, 6, 30)));
        // 31 December 2022 was a Saturday.
        assert_eq!(quarterly_report_due(2022, 4), Some(d(2022, 12, 30)));
        assert_eq!(quarterly_report_due(2026, 5), None);
        assert_eq!(quarter_of(d(2026, 11, 24)), 4);
    }

    #[test]
    fn the_request_form_shows_terms_assuming_registration_on_the_last_day() {
        let terms = for_request_received(at(2026, 11, 27, 19, 0));
        assert_eq!(
            terms,
            Deadlines {
                received_effective: at(2026, 11, 30, 9, 0),
                registration_by: d(2026, 12, 3),
                answer_by: d(2026, 12, 18),
                // Day 30 is Saturday 2 January 2027 (a holiday): the working day before it.
                extended_answer_by: d(2026, 12, 31),
            }
        );
    }

    #[test]
    fn a_reception_is_given_no_sooner_than_its_reference_note_allows_clause_28() {
        // Tuesday 1 December 2026: the note for a reception on Tuesday 8 December is due today.
        let today = d(2026, 12, 1);
        let earliest = earliest_reception(today);
        assert_eq!(earliest, d(2026, 12, 8));
        assert_eq!(review_due(earliest), today);
        assert!(review_due(earliest.pred_opt().unwrap()) < today);
    }

    #[test]
    fn a_term_is_coloured_overdue_today_or_within_two_working_days() {
        // Friday 27 November 2026: Monday and Tuesday are the next two working days.
        let friday = d(2026, 11, 27);
        assert_eq!(urgency(d(2026, 11, 26), friday), Urgency::Overdue);
        assert_eq!(urgency(friday, friday), Urgency::DueToday);
        assert_eq!(urgency(d(2026, 11, 30), friday), Urgency::Soon);
        assert_eq!(urgency(d(2026, 12, 1), friday), Urgency::Soon);
        assert_eq!(urgency(d(2026, 12, 2), friday), Urgency::Later);
    }

    #[test]
    fn the_next_term_is_the_answer_then_the_reference_note_clauses_28_31_32() {
        let registered = d(2026, 11, 24);
        let today = d(2026, 11, 25);
        let ordinary = answer_due(registered);
        let term = next_term(Status::UnderReview, registered, ordinary, None, today).unwrap();
        assert_eq!((term.due, term.clause), (ordinary, "31"));
        let extended = extended_answer_due(registered);
        let term = next_term(Status::Proposed, registered, extended, None, today).unwrap();
        assert_eq!((term.due, term.clause), (extended, "32"));
        // A reception on Friday 11 December: the note is due on Friday 4 December.
        let reception = Some(d(2026, 12, 11));
        let term = next_term(Status::Scheduled, registered, ordinary, reception, today).unwrap();
        assert_eq!((term.due, term.clause), (d(2026, 12, 4), "28"));
        assert_eq!(
            next_term(
                Status::Scheduled,
                registered,
                ordinary,
                reception,
                d(2026, 12, 7)
            ),
            None
        );
        assert_eq!(
            next_term(Status::Closed, registered, ordinary, None, today),
            None
        );
    }

    #[test]
    fn a_term_counted_again_stays_the_term_it_was_clauses_31_32() {
        for day in 1..=31 {
            let registered = d(2026, 12, day);
            let ordinary = answer_due(registered);
            let extended = extended_answer_due(registered);
            assert_eq!(answer_due_recounted(registered, ordinary), ordinary);
            assert_eq!(answer_due_recounted(registered, extended), extended);
        }
        // Counted on a calendar without 16 December's holiday (the 15th day itself): the
        // working day before it now.
        let registered = d(2026, 12, 1);
        assert_eq!(
            answer_due_recounted(registered, d(2026, 12, 16)),
            d(2026, 12, 15)
        );
    }
}
