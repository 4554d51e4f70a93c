//! Requests for a personal reception as the applicant's pages see them. Never carries the
//! IIN or the phone back to the browser.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::rules::application::{ApplicationForm, FieldError};
use crate::rules::lang::Text;
use crate::rules::lifecycle::Status;

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
    /// The calendar's facts entered after the release (`rules::calendar::install`): the
    /// form counts the working-day terms it shows on the server's calendar.
    #[serde(default)]
    pub calendar: Vec<crate::rules::calendar::Published>,
}

/// What a submission gives back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubmitOutcome {
    Registered { number: String, coupon_key: String },
    Invalid(Vec<FieldError>),
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
    pub status: Status,
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
    pub status: Status,
    pub timeline: Vec<TimelineEntry>,
    pub scheduled: Option<ScheduledReception>,
    pub refusal: Option<Refusal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub clause: String,
    pub reason: Text,
}

/// A form the server could not accept, rendered back to a browser without JavaScript.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PostedApplication {
    pub form: ApplicationForm,
    pub errors: Vec<FieldError>,
}

/// What a status lookup found, as the page shows it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum Lookup {
    Found(Box<StatusView>),
    NoMatch,
    /// Rate-limited, or the server could not answer.
    Failed,
}

/// A lookup (or withdrawal) posted without JavaScript, answered by the server in the page.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PostedLookup {
    pub number: String,
    pub iin: String,
    pub found: Lookup,
}
