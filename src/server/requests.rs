//! Requests for a personal reception: registration (clauses 4, 27), the applicant's history
//! for the repeat check (clause 16.2), status and withdrawal.

use std::str::FromStr;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sqlx::{AnyConnection, Row};

use super::outbox::{enqueue_all, Notice, Outgoing};
use super::store::Store;
use crate::model::request::{Coupon, Refusal, ScheduledReception, TimelineEntry};
use crate::rules::lifecycle::Status;
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

pub(super) fn fmt_minute(t: NaiveDateTime) -> String {
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
    registrar: &Registrar,
    form: &ApplicationForm,
    now: DateTime<Utc>,
    restrictions_in_force: bool,
) -> Result<Registered, SubmitError> {
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
    .map_err(SubmitError::Invalid)?;
    Ok(registrar.register(Registration { app, key, now }).await?)
}

/// A validated application, the key of the form it came in, and when it was received.
#[derive(Clone, Debug)]
pub struct Registration {
    pub app: Application,
    pub key: String,
    pub now: DateTime<Utc>,
}

/// Registrations that arrive together are committed together, at most this many at a time.
const MAX_BATCH: usize = 64;

/// The one writer of new requests (group commit). Submissions queue here and a single task
/// commits whatever has queued meanwhile in one transaction, so concurrent submissions never
/// contend for SQLite's write lock (whose busy handler sleeps for milliseconds) and a burst
/// costs one commit instead of one each. Each submission still gets its answer only after
/// its own rows are committed.
#[derive(Clone, Debug)]
pub struct Registrar {
    store: Store,
    queue: tokio::sync::mpsc::Sender<(Registration, Reply)>,
}

type Reply = tokio::sync::oneshot::Sender<anyhow::Result<Registered>>;

impl Registrar {
    /// Starts the writer on the current runtime; it stops when the last handle is dropped,
    /// after committing what was queued.
    pub fn spawn(store: Store) -> Registrar {
        let (queue, mut pending) = tokio::sync::mpsc::channel(4 * MAX_BATCH);
        let writer = store.clone();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while pending.recv_many(&mut batch, MAX_BATCH).await > 0 {
                // In a task of its own, so that a panic fails this batch's submissions (their
                // answers are dropped) and not every later one.
                let commit = tokio::spawn(commit_batch(writer.clone(), std::mem::take(&mut batch)));
                if let Err(e) = commit.await {
                    tracing::error!(error = %e, "a batch of registrations failed");
                }
            }
        });
        Registrar { store, queue }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Registers `r`, or returns the request its form key registered before.
    pub async fn register(&self, r: Registration) -> anyhow::Result<Registered> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.queue
            .send((r, reply))
            .await
            .map_err(|_| anyhow::anyhow!("the registration writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the registration writer failed on this batch"))?
    }
}

/// Commits a batch for the writer and answers each submission. A form key that occurs twice
/// (a double click) registers once. If the batch as a whole fails (a key registered
/// meanwhile by another instance, a bad row), each submission is tried alone, so one cannot
/// sink the others.
async fn commit_batch(store: Store, batch: Vec<(Registration, Reply)>) {
    let store = &store;
    let mut firsts: Vec<Registration> = Vec::with_capacity(batch.len());
    let mut replies: Vec<(usize, Reply)> = Vec::with_capacity(batch.len());
    for (r, reply) in batch {
        let at = match firsts.iter().position(|f| f.key == r.key) {
            Some(at) => at,
            None => {
                firsts.push(r);
                firsts.len() - 1
            }
        };
        replies.push((at, reply));
    }
    let outcomes: Vec<anyhow::Result<Registered>> = match register_all(store, &firsts).await {
        Ok(Some(done)) => done.into_iter().map(Ok).collect(),
        Ok(None) if firsts.len() == 1 => vec![earlier(store, &firsts[0].key).await],
        Err(e) if firsts.len() == 1 => vec![Err(e)],
        _ => {
            tracing::warn!(
                size = firsts.len(),
                "a batch of registrations is retried one by one"
            );
            let mut alone = Vec::with_capacity(firsts.len());
            for r in &firsts {
                alone.push(register_one(store, r).await);
            }
            alone
        }
    };
    let mut answered = vec![false; firsts.len()];
    for (at, reply) in replies {
        let outcome = match &outcomes[at] {
            Ok(r) => Ok(Registered {
                created: r.created && !answered[at],
                ..r.clone()
            }),
            Err(e) => Err(anyhow::anyhow!("{e:#}")),
        };
        answered[at] = true;
        reply.send(outcome).ok();
    }
}

