//! A request as the staff read it on its card: everything the applicant gave, its terms,
//! its timeline, and the applicant's earlier requests.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::request::{Refusal, TimelineEntry};
use crate::rules::{
    channel::Channel,
    deadlines::Urgency,
    lang::{Lang, Text},
    lifecycle::Status,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCard {
    pub number: String,
    pub status: Status,
    /// Its version: a decision is taken on it (`server::workflow::Shown`).
    pub version: i64,
    pub channel: Channel,
    pub received: NaiveDateTime,
    pub registered_on: NaiveDate,
    pub answer_by: NaiveDate,
    /// The next term, its clause, and how near it is.
    pub term: Option<(NaiveDate, String, Urgency)>,
    pub applicant: String,
    /// The IIN (or a foreigner's document number), in full: the card is for the staff only.
    pub identity: String,
    pub phone: String,
    pub email: Option<String>,
    /// The language the applicant asked to be answered in (clause 23).
    pub lang: Lang,
    /// For a representative: the organisation and its BIN.
    pub organisation: Option<String>,
    pub official: Text,
    pub position: Text,
    pub topic: Text,
    pub essence: String,
    pub out_of_turn: bool,
    pub interpreter: Option<String>,
    pub video_consent: bool,
    pub timeline: Vec<TimelineEntry>,
    pub refusal: Option<Refusal>,
    pub scheduled: Option<(NaiveDate, NaiveTime, Text)>,
    /// A scheduled reception may move to one of these free slots of its official's days
    /// (clause 30): day id, date, start.
    pub free_slots: Vec<(i64, NaiveDate, NaiveTime)>,
    /// Clause 3: its official may receive the applicant today, the day of the request.
    pub same_day: bool,
    /// The earlier request this one likely repeats (clause 16.2): the clerk decides.
    pub repeat_of: Option<String>,
    /// Central state bodies asked to take part (clauses 20-22).
    pub central: Vec<CentralRequest>,
    /// The same applicant's other requests (same IIN or BIN): number, received, status.
    pub earlier: Vec<(String, NaiveDateTime, Status)>,
    /// The instructions of the reception's protocol (clauses 25, 34).
    pub instructions: Vec<Instruction>,
    /// The final reasoned answer that took the request off control (clause 35).
    pub final_answer: Option<String>,
    /// The department's reference note to the chief of staff (clause 28), once proposed.
    pub reference_note: Option<(Proposal, String)>,
    /// Once the applicant was received: the last day to register the applications handed in
    /// at the reception (clause 36), by the server's calendar.
    pub papers_due: Option<NaiveDate>,
    /// The applications handed in at the reception, registered (clause 36).
    pub papers: Vec<Paper>,
}

/// An application handed in at a reception, scanned and registered (clause 36); its scan
/// is read separately.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    pub id: i64,
    /// The instruction of the protocol it is attached to, when it concerns one.
    pub instruction_id: Option<i64>,
    /// Its registration number in the electronic document system.
    pub edms_number: String,
    pub summary: String,
    /// The day of the reception.
    pub handed_in: NaiveDate,
    pub registered_on: NaiveDate,
    /// The scan's file extension (pdf, jpg, png).
    pub extension: String,
    /// Registered after the 3 working days of clause 36.
    pub late: bool,
    /// The scan's SHA-256, as the audit log keeps it.
    pub sha256: String,
}

/// An instruction of a reception's protocol, with its deadline (clause 25) and, once done,
/// the executor's report (34).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    pub id: i64,
    pub executor: String,
    pub content: String,
    pub given_on: NaiveDate,
    pub due_on: NaiveDate,
    /// How near the deadline is, while the instruction is open.
    pub urgency: Option<Urgency>,
    pub done_on: Option<NaiveDate>,
    pub report: Option<String>,
}

/// A decision the server refused, shown on the card again above its actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionError {
    pub message: Text,
    /// When someone else changed the request first: who, and when (local time).
    pub changed_by: Option<(Text, String)>,
    /// The refused form and what was typed in it, to fill it again: nothing typed is lost.
    pub kept: Option<KeptForm>,
}

/// A refused form of the card: which one (`form`: the decision's event code, or the path
/// a protocol form posts to) and its fields as they were posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptForm {
    pub form: String,
    pub fields: Vec<(String, String)>,
}

impl DecisionError {
    /// What was typed in field `name` of form `form`, when that form was refused.
    pub fn typed(&self, form: &str, name: &str) -> Option<String> {
        let kept = self.kept.as_ref().filter(|k| k.form == form)?;
        kept.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// A central state body asked to take part in the reception by video (clauses 20-22).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentralRequest {
    pub id: i64,
    pub body: String,
    pub sent_on: NaiveDate,
    /// Clause 21: the applicant is told within 2 working days (the notice goes with the
    /// request, so it is met on the day).
    pub notice_due: NaiveDate,
    pub refused_on: Option<NaiveDate>,
    /// Clause 22: a refusal is reported within 2 working days.
    pub report_due: Option<(NaiveDate, Urgency)>,
    pub reported_on: Option<NaiveDate>,
}

/// What the department's reference note proposes to the chief of staff (clause 28).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Proposal {
    /// To set a date for the reception.
    Reception,
    /// To refuse the reception.
    Refusal,
}

impl Proposal {
    pub const ALL: [Proposal; 2] = [Proposal::Reception, Proposal::Refusal];

    pub fn code(self) -> &'static str {
        match self {
            Proposal::Reception => "reception",
            Proposal::Refusal => "refusal",
        }
    }

    pub fn from_code(code: &str) -> Option<Proposal> {
        Proposal::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn label(self) -> crate::rules::lang::Tr {
        use crate::rules::lang::Tr;
        match self {
            Proposal::Reception => Tr::new("Қабылдау күнін белгілеу", "Назначить дату приёма"),
            Proposal::Refusal => Tr::new("Қабылдаудан бас тарту", "Отказать в приёме"),
        }
    }
}
