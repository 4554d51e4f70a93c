//! Requests for a personal reception: registration (clauses 4, 27), the applicant's history
//! for the repeat check (clause 16.2), status and withdrawal.

use std::str::FromStr;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sqlx::{AnyConnection, Row};

use super::outbox::{enqueue as notify, Notice};
use super::store::Store;
use crate::model::request::{Coupon, Refusal, RequestStatus, ScheduledReception, TimelineEntry};
use crate::rules::{
    application::{validate_application, ApplicantKind, Application, ApplicationForm, FieldError},
    deadlines,
    eligibility::{self, PastOutcome, PastRequest},
    identity::Identity,
    lang::{Lang, Text},
    time,
};

/// Why a submission registered nothing.
#[derive(Debug)]
pub enum SubmitError {
    /// The form breaks a rule: the same errors the browser shows.
    Invalid(Vec<FieldError>),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for SubmitError {
    fn from(e: anyhow::Error) -> Self {
        SubmitError::Internal(e)
    }
}

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

fn fmt_minute(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn parse_minute(s: &str) -> anyhow::Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .with_context(|| format!("bad stored time {s}"))
}

fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_str(s).with_context(|| format!("bad stored date {s}"))
}

fn bool_int(b: bool) -> i64 {
    i64::from(b)
}

