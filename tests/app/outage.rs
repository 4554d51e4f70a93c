//! The database goes away under load (issue 12): PostgreSQL stops taking connections and
//! every connection of the server is terminated, for a few seconds, while clients submit.
//! The server keeps answering (503 with a bilingual "try again", never a hang past the
//! client's timeout), `/healthz` says 503 and then 200, it recovers without a restart of its
//! own, and every request it acknowledged is in the database with its notice.
//!
//! The outage is made with `ALTER DATABASE … ALLOW_CONNECTIONS false` and
//! `pg_terminate_backend` on a database of the test's own, so the other tests' databases on
//! the same cluster go on undisturbed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::Row;

use crate::helpers::{free_port, open_store, psql, run, start_server, stop_server};

/// The client's patience: no answer may take longer.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(15);

/// `clients` clients submitting the form to `base` until `stop`, each answer counted in `seen`:
/// acknowledged numbers, refusals (503, and whether in both languages), the slowest answer.
/// Any other answer, or none within the client's timeout, fails the test.
fn submitting(
    base: &str,
    clients: usize,
    key: &'static str,
    stop: &Arc<AtomicBool>,
    seen: &Arc<Mutex<Seen>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..clients)
        .map(|c| {
            let (base, stop, seen) = (base.to_owned(), stop.clone(), seen.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .default_headers(crate::helpers::same_origin(&base))
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(CLIENT_TIMEOUT)
                    .build()
                    .unwrap();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let form = crate::requests::form(1, &format!("k-{key}-{c:02}-{n:06}"));
                    n += 1;
                    let sent = Instant::now();
                    let res = http
                        .post(format!("{base}/request"))
                        .form(&form)
                        .send()
                        .await;
                    let took = sent.elapsed();
                    let res = res.expect("an answer within the client's timeout");
                    let status = res.status().as_u16();
                    let location = res
                        .headers()
                        .get("location")
                        .map(|l| l.to_str().unwrap().to_owned());
                    let body = res.text().await.unwrap_or_default();
                    {
                        let mut seen = seen.lock().unwrap();
                        seen.slowest = seen.slowest.max(took);
                        match status {
                            303 => seen
                                .acknowledged
                                .push(crate::requests::number_of(&location.unwrap())),
                            503 => {
                                seen.unavailable += 1;
                                seen.bilingual |=
                                    body.contains("қайталап") && body.contains("попробуйте");
                            }
                            other => panic!("answered {other}: {body}"),
                        }
                    }
                    if status == 503 {
                        // As a person would: a moment before trying again.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            })
        })
        .collect()
}

/// The acknowledged numbers not in the database at `url` with their notice.
async fn lost(url: &str, acknowledged: &[String]) -> Vec<String> {
    let store = open_store(url).await;
    let stored: std::collections::HashSet<String> = sqlx::query(
        "SELECT number FROM requests r WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.request_id = r.id)",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("number"))
    .collect();
    store.close().await;
    acknowledged
        .iter()
        .filter(|n| !stored.contains(*n))
        .cloned()
        .collect()
}

#[derive(Default)]
struct Seen {
    acknowledged: Vec<String>,
    unavailable: usize,
    bilingual: bool,
    slowest: Duration,
}

#[test]
fn postgresql_going_away_under_load_costs_no_acknowledged_request_and_no_restart() {
    run(async {
        let Some(base_url) = std::env::var("TEST_DATABASE_URL").ok() else {
            eprintln!("skipped: TEST_DATABASE_URL is not set");
            return;
        };
        let cluster = base_url.split('?').next().unwrap();
        let admin = cluster.rsplit_once('/').unwrap().0.to_owned();
        let db = format!("qabyldau_outage_{}", std::process::id());
        psql(
            &admin,
            &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        );
        psql(&admin, &format!("CREATE DATABASE {db}"));
        let url = format!("{admin}/{db}");
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut server = start_server(env!("CARGO_BIN_EXE_qabyldau"), &url, port);
        let probe = reqwest::Client::builder()
            .timeout(CLIENT_TIMEOUT)
            .build()
            .unwrap();
        let health = || {
            let (probe, base) = (probe.clone(), base.clone());
            async move {
                probe
                    .get(format!("{base}/healthz"))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            }
        };
        let started = Instant::now();
        while health().await != 200 {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let clients = submitting(&base, 16, "outage", &stop, &seen);
        tokio::time::sleep(Duration::from_millis(700)).await;
        // The database goes away: no new connection, every open one cut.
        psql(
            &admin,
            &format!("ALTER DATABASE {db} ALLOW_CONNECTIONS false"),
        );
        psql(
            &admin,
            &format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = '{db}' AND pid <> pg_backend_pid()"
            ),
        );
        let away = Instant::now();
        let mut said_unavailable = false;
        while away.elapsed() < Duration::from_secs(4) {
            said_unavailable |= health().await == 503;
        }
        assert!(
            said_unavailable,
            "/healthz says 503 while the database is away"
        );
        psql(
            &admin,
            &format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true"),
        );
        let back = Instant::now();
        while health().await != 200 {
            assert!(
                back.elapsed() < Duration::from_secs(30),
                "no recovery without a restart"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let recovered_in = back.elapsed();
        let before = seen.lock().unwrap().acknowledged.len();
        tokio::time::sleep(Duration::from_millis(700)).await;
        stop.store(true, Ordering::Relaxed);
        for c in clients {
            c.await.unwrap();
        }
        let seen = Arc::try_unwrap(seen).ok().unwrap().into_inner().unwrap();
        assert!(
            seen.acknowledged.len() > before,
            "served again after the outage"
        );
        assert!(
            seen.unavailable > 0 && seen.bilingual,
            "503 in both languages meanwhile"
        );
        assert!(seen.slowest < CLIENT_TIMEOUT);
        assert!(
            server.try_wait().unwrap().is_none(),
            "the same process throughout"
        );
        let lost = lost(&url, &seen.acknowledged).await;
        assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
        println!(
            "database outage: {} acknowledged, {} answered 503, slowest answer {:?}, healthy again {:?} after",
            seen.acknowledged.len(),
            seen.unavailable,
            seen.slowest,
            recovered_in
        );
        stop_server(server);
        psql(
            &admin,
            &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        );
    });
}

/// SQLite's disk fills up under load: submissions are refused with a bilingual "try again"
/// (503) while it is full, none acknowledged is lost, and the server takes them again as soon
/// as there is room, without a restart. The disk is a small tmpfs of the test's own (the
/// machine's root mounts it; elsewhere the test says it was skipped).
#[test]
fn a_full_disk_under_sqlite_costs_no_acknowledged_request_and_recovers() {
    run(async {
        let mount = std::env::temp_dir().join(format!("qabyldau-full-{}", std::process::id()));
        std::fs::create_dir_all(&mount).unwrap();
        let mounted = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                "size=24m",
                "tmpfs",
                mount.to_str().unwrap(),
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("skipped: mounting a small disk needs root");
            return;
        }
        // Unmounted however the test ends.
        struct Unmount(std::path::PathBuf);
        impl Drop for Unmount {
            fn drop(&mut self) {
                let _ = std::process::Command::new("umount").arg(&self.0).status();
                std::fs::remove_dir_all(&self.0).ok();
            }
        }
        let _unmount = Unmount(mount.clone());
        let url = format!("sqlite://{}/db.sqlite", mount.display());
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut server = start_server(env!("CARGO_BIN_EXE_qabyldau"), &url, port);
        crate::helpers::wait_healthy(&base).await;
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let clients = submitting(&base, 8, "full", &stop, &seen);
        tokio::time::sleep(Duration::from_millis(500)).await;
        // The disk fills up.
        let filler = mount.join("filler");
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&filler).unwrap();
            let chunk = vec![0u8; 64 * 1024];
            while f.write_all(&chunk).is_ok() {}
            let _ = f.sync_all();
        }
        let full = Instant::now();
        while full.elapsed() < Duration::from_secs(2) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let refused = seen.lock().unwrap().unavailable;
        assert!(
            refused > 0,
            "submissions are refused while the disk is full"
        );
        // Room again: the server takes submissions again by itself.
        std::fs::remove_file(&filler).unwrap();
        let back = Instant::now();
        let before = seen.lock().unwrap().acknowledged.len();
        while seen.lock().unwrap().acknowledged.len() < before + 20 {
            assert!(
                back.elapsed() < Duration::from_secs(20),
                "no recovery once there is room"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        stop.store(true, Ordering::Relaxed);
        for c in clients {
            c.await.unwrap();
        }
        assert!(
            server.try_wait().unwrap().is_none(),
            "the same process throughout"
        );
        stop_server(server);
        let seen = Arc::try_unwrap(seen).ok().unwrap().into_inner().unwrap();
        assert!(seen.bilingual, "the refusal says so in both languages");
        let lost = lost(&url, &seen.acknowledged).await;
        assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
        println!(
            "full disk: {} acknowledged, {} refused while full",
            seen.acknowledged.len(),
            seen.unavailable
        );
    });
}
