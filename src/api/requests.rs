//! Server functions of the applicant's path: the form's options, submission, coupon, status
//! and withdrawal. The server runs the same rules as the browser and trusts none of its input.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::request::{Coupon, FormOptions, StatusView, SubmitOutcome};
use crate::rules::application::ApplicationForm;

/// Officials to choose from, the clause 15 flag and a fresh one-time key for the form.
#[server(input = GetUrl, endpoint = "form-options")]
pub async fn get_form_options() -> Result<FormOptions, ServerFnError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::applicant::form_options(&state)
        .await
        .map_err(super::answer)
}

/// Registers the request, or says what is wrong with it in both languages.
#[server(endpoint = "submit")]
pub async fn submit_application(form: ApplicationForm) -> Result<SubmitOutcome, ServerFnError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::applicant::submit(&state, &form)
        .await
        .map_err(super::answer)
}

/// The printable coupon, for the holder of the number and the form's key.
#[server(input = GetUrl, endpoint = "coupon")]
pub async fn get_coupon(number: String, key: String) -> Result<Option<Coupon>, ServerFnError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::requests::coupon(&state.store, &number, &key)
        .await
        .map_err(super::answer)
}

/// The status of a request for the holder of its number and the applicant's IIN. A wrong
/// pair and an unknown number get the same answer; lookups are rate-limited per client.
#[server(endpoint = "status")]
pub async fn get_status(number: String, iin: String) -> Result<Option<StatusView>, ServerFnError> {
    let state = expect_context::<crate::server::AppState>();
    super::check_rate(&state).await?;
    crate::server::requests::status(&state.store, &number, &iin)
        .await
        .map_err(super::answer)
}

/// The applicant withdraws the request. `false` when it can no longer be withdrawn.
#[server(endpoint = "withdraw")]
pub async fn withdraw_request(number: String, iin: String) -> Result<bool, ServerFnError> {
    let state = expect_context::<crate::server::AppState>();
    super::check_rate(&state).await?;
    use crate::server::{workflow, Error};
    match workflow::withdraw(&state.store, &number, &iin, chrono::Utc::now()).await {
        Ok(_) => Ok(true),
        Err(Error::Refused(_) | Error::Conflict) => Ok(false),
        Err(e) => Err(super::answer(e)),
    }
}
