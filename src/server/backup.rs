//! Backups of an SQLite database (issue 12): a consistent copy of a live database while it is
//! being written (`VACUUM INTO`, which reads one snapshot under WAL while writers go on), and
//! the copy put back in place. A PostgreSQL deployment uses `pg_dump`/`pg_restore` (README).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use sqlx::Row;

use super::store::Engine;

/// The file of an `sqlite://` URL.
pub fn sqlite_file(url: &str) -> anyhow::Result<PathBuf> {
    if Engine::of_url(url)? != Engine::Sqlite {
        bail!(
            "backup and restore are for SQLite; for PostgreSQL use pg_dump and pg_restore (README)"
        );
    }
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("the database {url} is not a file");
    }
    Ok(PathBuf::from(path))
}

/// Copies the live SQLite database at `from` to `to`, a file that must not exist yet, and
/// checks the copy; its number of requests. The live database is opened read-only (never
/// created, never migrated: a mistyped path is an error, and an older server's schema is
/// left as it is).
pub async fn backup(from: &Path, to: &Path) -> anyhow::Result<i64> {
    use sqlx::ConnectOptions;
    if !from.exists() {
        bail!("there is no database at {}", from.display());
    }
    if to.exists() {
        bail!(
            "{} exists already: a backup never overwrites a file",
            to.display()
        );
    }
    let target = to
        .to_str()
        .context("the backup's path is not valid UTF-8")?
        .replace('\'', "''");
    let mut live = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(from)
        .read_only(true)
        .busy_timeout(std::time::Duration::from_secs(5))
        .connect()
        .await
        .with_context(|| format!("cannot open {}", from.display()))?;
    sqlx::query(&format!("VACUUM INTO '{target}'"))
        .execute(&mut live)
        .await
        .with_context(|| format!("cannot write the backup {}", to.display()))?;
    check(to).await
}

/// Opens the file at `path` read-only and checks it: SQLite's integrity check, and the
/// requests it holds.
async fn check(path: &Path) -> anyhow::Result<i64> {
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("cannot open {}", path.display()))?;
    let verdict: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .context("cannot check the copy")?
        .try_get(0)?;
    if verdict != "ok" {
        bail!("{} is damaged: {verdict}", path.display());
    }
    let requests: i64 = sqlx::query("SELECT COUNT(*) AS n FROM requests")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is not a Qabyldau database", path.display()))?
        .try_get("n")?;
    Ok(requests)
}

/// Puts the backup `from` in place of the database file `to` (the server stopped): the copy
/// is checked first and written beside the target; the database it replaces is kept beside it
/// (with its write-ahead log) as `<name>.before-restore-<time>`, never deleted; then the copy
/// is renamed into place. Its number of requests.
pub async fn restore(from: &Path, to: &Path) -> anyhow::Result<i64> {
    let requests = check(from).await?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let beside = to.with_extension("restoring");
    std::fs::copy(from, &beside)
        .with_context(|| format!("cannot copy {} to {}", from.display(), beside.display()))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S").to_string();
    for suffix in ["", "-wal", "-shm"] {
        let mut old = to.as_os_str().to_owned();
        old.push(suffix);
        let mut kept = to.as_os_str().to_owned();
        kept.push(format!(".before-restore-{stamp}{suffix}"));
        match std::fs::rename(&old, &kept) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot keep {old:?} aside")),
        }
    }
    std::fs::rename(&beside, to)
        .with_context(|| format!("cannot put the copy in place at {}", to.display()))?;
    Ok(requests)
}
