//! Notifications to applicants: written in the caller's transaction together with the
//! status change they announce, then delivered by e-mail in the background.
//!
//! A message exists exactly when its status change committed (the transactional outbox).
//! Delivery is at least once: an instance that dies after the relay accepted a message but
//! before recording it sends it again when the claim's lease runs out.
//! Without an e-mail address a message is `no_channel`: staff must phone the applicant
//! (SMS is not available), and the message is never reported as sent.

use std::time::Duration;

use anyhow::{bail, Context};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{any::AnyRow, AnyConnection, Row};

use super::notices::{Letters, Notice};
use crate::rules::lang::Lang;
use crate::server::{
    config::SmtpConfig,
    smtp::{Mail, Relay, SmtpError},
    store::Store,
};

/// After this many failed attempts a message is given up as `failed`.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a claimed message is hidden from other instances while it is being sent;
/// longer than all SMTP step timeouts together.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// How many due messages one pass handles.
const BATCH: i64 = 50;
/// How often the sender looks for due messages.
const SENDER_PERIOD: Duration = Duration::from_secs(10);

/// Where a message is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Queued,
    Sent,
    Failed,
    /// No e-mail address: staff must phone the applicant.
    NoChannel,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Failed => "failed",
            Status::NoChannel => "no_channel",
        }
    }

    pub fn parse(s: &str) -> anyhow::Result<Status> {
        Ok(match s {
            "queued" => Status::Queued,
            "sent" => Status::Sent,
            "failed" => Status::Failed,
            "no_channel" => Status::NoChannel,
            other => bail!("unknown outbox status {other:?}"),
        })
    }
}

/// Writes `message` on `conn`, which must be the caller's transaction.
pub async fn enqueue(
    conn: &mut AnyConnection,
    letters: &Letters,
    message: Outgoing<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let request_id = message.request_id;
    let ids = enqueue_all(conn, letters, &[message], now).await?;
    ids.first()
        .copied()
        .with_context(|| format!("no notification queued for request {request_id}"))
}

/// A notice to the applicant of one request, as [`enqueue_all`] writes it.
#[derive(Clone, Copy, Debug)]
pub struct Outgoing<'a> {
    pub request_id: i64,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub lang: Lang,
    pub notice: &'a Notice,
}

/// Writes one message per notice with one statement on `conn`, which must be the caller's
/// transaction; returns the messages' ids (in no particular order).
pub async fn enqueue_all(
    conn: &mut AnyConnection,
    letters: &Letters,
    messages: &[Outgoing<'_>],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    if messages.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "INSERT INTO outbox (request_id, recipient_email, recipient_phone, lang, subject, body, \
         status, attempts, next_attempt_at, created_at) VALUES {} RETURNING id",
        crate::server::store::placeholders(messages.len(), 10)
    );
    let created = stamp(now);
    let mut query = sqlx::query(&sql).persistent(messages.len() == 1);
    for m in messages {
        let email = m.email.map(str::trim).filter(|e| !e.is_empty());
        let phone = m.phone.map(str::trim).filter(|p| !p.is_empty());
        let status = if email.is_some() {
            Status::Queued
        } else {
            Status::NoChannel
        };
        let (subject, body) = letters.render(m.notice, m.lang);
        query = query
            .bind(m.request_id)
            .bind(email.map(str::to_owned))
            .bind(phone.map(str::to_owned))
            .bind(m.lang.code())
            .bind(subject)
            .bind(body)
            .bind(status.as_str())
            .bind(0_i64)
            .bind(created.clone())
            .bind(created.clone());
    }
    let rows = query
        .fetch_all(&mut *conn)
        .await
        .context("cannot queue the notifications")?;
    rows.iter()
        .map(|r| r.try_get("id").context("notification id"))
        .collect()
}

