//! The extractors of the pages' handlers, refusing in both languages: axum's own explain a
//! bad form or link in English ("Failed to deserialize form body: …"), and say more about
//! the code than the visitor needs.

use axum::{
    extract::{
        rejection::{FormRejection, PathRejection, QueryRejection},
        FromRequest, FromRequestParts,
    },
    http::StatusCode,
    response::{IntoResponse, Response},
};

use crate::model::messages::{FORM_TOO_LARGE, UNREADABLE_FORM, UNREADABLE_LINK};
use crate::rules::lang::Tr;

/// A posted form (`application/x-www-form-urlencoded`).
#[derive(FromRequest)]
#[from_request(via(axum::Form), rejection(Unreadable))]
pub struct Form<T>(pub T);

/// The parts of the path a route names.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Unreadable))]
pub struct Path<T>(pub T);

/// The query string of a link.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Unreadable))]
pub struct Query<T>(pub T);

/// Why a form or a link could not be read: the status axum chose, with our words.
#[derive(Debug)]
pub struct Unreadable {
    status: StatusCode,
    message: Tr,
}

impl From<FormRejection> for Unreadable {
    fn from(r: FormRejection) -> Self {
        let status = r.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            FORM_TOO_LARGE
        } else {
            UNREADABLE_FORM
        };
        Unreadable { status, message }
    }
}

impl From<PathRejection> for Unreadable {
    fn from(r: PathRejection) -> Self {
        // A link whose number is not a number names no page.
        let status = match r.status() {
            StatusCode::BAD_REQUEST => StatusCode::NOT_FOUND,
            other => other,
        };
        Unreadable {
            status,
            message: UNREADABLE_LINK,
        }
    }
}

impl From<QueryRejection> for Unreadable {
    fn from(r: QueryRejection) -> Self {
        Unreadable {
            status: r.status(),
            message: UNREADABLE_LINK,
        }
    }
}

impl IntoResponse for Unreadable {
    fn into_response(self) -> Response {
        let m = self.message;
        (self.status, format!("{} / {}", m.kk, m.ru)).into_response()
    }
}
