//! The one error of the server's services. The edges (`api` for server functions, `app` for
//! the forms posted without JavaScript) turn it into an HTTP status and a message in Kazakh
//! and Russian; an internal error is logged there, once, and never shown.

use crate::model::messages;
use crate::rules::{application::FieldError, lang::Text, lifecycle};

/// Why a service of the server did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input breaks a rule: the same errors the browser shows, beside the fields.
    #[error("the form breaks a rule")]
    Invalid(Vec<FieldError>),
    /// A staff form's or a filter's value breaks a limit; the message says which, in both
    /// languages.
    #[error("bad input")]
    BadInput(Text),
    /// No such request (or, for an applicant, a number and IIN that do not match).
    #[error("not found")]
    NotFound,
    /// The lifecycle does not allow this step from the current status.
    #[error("refused by the lifecycle")]
    Refused(lifecycle::Refusal),
    /// The caller's role may not do this (`rules::permissions`).
    #[error("forbidden")]
    Forbidden,
    /// The reception slot's last seat went to someone else (the database decided).
    #[error("the slot is taken")]
    SlotTaken,
    /// The status changed between the check and the write: someone else acted first.
    #[error("the request changed meanwhile")]
    Conflict,
    /// Recorded already (an invitation, a survey's answer): the message says what.
    #[error("recorded already")]
    Duplicate(Text),
    /// The database or another part of the machine failed; the detail is for the log
    /// ([`Error::log`]), never for the message.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            Error::Invalid(_) | Error::BadInput(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Forbidden => StatusCode::FORBIDDEN,
            Error::Refused(_) | Error::Conflict | Error::SlotTaken | Error::Duplicate(_) => {
                StatusCode::CONFLICT
            }
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person is told, in both languages.
    pub fn message(&self) -> Text {
        match self {
            Error::Invalid(_) => messages::FIX_FIELDS.text(),
            Error::BadInput(m) => m.clone(),
            Error::NotFound => messages::NO_MATCH.text(),
            Error::Refused(r) => r.message.clone(),
            Error::Forbidden => messages::FORBIDDEN.text(),
            Error::Conflict => messages::CHANGED_MEANWHILE.text(),
            Error::Duplicate(m) => m.clone(),
            Error::SlotTaken => messages::SLOT_TAKEN.text(),
            Error::Internal(_) => messages::INTERNAL.text(),
        }
    }

    /// Logs an internal error (with its whole chain of causes) as what failed; the other
    /// kinds are answers, not failures, and are not logged.
    pub fn log(&self, what: &str) {
        if let Error::Internal(e) = self {
            tracing::error!(error = %format!("{e:#}"), "{what}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lifecycle::{apply, Event, Status};

    #[test]
    fn every_error_has_a_status_and_a_message_in_both_languages() {
        let refusal = apply(Status::Withdrawn, Event::Allocate).unwrap_err();
        let errors = [
            Error::Invalid(Vec::new()),
            Error::BadInput(Text::new("Тым ұзын", "Слишком длинно")),
            Error::NotFound,
            Error::Refused(refusal),
            Error::Forbidden,
            Error::Conflict,
            Error::Duplicate(Text::new("Бұрын жазылған", "Уже записано")),
            Error::SlotTaken,
            Error::Internal(anyhow::anyhow!("disk full at /var/lib/secret")),
        ];
        for e in errors {
            let m = e.message();
            assert!(!m.kk.is_empty() && !m.ru.is_empty(), "{e:?}");
            assert!(e.status().is_client_error() || e.status().is_server_error());
            assert!(
                !m.ru.contains("/var/lib") && !m.kk.contains("/var/lib"),
                "never shown"
            );
            assert!(!e.to_string().contains("/var/lib"), "not even by Display");
        }
    }
}
