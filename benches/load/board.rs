//! The aides' board under 1,000 wall screens (`make bench`): 1,000 viewers hold the board's
//! live-event stream (`/board/live`, server-sent events) open on the release server, signed in
//! by a wall screen's link as a real screen is; a change is made (an applicant's request is
//! registered through the form: the same event bus and stream as a call at the desk); the
//! figure is the time from the change until each viewer has heard it and read the board again
//! (`GET /board`, as the page's island does), p50 and p99, next to the same with 1 viewer in
//! the same run. On SQLite with one instance; on PostgreSQL with two instances on one
//! database, the viewers split between them and the change made through the first (the event
//! crosses through LISTEN/NOTIFY).

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};
use std::time::{Duration, Instant};

use super::{percentile, Server};

/// A wall screen's cookie: the demo administrator signs in, makes a screen link, and the
/// link is opened as a screen opens it.
async fn screen_cookie(base: &str) -> String {
    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(reqwest::header::ORIGIN, base.parse().unwrap());
    let client = reqwest::Client::builder()
        .default_headers(origin)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookie = |res: &reqwest::Response| {
        res.headers()[reqwest::header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    let res = client
        .post(format!("{base}/staff/login"))
        .form(&[("login", "admin"), ("password", "demo-admin-2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "the demo administrator signs in");
    let admin = cookie(&res);
    let page = client
        .post(format!("{base}/staff/screens"))
        .header(reqwest::header::COOKIE, &admin)
        .form(&[("name", "Бенчмарк")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = &page
        .split("/board/open/")
        .nth(1)
        .expect("the screen's link")[..64];
    let res = client
        .get(format!("{base}/board/open/{token}"))
        .send()
        .await
        .unwrap();
    cookie(&res)
}

/// `viewers` screens listen on `bases` in turn; one change is made through the first; the
/// time until each has read the board again, sorted.
async fn measure(bases: &[String], cookie: &str, viewers: usize, n: u64) -> Vec<Duration> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(2 * viewers)
        .build()
        .unwrap();
    let ready = Arc::new(AtomicUsize::new(0));
    let (start_tx, start_rx) = tokio::sync::watch::channel(None::<Instant>);
    let tasks: Vec<_> = (0..viewers)
        .map(|i| {
            let (client, base, cookie) = (
                client.clone(),
                bases[i % bases.len()].clone(),
                cookie.to_owned(),
            );
            let (ready, mut start_rx) = (ready.clone(), start_rx.clone());
            tokio::spawn(async move {
                let mut stream = client
                    .get(format!("{base}/board/live"))
                    .header(reqwest::header::COOKIE, &cookie)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(stream.status(), 200);
                ready.fetch_add(1, Ordering::SeqCst);
                loop {
                    let chunk = stream
                        .chunk()
                        .await
                        .unwrap()
                        .expect("the stream stays open");
                    if chunk.windows(13).any(|w| w == b"event: change") {
                        break;
                    }
                }
                let page = client
                    .get(format!("{base}/board"))
                    .header(reqwest::header::COOKIE, &cookie)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(page.status(), 200);
                page.bytes().await.unwrap();
                let done = Instant::now();
                let started = start_rx.wait_for(|s| s.is_some()).await.unwrap().unwrap();
                done - started
            })
        })
        .collect();
    while ready.load(Ordering::SeqCst) < viewers {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(reqwest::header::ORIGIN, bases[0].parse().unwrap());
    let submitter = reqwest::Client::builder()
        .default_headers(origin)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form: Vec<(String, String)> = super::fields(9_000_000 + n, "1")
        .into_iter()
        .map(|(k, v)| {
            (
                k.trim_start_matches("form[")
                    .trim_end_matches(']')
                    .to_owned(),
                v,
            )
        })
        .collect();
    let started = Instant::now();
    start_tx.send_replace(Some(started));
    let res = submitter
        .post(format!("{}/request", bases[0]))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "the change is made");
    let mut times = Vec::with_capacity(viewers);
    for t in tasks {
        times.push(
            tokio::time::timeout(Duration::from_secs(120), t)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    times.sort();
    times
}

pub struct Figures {
    pub engine: &'static str,
    pub instances: usize,
    pub one: Duration,
    pub many: (usize, Duration, Duration),
}

/// Starts `instances` release servers on `database_url` (the first loads the demo data
/// before the others start) and measures 1 viewer, then `VIEWERS`.
pub async fn run(engine: &'static str, database_url: String, instances: usize) -> Figures {
    const VIEWERS: usize = 1000;
    let mut servers = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..instances {
        let (server, base) = Server::start(&database_url).await;
        servers.push(server);
        bases.push(base);
    }
    let cookie = screen_cookie(&bases[0]).await;
    let one = measure(&bases, &cookie, 1, 1).await;
    let many = measure(&bases, &cookie, VIEWERS, 2).await;
    Figures {
        engine,
        instances,
        one: one[0],
        many: (VIEWERS, percentile(&many, 0.5), percentile(&many, 0.99)),
    }
}

pub fn report(f: &Figures) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "board     {}, {} instance(s): from a change to the board read again",
        f.engine, f.instances
    );
    println!("          1 viewer          {:.1} ms", ms(f.one));
    println!(
        "          {} viewers     p50 {:.1} ms, p99 {:.1} ms (goal p99 < 250 ms; p50 {:.0}x the 1 viewer)",
        f.many.0,
        ms(f.many.1),
        ms(f.many.2),
        f.many.1.as_secs_f64() / f.one.as_secs_f64()
    );
}
