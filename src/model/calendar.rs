//! The calendar as the administrator keeps it (`/staff/calendar`): the year's facts, compiled
//! in or entered after the release, and the days off and working weekends in force.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::lang::Text;

/// A fact of a year's calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFact {
    /// The entry's id; none for a fact compiled into the release.
    pub id: Option<i64>,
    /// Kurban Ait's first day, or the weekday made a day off by a transfer.
    pub day: NaiveDate,
    /// The weekend day made a working day (a transfer only).
    pub working_day: Option<NaiveDate>,
    /// The act (in both languages) and the administrator's note; empty for a Kurban Ait
    /// compiled into the release.
    pub source: Text,
}

/// A day of the year that is not a plain weekday or weekend, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub working: bool,
    pub why: Text,
}

/// The administrator's calendar page for one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub year: i32,
    /// The years the calendar knows in full (Kurban Ait and transfers).
    pub known: (i32, i32),
    pub kurban_ait: Vec<CalendarFact>,
    pub transfers: Vec<CalendarFact>,
    pub days: Vec<SpecialDay>,
}

/// A fact entered (the page says so).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDone;
