//! The clerks' inbox: one list of the requests of every channel (clause 4), as the server
//! sends it to the page.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{channel::Channel, deadlines::Urgency, lang::Text, lifecycle::Status};

/// Rows per page of the inbox.
pub const PAGE_SIZE: u32 = 50;

/// What the clerk asked the inbox for: the filter form's fields, as they travel in the
/// address (`/staff/inbox?status=…&q=…`), so a view can be bookmarked and works without
/// JavaScript. Empty fields mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub official: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    /// "1": only the out-of-turn categories of clause 13.
    #[serde(default)]
    pub out_of_turn: Option<String>,
    /// "1": only requests past their term.
    #[serde(default)]
    pub overdue: Option<String>,
    /// A registration number, a surname (its beginning) or a full IIN.
    #[serde(default)]
    pub q: Option<String>,
    /// "deadline": nearest term first; otherwise newest first.
    #[serde(default)]
    pub order: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
}

/// One request in the inbox. The applicant's IIN is masked; the full one is on the card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxRow {
    pub number: String,
    pub channel: Channel,
    /// Local time of receipt, `YYYY-MM-DD HH:MM`.
    pub received: String,
    /// Surname and initials.
    pub applicant: String,
    pub identity_masked: String,
    pub official: Text,
    pub topic: Text,
    pub out_of_turn: bool,
    /// Flagged as a likely repeat of an earlier request (clause 16.2).
    pub likely_repeat: bool,
    pub status: Status,
    /// The next term, the clause that sets it, and how near it is.
    pub term: Option<(NaiveDate, String, Urgency)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub rows: Vec<InboxRow>,
    /// Requests that match the filter, over all pages.
    pub total: i64,
    /// Requests per status, over the whole inbox (the filter's other fields do not apply).
    pub counts: Vec<(Status, i64)>,
    /// 1-based.
    pub page: u32,
    /// The officials a request can be filtered by.
    pub officials: Vec<(i64, Text)>,
}

impl InboxPage {
    pub fn pages(&self) -> u32 {
        (self.total.max(0) as u32).div_ceil(PAGE_SIZE).max(1)
    }
}