/// Registers a request received at `now` through the web form, after the same checks the
/// browser ran, plus the repeat check against the applicant's stored history (16.2).
/// A form sent again with the same key returns the request it registered the first time.
pub async fn submit(
    store: &Store,
    form: &ApplicationForm,
    now: DateTime<Utc>,
    restrictions_in_force: bool,
) -> Result<Registered, SubmitError> {
    // A form without a key (a hand-made post) gets one: it just cannot be resent safely.
    let fresh;
    let key = match form.idempotency_key.trim() {
        "" => {
            fresh = super::applicant::new_form_key();
            fresh.as_str()
        }
        key => key,
    };
    if let Some(existing) = by_key(store, key).await? {
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
    .map_err(SubmitError::Invalid)?;

    match register(store, &app, key, now).await? {
        Some(registered) => Ok(registered),
        // The same form won a race with itself (a double click): keep the first one.
        None => by_key(store, key).await?.ok_or_else(|| {
            SubmitError::Internal(anyhow::anyhow!("request vanished after a key conflict"))
        }),
    }
}

/// Commits a validated application: the year's next number, the request, the first event
/// of its timeline and the applicant's notice, in one transaction. `None` when a request
/// with the same form key exists already (nothing is written then).
pub async fn register(
    store: &Store,
    app: &Application,
    key: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Registered>> {
    let local = time::to_local(now);
    let received = deadlines::effective_receipt(local);
    let registered_on = received.date();
    let answer_due = deadlines::answer_due(registered_on);
    let registration_due = deadlines::registration_due(local);
    let out_of_turn = app.out_of_turn.map(|o| o.code());
    let rep = app.representative.as_ref();

    let mut tx = begin(store).await?;
    let seq: i64 = sqlx::query(
        "INSERT INTO registration_counters (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + 1 RETURNING last",
    )
    .bind(i64::from(chrono::Datelike::year(&registered_on)))
    .fetch_one(&mut *tx)
    .await
    .context("cannot count registrations")?
    .try_get("last")
    .context("registration counter")?;
    let number = registration_number(chrono::Datelike::year(&registered_on), seq);
    let inserted = sqlx::query(
        "INSERT INTO requests (number, idempotency_key, applicant_kind, iin, bin, organisation, \
         poa_number, poa_date, surname, name, patronymic, phone, email, official_id, topic_id, \
         essence, lang, video_consent, out_of_turn, foreigner, interpreter_lang, received_at, \
         received_local, registration_due, answer_due, identity_kind, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $24, $25, $26, 'registered') \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(&number)
    .bind(key)
    .bind(match app.kind {
        ApplicantKind::Individual => "individual",
        ApplicantKind::Representative => "representative",
    })
    .bind(app.identity.key())
    .bind(rep.map(|r| r.bin.as_string()))
    .bind(rep.map(|r| r.organisation.clone()))
    .bind(rep.map(|r| r.poa_number.clone()))
    .bind(rep.map(|r| r.poa_date.to_string()))
    .bind(&app.surname)
    .bind(&app.name)
    .bind(app.patronymic.as_deref())
    .bind(app.phone.as_str())
    .bind(app.email.as_deref())
    .bind(app.official_id)
    .bind(&app.topic_id)
    .bind(app.essence.as_str())
    .bind(app.lang.code())
    .bind(bool_int(app.video_consent))
    .bind(out_of_turn)
    .bind(bool_int(app.foreigner))
    .bind(app.interpreter_lang.as_deref())
    .bind(now.to_rfc3339())
    .bind(fmt_minute(local))
    .bind(registration_due.to_string())
    .bind(answer_due.to_string())
    .bind(app.identity.kind())
    .fetch_optional(&mut *tx)
    .await
    .context("cannot register the request")?;
    let Some(row) = inserted else {
        tx.rollback().await.ok();
        return Ok(None);
    };
    let id: i64 = row.try_get("id").context("request id")?;
    add_event(&mut tx, id, local, RequestStatus::Registered, None).await?;
    notify(
        &mut tx,
        id,
        app.email.as_deref(),
        Some(app.phone.as_str()),
        app.lang,
        &Notice::Registered {
            number: number.clone(),
            answer_by: answer_due,
        },
        now,
    )
    .await?;
    tx.commit()
        .await
        .context("cannot commit the registration")?;
    Ok(Some(Registered {
        id,
        number,
        coupon_key: key.to_owned(),
        created: true,
    }))
}

async fn begin(store: &Store) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Any>> {
    store
        .pool()
        .begin()
        .await
        .context("cannot start a transaction")
}

async fn add_event(
    conn: &mut AnyConnection,
    request_id: i64,
    at: NaiveDateTime,
    status: RequestStatus,
    note: Option<&Text>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO request_events (request_id, at, status, note_kk, note_ru) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request_id)
    .bind(fmt_minute(at))
    .bind(status.code())
    .bind(note.map(|n| n.kk.clone()))
    .bind(note.map(|n| n.ru.clone()))
    .execute(conn)
    .await
    .context("cannot record the status change")?;
    Ok(())
}

async fn by_key(store: &Store, key: &str) -> anyhow::Result<Option<Registered>> {
    let row =
        sqlx::query("SELECT id, number, idempotency_key FROM requests WHERE idempotency_key = $1")
            .bind(key.trim())
            .fetch_optional(store.pool())
            .await
            .context("cannot look up the form key")?;
    row.map(|r| {
        Ok(Registered {
            id: r.try_get("id")?,
            number: r.try_get("number")?,
            coupon_key: r.try_get("idempotency_key")?,
            created: false,
        })
    })
    .transpose()
}

/// The applicant's earlier requests, as the repeat check of clause 16.2 needs them.
pub async fn history(store: &Store, iin: &str) -> anyhow::Result<Vec<PastRequest>> {
    let rows = sqlx::query(
        "SELECT r.topic_id, r.essence, r.status, r.received_local, o.surname_ru, o.name_ru \
         FROM requests r JOIN officials o ON o.id = r.official_id WHERE r.iin = $1 ORDER BY r.id",
    )
    .bind(iin)
    .fetch_all(store.pool())
    .await
    .context("cannot read the applicant's history")?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let outcome = match RequestStatus::from_code(&status) {
                Some(RequestStatus::Received) => PastOutcome::Received,
                Some(RequestStatus::Answered) => PastOutcome::Answered,
                Some(RequestStatus::Refused) => PastOutcome::Refused,
                Some(RequestStatus::Withdrawn) => PastOutcome::Withdrawn,
                _ => PastOutcome::Pending,
            };
            let received: String = r.try_get("received_local")?;
            Ok(PastRequest {
                topic_id: r.try_get("topic_id")?,
                essence: r.try_get("essence")?,
                outcome,
                official: format!(
                    "{} {}",
                    r.try_get::<String, _>("surname_ru")?,
                    r.try_get::<String, _>("name_ru")?
                ),
                date: parse_minute(&received)?.date(),
            })
        })
        .collect()
}

