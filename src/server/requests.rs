//! The applicant's side of a request: submission (clauses 4, 5, 16, 27: the rules, then the
//! writer), the coupon, the status page and the calendar file of a scheduled reception.

use chrono::{DateTime, Utc};

use super::registrar::by_key;
use super::repository::{authorised, by_number, same_secret, timeline};
use super::store::Store;
use super::{Error, Result};
use crate::model::request::{Coupon, ScheduledReception};
use crate::rules::lifecycle::Status;
use crate::rules::{
    application::{validate_application, ApplicationForm},
    lang::Lang,
    time,
};

pub use super::registrar::{register_all, Registrar, Registration};
pub use super::repository::{history, id_of};

/// A registered request: its number and the key that opens its coupon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registered {
    pub id: i64,
    pub number: String,
    pub coupon_key: String,
    /// False when the same form was sent before and this is its earlier registration.
    pub created: bool,
}

/// Registration numbers read `KRG-<year>-<six digits>`, counted per year.
pub fn registration_number(year: i32, seq: i64) -> String {
    format!("KRG-{year}-{seq:06}")
}

/// Registers a request received at `now` through the web form, after the same checks the
/// browser ran, plus the repeat check against the applicant's stored history (16.2).
/// A form sent again with the same key returns the request it registered the first time.
pub async fn submit(
    registrar: &Registrar,
    form: &ApplicationForm,
    now: DateTime<Utc>,
    restrictions_in_force: bool,
) -> Result<Registered> {
    let store = registrar.store();
    // A form without a key (a hand-made post) gets one: it just cannot be resent safely.
    let key = match form.idempotency_key.trim() {
        "" => super::applicant::new_form_key(),
        key => key.to_owned(),
    };
    if let Some(existing) = by_key(store, &key).await? {
        return Ok(existing);
    }
    let local = time::to_local(now);
    let officials = store.official_ids().await?;
    // The applicant's earlier requests, by the IIN or a foreigner's document number.
    let history = match form.identity_key() {
        Some(key) => history(store, &key).await?,
        None => Vec::new(),
    };
    let app = validate_application(
        form,
        &officials,
        &history,
        local.date(),
        restrictions_in_force,
    )
    .map_err(Error::Invalid)?;
    Ok(registrar.register(Registration { app, key, now }).await?)
}

/// The coupon, for whoever holds the number and the form key that registered it.
pub async fn coupon(store: &Store, number: &str, key: &str) -> Result<Option<Coupon>> {
    Ok(by_number(store, number)
        .await?
        .filter(|(_, r)| same_secret(&r.idempotency_key, key.trim()))
        .map(|(_, r)| r.coupon))
}

/// What the status page shows.
pub async fn status(
    store: &Store,
    number: &str,
    iin: &str,
) -> Result<Option<crate::model::request::StatusView>> {
    let Some(r) = authorised(store, number, iin).await? else {
        return Ok(None);
    };
    let timeline = timeline(store, r.id).await?;
    let scheduled = r
        .scheduled
        .clone()
        .map(|(date, starts, place, video_link)| ScheduledReception {
            date,
            starts,
            place,
            video_link,
            ics_url: format!(
                "/requests/{}/reception.ics?key={}",
                r.coupon.number, r.idempotency_key
            ),
        });
    Ok(Some(crate::model::request::StatusView {
        coupon: r.coupon,
        status: r.status,
        timeline,
        scheduled,
        refusal: r.refusal,
    }))
}

/// The scheduled reception as an iCalendar file, for the holder of the number and form key.
pub async fn reception_ics(
    store: &Store,
    number: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let Some((_, r)) = by_number(store, number).await? else {
        return Ok(None);
    };
    if !same_secret(&r.idempotency_key, key.trim()) || r.status != Status::Scheduled {
        return Ok(None);
    }
    let Some((date, starts, place, video_link)) = r.scheduled else {
        return Ok(None);
    };
    let lang = r.lang;
    let start = date.and_time(starts);
    let summary = match lang {
        Lang::Kk => format!("Жеке қабылдау: {}", r.coupon.official.kk),
        Lang::Ru => format!("Личный приём: {}", r.coupon.official.ru),
    };
    let description = match lang {
        Lang::Kk => format!(
            "Тіркеу нөмірі {}. Жеке басыңызды куәландыратын құжатты алыңыз.",
            r.coupon.number
        ),
        Lang::Ru => format!(
            "Регистрационный номер {}. Возьмите документ, удостоверяющий личность.",
            r.coupon.number
        ),
    };
    let location = video_link.unwrap_or_else(|| place.get(lang).to_owned());
    Ok(Some(super::ics::reception_ics(&super::ics::IcsEvent {
        uid: format!("{}@qabyldau", r.coupon.number),
        number: r.coupon.number.clone(),
        summary,
        description,
        location,
        starts: start,
        ends: start + chrono::Duration::minutes(30),
        stamp: now,
    })))
}
