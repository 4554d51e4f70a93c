//! Requests for a personal reception as the applicant's pages see them. Never carries the
//! IIN or the phone back to the browser.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::rules::application::FieldError;
use crate::rules::lang::Text;

/// An official the applicant may ask to be received by (clause 2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialChoice {
    pub id: i64,
    pub name: Text,
    pub position: Text,
}

/// What the request form needs from the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    pub officials: Vec<OfficialChoice>,
    /// Clause 15: while restrictions are in force, reception is by video only.
    pub restrictions_in_force: bool,
    /// A fresh one-time key for this form: resending it registers nothing new.
    pub form_key: String,
}

/// What a submission gives back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubmitOutcome {
    Registered { number: String, coupon_key: String },
    Invalid(Vec<FieldError>),
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Registered,
    Extended,
    Scheduled,
    Refused,
    Withdrawn,
    Received,
    Answered,
}

impl RequestStatus {
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Registered => "registered",
            RequestStatus::Extended => "extended",
            RequestStatus::Scheduled => "scheduled",
            RequestStatus::Refused => "refused",
            RequestStatus::Withdrawn => "withdrawn",
            RequestStatus::Received => "received",
            RequestStatus::Answered => "answered",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestStatus> {
        [
            RequestStatus::Registered,
            RequestStatus::Extended,
            RequestStatus::Scheduled,
            RequestStatus::Refused,
            RequestStatus::Withdrawn,
            RequestStatus::Received,
            RequestStatus::Answered,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self) -> Text {
        match self {
            RequestStatus::Registered => Text::new("Тіркелді", "Зарегистрировано"),
            RequestStatus::Extended => {
                Text::new("Қарау мерзімі ұзартылды", "Срок рассмотрения продлён")
            }
            RequestStatus::Scheduled => Text::new("Қабылдауға жазылды", "Назначен приём"),
            RequestStatus::Refused => Text::new("Қабылдаудан бас тартылды", "Отказано в приёме"),
            RequestStatus::Withdrawn => Text::new("Өтініш кері қайтарылды", "Обращение отозвано"),
            RequestStatus::Received => Text::new("Қабылдау өтті", "Приём состоялся"),
            RequestStatus::Answered => Text::new("Жауап берілді", "Дан ответ"),
        }
    }

    /// The applicant may still withdraw: nothing final has happened yet.
    pub fn can_withdraw(self) -> bool {
        matches!(
            self,
            RequestStatus::Registered | RequestStatus::Extended | RequestStatus::Scheduled
        )
    }
}

/// The printable coupon of a registered request (APPK art. 63): no personal data but the
/// applicant's initials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    pub number: String,
    pub applicant_initials: String,
    pub received_local: NaiveDateTime,
    pub registered_on: NaiveDate,
    pub answer_by: NaiveDate,
    pub extended_answer_by: NaiveDate,
    pub official: Text,
    pub position: Text,
    pub topic: Text,
}

/// One change of status, in Asia/Almaty time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: NaiveDateTime,
    pub status: RequestStatus,
    pub note: Option<Text>,
}

/// A reception the request was scheduled for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledReception {
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub place: Text,
    pub video_link: Option<String>,
    /// Link to the `.ics` file of the reception.
    pub ics_url: String,
}

/// What the status page shows to the holder of the number and the IIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub coupon: Coupon,
    pub status: RequestStatus,
    pub timeline: Vec<TimelineEntry>,
    pub scheduled: Option<ScheduledReception>,
    pub refusal: Option<Refusal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub clause: String,
    pub reason: Text,
}