/// The row behind the coupon and the status page.
struct RequestRow {
    id: i64,
    coupon: Coupon,
    status: RequestStatus,
    lang: Lang,
    email: Option<String>,
    phone: String,
    idempotency_key: String,
    refusal: Option<Refusal>,
    scheduled: Option<(NaiveDate, NaiveTime, Text, Option<String>)>,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.number, r.idempotency_key, r.iin, r.surname, r.name, \
     r.patronymic, r.phone, r.email, r.lang, r.topic_id, r.received_local, r.answer_due, r.status, \
     r.refusal_clause, r.refusal_kk, r.refusal_ru, r.slot_start, r.video_link, \
     o.surname_kk, o.name_kk, o.patronymic_kk, o.surname_ru, o.name_ru, o.patronymic_ru, \
     o.position_kk, o.position_ru, d.day AS reception_day, d.place_kk, d.place_ru \
     FROM requests r JOIN officials o ON o.id = r.official_id \
     LEFT JOIN reception_days d ON d.id = r.reception_day_id";

fn full(surname: String, name: String, patronymic: Option<String>) -> String {
    match patronymic {
        Some(p) if !p.is_empty() => format!("{surname} {name} {p}"),
        _ => format!("{surname} {name}"),
    }
}

fn initial(s: &str) -> String {
    s.chars()
        .next()
        .map(|c| format!("{c}."))
        .unwrap_or_default()
}

fn request_from_row(r: &sqlx::any::AnyRow) -> anyhow::Result<(String, RequestRow)> {
    let received_local = parse_minute(&r.try_get::<String, _>("received_local")?)?;
    let registered_on = deadlines::effective_receipt(received_local).date();
    let topic_id: String = r.try_get("topic_id")?;
    let topic = eligibility::topic(&topic_id)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| Text::new(topic_id.clone(), topic_id.clone()));
    let surname: String = r.try_get("surname")?;
    let name: String = r.try_get("name")?;
    let patronymic: Option<String> = r.try_get("patronymic")?;
    let status: String = r.try_get("status")?;
    let status =
        RequestStatus::from_code(&status).with_context(|| format!("unknown status {status}"))?;
    let refusal = match r.try_get::<Option<String>, _>("refusal_clause")? {
        Some(clause) => Some(Refusal {
            clause,
            reason: Text::new(
                r.try_get::<Option<String>, _>("refusal_kk")?
                    .unwrap_or_default(),
                r.try_get::<Option<String>, _>("refusal_ru")?
                    .unwrap_or_default(),
            ),
        }),
        None => None,
    };
    let scheduled = match (
        r.try_get::<Option<String>, _>("reception_day")?,
        r.try_get::<Option<String>, _>("slot_start")?,
    ) {
        (Some(day), Some(start)) => Some((
            parse_date(&day)?,
            NaiveTime::parse_from_str(&start, "%H:%M")
                .with_context(|| format!("bad slot {start}"))?,
            Text::new(
                r.try_get::<Option<String>, _>("place_kk")?
                    .unwrap_or_default(),
                r.try_get::<Option<String>, _>("place_ru")?
                    .unwrap_or_default(),
            ),
            r.try_get::<Option<String>, _>("video_link")?,
        )),
        _ => None,
    };
    let iin: String = r.try_get("iin")?;
    let coupon = Coupon {
        number: r.try_get("number")?,
        applicant_initials: format!(
            "{} {}{}",
            surname,
            initial(&name),
            patronymic.as_deref().map(initial).unwrap_or_default()
        ),
        received_local,
        registered_on,
        answer_by: parse_date(&r.try_get::<String, _>("answer_due")?)?,
        extended_answer_by: deadlines::extended_answer_due(registered_on),
        official: Text::new(
            full(
                r.try_get("surname_kk")?,
                r.try_get("name_kk")?,
                r.try_get("patronymic_kk")?,
            ),
            full(
                r.try_get("surname_ru")?,
                r.try_get("name_ru")?,
                r.try_get("patronymic_ru")?,
            ),
        ),
        position: Text::new(
            r.try_get::<String, _>("position_kk")?,
            r.try_get::<String, _>("position_ru")?,
        ),
        topic,
    };
    let lang: String = r.try_get("lang")?;
    Ok((
        iin,
        RequestRow {
            id: r.try_get("id")?,
            coupon,
            status,
            lang: Lang::from_code(&lang).unwrap_or_default(),
            email: r.try_get("email")?,
            phone: r.try_get("phone")?,
            idempotency_key: r.try_get("idempotency_key")?,
            refusal,
            scheduled,
        },
    ))
}

