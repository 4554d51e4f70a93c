//! The applicant's side of a request: submission (clauses 4, 5, 16, 27: the rules, then the
//! writer), the coupon, the status page and the calendar file of a scheduled reception.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::audit::Actor;
use super::registrar::by_key;
use super::repository::{authorised, by_number, same_secret, timeline};
use super::store::Store;
use super::{Error, Result};
use crate::model::request::{Coupon, ScheduledReception};
use crate::rules::channel::Channel;
use crate::rules::lifecycle::{Event, Status};
use crate::rules::permissions::{allows, Action};
use crate::rules::{
    application::{validate_application, ApplicationForm},
    eligibility::repeat_of,
    lang::Lang,
    time,
};

pub use super::registrar::{register_all, Intake, Registrar, Registration};
pub use super::repository::{history, id_of, typed_number};

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
    register_checked(registrar, form, now, restrictions_in_force, None).await
}

async fn register_checked(
    registrar: &Registrar,
    form: &ApplicationForm,
    now: DateTime<Utc>,
    restrictions_in_force: bool,
    intake: Option<Intake>,
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
    let today = local.date();
    let (app, likely_repeat) =
        match validate_application(form, &officials, &history, today, restrictions_in_force) {
            Ok(app) => (app, None),
            // Clause 16.2 is the clerk's decision: a likely repeat is registered all the same,
            // flagged with the earlier request, which the clerk may refuse on it.
            Err(errors) if errors.iter().all(|e| e.clause.as_deref() == Some("16.2")) => {
                let app = validate_application(form, &officials, &[], today, restrictions_in_force)
                    .map_err(Error::Invalid)?;
                let earlier =
                    repeat_of(app.topic_id(), app.essence(), &history).map(|p| p.number.clone());
                (app, earlier)
            }
            Err(errors) => return Err(Error::Invalid(errors)),
        };
    Ok(registrar
        .register(Registration {
            app,
            key,
            now,
            intake,
            repeat_of: likely_repeat,
        })
        .await?)
}

/// What a clerk gives besides the application form, for a request that came by another
/// channel than the site (clause 4).
#[derive(Clone, Debug)]
pub struct IntakeInput {
    pub channel: Channel,
    /// When it arrived, local time.
    pub received: NaiveDateTime,
    pub external_number: Option<String>,
    /// A written request that states no essence of the question (clause 5).
    pub no_essence: bool,
}

/// The essence written for a request on paper that states none: it is registered, then left
/// without consideration (clause 5).
pub const NO_ESSENCE: &str = "Өтініште мәселенің мәні баяндалмаған (5-тармақ). \
     В обращении не изложена суть вопроса (пункт 5).";

/// The longest external number (e-document system, egov.kz) a clerk may enter.
pub const EXTERNAL_NUMBER_MAX: usize = 64;

/// Registers what a clerk took in from another channel (clause 4), after the same checks as
/// the web form, with the time it arrived; a written request without the essence of its
/// question is registered and at once left without consideration, with a notice (clause 5).
pub async fn register_intake(
    registrar: &Registrar,
    form: &ApplicationForm,
    input: IntakeInput,
    clerk: Actor,
    now: DateTime<Utc>,
    restrictions_in_force: bool,
) -> Result<Registered> {
    use crate::model::messages::{BAD_FILTER, NO_ESSENCE_ORALLY, RECEIVED_OUT_OF_RANGE, TOO_LONG};
    let may = match clerk {
        Actor::Staff { role, .. } => allows(role, Action::RegisterIntake),
        Actor::Applicant => false,
    };
    if !may {
        return Err(Error::Forbidden);
    }
    if input.channel == Channel::Web {
        return Err(Error::BadInput(BAD_FILTER.text()));
    }
    let local = time::to_local(now);
    if input.received > local || input.received < local - chrono::Duration::days(366) {
        return Err(Error::BadInput(RECEIVED_OUT_OF_RANGE.text()));
    }
    let external_number = input
        .external_number
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    if external_number
        .as_ref()
        .is_some_and(|n| n.chars().count() > EXTERNAL_NUMBER_MAX)
    {
        return Err(Error::BadInput(TOO_LONG.text()));
    }
    if input.no_essence && !input.channel.is_written() {
        return Err(Error::BadInput(NO_ESSENCE_ORALLY.text()));
    }
    let mut form = form.clone();
    if input.no_essence {
        form.essence = NO_ESSENCE.into();
    }
    let received = time::to_utc(input.received);
    let intake = Intake {
        channel: input.channel,
        received,
        external_number,
        clerk,
    };
    let registered =
        register_checked(registrar, &form, now, restrictions_in_force, Some(intake)).await?;
    if input.no_essence {
        // On the registration's heels; a form sent again (after a failure here) finishes
        // it, and one whose step is already done is refused as changed meanwhile.
        let shown = super::workflow::Shown::Was {
            status: Status::Registered,
            version: 0,
        };
        let event = Event::LeaveWithoutConsideration;
        let store = registrar.store();
        match super::workflow::decide(store, registered.id, shown, event, clerk, None, now).await {
            Ok(_) => {}
            Err(Error::Conflict) if !registered.created => {}
            Err(e) => return Err(e),
        }
    }
    Ok(registered)
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
