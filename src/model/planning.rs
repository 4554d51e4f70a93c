//! A month of reception days as the department plans it and the chief of staff approves it
//! (clauses 6-9), and the officials who receive (clause 2) as the administrator keeps them.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::rules::{duties::OfficialRole, lang::Text};

/// One reception day of the month, planned or published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDay {
    pub id: i64,
    pub official_id: i64,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub slot_minutes: u32,
    pub seats: u32,
    pub place: Text,
    pub video_room: Option<String>,
    /// Clause 9: the akim's instruction for an extra reception of a deputy, and its date.
    pub order: Option<(String, NaiveDate)>,
    /// On the public schedule: the month is approved (or the day was there before planning).
    pub published: bool,
    pub cancelled: bool,
    pub booked: i64,
}

/// The month's plan: the officials who receive, their days, the report meetings, what
/// clause 6 finds missing, and who approved the month (name, local time) once approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPlan {
    pub year: i32,
    pub month: u32,
    pub officials: Vec<(i64, Text, OfficialRole)>,
    pub days: Vec<PlannedDay>,
    pub meetings: Vec<NaiveDate>,
    pub violations: Vec<Text>,
    pub approved: Option<(String, String)>,
    /// What the caller's role may do here.
    pub may_plan: bool,
    pub may_approve: bool,
}

/// What a posted planning form did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanDone {
    DayAdded,
    DayRemoved,
    MeetingAdded,
    MeetingRemoved,
    Approved,
}

/// An official as the administrator keeps them: also the inactive ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialEntry {
    pub official: super::Official,
    pub sort_order: i64,
    pub active: bool,
}

/// What a posted officials form did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfficialDone {
    Added,
    Changed,
}