async fn by_number(store: &Store, number: &str) -> anyhow::Result<Option<(String, RequestRow)>> {
    let row = sqlx::query(&format!("{REQUEST_SELECT} WHERE r.number = $1"))
        .bind(number.trim().to_uppercase())
        .fetch_optional(store.pool())
        .await
        .context("cannot read the request")?;
    row.as_ref().map(request_from_row).transpose()
}

/// Constant-time comparison, so the answer time does not tell how much of a secret matched.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The coupon, for whoever holds the number and the form key that registered it.
pub async fn coupon(store: &Store, number: &str, key: &str) -> anyhow::Result<Option<Coupon>> {
    Ok(by_number(store, number)
        .await?
        .filter(|(_, r)| same_secret(&r.idempotency_key, key.trim()))
        .map(|(_, r)| r.coupon))
}

/// The request for whoever holds its number and the applicant's IIN; `None` both for an
/// unknown number and for a wrong pair, so the answer does not tell which.
/// The request with this number, for whoever gives its applicant's IIN (or, for a foreigner
/// registered without one, the document number).
async fn authorised(store: &Store, number: &str, iin: &str) -> anyhow::Result<Option<RequestRow>> {
    let Some(key) = Identity::lookup_key(iin) else {
        return Ok(None);
    };
    Ok(by_number(store, number)
        .await?
        .filter(|(stored, _)| same_secret(stored, &key))
        .map(|(_, r)| r))
}

