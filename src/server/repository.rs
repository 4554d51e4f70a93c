//! The request rows as both engines store them: one codec for dates and times, the row
//! behind the coupon and the status page, the timeline, and the reads by number, by IIN
//! (the repeat check of clause 16.2) and by id.

use std::str::FromStr;

use anyhow::Context;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sqlx::{AnyConnection, Row};

use super::store::Store;
use crate::model::request::{Coupon, Refusal, TimelineEntry};
use crate::rules::lifecycle::Status;
use crate::rules::{
    deadlines,
    eligibility::{self, PastOutcome, PastRequest},
    identity::Identity,
    lang::{Lang, Text},
};

pub(super) fn fmt_minute(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn parse_minute(s: &str) -> anyhow::Result<NaiveDateTime> {
    // Read by hand: a list reads one per row, and chrono's format parser is most of a row's
    // cost. The same format; anything else falls through to chrono and its error.
    let b = s.as_bytes();
    let digits = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() == 16 && b[4] == b'-' && b[7] == b'-' && b[10] == b' ' && b[13] == b':' {
        if let (Some(y), Some(mo), Some(d), Some(h), Some(mi)) = (
            digits(0, 4),
            digits(5, 7),
            digits(8, 10),
            digits(11, 13),
            digits(14, 16),
        ) {
            if let Some(t) =
                NaiveDate::from_ymd_opt(y as i32, mo, d).and_then(|d| d.and_hms_opt(h, mi, 0))
            {
                return Ok(t);
            }
        }
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .with_context(|| format!("bad stored time {s}"))
}

pub(super) fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_str(s).with_context(|| format!("bad stored date {s}"))
}

pub(super) fn bool_int(b: bool) -> i64 {
    i64::from(b)
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

/// The applicant's earlier requests, as the repeat check of clause 16.2 needs them.
pub async fn history(store: &Store, iin: &str) -> anyhow::Result<Vec<PastRequest>> {
    let rows = sqlx::query(
        "SELECT r.number, r.topic_id, r.essence, r.status, r.received_local, o.surname_ru, o.name_ru \
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
                number: r.try_get("number")?,
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
     r.patronymic, r.phone, r.email, r.lang, r.topic_id, r.received_local, r.registered_local, \
     r.answer_due, r.status, \
     r.refusal_clause, r.refusal_kk, r.refusal_ru, r.slot_start, r.video_link, \
     o.surname_kk, o.name_kk, o.patronymic_kk, o.surname_ru, o.name_ru, o.patronymic_ru, \
     o.position_kk, o.position_ru, d.day AS reception_day, d.place_kk, d.place_ru \
     FROM requests r JOIN officials o ON o.id = r.official_id \
     LEFT JOIN reception_days d ON d.id = r.reception_day_id";

pub(super) fn full(surname: String, name: String, patronymic: Option<String>) -> String {
    match patronymic {
        Some(p) if !p.is_empty() => format!("{surname} {name} {p}"),
        _ => format!("{surname} {name}"),
    }
}

pub(super) fn initial(s: &str) -> String {
    s.chars()
        .next()
        .map(|c| format!("{c}."))
        .unwrap_or_default()
}

/// The day a request was registered: the day it counts as received (clause 4), unless a
/// clerk registered it later (a letter, clause 27).
pub(super) fn registered_on(
    received_local: NaiveDateTime,
    registered_local: Option<String>,
) -> anyhow::Result<NaiveDate> {
    let registered = match registered_local {
        Some(at) => parse_minute(&at)?,
        None => received_local,
    };
    Ok(deadlines::effective_receipt(registered).date())
}

pub(super) fn request_from_row(r: &sqlx::any::AnyRow) -> anyhow::Result<(String, RequestRow)> {
    let received_local = parse_minute(&r.try_get::<String, _>("received_local")?)?;
    let registered_on = registered_on(received_local, r.try_get("registered_local")?)?;
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
pub(super) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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

/// A registration number as typed or carried in an address (`krg-2026-000001 `), in the
/// form it is stored in; at most 30 characters are read.
pub fn typed_number(raw: &str) -> String {
    raw.trim()
        .chars()
        .take(30)
        .collect::<String>()
        .to_uppercase()
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

/// The timeline of request `id`, oldest first.
pub(super) async fn timeline(store: &Store, id: i64) -> anyhow::Result<Vec<TimelineEntry>> {
    let events = sqlx::query(
        "SELECT at, status, note_kk, note_ru FROM request_events WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await
    .context("cannot read the timeline")?;
    events
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_minute_is_read_as_chrono_reads_it() {
        for s in [
            "2026-12-02 09:05",
            "2024-02-29 23:59",
            "2026-02-30 10:00",
            "2026-12-02 24:00",
            "2026-12-02 09:60",
            "2026-12-02T09:05",
            "2026-12-02 9:05",
            "2026-1a-02 09:05",
            "+026-12-02 09:05",
            "2026-12-02 09:05:00",
            "",
        ] {
            let chrono = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok();
            assert_eq!(parse_minute(s).ok(), chrono, "{s:?}");
        }
        assert!(parse_minute("2026-12-02 09:05").is_ok());
    }
}
