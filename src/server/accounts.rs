//! The administrator's accounts screen: create an account (with a one-time password),
//! disable and enable it, change its role, reset its password. Each change is audited in
//! its own transaction; a disabled, re-roled or reset account's sessions end at once.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::begin;
use super::staff::{hash_password, one_time_password, stamp};
use super::store::Store;
use super::{Error, Result};
use crate::model::messages::{BAD_FULL_NAME, BAD_LOGIN, LOGIN_TAKEN, NOT_YOUR_OWN_ACCOUNT};
use crate::model::staff::StaffAccount;
use crate::rules::permissions::{allows, Action, StaffRole};

/// What the administrator does to an existing account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Disable,
    Enable,
    Role(StaffRole),
    ResetPassword,
    /// The official a receiving official's account is (none: not linked).
    Official(Option<i64>),
}

fn administrator(actor: Actor) -> Result<i64> {
    match actor {
        Actor::Staff { id, role } if allows(role, Action::ManageStaff) => Ok(id),
        _ => Err(Error::Forbidden),
    }
}

/// A login as accounts are made with: small Latin letters, digits, `.`, `-`, `_`.
fn valid_login(login: &str) -> bool {
    (1..=64).contains(&login.len())
        && login.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
}

/// Every account, by login.
pub async fn list(store: &Store) -> anyhow::Result<Vec<StaffAccount>> {
    let rows = sqlx::query(
        "SELECT id, login, full_name, role, active, must_change_password, official_id FROM staff \
         ORDER BY login",
    )
    .fetch_all(store.pool())
    .await
    .context("cannot read the staff accounts")?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(StaffAccount {
                id: r.try_get("id")?,
                login: r.try_get("login")?,
                full_name: r.try_get("full_name")?,
                role: StaffRole::from_code(&role)
                    .with_context(|| format!("unknown role {role}"))?,
                active: r.try_get::<i64, _>("active")? != 0,
                must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
                official: r.try_get("official_id")?,
            })
        })
        .collect()
}