/// What the status page shows.
pub async fn status(
    store: &Store,
    number: &str,
    iin: &str,
) -> anyhow::Result<Option<crate::model::request::StatusView>> {
    let Some(r) = authorised(store, number, iin).await? else {
        return Ok(None);
    };
    let events = sqlx::query(
        "SELECT at, status, note_kk, note_ru FROM request_events WHERE request_id = $1 ORDER BY id",
    )
    .bind(r.id)
    .fetch_all(store.pool())
    .await
    .context("cannot read the timeline")?;
    let timeline = events
        .iter()
        .map(|e| {
            let status: String = e.try_get("status")?;
            let note = match (
                e.try_get::<Option<String>, _>("note_kk")?,
                e.try_get::<Option<String>, _>("note_ru")?,
            ) {
                (Some(kk), Some(ru)) => Some(Text::new(kk, ru)),
                _ => None,
            };
            Ok(TimelineEntry {
                at: parse_minute(&e.try_get::<String, _>("at")?)?,
                status: RequestStatus::from_code(&status)
                    .with_context(|| format!("unknown status {status}"))?,
                note,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
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

/// The applicant withdraws the request; `Ok(None)` for a wrong pair, `Ok(Some(false))` when
/// the request is past withdrawing.
pub async fn withdraw(
    store: &Store,
    number: &str,
    iin: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<bool>> {
    let Some(r) = authorised(store, number, iin).await? else {
        return Ok(None);
    };
    if !r.status.can_withdraw() {
        return Ok(Some(false));
    }
    let mut tx = begin(store).await?;
    // Only from the status just checked: a change in between (a refusal, an answer) wins.
    let changed =
        sqlx::query("UPDATE requests SET status = 'withdrawn' WHERE id = $1 AND status = $2")
            .bind(r.id)
            .bind(r.status.code())
            .execute(&mut *tx)
            .await
            .context("cannot withdraw the request")?
            .rows_affected();
    if changed == 0 {
        return Ok(Some(false));
    }
    add_event(
        &mut tx,
        r.id,
        time::to_local(now),
        RequestStatus::Withdrawn,
        None,
    )
    .await?;
    notify(
        &mut tx,
        r.id,
        r.email.as_deref(),
        Some(&r.phone),
        r.lang,
        &Notice::Withdrawn {
            number: r.coupon.number.clone(),
        },
        now,
    )
    .await?;
    tx.commit().await.context("cannot commit the withdrawal")?;
    Ok(Some(true))
}

/// Puts a request into a reception slot (clause 30) and tells the applicant (clause 31).
pub async fn schedule(
    store: &Store,
    request_id: i64,
    reception_day_id: i64,
    starts: NaiveTime,
    video_link: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut tx = begin(store).await?;
    sqlx::query(
        "UPDATE requests SET status = 'scheduled', reception_day_id = $1, slot_start = $2, video_link = $3 WHERE id = $4",
    )
    .bind(reception_day_id)
    .bind(starts.format("%H:%M").to_string())
    .bind(video_link)
    .bind(request_id)
    .execute(&mut *tx)
    .await
    .context("cannot schedule the request")?;
    add_event(
        &mut tx,
        request_id,
        time::to_local(now),
        RequestStatus::Scheduled,
        None,
    )
    .await?;
    let row = sqlx::query(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
        .bind(request_id)
        .fetch_one(&mut *tx)
        .await
        .context("cannot read the scheduled request")?;
    let (_, r) = request_from_row(&row)?;
    if let Some((date, starts, place, _)) = &r.scheduled {
        notify(
            &mut tx,
            r.id,
            r.email.as_deref(),
            Some(&r.phone),
            r.lang,
            &Notice::Scheduled {
                number: r.coupon.number.clone(),
                date: *date,
                starts: *starts,
                place: place.clone(),
            },
            now,
        )
        .await?;
    }
    tx.commit().await.context("cannot commit the schedule")?;
    Ok(())
}

/// The scheduled reception as an iCalendar file, for the holder of the number and form key.
pub async fn reception_ics(
    store: &Store,
    number: &str,
    key: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let Some((_, r)) = by_number(store, number).await? else {
        return Ok(None);
    };
    if !same_secret(&r.idempotency_key, key.trim()) || r.status != RequestStatus::Scheduled {
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

/// The id behind a registration number.
pub async fn id_of(store: &Store, number: &str) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM requests WHERE number = $1")
        .bind(number)
        .fetch_optional(store.pool())
        .await
        .context("cannot look up the number")?;
    row.map(|r| r.try_get("id").context("request id"))
        .transpose()
}

/// Records the final reasoned answer (clause 35): the request leaves control.
pub async fn mark_answered(store: &Store, number: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let id = id_of(store, number)
        .await?
        .with_context(|| format!("no request {number}"))?;
    let mut tx = begin(store).await?;
    sqlx::query("UPDATE requests SET status = 'answered' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("cannot record the answer")?;
    add_event(
        &mut tx,
        id,
        time::to_local(now),
        RequestStatus::Answered,
        None,
    )
    .await?;
    tx.commit().await.context("cannot commit the answer")?;
    Ok(())
}
