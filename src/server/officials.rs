//! The officials who receive citizens (clause 2), as the administrator keeps them: added,
//! renamed, re-roled, reordered on the schedule, and taken off it (never deleted: their past
//! receptions and requests name them). Every change is audited in its own transaction.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::begin;
use super::store::{NewOfficial, Store};
use super::{Error, Result};
use crate::model::planning::OfficialEntry;
use crate::model::{Official, PersonName};
use crate::rules::{
    duties::OfficialRole,
    lang::Text,
    permissions::{allows, Action},
};

fn may(actor: Actor) -> Result<()> {
    match actor {
        Actor::Staff { role, .. } if allows(role, Action::ManageOfficials) => Ok(()),
        _ => Err(Error::Forbidden),
    }
}

/// Every official, active or not, in the schedule's order.
pub async fn all(store: &Store) -> anyhow::Result<Vec<OfficialEntry>> {
    let rows = sqlx::query(
        "SELECT id, role, surname_kk, name_kk, patronymic_kk, surname_ru, name_ru, \
         patronymic_ru, position_kk, position_ru, sort_order, active FROM officials \
         ORDER BY active DESC, sort_order, id",
    )
    .fetch_all(store.pool())
    .await
    .context("cannot read the officials")?;
    rows.iter()
        .map(|r| {
            let code: String = r.try_get("role")?;
            let name = |lang: &str| -> anyhow::Result<PersonName> {
                Ok(PersonName {
                    surname: r.try_get(format!("surname_{lang}").as_str())?,
                    name: r.try_get(format!("name_{lang}").as_str())?,
                    patronymic: r.try_get(format!("patronymic_{lang}").as_str())?,
                })
            };
            Ok(OfficialEntry {
                official: Official {
                    id: r.try_get("id")?,
                    name_kk: name("kk")?,
                    name_ru: name("ru")?,
                    position: Text::new(
                        r.try_get::<String, _>("position_kk")?,
                        r.try_get::<String, _>("position_ru")?,
                    ),
                    role: OfficialRole::from_code(&code)
                        .with_context(|| format!("unknown role of an official: {code}"))?,
                },
                sort_order: r.try_get("sort_order")?,
                active: r.try_get::<i64, _>("active")? != 0,
            })
        })
        .collect()
}

/// The fields of the administrator's form, checked: both spellings of the surname and the
/// given name, the position in both languages.
pub fn checked(o: NewOfficial) -> Result<NewOfficial> {
    use crate::rules::application::tidy;
    let name = |n: &PersonName| PersonName {
        surname: tidy(&n.surname),
        name: tidy(&n.name),
        patronymic: n.patronymic.as_deref().map(tidy).filter(|p| !p.is_empty()),
    };
    let o = NewOfficial {
        role: o.role,
        name_kk: name(&o.name_kk),
        name_ru: name(&o.name_ru),
        position: Text::new(tidy(&o.position.kk), tidy(&o.position.ru)),
        sort_order: o.sort_order,
    };
    let filled = |s: &str| !s.is_empty() && s.chars().count() <= 200;
    let all_filled = [
        &o.name_kk.surname,
        &o.name_kk.name,
        &o.name_ru.surname,
        &o.name_ru.name,
        &o.position.kk,
        &o.position.ru,
    ]
    .into_iter()
    .all(|s| filled(s));
    if !all_filled || !(0..=10_000).contains(&o.sort_order) {
        return Err(Error::BadInput(
            crate::model::messages::OFFICIAL_FORM.text(),
        ));
    }
    Ok(o)
}

fn describe(o: &NewOfficial, active: bool) -> String {
    format!(
        "{} / {}; {}; {} / {}; order {}{}",
        o.name_kk.full(),
        o.name_ru.full(),
        o.role.code(),
        o.position.kk,
        o.position.ru,
        o.sort_order,
        if active { "" } else { "; inactive" }
    )
}

/// Adds an official who receives.
pub async fn add(store: &Store, o: NewOfficial, actor: Actor, now: DateTime<Utc>) -> Result<i64> {
    may(actor)?;
    let o = checked(o)?;
    let mut tx = begin(store).await?;
    let id = super::store::insert_official(&mut tx, &o).await?;
    let entry = audit::Entry {
        actor,
        action: "add_official".into(),
        entity: "official",
        entity_id: id,
        before: None,
        after: Some(describe(&o, true)),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the official")?;
    Ok(id)
}

/// Changes an official: names, position, role, order, and whether they receive at all. An
/// official taken off keeps their past; their published days stay until cancelled (clause 17).
pub async fn change(
    store: &Store,
    id: i64,
    o: NewOfficial,
    active: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    may(actor)?;
    let o = checked(o)?;
    let before = all(store)
        .await?
        .into_iter()
        .find(|e| e.official.id == id)
        .ok_or(Error::NotFound)?;
    let was = NewOfficial {
        role: before.official.role,
        name_kk: before.official.name_kk,
        name_ru: before.official.name_ru,
        position: before.official.position,
        sort_order: before.sort_order,
    };
    let mut tx = begin(store).await?;
    sqlx::query(
        "UPDATE officials SET role = $1, surname_kk = $2, name_kk = $3, patronymic_kk = $4, \
         surname_ru = $5, name_ru = $6, patronymic_ru = $7, position_kk = $8, position_ru = $9, \
         sort_order = $10, active = $11 WHERE id = $12",
    )
    .bind(o.role.code())
    .bind(&o.name_kk.surname)
    .bind(&o.name_kk.name)
    .bind(o.name_kk.patronymic.as_deref())
    .bind(&o.name_ru.surname)
    .bind(&o.name_ru.name)
    .bind(o.name_ru.patronymic.as_deref())
    .bind(&o.position.kk)
    .bind(&o.position.ru)
    .bind(o.sort_order)
    .bind(i64::from(active))
    .bind(id)
    .execute(&mut *tx)
    .await
    .context("cannot change the official")?;
    let entry = audit::Entry {
        actor,
        action: "change_official".into(),
        entity: "official",
        entity_id: id,
        before: Some(describe(&was, before.active)),
        after: Some(describe(&o, active)),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the change")?;
    Ok(())
}
