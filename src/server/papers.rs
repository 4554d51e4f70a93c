//! Applications handed in at a reception (clause 36): the department registers each one
//! with its scan, its number in the electronic document system and the instruction of the
//! protocol it concerns; marked "from personal reception", due within 3 working days of the
//! reception. Each is audited (with the scan's SHA-256) in its own transaction.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::{begin, parse_date};
use super::store::Store;
use super::{Error, Result};
use crate::model::card::Paper;
use crate::rules::{
    lifecycle::Status,
    papers::{self, NewPaper, ScanKind},
    permissions::{allows, Action},
    time,
};

/// The day request `id`'s applicant was received (local), if they were.
pub async fn received_on<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: i64,
) -> anyhow::Result<Option<NaiveDate>> {
    let at: Option<String> = sqlx::query(
        "SELECT MIN(at) AS at FROM request_events WHERE request_id = $1 AND status = 'received'",
    )
    .bind(id)
    .fetch_one(conn)
    .await
    .context("cannot read when the applicant was received")?
    .try_get("at")?;
    at.map(|at| parse_date(at.get(..10).unwrap_or(&at)))
        .transpose()
}

/// The applications registered from request `id`'s reception, oldest first (without
/// their scans).
pub async fn of_request(store: &Store, id: i64) -> anyhow::Result<Vec<Paper>> {
    let rows = sqlx::query(
        "SELECT id, instruction_id, edms_number, summary, handed_in, registered_on, media_type, \
         scan_sha256 FROM reception_papers WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await
    .context("cannot read the applications from the reception")?;
    rows.iter()
        .map(|r| {
            let handed_in = parse_date(&r.try_get::<String, _>("handed_in")?)?;
            let registered_on = parse_date(&r.try_get::<String, _>("registered_on")?)?;
            let media_type: String = r.try_get("media_type")?;
            let kind = ScanKind::from_media_type(&media_type)
                .with_context(|| format!("unknown scan type {media_type}"))?;
            Ok(Paper {
                id: r.try_get("id")?,
                instruction_id: r.try_get("instruction_id")?,
                edms_number: r.try_get("edms_number")?,
                summary: r.try_get("summary")?,
                handed_in,
                registered_on,
                extension: kind.extension().to_owned(),
                late: papers::term(handed_in, registered_on).1,
                sha256: r.try_get("scan_sha256")?,
            })
        })
        .collect()
}

/// Registers an application handed in at request `id`'s reception (clause 36), attached to
/// `instruction` of its protocol when given. Refused before the applicant was received, for
/// an instruction of another request, and for a registration number already used.
pub async fn register(
    store: &Store,
    id: i64,
    paper: &NewPaper,
    instruction: Option<i64>,
    scan: &[u8],
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<i64> {
    let allowed = match actor {
        Actor::Staff { role, .. } => allows(role, Action::RegisterIntake),
        Actor::Applicant => false,
    };
    if !allowed {
        return Err(Error::Forbidden);
    }
    // The checks first, outside the transaction: a received request never goes back, and an
    // instruction never moves to another request. The transaction's first statement is then
    // its write (on SQLite, a read first could not become a write once another committed).
    let status: String = sqlx::query("SELECT status FROM requests WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the request")?
        .ok_or(Error::NotFound)?
        .try_get("status")
        .context("cannot read the request's status")?;
    let handed_in = match received_on(store.pool(), id).await? {
        Some(day) if Status::from_code(&status).is_some_and(Status::was_received) => day,
        _ => return Err(Error::BadInput(papers::NOT_RECEIVED.text())),
    };
    if let Some(instruction) = instruction {
        let ours = sqlx::query("SELECT id FROM instructions WHERE id = $1 AND request_id = $2")
            .bind(instruction)
            .bind(id)
            .fetch_optional(store.pool())
            .await
            .context("cannot read the instruction")?
            .is_some();
        if !ours {
            return Err(Error::BadInput(papers::NO_SUCH_INSTRUCTION.text()));
        }
    }
    let registered_on = time::to_local(now).date();
    let digest = super::secrets::sha256_bytes_hex(scan);
    let mut tx = begin(store).await?;
    let inserted = sqlx::query(
        "INSERT INTO reception_papers (request_id, instruction_id, edms_number, summary, \
         handed_in, registered_on, media_type, scan, scan_sha256) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (edms_number) DO NOTHING RETURNING id",
    )
    .bind(id)
    .bind(instruction)
    .bind(&paper.edms_number)
    .bind(&paper.summary)
    .bind(handed_in.to_string())
    .bind(registered_on.to_string())
    .bind(paper.kind.media_type())
    .bind(scan)
    .bind(&digest)
    .fetch_optional(&mut *tx)
    .await
    .context("cannot register the application")?;
    let Some(inserted) = inserted else {
        return Err(Error::Duplicate(papers::ALREADY_REGISTERED.text()));
    };
    let paper_id: i64 = inserted.try_get("id").context("the application's id")?;
    let (due, late) = papers::term(handed_in, registered_on);
    let entry = audit::Entry {
        actor,
        action: "reception_paper".into(),
        entity: "request",
        entity_id: id,
        before: None,
        // No personal data: the number, the term, the file's kind and digest.
        after: Some(format!(
            "{paper_id}: {} ({}, {} B, sha256 {digest}); {handed_in} → {registered_on}, \
             due {due}{}",
            paper.edms_number,
            paper.kind.media_type(),
            scan.len(),
            if late { ", late" } else { "" }
        )),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the application")?;
    Ok(paper_id)
}

/// The scan of application `paper` of request `id`: its kind and bytes.
pub async fn scan(store: &Store, id: i64, paper: i64) -> Result<(ScanKind, Vec<u8>)> {
    let row = sqlx::query(
        "SELECT media_type, scan FROM reception_papers WHERE id = $1 AND request_id = $2",
    )
    .bind(paper)
    .bind(id)
    .fetch_optional(store.pool())
    .await
    .context("cannot read the scan")?
    .ok_or(Error::NotFound)?;
    let media_type: String = row.try_get("media_type").context("the scan's type")?;
    let kind = ScanKind::from_media_type(&media_type)
        .with_context(|| format!("unknown scan type {media_type}"))?;
    Ok((kind, row.try_get("scan").context("the scan")?))
}
