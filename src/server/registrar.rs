//! The one writer of new requests: submissions that arrive together are committed in one
//! transaction (group commit) with consecutive registration numbers, their first timeline
//! entries and their notices.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::notices::Notice;
use super::outbox::{enqueue_all, Outgoing};
use super::repository::{add_events, begin, bool_int, fmt_minute};
use super::requests::{registration_number, Registered};
use super::store::Store;
use crate::model::live::LiveEvent;
use crate::rules::channel::Channel;
use crate::rules::lifecycle::Status;
use crate::rules::{
    application::{ApplicantKind, Application},
    deadlines, time,
};

/// A validated application, the key of the form it came in, and when it was received.
#[derive(Clone, Debug)]
pub struct Registration {
    pub app: Application,
    pub key: String,
    pub now: DateTime<Utc>,
    /// Registered by a clerk from another channel than the site's form (clause 4).
    pub intake: Option<Intake>,
    /// The earlier request on the same question the applicant was received or answered on
    /// (clause 16.2): registered all the same, flagged for the clerk.
    pub repeat_of: Option<String>,
}

/// What a clerk adds to a request that came by another channel (clause 4).
#[derive(Clone, Debug)]
pub struct Intake {
    pub channel: Channel,
    /// When it arrived (a letter may be registered days later: clause 27 counts from here).
    pub received: DateTime<Utc>,
    /// The number in the e-document system or on egov.kz.
    pub external_number: Option<String>,
    /// The clerk who registers it (audited).
    pub clerk: super::audit::Actor,
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
    for r in outcomes.iter().flatten().filter(|r| r.created) {
        let event = LiveEvent::request(r.number.clone(), Status::Registered);
        store.events().publish(store.pool(), event).await;
    }
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
    /// When it was received, local time.
    received: NaiveDateTime,
    /// When it is registered, local time.
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
    let mut rows: Vec<NewRow> = batch.iter().map(NewRow::of).collect();
    let mut tx = begin(store).await?;
    number(&mut tx, &mut rows).await?;
    let Some(ids) = insert(&mut tx, &rows).await? else {
        // A key was registered before (or by another instance meanwhile): write nothing, so
        // no number is skipped.
        tx.rollback().await.ok();
        return Ok(None);
    };
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
            email: row.r.app.email(),
            phone: Some(row.r.app.phone().as_str()),
            lang: row.r.app.lang(),
            notice,
        })
        .collect();
    enqueue_all(&mut tx, store.letters(), &messages, batch[0].now).await?;
    for (row, &id) in rows.iter().zip(&ids) {
        if let Some(intake) = &row.r.intake {
            let entry = super::audit::Entry {
                actor: intake.clerk,
                action: "register_intake".into(),
                entity: "request",
                entity_id: id,
                before: None,
                after: Some(format!("registered: {}", intake.channel.code())),
            };
            super::audit::record(&mut tx, &entry, row.r.now).await?;
        }
    }
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