/// One registration in its own transaction; when its key is taken, the request it names.
async fn register_one(store: &Store, r: &Registration) -> anyhow::Result<Registered> {
    match register_all(store, std::slice::from_ref(r)).await? {
        Some(mut done) => Ok(done.remove(0)),
        None => earlier(store, &r.key).await,
    }
}

/// The request registered before under a form key that turned out to be taken.
async fn earlier(store: &Store, key: &str) -> anyhow::Result<Registered> {
    by_key(store, key)
        .await?
        .context("request vanished after a key conflict")
}

/// What the registration of one request writes besides its row.
struct NewRow<'a> {
    r: &'a Registration,
    local: NaiveDateTime,
    year: i32,
    number: String,
    registration_due: NaiveDate,
    answer_due: NaiveDate,
}

/// Commits validated applications with distinct form keys in one transaction: the year's
/// next numbers (in the order given), the requests, the first event of each timeline and
/// each applicant's notice, one statement per table. `None` (and nothing written) when a
/// request with one of the keys exists already.
pub async fn register_all(
    store: &Store,
    batch: &[Registration],
) -> anyhow::Result<Option<Vec<Registered>>> {
    if batch.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let mut rows: Vec<NewRow> = batch
        .iter()
        .map(|r| {
            let local = time::to_local(r.now);
            let registered_on = deadlines::effective_receipt(local).date();
            NewRow {
                r,
                local,
                year: chrono::Datelike::year(&registered_on),
                number: String::new(),
                registration_due: deadlines::registration_due(local),
                answer_due: deadlines::answer_due(registered_on),
            }
        })
        .collect();
    let mut years: Vec<i32> = rows.iter().map(|row| row.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut tx = begin(store).await?;
    // Numbers run per year of registration (a batch at midnight on 31 December spans two),
    // in the order given.
    for year in years {
        let count = rows.iter().filter(|row| row.year == year).count() as i64;
        let last: i64 = sqlx::query(
            "INSERT INTO registration_counters (year, last) VALUES ($1, $2) \
             ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + $2 RETURNING last",
        )
        .bind(i64::from(year))
        .bind(count)
        .fetch_one(&mut *tx)
        .await
        .context("cannot count registrations")?
        .try_get("last")
        .context("registration counter")?;
        let of_year = rows.iter_mut().filter(|row| row.year == year);
        for (seq, row) in (last - count + 1..).zip(of_year) {
            row.number = registration_number(year, seq);
        }
    }

    let sql = format!(
        "INSERT INTO requests (number, idempotency_key, applicant_kind, iin, bin, organisation, \
         poa_number, poa_date, surname, name, patronymic, phone, email, official_id, topic_id, \
         essence, lang, video_consent, out_of_turn, foreigner, interpreter_lang, received_at, \
         received_local, registration_due, answer_due, identity_kind, status) VALUES {} \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key",
        super::store::placeholders(rows.len(), 27)
    );
    let mut insert = sqlx::query(&sql).persistent(rows.len() == 1);
    for row in &rows {
        let app = &row.r.app;
        let rep = app.representative.as_ref();
        insert = insert
            .bind(row.number.clone())
            .bind(row.r.key.clone())
            .bind(match app.kind {
                ApplicantKind::Individual => "individual",
                ApplicantKind::Representative => "representative",
            })
            .bind(app.identity.key())
            .bind(rep.map(|r| r.bin.as_string()))
            .bind(rep.map(|r| r.organisation.clone()))
            .bind(rep.map(|r| r.poa_number.clone()))
            .bind(rep.map(|r| r.poa_date.to_string()))
            .bind(app.surname.clone())
            .bind(app.name.clone())
            .bind(app.patronymic.clone())
            .bind(app.phone.as_str().to_owned())
            .bind(app.email.clone())
            .bind(app.official_id)
            .bind(app.topic_id.clone())
            .bind(app.essence.as_str().to_owned())
            .bind(app.lang.code())
            .bind(bool_int(app.video_consent))
            .bind(app.out_of_turn.map(|o| o.code()))
            .bind(bool_int(app.foreigner))
            .bind(app.interpreter_lang.clone())
            .bind(row.r.now.to_rfc3339())
            .bind(fmt_minute(row.local))
            .bind(row.registration_due.to_string())
            .bind(row.answer_due.to_string())
            .bind(app.identity.kind())
            .bind(Status::Registered.code());
    }
    let inserted = insert
        .fetch_all(&mut *tx)
        .await
        .context("cannot register the requests")?;
    if inserted.len() < rows.len() {
        // A key was registered before (or by another instance meanwhile): write nothing, so
        // no number is skipped.
        tx.rollback().await.ok();
        return Ok(None);
    }
    let mut ids = Vec::with_capacity(rows.len());
    for row in &rows {
        let id = inserted
            .iter()
            .find(|i| i.try_get::<String, _>("idempotency_key").ok().as_deref() == Some(&row.r.key))
            .context("a registered request has no id")?
            .try_get::<i64, _>("id")
            .context("request id")?;
        ids.push(id);
    }

    let events = rows
        .iter()
        .zip(&ids)
        .map(|(row, &id)| (id, row.local, Status::Registered, None))
        .collect::<Vec<_>>();
    add_events(&mut tx, &events).await?;
    let notices: Vec<Notice> = rows
        .iter()
        .map(|row| Notice::Registered {
            number: row.number.clone(),
            answer_by: row.answer_due,
        })
        .collect();
    let messages: Vec<Outgoing> = rows
        .iter()
        .zip(&ids)
        .zip(&notices)
        .map(|((row, &request_id), notice)| Outgoing {
            request_id,
            email: row.r.app.email.as_deref(),
            phone: Some(row.r.app.phone.as_str()),
            lang: row.r.app.lang,
            notice,
        })
        .collect();
    enqueue_all(&mut tx, &messages, batch[0].now).await?;
    tx.commit()
        .await
        .context("cannot commit the registrations")?;
    Ok(Some(
        rows.into_iter()
            .zip(ids)
            .map(|(row, id)| Registered {
                id,
                number: row.number,
                coupon_key: row.r.key.clone(),
                created: true,
            })
            .collect(),
    ))
}

pub(super) async fn begin(store: &Store) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Any>> {
    store
        .pool()
        .begin()
        .await
        .context("cannot start a transaction")
}

pub(super) async fn add_event(
    conn: &mut AnyConnection,
    request_id: i64,
    at: NaiveDateTime,
    status: Status,
    note: Option<&Text>,
) -> anyhow::Result<()> {
    add_events(conn, &[(request_id, at, status, note)]).await
}

/// Appends status changes to the timelines, one statement for all.
pub(super) async fn add_events(
    conn: &mut AnyConnection,
    events: &[(i64, NaiveDateTime, Status, Option<&Text>)],
) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO request_events (request_id, at, status, note_kk, note_ru) VALUES {}",
        super::store::placeholders(events.len(), 5)
    );
    let mut query = sqlx::query(&sql).persistent(events.len() == 1);
    for (request_id, at, status, note) in events {
        query = query
            .bind(*request_id)
            .bind(fmt_minute(*at))
            .bind(status.code())
            .bind(note.map(|n| n.kk.clone()))
            .bind(note.map(|n| n.ru.clone()));
    }
    query
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
            let outcome = match Status::from_code(&status) {
                Some(Status::Received | Status::UnderControl) => PastOutcome::Received,
                Some(Status::Closed) => PastOutcome::Answered,
                Some(Status::Refused) => PastOutcome::Refused,
                Some(Status::Withdrawn) => PastOutcome::Withdrawn,
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
pub(super) struct RequestRow {
    pub(super) id: i64,
    pub(super) coupon: Coupon,
    pub(super) status: Status,
    pub(super) lang: Lang,
    pub(super) email: Option<String>,
    pub(super) phone: String,
    pub(super) idempotency_key: String,
    pub(super) refusal: Option<Refusal>,
    pub(super) scheduled: Option<(NaiveDate, NaiveTime, Text, Option<String>)>,
}

pub(super) const REQUEST_SELECT: &str =
    "SELECT r.id, r.number, r.idempotency_key, r.iin, r.surname, r.name, \
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

pub(super) fn request_from_row(r: &sqlx::any::AnyRow) -> anyhow::Result<(String, RequestRow)> {
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
    let status = Status::from_code(&status).with_context(|| format!("unknown status {status}"))?;
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

pub(super) async fn by_number(
    store: &Store,
    number: &str,
) -> anyhow::Result<Option<(String, RequestRow)>> {
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
pub(super) async fn authorised(
    store: &Store,
    number: &str,
    iin: &str,
) -> anyhow::Result<Option<RequestRow>> {
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
                status: Status::from_code(&status)
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
