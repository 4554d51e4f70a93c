//! The reception day (clause 10): the desk's list and the aides' board.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::rules::{lang::Text, lifecycle::Status};

/// One applicant of today at the reception-room desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEntry {
    pub number: String,
    pub official: Text,
    pub slot: NaiveTime,
    /// Surname and initials.
    pub applicant: String,
    pub status: Status,
    pub version: i64,
    pub called: bool,
    /// When the desk called them in (local time).
    pub called_at: Option<NaiveTime>,
    /// Out of turn (clause 13), with the proof seen at check-in or still to be seen.
    pub out_of_turn: bool,
    /// The desk checked them in without the out-of-turn proof: they keep the ordinary turn.
    pub out_of_turn_unproven: bool,
    /// A representative of a legal entity: the power of attorney is checked too (clause 10).
    pub representative: bool,
}

/// One official's reception today, as the wall board shows it: queue numbers and initials
/// only, never an IIN, a phone or a full name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardOfficial {
    pub official: Text,
    /// In reception now: queue number and initials.
    pub now: Option<(usize, String)>,
    /// Which call that is (a digest of the request and the time it was called, no data): a
    /// new call is a new key, whatever the queue numbers do meanwhile.
    pub call: Option<String>,
    /// Next to be called.
    pub next: Option<(usize, String)>,
    /// Checked in and waiting.
    pub waiting: usize,
    pub done: usize,
    pub no_shows: usize,
    /// How far behind the schedule the reception runs, in minutes.
    pub late_minutes: i64,
}

/// A short digest of `text` (FNV-1a, 64 bits, hex): an id for a board's element that
/// carries nothing readable.
pub fn digest(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// A receiving official's own coming receptions (clause 2): the days of the official their
/// account names, each with who is booked. `official` is none when the account is not linked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnReceptions {
    pub official: Option<Text>,
    pub days: Vec<OwnDay>,
}

/// One of the official's coming reception days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnDay {
    pub date: chrono::NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub place: Text,
    pub applicants: Vec<OwnApplicant>,
}

/// An applicant booked with the official: what the official prepares for (clause 28).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnApplicant {
    pub slot: NaiveTime,
    pub number: String,
    /// The full name: the official receives them in person.
    pub applicant: String,
    pub topic: Text,
    pub essence: String,
    pub out_of_turn: bool,
    pub status: Status,
}
