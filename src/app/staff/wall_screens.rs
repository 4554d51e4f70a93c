//! The board's wall screens: the administrator makes a screen's link and revokes it; a
//! screen opens the board with it (clause-free: the board shows no personal data, and a
//! screen never holds a person's password).

use crate::app::extract::{Form, Path};
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension,
};

use super::{actor_of, named_cookie, outcome_page};
use crate::model::messages::SCREEN_LINK_INVALID;
use crate::model::staff::{ScreenDone, StaffMember};
use crate::server::{screens, AppState, Error};

/// A screen's cookie lasts 400 days (the longest a browser keeps one): the link is opened
/// once, and revoking it is what ends it.
const SCREEN_COOKIE_SECONDS: u32 = 400 * 24 * 60 * 60;

/// A screen opens its link: the board, from then on, in this browser.
pub async fn open_screen(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let token: String = token.chars().take(128).collect();
    match screens::valid(&state.store, &token).await {
        Ok(true) => {
            let mut res = Redirect::to("/board").into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                // Lax: the link may be opened from a message on another site, and the
                // board it leads to must see the cookie; the cookie opens only the board.
                named_cookie(
                    &headers,
                    screens::COOKIE,
                    &token,
                    Some(SCREEN_COOKIE_SECONDS),
                    "Lax",
                ),
            );
            res
        }
        Ok(false) => (
            StatusCode::NOT_FOUND,
            format!("{} / {}", SCREEN_LINK_INVALID.kk, SCREEN_LINK_INVALID.ru),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "cannot read a board screen");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn screens_again(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    outcome: Result<ScreenDone, Error>,
) -> Response {
    outcome_page(
        state,
        headers,
        member,
        "/staff/screens",
        outcome,
        "cannot keep a board screen",
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct ScreenForm {
    #[serde(default)]
    name: String,
}

/// The administrator makes a screen's link; the page shows it once.
pub async fn create_screen(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<ScreenForm>,
) -> Response {
    let outcome = screens::create(
        &state.store,
        &form.name,
        actor_of(&member),
        chrono::Utc::now(),
    )
    .await
    .map(|(_, token)| ScreenDone::Created {
        name: crate::rules::application::tidy(&form.name),
        link: format!("/board/open/{token}"),
    });
    screens_again(state, headers, member, outcome).await
}

/// The administrator revokes a screen's link.
pub async fn revoke_screen(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Extension(member): Extension<StaffMember>,
) -> Response {
    let outcome = screens::revoke(&state.store, id, actor_of(&member), chrono::Utc::now())
        .await
        .map(|_| ScreenDone::Revoked);
    screens_again(state, headers, member, outcome).await
}
