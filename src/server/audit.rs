//! The audit log: who changed what, when, from what to what — written in the transaction of
//! the change itself, numbered without a gap and hash-chained, so that [`verify`] finds the
//! first row that was edited or deleted afterwards. The chain has no secret key: someone
//! who can write to the database can rewrite the whole tail from a row on; comparing the head
//! hash that `verify` reports with one kept elsewhere shows that too.

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{AnyConnection, Row};

use super::store::Store;
use crate::rules::permissions::StaffRole;

/// The hash before the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who made a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in staff member, with the role they acted in.
    Staff { id: i64, role: StaffRole },
    /// The applicant, on the status page (withdrawal).
    Applicant,
}

impl Actor {
    pub fn code(self) -> String {
        match self {
            Actor::Staff { id, role } => format!("staff:{id}:{}", role.code()),
            Actor::Applicant => "applicant".into(),
        }
    }
}

/// One change, as the audit log keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub actor: Actor,
    /// What was done: a lifecycle event's code, or another action's.
    pub action: String,
    /// What it was done to (`request`, …) and its id.
    pub entity: &'static str,
    pub entity_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A row of the log, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The hash of this row chained to `prev_hash`: SHA-256 over the previous hash and every
    /// field, each on its own line (a field's absence differs from an empty field).
    fn computed_hash(&self, prev_hash: &str) -> String {
        let opt = |v: &Option<String>| match v {
            Some(v) => format!("={v}"),
            None => "-".into(),
        };
        let text = format!(
            "{prev_hash}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.entity,
            self.entity_id,
            opt(&self.before),
            opt(&self.after)
        );
        super::secrets::sha256_hex(&text)
    }
}

/// Appends `entry` on `conn`, which must be the transaction of the change it records.
pub async fn record(
    conn: &mut AnyConnection,
    entry: &Entry,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    // Taking the next number first locks the head until commit: appends queue, the chain
    // cannot fork.
    let head =
        sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash")
            .fetch_one(&mut *conn)
            .await
            .context("cannot take the next audit number")?;
    let seq: i64 = head.try_get("seq").context("audit seq")?;
    let prev_hash: String = head.try_get("last_hash").context("audit hash")?;
    let mut row = AuditRow {
        seq,
        at: now.to_rfc3339_opts(SecondsFormat::Micros, true),
        actor: entry.actor.code(),
        action: entry.action.clone(),
        entity: entry.entity.to_owned(),
        entity_id: entry.entity_id,
        before: entry.before.clone(),
        after: entry.after.clone(),
        prev_hash: prev_hash.clone(),
        hash: String::new(),
    };
    row.hash = row.computed_hash(&prev_hash);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, \
         prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(row.seq)
    .bind(&row.at)
    .bind(&row.actor)
    .bind(&row.action)
    .bind(&row.entity)
    .bind(row.entity_id)
    .bind(&row.before)
    .bind(&row.after)
    .bind(&row.prev_hash)
    .bind(&row.hash)
    .execute(&mut *conn)
    .await
    .context("cannot write the audit row")?;
    sqlx::query("UPDATE audit_head SET last_hash = $1 WHERE id = 1")
        .bind(&row.hash)
        .execute(&mut *conn)
        .await
        .context("cannot move the audit head")?;
    Ok(seq)
}

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every row is as written, none is missing; `head` is the last row's hash. Kept
    /// somewhere else (printed, sent away), it also shows a rewritten or cut tail later.
    Intact { rows: i64, head: String },
    /// The first row that was edited, or the number of the first row that is missing.
    Broken { seq: i64, reason: &'static str },
}

/// Walks the log in order and checks the numbering and every hash, up to the head as it
/// was when the check began (rows appended meanwhile are left for the next check).
pub async fn verify(store: &Store) -> anyhow::Result<Verdict> {
    let head = sqlx::query("SELECT seq, last_hash FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await
        .context("cannot read the audit head")?;
    let (seq, last_hash): (i64, String) = (head.try_get("seq")?, head.try_get("last_hash")?);
    let rows = list(store, &Filter::default(), seq).await?;
    let mut prev = GENESIS.to_owned();
    let mut expected = 1;
    for row in rows.iter().take_while(|r| r.seq <= seq) {
        if row.seq != expected {
            return Ok(Verdict::Broken {
                seq: expected,
                reason: "deleted",
            });
        }
        if row.prev_hash != prev || row.computed_hash(&prev) != row.hash {
            return Ok(Verdict::Broken {
                seq: row.seq,
                reason: "edited",
            });
        }
        prev = row.hash.clone();
        expected += 1;
    }
    if seq != expected - 1 {
        return Ok(Verdict::Broken {
            seq: expected,
            reason: "deleted",
        });
    }
    if last_hash != prev {
        return Ok(Verdict::Broken {
            seq,
            reason: "edited",
        });
    }
    Ok(Verdict::Intact {
        rows: seq,
        head: last_hash,
    })
}

/// Which rows the administrator reads.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// The rows of one request.
    pub request_id: Option<i64>,
    /// The rows of one actor (`staff:<id>` matches every role they acted in).
    pub actor: Option<String>,
}

/// The rows that match `filter`, oldest first, at most `limit`.
pub async fn list(store: &Store, filter: &Filter, limit: i64) -> anyhow::Result<Vec<AuditRow>> {
    select(store, filter, "ASC", limit).await
}

/// The rows that match `filter`, newest first, at most `limit`: what the administrator reads.
pub async fn newest(store: &Store, filter: &Filter, limit: i64) -> anyhow::Result<Vec<AuditRow>> {
    select(store, filter, "DESC", limit).await
}

async fn select(
    store: &Store,
    filter: &Filter,
    order: &'static str,
    limit: i64,
) -> anyhow::Result<Vec<AuditRow>> {
    let rows = sqlx::query(&format!(
        "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash \
         FROM audit_log \
         WHERE ($1 IS NULL OR (entity = 'request' AND entity_id = $1)) \
           AND ($2 IS NULL OR actor = $2 OR actor LIKE $2 || ':%') \
         ORDER BY seq {order} LIMIT $3"
    ))
    .bind(filter.request_id)
    .bind(filter.actor.as_deref())
    .bind(limit)
    .fetch_all(store.pool())
    .await
    .context("cannot read the audit log")?;
    rows.iter()
        .map(|r| {
            Ok(AuditRow {
                seq: r.try_get("seq")?,
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                entity: r.try_get("entity")?,
                entity_id: r.try_get("entity_id")?,
                before: r.try_get("before")?,
                after: r.try_get("after")?,
                prev_hash: r.try_get("prev_hash")?,
                hash: r.try_get("hash")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> AuditRow {
        AuditRow {
            seq: 1,
            at: "2026-12-01T04:00:00.000000Z".into(),
            actor: Actor::Staff {
                id: 3,
                role: StaffRole::Clerk,
            }
            .code(),
            action: "review".into(),
            entity: "request".into(),
            entity_id: 42,
            before: Some("registered".into()),
            after: Some("under_review".into()),
            prev_hash: GENESIS.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let base = row().computed_hash(GENESIS);
        assert_eq!(base.len(), 64);
        let mut changed = row();
        changed.after = Some("refused".into());
        assert_ne!(changed.computed_hash(GENESIS), base);
        let mut none = row();
        none.before = None;
        let mut empty = row();
        empty.before = Some(String::new());
        assert_ne!(none.computed_hash(GENESIS), empty.computed_hash(GENESIS));
        assert_ne!(
            row().computed_hash(&base),
            base,
            "chained to the previous hash"
        );
    }
}
