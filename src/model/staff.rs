//! The staff workspace's data as the pages see it.

use serde::{Deserialize, Serialize};

use crate::rules::lang::Text;
use crate::rules::permissions::StaffRole;

/// The signed-in staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub role: StaffRole,
    /// A password given by someone else is changed before anything else.
    pub must_change_password: bool,
}

/// A sign-in (or password change) the server refused, shown in the form again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffFormError {
    pub login: String,
    pub message: Text,
}

/// A row of the audit log as the administrator reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// `staff:<id>:<role>` or `applicant`.
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A notice staff must phone through: no e-mail address, or the e-mail failed for good.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneCall {
    pub outbox_id: i64,
    pub number: String,
    pub applicant: String,
    pub phone: String,
    /// The language to speak (the applicant's, clause 23).
    pub lang: crate::rules::lang::Lang,
    pub subject: String,
    /// The notice's text, to read out.
    pub body: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// The e-mail was tried and failed for good (otherwise there was no address).
    pub email_failed: bool,
}

/// A staff account as the administrator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub role: StaffRole,
    pub active: bool,
    pub must_change_password: bool,
    /// The official a receiving official's account is (their own receptions).
    pub official: Option<i64>,
}

/// What the accounts screen says after a change: a refusal, or the one-time password of a
/// new or reset account, shown once and never put in an address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountNotice {
    Refused(Text),
    Issued { login: String, password: String },
    Done,
}

/// A wall screen of the board, as the administrator sees it (never its token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardScreen {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub revoked: bool,
}

/// What a posted screens form did: a new screen's link (shown once), or a revocation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScreenDone {
    Created { name: String, link: String },
    Revoked,
}

/// An applicant to ask how satisfied they are (clause 38), for the staff to phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyCall {
    pub number: String,
    /// Closed by the final answer (consulted) or withdrawn (declined the reception).
    pub status: crate::rules::lifecycle::Status,
    pub applicant: String,
    pub phone: String,
    /// The language to speak (the applicant's, clause 23).
    pub lang: crate::rules::lang::Lang,
}

/// An open instruction of a reception's protocol on the department's control list (clause
/// 34): the request's number, not the applicant's name, IIN or phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlItem {
    pub instruction_id: i64,
    pub number: String,
    pub executor: String,
    pub content: String,
    pub due_on: chrono::NaiveDate,
    pub urgency: crate::rules::deadlines::Urgency,
}

/// The control list (clause 34): its first instructions, nearest deadline first, and how many
/// are open and overdue in all, so that a list longer than is shown says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlList {
    pub items: Vec<ControlItem>,
    pub open: i64,
    pub overdue: i64,
}
