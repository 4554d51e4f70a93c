//! The department's quarterly report (clause 40): what came in, from where, to whom and on
//! what, what became of it, and how the protocols' instructions were kept. Counts only: no
//! applicant is named.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{channel::Channel, lang::Text, lifecycle::Status};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterReport {
    pub year: i32,
    pub quarter: u32,
    /// The quarter's first and last day.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The last day to report (clause 40: at least once a quarter; here the last working
    /// day of the quarter).
    pub due: NaiveDate,
    /// Requests received in the quarter (clause 4: every channel).
    pub received: i64,
    pub by_channel: Vec<(Channel, i64)>,
    /// Where those requests stand now.
    pub by_status: Vec<(Status, i64)>,
    pub by_official: Vec<(Text, i64)>,
    /// The ten topics asked about most.
    pub by_topic: Vec<(Text, i64)>,
    /// Received out of turn (clause 13).
    pub out_of_turn: i64,
    /// Refusals by the clause they rest on (16.1, 16.2, 29, 31).
    pub refusals: Vec<(String, i64)>,
    /// Instructions of protocols given in the quarter (clause 25): all, done, and of the
    /// open ones, those past their deadline today (34).
    pub instructions: i64,
    pub instructions_done: i64,
    pub instructions_overdue: i64,
    /// The satisfaction survey's answers recorded in the quarter (clause 38).
    pub satisfaction: Vec<(crate::rules::survey::Outcome, i64)>,
}
