//! The request's card for the staff: the whole request, its terms and timeline, the
//! applicant's earlier requests (clause 16.2 is the clerk's decision, with these in view), and
//! who last changed it.

use anyhow::Context;
use chrono::NaiveDate;
use sqlx::Row;

use super::repository::{by_number, full, parse_minute, timeline};
use super::store::Store;
use crate::model::card::{Proposal, RequestCard};
use crate::rules::lang::Text;
use crate::rules::{
    channel::Channel,
    deadlines::{next_term, urgency},
    lifecycle::Status,
};

/// The card of the request numbered `number` on `today` (local date), with its id.
pub async fn card(
    store: &Store,
    number: &str,
    today: NaiveDate,
) -> anyhow::Result<Option<(i64, RequestCard)>> {
    let Some((identity, r)) = by_number(store, number).await? else {
        return Ok(None);
    };
    let extra = sqlx::query(
        "SELECT channel, name, surname, patronymic, essence, organisation, bin, out_of_turn, \
         interpreter_lang, video_consent, repeat_of, version, official_id, note_proposes, \
         reference_note FROM requests WHERE id = $1",
    )
    .bind(r.id)
    .fetch_one(store.pool())
    .await
    .context("cannot read the request")?;
    let channel: String = extra.try_get("channel")?;
    let organisation = match (
        extra.try_get::<Option<String>, _>("organisation")?,
        extra.try_get::<Option<String>, _>("bin")?,
    ) {
        (Some(o), Some(b)) => Some(format!("{o} (БСН/БИН {b})")),
        (Some(o), None) => Some(o),
        _ => None,
    };
    let earlier = sqlx::query(
        "SELECT number, received_local, status FROM requests \
         WHERE (iin = $1 OR (bin IS NOT NULL AND bin = $2)) AND id <> $3 ORDER BY id DESC LIMIT 20",
    )
    .bind(&identity)
    .bind(
        extra
            .try_get::<Option<String>, _>("bin")?
            .unwrap_or_default(),
    )
    .bind(r.id)
    .fetch_all(store.pool())
    .await
    .context("cannot read the applicant's earlier requests")?
    .iter()
    .map(|e| {
        let status: String = e.try_get("status")?;
        Ok((
            e.try_get("number")?,
            parse_minute(&e.try_get::<String, _>("received_local")?)?,
            Status::from_code(&status).with_context(|| format!("unknown status {status}"))?,
        ))
    })
    .collect::<anyhow::Result<Vec<_>>>()?;
    let reception = r.scheduled.as_ref().map(|(d, ..)| *d);
    let c = r.coupon;
    let instructions = super::control::of_request(store, r.id, today).await?;
    // Under control, the next term is the earliest deadline of an open instruction (25).
    let term = next_term(r.status, c.registered_on, c.answer_by, reception, today)
        .map(|t| (t.due, t.clause.to_owned()))
        .or_else(|| {
            instructions
                .iter()
                .filter(|i| i.done_on.is_none())
                .map(|i| (i.due_on, "25".to_owned()))
                .min()
        })
        .map(|(due, clause)| (due, clause, urgency(due, today)));
    let card = RequestCard {
        number: c.number,
        status: r.status,
        version: extra.try_get("version")?,
        channel: Channel::from_code(&channel)
            .with_context(|| format!("unknown channel {channel}"))?,
        received: c.received_local,
        registered_on: c.registered_on,
        answer_by: c.answer_by,
        term,
        applicant: full(
            extra.try_get("surname")?,
            extra.try_get("name")?,
            extra.try_get("patronymic")?,
        ),
        identity,
        phone: r.phone,
        email: r.email,
        lang: r.lang,
        organisation,
        official: c.official,
        position: c.position,
        topic: c.topic,
        essence: extra.try_get("essence")?,
        out_of_turn: extra.try_get::<Option<String>, _>("out_of_turn")?.is_some(),
        interpreter: extra.try_get("interpreter_lang")?,
        video_consent: extra.try_get::<i64, _>("video_consent")? != 0,
        timeline: timeline(store, r.id).await?,
        refusal: r.refusal,
        scheduled: r.scheduled.map(|(d, t, place, _)| (d, t, place)),
        free_slots: if r.status == Status::Scheduled {
            let after = crate::rules::time::to_local(chrono::Utc::now());
            super::allocation::free_slots(store, extra.try_get("official_id")?, after).await?
        } else {
            Vec::new()
        },
        same_day: r.status == Status::Registered
            && super::workflow::received_on_the_day(
                store,
                r.id,
                c.received_local.date(),
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        repeat_of: extra.try_get("repeat_of")?,
        central: super::central::of_request(store, r.id, today).await?,
        earlier,
        instructions,
        final_answer: super::control::final_answer_of(store, r.id).await?,
        reference_note: match (
            extra.try_get::<Option<String>, _>("note_proposes")?,
            extra.try_get::<Option<String>, _>("reference_note")?,
        ) {
            (Some(p), Some(note)) => Some((
                Proposal::from_code(&p).with_context(|| format!("unknown proposal {p}"))?,
                note,
            )),
            _ => None,
        },
        papers_due: super::papers::received_on(store.pool(), r.id)
            .await?
            .map(crate::rules::deadlines::reception_applications_due),
        papers: super::papers::of_request(store, r.id).await?,
    };
    Ok(Some((r.id, card)))
}

/// Who made the last change to request `id` (a staff member, or the applicant), and when
/// (local time, to the minute): told to a staff member whose decision came second.
pub async fn last_changed_by(store: &Store, id: i64) -> anyhow::Result<Option<(Text, String)>> {
    let row = sqlx::query(
        "SELECT s.full_name, a.at FROM audit_log a \
         LEFT JOIN staff s ON a.actor LIKE 'staff:' || CAST(s.id AS TEXT) || ':%' \
         WHERE a.entity = 'request' AND a.entity_id = $1 ORDER BY a.seq DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await
    .context("cannot read who changed the request")?;
    let Some(row) = row else { return Ok(None) };
    let at: String = row.try_get("at")?;
    let local = chrono::DateTime::parse_from_rfc3339(&at)
        .map(|t| super::repository::fmt_minute(crate::rules::time::to_local(t.to_utc())))
        .unwrap_or(at);
    let who = match row.try_get::<Option<String>, _>("full_name")? {
        Some(name) => Text::new(name.clone(), name),
        None => Text::new("өтініш берушінің өзі", "сам заявитель"),
    };
    Ok(Some((who, local)))
}
