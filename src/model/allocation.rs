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
