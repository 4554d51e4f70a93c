//! The allocation of an official's approved list (clauses 13, 29, 30), as the clerk reads it.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// One approved request in queue order and the slot it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    pub number: String,
    /// Surname and initials.
    pub applicant: String,
    pub out_of_turn: bool,
    /// None: no free seat on the official's days; it waits.
    pub slot: Option<(NaiveDate, NaiveTime)>,
    /// The last day to tell the applicant the date (clause 31, or 32 when extended), and how
    /// near it is: a request that waits past it needs an extension or a reasoned refusal.
    pub answer_by: (NaiveDate, crate::rules::deadlines::Urgency),
}

/// What a confirmed allocation did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmed {
    pub scheduled: usize,
    /// No free seat: still on the list.
    pub waiting: usize,
    /// Changed meanwhile (a seat taken, a decision by someone else): still on the list.
    pub changed: usize,
    /// Held back by the clerk this round: still on the list.
    pub held: usize,
}

/// What cancelling a reception day did (clause 17).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancelled {
    /// The department was told at least 2 working days before, or on the day.
    pub timely: bool,
    pub on_the_day: bool,
    /// The day's applicants sent back to the list, each told.
    pub moved: usize,
    /// The list allocated again afterwards.
    pub allocation: Confirmed,
}

/// One of an official's coming reception days, as the allocation page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayView {
    pub id: i64,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    /// Seats booked.
    pub booked: i64,
    pub cancelled: bool,
    /// What the day needs besides its applicants (clauses 11, 19), confirmed or not.
    pub checks: Vec<CheckItem>,
}

/// Someone invited to a reception day (clauses 18, 24; the page says so).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invited;

/// A checklist item confirmed (the page says so).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckConfirmed;

/// An item of a reception day's checklist: a representative of clause 19 or an interpreter
/// (clause 11), and who confirmed it and when (local time), if anyone has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    pub code: String,
    pub label: crate::rules::lang::Text,
    pub confirmed: Option<String>,
}

/// The allocation page: the officials to choose from, the chosen one's list and days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationView {
    pub officials: Vec<(i64, crate::rules::lang::Text)>,
    /// What the chosen official's list is allocated from (the planner's input).
    pub plan: Option<PlanInput>,
    /// The list in queue order as the clerk reads it (`slot`: the seat it takes when nothing
    /// is held back).
    pub planned: Vec<Planned>,
    pub days: Vec<DayView>,
}

/// One of an official's open reception days as the planner allocates into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDay {
    pub id: i64,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub slot_minutes: u32,
    pub seats: u32,
}

/// What the allocation of an official's approved list is computed from, in the browser (the
/// planner's instant preview) and on the server (the decision) alike, by [`allocate_plan`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub official: i64,
    /// The earliest date a reception may be set for (5 working days on, clause 28).
    pub from: NaiveDate,
    /// The approved list in the queue order of clause 13, by number.
    pub queue: Vec<String>,
    /// The official's open days from `from`.
    pub days: Vec<PlanDay>,
    /// Seats already taken: date, slot start, how many.
    pub taken: Vec<(NaiveDate, NaiveTime, u32)>,
}

impl PlanInput {
    /// The input as plain text, for the planner's island: one line of official and earliest
    /// date, one of the numbers in queue order, then a line per day (`d id date starts ends
    /// minutes seats`) and per taken slot (`t date start count`). A text prop costs the
    /// browser's bundle nothing; a derived decoder of these structs weighed kilobytes.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} {}\n{}\n",
            self.official,
            self.from,
            self.queue.join(" ")
        );
        for d in &self.days {
            out.push_str(&format!(
                "d {} {} {} {} {} {}\n",
                d.id,
                d.date,
                d.starts.format("%H:%M"),
                d.ends.format("%H:%M"),
                d.slot_minutes,
                d.seats
            ));
        }
        for (date, start, count) in &self.taken {
            out.push_str(&format!("t {date} {} {count}\n", start.format("%H:%M")));
        }
        out
    }

    /// Reads what [`PlanInput::to_text`] wrote; none when it does not read.
    pub fn from_text(text: &str) -> Option<PlanInput> {
        fn clock(s: &str) -> Option<NaiveTime> {
            let (h, m) = s.split_once(':')?;
            NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
        }
        let mut lines = text.lines();
        let (official, from) = lines.next()?.split_once(' ')?;
        let mut input = PlanInput {
            official: official.parse().ok()?,
            from: from.parse().ok()?,
            queue: lines
                .next()?
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            days: Vec::new(),
            taken: Vec::new(),
        };
        for line in lines {
            let f: Vec<&str> = line.split(' ').collect();
            match f.as_slice() {
                ["d", id, date, starts, ends, minutes, seats] => input.days.push(PlanDay {
                    id: id.parse().ok()?,
                    date: date.parse().ok()?,
                    starts: clock(starts)?,
                    ends: clock(ends)?,
                    slot_minutes: minutes.parse().ok()?,
                    seats: seats.parse().ok()?,
                }),
                ["t", date, start, count] => {
                    input
                        .taken
                        .push((date.parse().ok()?, clock(start)?, count.parse().ok()?))
                }
                _ => return None,
            }
        }
        Some(input)
    }
}