/// A message as staff see it; the phone number is masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub request_id: i64,
    pub recipient_email: Option<String>,
    /// Only the last two digits, e.g. `+* *** *** ** 67`.
    pub recipient_phone: Option<String>,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
    pub status: Status,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The newest messages first, all or those in `status` (`queued`, `sent`, `failed`,
/// `no_channel`).
pub async fn list(
    store: &Store,
    status: Option<&str>,
    limit: i64,
) -> anyhow::Result<Vec<OutboxMessage>> {
    const COLUMNS: &str = "SELECT id, request_id, recipient_email, recipient_phone, lang, \
                           subject, body, status, attempts, next_attempt_at, created_at, \
                           sent_at, last_error FROM outbox";
    let rows = match status {
        Some(status) => {
            let status = Status::parse(status)?;
            sqlx::query(&format!(
                "{COLUMNS} WHERE status = $1 ORDER BY id DESC LIMIT $2"
            ))
            .bind(status.as_str())
            .bind(limit)
            .fetch_all(store.pool())
            .await
        }
        None => {
            sqlx::query(&format!("{COLUMNS} ORDER BY id DESC LIMIT $1"))
                .bind(limit)
                .fetch_all(store.pool())
                .await
        }
    }
    .context("cannot read the outbox")?;
    rows.iter().map(message_from_row).collect()
}

fn message_from_row(row: &AnyRow) -> anyhow::Result<OutboxMessage> {
    let lang: String = row.try_get("lang")?;
    let status: String = row.try_get("status")?;
    let sent_at: Option<String> = row.try_get("sent_at")?;
    Ok(OutboxMessage {
        id: row.try_get("id")?,
        request_id: row.try_get("request_id")?,
        recipient_email: row.try_get("recipient_email")?,
        recipient_phone: row
            .try_get::<Option<String>, _>("recipient_phone")?
            .map(|p| mask_phone(&p)),
        lang: Lang::from_code(&lang).with_context(|| format!("bad stored language {lang}"))?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        status: Status::parse(&status)?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: parse_stamp(&row.try_get::<String, _>("next_attempt_at")?)?,
        created_at: parse_stamp(&row.try_get::<String, _>("created_at")?)?,
        sent_at: sent_at.as_deref().map(parse_stamp).transpose()?,
        last_error: row.try_get("last_error")?,
    })
}

/// What one pass of the sender did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryReport {
    pub sent: u32,
    /// Failed for now; queued again with a later `next_attempt_at`.
    pub retried: u32,
    /// Given up: a permanent refusal or too many attempts.
    pub failed: u32,
    /// Queued and left alone: not yet due, claimed by another instance, or no relay.
    pub waiting: u32,
}

/// Delivers the due queued messages through `relay`. Without a relay nothing is sent and
/// every queued message is reported as waiting.
pub async fn deliver_due(
    store: &Store,
    relay: Option<&Relay>,
    now: DateTime<Utc>,
) -> anyhow::Result<DeliveryReport> {
    let pool = store.pool();
    let mut report = DeliveryReport::default();
    let Some(relay) = relay else {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE status = 'queued'")
            .fetch_one(pool)
            .await
            .context("cannot count queued notifications")?;
        report.waiting = count(row.try_get("n")?);
        return Ok(report);
    };
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM outbox WHERE status = 'queued' AND next_attempt_at > $1",
    )
    .bind(stamp(now))
    .fetch_one(pool)
    .await
    .context("cannot count notifications not yet due")?;
    report.waiting = count(row.try_get("n")?);

    let due = sqlx::query(
        "SELECT id, recipient_email, subject, body, attempts, next_attempt_at FROM outbox \
         WHERE status = 'queued' AND next_attempt_at <= $1 AND recipient_email IS NOT NULL \
         ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(stamp(now))
    .bind(BATCH)
    .fetch_all(pool)
    .await
    .context("cannot read due notifications")?;

    for row in &due {
        let id: i64 = row.try_get("id")?;
        let due_at: String = row.try_get("next_attempt_at")?;
        if !claim(store, id, &due_at, now).await? {
            report.waiting += 1;
            continue;
        }
        let to: String = row.try_get("recipient_email")?;
        let subject: String = row.try_get("subject")?;
        let body: String = row.try_get("body")?;
        let attempts = row.try_get::<i64, _>("attempts")? + 1;
        let mail_id = format!("qabyldau-outbox-{id}-{}", now.timestamp_micros());
        let mail = Mail {
            to: &to,
            subject: &subject,
            body: &body,
            id: &mail_id,
            date: now,
        };
        let outcome = relay.send(&mail).await;
        let recorded = record(store, id, attempts, &outcome, now).await?;
        match recorded {
            Outcome::Sent => report.sent += 1,
            Outcome::Retry => report.retried += 1,
            Outcome::Failed => report.failed += 1,
        }
    }
    Ok(report)
}

/// Takes `id` for this instance by moving its due time past the lease; only the instance
/// whose update changed the row sends it.
async fn claim(store: &Store, id: i64, due_at: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let claimed = sqlx::query(
        "UPDATE outbox SET next_attempt_at = $1 \
         WHERE id = $2 AND status = 'queued' AND next_attempt_at = $3",
    )
    .bind(stamp(now + LEASE))
    .bind(id)
    .bind(due_at)
    .execute(store.pool())
    .await
    .with_context(|| format!("cannot claim notification {id}"))?;
    Ok(claimed.rows_affected() == 1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Sent,
    Retry,
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Retry => "retry",
            Outcome::Failed => "failed",
        }
    }
}

