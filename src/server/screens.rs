//! The aides' wall screens: a screen signs in to the board with a secret link of its own
//! (`/board/open/{token}`), made and revoked by the administrator, never with a person's
//! password. A revoked link opens nothing from the next request on. The store keeps the
//! SHA-256 of a token, never the token; the log names the screen, never its token.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::begin;
use super::secrets::{random_hex, sha256_hex};
use super::store::Store;
use super::{Error, Result};
use crate::model::staff::BoardScreen;
use crate::rules::permissions::{allows, Action};

/// The cookie a screen keeps its token in.
pub const COOKIE: &str = "qabyldau_screen";

fn may(actor: Actor) -> Result<()> {
    match actor {
        Actor::Staff { role, .. } if allows(role, Action::ManageStaff) => Ok(()),
        _ => Err(Error::Forbidden),
    }
}

/// Makes a screen's link: its id and the token, shown once.
pub async fn create(
    store: &Store,
    name: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(i64, String)> {
    may(actor)?;
    let Actor::Staff { id: staff_id, .. } = actor else {
        return Err(Error::Forbidden);
    };
    let name = crate::rules::application::tidy(name);
    if name.is_empty() || name.chars().count() > 80 {
        return Err(Error::BadInput(crate::model::messages::SCREEN_NAME.text()));
    }
    let token = random_hex(32);
    let mut tx = begin(store).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO board_screens (name, token_hash, created_by, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(&name)
    .bind(sha256_hex(&token))
    .bind(staff_id)
    .bind(super::staff::stamp(now))
    .fetch_one(&mut *tx)
    .await
    .context("cannot make the screen's link")?
    .try_get("id")
    .context("screen id")?;
    let entry = audit::Entry {
        actor,
        action: "create_board_screen".into(),
        entity: "board_screen",
        entity_id: id,
        before: None,
        after: Some(name),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the screen")?;
    Ok((id, token))
}

/// Revokes a screen's link: it opens nothing any more.
pub async fn revoke(store: &Store, id: i64, actor: Actor, now: DateTime<Utc>) -> Result<()> {
    may(actor)?;
    let mut tx = begin(store).await?;
    let name: Option<String> = sqlx::query(
        "UPDATE board_screens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL \
         RETURNING name",
    )
    .bind(super::staff::stamp(now))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await
    .context("cannot revoke the screen")?
    .map(|r| r.try_get("name"))
    .transpose()
    .context("screen name")?;
    let name = name.ok_or(Error::NotFound)?;
    let entry = audit::Entry {
        actor,
        action: "revoke_board_screen".into(),
        entity: "board_screen",
        entity_id: id,
        before: Some(name),
        after: None,
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the revocation")?;
    Ok(())
}

/// Every screen, newest first.
pub async fn all(store: &Store) -> anyhow::Result<Vec<BoardScreen>> {
    sqlx::query("SELECT id, name, created_at, revoked_at FROM board_screens ORDER BY id DESC")
        .fetch_all(store.pool())
        .await
        .context("cannot read the screens")?
        .iter()
        .map(|r| {
            Ok(BoardScreen {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                revoked: r.try_get::<Option<String>, _>("revoked_at")?.is_some(),
            })
        })
        .collect()
}

/// Whether `token` is the link of a screen that is not revoked.
pub async fn valid(store: &Store, token: &str) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "SELECT 1 AS one FROM board_screens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(sha256_hex(token))
    .fetch_optional(store.pool())
    .await
    .context("cannot read the screen")?
    .is_some())
}

/// The screen token a request carries in its cookie, if any.
pub fn token_of(headers: &http::HeaderMap) -> Option<String> {
    super::staff::cookie(headers, COOKIE)
}