/// Creates an account; its one-time password, to hand over (changed at the first sign-in).
pub async fn create(
    store: &Store,
    login: &str,
    full_name: &str,
    role: StaffRole,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<String> {
    administrator(actor)?;
    let login = login.trim().to_lowercase();
    if !valid_login(&login) {
        return Err(Error::BadInput(BAD_LOGIN.text()));
    }
    let full_name = full_name.trim();
    if full_name.is_empty() || full_name.chars().count() > 200 {
        return Err(Error::BadInput(BAD_FULL_NAME.text()));
    }
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    let mut tx = begin(store).await?;
    let row = sqlx::query(
        "INSERT INTO staff (login, full_name, role, password_hash, must_change_password, active, \
         created_at) VALUES ($1, $2, $3, $4, 1, 1, $5) ON CONFLICT (login) DO NOTHING RETURNING id",
    )
    .bind(&login)
    .bind(full_name)
    .bind(role.code())
    .bind(hash)
    .bind(stamp(now))
    .fetch_optional(&mut *tx)
    .await
    .context("cannot add the account")?;
    let Some(row) = row else {
        return Err(Error::BadInput(LOGIN_TAKEN.text()));
    };
    let id: i64 = row.try_get("id").context("staff id")?;
    let entry = audit::Entry {
        actor,
        action: "create_account".into(),
        entity: "staff",
        entity_id: id,
        before: None,
        after: Some(format!("{login}: {}", role.code())),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the account")?;
    Ok(password)
}

/// Applies `change` to account `id`; the new one-time password when it was a reset.
pub async fn change(
    store: &Store,
    id: i64,
    change: Change,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    if administrator(actor)? == id {
        return Err(Error::BadInput(NOT_YOUR_OWN_ACCOUNT.text()));
    }
    let password = match change {
        Change::ResetPassword => Some(one_time_password()),
        _ => None,
    };
    let hash = match &password {
        Some(p) => Some(hash_password(p.clone()).await?),
        None => None,
    };
    let mut tx = begin(store).await?;
    let before = sqlx::query("SELECT role, active, official_id FROM staff WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .context("cannot read the account")?
        .ok_or(Error::NotFound)?;
    if let Change::Official(official) = change {
        return link(tx, id, &before, official, actor, now).await;
    }
    let before = format!(
        "{}, active: {}{}",
        before.try_get::<String, _>("role").context("role")?,
        before.try_get::<i64, _>("active").context("active")?,
        before
            .try_get::<Option<i64>, _>("official_id")
            .context("official")?
            .map(|o| format!(", official: {o}"))
            .unwrap_or_default()
    );
    let (action, sql, value, after): (&str, &str, Option<String>, String) = match change {
        Change::Disable => (
            "disable_account",
            "UPDATE staff SET active = 0 WHERE id = $1",
            None,
            "active: 0".into(),
        ),
        Change::Enable => (
            "enable_account",
            "UPDATE staff SET active = 1 WHERE id = $1",
            None,
            "active: 1".into(),
        ),
        // An account that is no longer a receiving official's names no official.
        Change::Role(role) if role != StaffRole::ReceivingOfficial => (
            "change_role",
            "UPDATE staff SET role = $2, official_id = NULL WHERE id = $1",
            Some(role.code().to_owned()),
            format!("{}, official: none", role.code()),
        ),
        Change::Role(role) => (
            "change_role",
            "UPDATE staff SET role = $2 WHERE id = $1",
            Some(role.code().to_owned()),
            role.code().into(),
        ),
        Change::Official(_) => unreachable!("linked above"),
        Change::ResetPassword => (
            "reset_password",
            "UPDATE staff SET password_hash = $2, must_change_password = 1 WHERE id = $1",
            hash,
            "must change password".into(),
        ),
    };
    let mut update = sqlx::query(sql).bind(id);
    if let Some(value) = value {
        update = update.bind(value);
    }
    update
        .execute(&mut *tx)
        .await
        .context("cannot change the account")?;
    if change != Change::Enable {
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .context("cannot close the account's sessions")?;
    }
    let entry = audit::Entry {
        actor,
        action: action.into(),
        entity: "staff",
        entity_id: id,
        before: Some(before),
        after: Some(after),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the change")?;
    super::staff::sessions_changed(store).await;
    Ok(password)
}

/// Links a receiving official's account to the official it is (or unlinks it), audited in the
/// same transaction. Only a receiving official's account is linked, to an official that exists.
async fn link(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    id: i64,
    before: &sqlx::any::AnyRow,
    official: Option<i64>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    use crate::model::messages::{NOT_A_RECEIVING_OFFICIAL, UNKNOWN_OFFICIAL};
    let role: String = before.try_get("role").context("role")?;
    if official.is_some() && role != StaffRole::ReceivingOfficial.code() {
        return Err(Error::BadInput(NOT_A_RECEIVING_OFFICIAL.text()));
    }
    if let Some(official) = official {
        let known = sqlx::query("SELECT id FROM officials WHERE id = $1")
            .bind(official)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot read the official")?;
        if known.is_none() {
            return Err(Error::BadInput(UNKNOWN_OFFICIAL.text()));
        }
    }
    let was: Option<i64> = before.try_get("official_id").context("official")?;
    sqlx::query("UPDATE staff SET official_id = $2 WHERE id = $1")
        .bind(id)
        .bind(official)
        .execute(&mut *tx)
        .await
        .context("cannot link the account")?;
    let shown = |o: Option<i64>| {
        o.map_or_else(|| "official: none".to_owned(), |o| format!("official: {o}"))
    };
    let entry = audit::Entry {
        actor,
        action: "link_official".into(),
        entity: "staff",
        entity_id: id,
        before: Some(shown(was)),
        after: Some(shown(official)),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the link")?;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_small_latin_letters_digits_and_a_few_marks() {
        assert!(valid_login("a.sarsenova-2"));
        assert!(!valid_login(""));
        assert!(!valid_login("Сәрсенова"));
        assert!(!valid_login("a b"));
        assert!(!valid_login(&"a".repeat(65)));
    }
}
