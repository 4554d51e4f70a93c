//! Applications handed in at a reception (clause 36): registered from the request's card
//! with their scan (a multipart form, without JavaScript), and their scans read back.

use axum::{
    extract::{multipart::MultipartRejection, Multipart, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

use super::actor_of;
use super::card::{card_again, kept};
use crate::app::extract::Path;
use crate::model::staff::StaffMember;
use crate::rules::{
    papers,
    permissions::{allows, Action},
};
use crate::server::{papers as registry, requests, AppState, Error};

/// The largest body of the form read: twice the largest scan, so that a scan somewhat too
/// large is refused on the card with why (and the fields kept), not by a bare 413.
pub const BODY_MAX: usize = 2 * papers::SCAN_MAX + 64 * 1024;
/// The longest text field read: longer is cut off and then refused by the checks.
const FIELD_MAX: usize = 16 * 1024;

/// What the form sent.
#[derive(Default)]
struct Posted {
    edms: String,
    summary: String,
    instruction: String,
    scan: axum::body::Bytes,
}

/// Reads the form's fields; a scan larger than the body allows is refused as too large.
async fn read(multipart: Result<Multipart, MultipartRejection>) -> Result<Posted, Error> {
    let bad = || Error::BadInput(papers::NO_SCAN.text());
    let too_large = |e: &axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::BadInput(papers::SCAN_TOO_LARGE.text())
        } else {
            bad()
        }
    };
    let mut multipart = multipart.map_err(|_| bad())?;
    let mut posted = Posted::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| too_large(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|e| too_large(&e))?;
        let text = || {
            let cut = &bytes[..bytes.len().min(FIELD_MAX)];
            String::from_utf8_lossy(cut).into_owned()
        };
        match name.as_str() {
            "edms" => posted.edms = text(),
            "summary" => posted.summary = text(),
            "instruction" => posted.instruction = text(),
            "scan" => posted.scan = bytes,
            _ => {}
        }
    }
    Ok(posted)
}

/// Registers an application handed in at the request's reception with its scan (clause 36).
pub async fn register_paper(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Extension(member): Extension<StaffMember>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let number: String = requests::typed_number(&number);
    // The role before the body is read.
    if !allows(member.role, Action::RegisterIntake) {
        let outcome = Err(Error::Forbidden);
        let kept = kept(format!("/staff/requests/{number}/papers"), &[]);
        let what = "registering an application from a reception failed";
        return card_again(state, headers, member, &number, outcome, what, kept).await;
    }
    let posted = read(multipart).await;
    let fields = posted
        .as_ref()
        .map(|p| (p.edms.clone(), p.summary.clone(), p.instruction.clone()))
        .unwrap_or_default();
    let outcome: Result<(), Error> = async {
        let posted = posted?;
        let paper = papers::check_paper(&posted.edms, &posted.summary, &posted.scan)
            .map_err(Error::BadInput)?;
        let instruction = match posted.instruction.trim() {
            "" => None,
            id => Some(
                id.parse::<i64>()
                    .map_err(|_| Error::BadInput(papers::NO_SUCH_INSTRUCTION.text()))?,
            ),
        };
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        let (actor, now) = (actor_of(&member), chrono::Utc::now());
        registry::register(
            &state.store,
            id,
            &paper,
            instruction,
            &posted.scan,
            actor,
            now,
        )
        .await
        .map(|_| ())
    }
    .await;
    card_again(
        state,
        headers,
        member,
        &number,
        outcome,
        "registering an application from a reception failed",
        kept(
            format!("/staff/requests/{number}/papers"),
            &[
                ("edms", &fields.0),
                ("summary", &fields.1),
                ("instruction", &fields.2),
            ],
        ),
    )
    .await
}

/// The scan of an application from a reception, as a download named by the request's
/// number (no personal data in the name), never cached.
pub async fn paper_scan(
    State(state): State<AppState>,
    Path((number, paper)): Path<(String, i64)>,
    Extension(member): Extension<StaffMember>,
) -> Response {
    let number: String = requests::typed_number(&number);
    let outcome: Result<_, Error> = async {
        if !allows(member.role, Action::ViewRequests) {
            return Err(Error::Forbidden);
        }
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        registry::scan(&state.store, id, paper).await
    }
    .await;
    match outcome {
        Ok((kind, bytes)) => {
            let name = format!(
                "attachment; filename=\"{number}-{paper}.{}\"",
                kind.extension()
            );
            let disposition = HeaderValue::from_str(&name)
                .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static(kind.media_type()),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => {
            e.log("reading a scan failed");
            let m = e.message();
            (e.status(), format!("{} / {}", m.kk, m.ru)).into_response()
        }
    }
}