/// Writes the attempt's result and its log row in one transaction.
async fn record(
    store: &Store,
    id: i64,
    attempts: i64,
    result: &Result<String, SmtpError>,
    now: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let (outcome, detail) = match result {
        Ok(reply) => (Outcome::Sent, reply.clone()),
        Err(e) if e.is_transient() && attempts < MAX_ATTEMPTS => (Outcome::Retry, e.to_string()),
        Err(e) => (Outcome::Failed, e.to_string()),
    };
    let mut tx = store
        .pool()
        .begin()
        .await
        .context("cannot begin recording a delivery")?;
    let update = match outcome {
        Outcome::Sent => sqlx::query(
            "UPDATE outbox SET status = 'sent', attempts = $1, sent_at = $2, last_error = NULL \
             WHERE id = $3",
        )
        .bind(attempts)
        .bind(stamp(now)),
        Outcome::Retry => sqlx::query(
            "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 \
             WHERE id = $4",
        )
        .bind(attempts)
        .bind(stamp(now + retry_delay(attempts)))
        .bind(&detail),
        Outcome::Failed => sqlx::query(
            "UPDATE outbox SET status = 'failed', attempts = $1, last_error = $2 WHERE id = $3",
        )
        .bind(attempts)
        .bind(&detail),
    };
    update
        .bind(id)
        .execute(&mut *tx)
        .await
        .with_context(|| format!("cannot record the delivery of notification {id}"))?;
    sqlx::query(
        "INSERT INTO delivery_log (outbox_id, attempted_at, outcome, detail) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(stamp(now))
    .bind(outcome.as_str())
    .bind(&detail)
    .execute(&mut *tx)
    .await
    .with_context(|| format!("cannot log the delivery of notification {id}"))?;
    tx.commit()
        .await
        .with_context(|| format!("cannot commit the delivery of notification {id}"))?;
    Ok(outcome)
}

/// Exponential backoff after the `attempts`-th failure: 1, 2, 4, 8… minutes, at most 1 hour.
fn retry_delay(attempts: i64) -> chrono::Duration {
    let exponent = attempts.clamp(1, 7) - 1;
    chrono::Duration::minutes((1_i64 << exponent).min(60))
}

/// Runs `deliver_due` every 10 seconds until the task is aborted. A relay configuration
/// that cannot work is an error at once, not a message that fails later.
pub fn spawn_sender(
    store: Store,
    smtp: Option<&SmtpConfig>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let relay = smtp.map(Relay::new).transpose()?;
    Ok(tokio::spawn(async move {
        if relay.is_none() {
            tracing::info!("no SMTP relay configured: notifications stay queued for staff");
        }
        let mut tick = tokio::time::interval(SENDER_PERIOD);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match deliver_due(&store, relay.as_ref(), Utc::now()).await {
                Ok(r) if r.sent + r.retried + r.failed > 0 => tracing::info!(
                    sent = r.sent,
                    retried = r.retried,
                    failed = r.failed,
                    waiting = r.waiting,
                    "notifications delivered"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "notification sender failed"),
            }
        }
    }))
}

/// UTC RFC 3339 of fixed width, so text order is time order.
fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_stamp(s: &str) -> anyhow::Result<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(s)
        .with_context(|| format!("bad stored instant {s}"))?
        .with_timezone(&Utc))
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Every digit but the last two hidden; other characters kept for readability.
fn mask_phone(phone: &str) -> String {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    phone
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 2 <= digits {
                    return '*';
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|a| retry_delay(a).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn a_phone_number_keeps_only_its_last_two_digits() {
        assert_eq!(mask_phone("+7 701 123 45 67"), "+* *** *** ** 67");
        assert_eq!(mask_phone("7"), "7");
    }

    #[test]
    fn stamps_of_the_same_width_sort_as_time() {
        let a = DateTime::parse_from_rfc3339("2025-03-10T09:59:59.5Z").unwrap();
        let b = DateTime::parse_from_rfc3339("2025-03-10T10:00:00Z").unwrap();
        let (a, b) = (stamp(a.with_timezone(&Utc)), stamp(b.with_timezone(&Utc)));
        assert_eq!(a.len(), b.len());
        assert!(a < b);
        assert_eq!(
            parse_stamp(&a).unwrap().to_rfc3339(),
            "2025-03-10T09:59:59.500+00:00"
        );
    }
}
