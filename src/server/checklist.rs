//! What a reception day needs besides its applicants, each confirmed by the department for the
//! day: at the akim's reception, the representatives of clause 19 (the prosecutor's office, the
//! police, the anti-corruption agency, the courts' department); and an interpreter in each
//! language a scheduled request asks for (clause 11). The day shows what is still unconfirmed.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::begin;
use super::store::Store;
use super::{Error, Result};
use crate::model::allocation::CheckItem;
use crate::rules::{
    duties::{required_attendees, Invitee, OfficialRole},
    lang::Text,
    lifecycle::Event,
    permissions::{allows, Action},
};

const INTERPRETER: &str = "interpreter:";
/// An invited attendee's item: `invited:<kind>:<who>` (clauses 18, 24).
const INVITED: &str = "invited:";
/// The longest name (with position) of an invited attendee.
pub const INVITEE_MAX: usize = 200;

/// The day's checklist: each item's code and label, and who confirmed it and when.
pub async fn of_day(store: &Store, day: i64) -> anyhow::Result<Vec<CheckItem>> {
    let role: String = sqlx::query(
        "SELECT o.role FROM reception_days d JOIN officials o ON o.id = d.official_id WHERE d.id = $1",
    )
    .bind(day)
    .fetch_one(store.pool())
    .await
    .context("cannot read the day's official")?
    .try_get("role")
    .context("role")?;
    let mut items: Vec<(String, Text)> = OfficialRole::from_code(&role)
        .map(required_attendees)
        .unwrap_or_default()
        .iter()
        .map(|a| (a.code().to_owned(), a.name()))
        .collect();
    let languages = sqlx::query(
        "SELECT DISTINCT interpreter_lang FROM requests WHERE reception_day_id = $1 \
         AND interpreter_lang IS NOT NULL AND status IN ('scheduled', 'arrived') \
         ORDER BY interpreter_lang",
    )
    .bind(day)
    .fetch_all(store.pool())
    .await
    .context("cannot read the day's interpreters")?;
    for r in &languages {
        let lang: String = r.try_get("interpreter_lang").context("language")?;
        items.push((
            format!("{INTERPRETER}{lang}"),
            Text::new(
                format!("Аудармашы (11-т.): {lang}"),
                format!("Переводчик (п. 11): {lang}"),
            ),
        ));
    }
    let confirmed = sqlx::query(
        "SELECT c.item, s.full_name, c.confirmed_at FROM day_checks c \
         JOIN staff s ON s.id = c.confirmed_by WHERE c.reception_day_id = $1 \
         ORDER BY c.confirmed_at, c.item",
    )
    .bind(day)
    .fetch_all(store.pool())
    .await
    .context("cannot read the day's confirmations")?;
    // Those invited (clauses 18, 24): on the list from their invitation, which confirms them.
    for r in &confirmed {
        let item: String = r.try_get("item").context("item")?;
        let invited = item
            .strip_prefix(INVITED)
            .and_then(|rest| rest.split_once(':'))
            .and_then(|(kind, who)| Some(Invitee::from_code(kind)?.line(who)));
        if let Some(line) = invited {
            items.push((item, line));
        }
    }
    items
        .into_iter()
        .map(|(code, label)| {
            let by = confirmed
                .iter()
                .find(|r| r.try_get::<String, _>("item").is_ok_and(|i| i == code))
                .map(|r| -> anyhow::Result<String> {
                    Ok(format!(
                        "{}, {}",
                        r.try_get::<String, _>("full_name")?,
                        r.try_get::<String, _>("confirmed_at")?
                    ))
                })
                .transpose()?;
            Ok(CheckItem {
                code,
                label,
                confirmed: by,
            })
        })
        .collect()
}

/// The department invites `who` to reception day `day` as `kind` (clauses 18, 24): on the
/// day's checklist at once, confirmed by whoever invited them; audited. Once per person.
pub async fn invite(
    store: &Store,
    day: i64,
    kind: Invitee,
    who: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let staff_id = match actor {
        Actor::Staff { id, role } if allows(role, Action::Lifecycle(Event::Allocate)) => id,
        _ => return Err(Error::Forbidden),
    };
    let who = who.split_whitespace().collect::<Vec<_>>().join(" ");
    if who.is_empty() || who.chars().count() > INVITEE_MAX {
        return Err(Error::BadInput(crate::model::messages::NO_INVITEE.text()));
    }
    let today = crate::rules::time::to_local(now).date().to_string();
    let exists = sqlx::query("SELECT 1 AS one FROM reception_days WHERE id = $1")
        .bind(day)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the reception day")?;
    if exists.is_none() {
        return Err(Error::NotFound);
    }
    let coming = sqlx::query(&format!(
        "SELECT 1 AS one FROM reception_days WHERE id = $1 AND day >= $2 AND cancelled = 0 \
         AND {}",
        super::store::PUBLISHED
    ))
    .bind(day)
    .bind(&today)
    .fetch_optional(store.pool())
    .await
    .context("cannot read the reception day")?;
    if coming.is_none() {
        return Err(Error::BadInput(
            crate::model::messages::DAY_NOT_COMING.text(),
        ));
    }
    let item = format!("{INVITED}{}:{who}", kind.code());
    let mut tx = begin(store).await?;
    let added = sqlx::query(
        "INSERT INTO day_checks (reception_day_id, item, confirmed_by, confirmed_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(day)
    .bind(&item)
    .bind(staff_id)
    .bind(super::repository::fmt_minute(crate::rules::time::to_local(
        now,
    )))
    .execute(&mut *tx)
    .await
    .context("cannot record the invitation")?
    .rows_affected();
    if added == 0 {
        return Err(Error::Duplicate(
            crate::model::messages::ALREADY_INVITED.text(),
        ));
    }
    let entry = audit::Entry {
        actor,
        action: "invite_to_day".into(),
        entity: "reception_day",
        entity_id: day,
        before: None,
        after: Some(item),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the invitation")?;
    Ok(())
}

/// The department confirms an item of the day's checklist (audited).
pub async fn confirm(
    store: &Store,
    day: i64,
    item: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let staff_id = match actor {
        Actor::Staff { id, role } if allows(role, Action::Lifecycle(Event::Allocate)) => id,
        _ => return Err(Error::Forbidden),
    };
    let exists = sqlx::query("SELECT 1 AS one FROM reception_days WHERE id = $1")
        .bind(day)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the reception day")?;
    if exists.is_none() {
        return Err(Error::NotFound);
    }
    if !of_day(store, day).await?.iter().any(|c| c.code == item) {
        return Err(Error::BadInput(
            crate::model::messages::NOT_ON_CHECKLIST.text(),
        ));
    }
    let mut tx = begin(store).await?;
    let added = sqlx::query(
        "INSERT INTO day_checks (reception_day_id, item, confirmed_by, confirmed_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(day)
    .bind(item)
    .bind(staff_id)
    .bind(super::repository::fmt_minute(crate::rules::time::to_local(
        now,
    )))
    .execute(&mut *tx)
    .await
    .context("cannot confirm the item")?
    .rows_affected();
    if added == 1 {
        let entry = audit::Entry {
            actor,
            action: "confirm_day_check".into(),
            entity: "reception_day",
            entity_id: day,
            before: None,
            after: Some(item.to_owned()),
        };
        audit::record(&mut tx, &entry, now).await?;
    }
    tx.commit()
        .await
        .context("cannot commit the confirmation")?;
    Ok(())
}
