//! Notices that cannot be e-mailed: no address was given, or the relay refused the message
//! for good. Staff phone the applicant, read the notice out, and record the call (audited,
//! in the same transaction), after which the notice leaves the list.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::{begin, full};
use super::store::Store;
use super::{Error, Result};
use crate::model::staff::PhoneCall;
use crate::rules::lang::Lang;
use crate::rules::permissions::{allows, Action};

/// The longest note of a call.
pub const NOTE_MAX: usize = 500;

/// The most notices the list shows at once; the rest follow as these are phoned through.
pub const LIST_MAX: i64 = 200;

/// The notices still to phone through, oldest first.
pub async fn to_phone(store: &Store) -> anyhow::Result<Vec<PhoneCall>> {
    let rows = sqlx::query(
        "SELECT o.id, o.status, o.recipient_phone, o.lang, o.subject, o.body, o.created_at, \
         r.number, r.surname, r.name, r.patronymic \
         FROM outbox o JOIN requests r ON r.id = o.request_id \
         LEFT JOIN phone_calls c ON c.outbox_id = o.id \
         WHERE o.status IN ('no_channel', 'failed') AND c.outbox_id IS NULL \
         ORDER BY o.id LIMIT $1",
    )
    .bind(LIST_MAX)
    .fetch_all(store.pool())
    .await
    .context("cannot read the notices to phone")?;
    rows.iter()
        .map(|r| {
            let lang: String = r.try_get("lang")?;
            Ok(PhoneCall {
                outbox_id: r.try_get("id")?,
                number: r.try_get("number")?,
                applicant: full(
                    r.try_get("surname")?,
                    r.try_get("name")?,
                    r.try_get("patronymic")?,
                ),
                phone: r
                    .try_get::<Option<String>, _>("recipient_phone")?
                    .unwrap_or_default(),
                lang: Lang::from_code(&lang).unwrap_or_default(),
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
                email_failed: r.try_get::<String, _>("status")? == "failed",
            })
        })
        .collect()
}

/// Records that `actor` phoned the applicant about notice `outbox_id`, with a note. A notice
/// already phoned through (by someone else meanwhile) is a conflict, not a second record.
pub async fn record_call(
    store: &Store,
    outbox_id: i64,
    note: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let staff_id = match actor {
        Actor::Staff { id, role } if allows(role, Action::PhoneApplicants) => id,
        _ => return Err(Error::Forbidden),
    };
    let mut tx = begin(store).await?;
    let inserted = sqlx::query(
        "INSERT INTO phone_calls (outbox_id, staff_id, at, note) \
         SELECT id, $2, $3, $4 FROM outbox WHERE id = $1 AND status IN ('no_channel', 'failed') \
         ON CONFLICT (outbox_id) DO NOTHING",
    )
    .bind(outbox_id)
    .bind(staff_id)
    .bind(now.to_rfc3339())
    .bind(note)
    .execute(&mut *tx)
    .await
    .context("cannot record the call")?
    .rows_affected();
    if inserted == 0 {
        let exists = sqlx::query("SELECT 1 AS x FROM outbox WHERE id = $1")
            .bind(outbox_id)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot read the notice")?
            .is_some();
        return Err(if exists {
            Error::Conflict
        } else {
            Error::NotFound
        });
    }
    let entry = audit::Entry {
        actor,
        action: "phoned".into(),
        entity: "outbox",
        entity_id: outbox_id,
        before: None,
        after: Some(note.to_owned()),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the call")?;
    Ok(())
}