impl<'a> NewRow<'a> {
    /// The deadlines of clause 27 (from the receipt) and 31 (from the registration) and the
    /// year of the number.
    fn of(r: &'a Registration) -> NewRow<'a> {
        let local = time::to_local(r.now);
        let received = r
            .intake
            .as_ref()
            .map_or(local, |i| time::to_local(i.received));
        let registered_on = deadlines::effective_receipt(local).date();
        NewRow {
            r,
            received,
            local,
            year: chrono::Datelike::year(&registered_on),
            number: String::new(),
            registration_due: deadlines::registration_due(received),
            answer_due: deadlines::answer_due(registered_on),
        }
    }
}

/// Gives the rows their numbers: per year of registration (a batch at midnight on
/// 31 December spans two), in the order given.
async fn number(conn: &mut AnyConnection, rows: &mut [NewRow<'_>]) -> anyhow::Result<()> {
    let mut years: Vec<i32> = rows.iter().map(|row| row.year).collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        let count = rows.iter().filter(|row| row.year == year).count() as i64;
        let last: i64 = sqlx::query(
            "INSERT INTO registration_counters (year, last) VALUES ($1, $2) \
             ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + $2 RETURNING last",
        )
        .bind(i64::from(year))
        .bind(count)
        .fetch_one(&mut *conn)
        .await
        .context("cannot count registrations")?
        .try_get("last")
        .context("registration counter")?;
        let of_year = rows.iter_mut().filter(|row| row.year == year);
        for (seq, row) in (last - count + 1..).zip(of_year) {
            row.number = registration_number(year, seq);
        }
    }
    Ok(())
}

/// Inserts the rows in one statement; their ids in the order given, or `None` when a form
/// key among them is taken.
async fn insert(conn: &mut AnyConnection, rows: &[NewRow<'_>]) -> anyhow::Result<Option<Vec<i64>>> {
    let sql = format!(
        "INSERT INTO requests (number, idempotency_key, applicant_kind, iin, bin, organisation, \
         poa_number, poa_date, surname, name, patronymic, phone, email, official_id, topic_id, \
         essence, lang, video_consent, out_of_turn, foreigner, interpreter_lang, received_at, \
         received_local, registration_due, answer_due, identity_kind, status, channel, \
         registered_local, external_number, repeat_of, surname_key) VALUES {} \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key",
        super::store::placeholders(rows.len(), 32)
    );
    let mut insert = sqlx::query(&sql).persistent(rows.len() == 1);
    for row in rows {
        let app = &row.r.app;
        let rep = app.representative();
        insert = insert
            .bind(row.number.clone())
            .bind(row.r.key.clone())
            .bind(match app.kind() {
                ApplicantKind::Individual => "individual",
                ApplicantKind::Representative => "representative",
            })
            .bind(app.identity().key())
            .bind(rep.map(|r| r.bin.as_string()))
            .bind(rep.map(|r| r.organisation.clone()))
            .bind(rep.map(|r| r.poa_number.clone()))
            .bind(rep.map(|r| r.poa_date.to_string()))
            .bind(app.surname().to_owned())
            .bind(app.name().to_owned())
            .bind(app.patronymic().map(str::to_owned))
            .bind(app.phone().as_str().to_owned())
            .bind(app.email().map(str::to_owned))
            .bind(app.official_id())
            .bind(app.topic_id().to_owned())
            .bind(app.essence().as_str().to_owned())
            .bind(app.lang().code())
            .bind(bool_int(app.video_consent()))
            .bind(app.out_of_turn().map(|o| o.code()))
            .bind(bool_int(app.foreigner()))
            .bind(app.interpreter_lang().map(str::to_owned))
            .bind(
                row.r
                    .intake
                    .as_ref()
                    .map_or(row.r.now, |i| i.received)
                    .to_rfc3339(),
            )
            .bind(fmt_minute(row.received))
            .bind(row.registration_due.to_string())
            .bind(row.answer_due.to_string())
            .bind(app.identity().kind())
            .bind(Status::Registered.code())
            .bind(
                row.r
                    .intake
                    .as_ref()
                    .map_or(Channel::Web, |i| i.channel)
                    .code(),
            )
            .bind(row.r.intake.as_ref().map(|_| fmt_minute(row.local)))
            .bind(
                row.r
                    .intake
                    .as_ref()
                    .and_then(|i| i.external_number.clone()),
            )
            .bind(row.r.repeat_of.clone())
            .bind(app.surname_key());
    }
    let inserted = insert
        .fetch_all(&mut *conn)
        .await
        .context("cannot register the requests")?;
    if inserted.len() < rows.len() {
        return Ok(None);
    }
    rows.iter()
        .map(|row| {
            inserted
                .iter()
                .find(|i| {
                    i.try_get::<String, _>("idempotency_key").ok().as_deref() == Some(&row.r.key)
                })
                .context("a registered request has no id")?
                .try_get::<i64, _>("id")
                .context("request id")
        })
        .collect::<anyhow::Result<Vec<i64>>>()
        .map(Some)
}

pub(super) async fn by_key(store: &Store, key: &str) -> anyhow::Result<Option<Registered>> {
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
