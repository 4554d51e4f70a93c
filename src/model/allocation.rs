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
    pub planned: Vec<Planned>,
    pub days: Vec<DayView>,
}