/// The clerk's choice for this round: requests held back (by number) and days left unfilled
/// (by id). Nothing chosen: everything is allocated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub held: Vec<String>,
    pub skipped: Vec<i64>,
}

/// Where each request of `input.queue` goes under `choice`, in queue order: the day's id and
/// the slot, or none (held back, or no free seat: it waits). `rules::allocation::allocate`
/// decides; this only feeds it the days and requests the clerk chose.
pub fn allocate_plan(
    input: &PlanInput,
    choice: &Choice,
) -> Vec<Option<(i64, NaiveDate, NaiveTime)>> {
    use crate::rules::allocation::{
        allocate, ApprovedRequest, Booking, OfficialId, ReceptionDay, RequestId,
    };
    let official = OfficialId(input.official as u64);
    let days: Vec<(i64, ReceptionDay)> = input
        .days
        .iter()
        .filter(|d| !choice.skipped.contains(&d.id))
        .filter_map(|d| {
            ReceptionDay::new(
                official,
                d.date,
                d.starts,
                d.ends,
                d.slot_minutes,
                d.seats,
                None,
            )
            .ok()
            .map(|day| (d.id, day))
        })
        .collect();
    let requests: Vec<ApprovedRequest> = input
        .queue
        .iter()
        .enumerate()
        .filter(|(_, number)| !choice.held.contains(number))
        .map(|(i, _)| ApprovedRequest {
            request: RequestId(i as u64),
            official,
            earliest: input.from,
        })
        .collect();
    let taken: Vec<Booking> = input
        .taken
        .iter()
        .map(|&(date, start, count)| Booking {
            official,
            date,
            start,
            count,
        })
        .collect();
    let rule_days: Vec<ReceptionDay> = days.iter().map(|(_, d)| *d).collect();
    let allocation = allocate(&rule_days, &requests, &taken);
    let mut placed = vec![None; input.queue.len()];
    for a in allocation.assigned {
        let day = days
            .iter()
            .find(|(_, d)| d.date() == a.slot.date && d.slots().any(|s| s == a.slot))
            .map(|(id, _)| *id);
        if let Some(day) = day {
            placed[a.request.0 as usize] = Some((day, a.slot.date, a.slot.start));
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_planners_input_reads_back_from_its_text() {
        let date = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let input = PlanInput {
            official: 7,
            from: date(8),
            queue: vec!["KRG-2026-000001".into(), "KRG-2026-000002".into()],
            days: vec![PlanDay {
                id: 3,
                date: date(9),
                starts: time(10, 0),
                ends: time(13, 0),
                slot_minutes: 20,
                seats: 2,
            }],
            taken: vec![(date(9), time(10, 20), 1)],
        };
        assert_eq!(PlanInput::from_text(&input.to_text()), Some(input.clone()));
        let empty = PlanInput {
            queue: Vec::new(),
            days: Vec::new(),
            taken: Vec::new(),
            ..input
        };
        assert_eq!(PlanInput::from_text(&empty.to_text()), Some(empty));
        assert_eq!(
            PlanInput::from_text("7 2026-12-08\nA\nd 1 2026-12-09 10:00"),
            None
        );
    }
}

/// One official's part of the list of persons to be received (clause 29).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedOfficial {
    pub official: crate::rules::lang::Text,
    pub position: crate::rules::lang::Text,
    /// In queue order (clause 13).
    pub persons: Vec<ListedPerson>,
}

/// A person on the list to be received (clause 29): approved, with the date once given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedPerson {
    pub number: String,
    /// The applicant's full name: the list is the department's document for the chief of
    /// staff, behind the sign-in.
    pub applicant: String,
    /// The out-of-turn category (clause 13), as claimed.
    pub out_of_turn: Option<crate::rules::lang::Text>,
    pub topic: crate::rules::lang::Text,
    pub registered_on: NaiveDate,
    /// The reception's date and time, once allocated.
    pub reception: Option<(NaiveDate, NaiveTime)>,
}
