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
