//! Backups of an SQLite database (issue 12): a consistent copy of a live database while it is
//! being written (`VACUUM INTO`, which reads one snapshot under WAL while writers go on), and
//! the copy put back in place. A PostgreSQL deployment uses `pg_dump`/`pg_restore` (README).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use sqlx::Row;

use super::store::{Engine, Store};

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

/// Copies the live database of `store` to `to`, a file that must not exist yet, and checks
/// the copy; its number of requests.
pub async fn backup(store: &Store, to: &Path) -> anyhow::Result<i64> {
    if store.engine() != Engine::Sqlite {
        bail!("backup is for SQLite; for PostgreSQL use pg_dump (README)");
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
    sqlx::query(&format!("VACUUM INTO '{target}'"))
        .execute(store.pool())
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
/// is checked first, written beside the target and renamed over it, and the old database's
/// write-ahead log is removed with it. Its number of requests.
pub async fn restore(from: &Path, to: &Path) -> anyhow::Result<i64> {
    let requests = check(from).await?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let beside = to.with_extension("restoring");
    std::fs::copy(from, &beside)
        .with_context(|| format!("cannot copy {} to {}", from.display(), beside.display()))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = to.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {side:?}")),
        }
    }
    std::fs::rename(&beside, to)
        .with_context(|| format!("cannot put the copy in place at {}", to.display()))?;
    Ok(requests)
}
