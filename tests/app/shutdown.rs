//! The built binary: `--help`, operator subcommands, and a clean stop on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qabyldau"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn the_binary_answers_help_with_its_subcommands() {
    let out = bin().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for sub in ["serve", "calendar", "deadlines"] {
        assert!(text.contains(sub), "{sub} missing from --help:\n{text}");
    }
}

#[test]
fn the_calendar_command_follows_the_2026_constitution() {
    let year = |y: &str| {
        let out = bin().args(["calendar", y]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let y2026 = year("2026");
    assert!(!y2026.contains("2026-08-31"), "{y2026}");
    assert!(y2026.contains("2026-10-26\toff\tcarried over: Republic of Kazakhstan Day"));
    let y2027 = year("2027");
    assert!(
        y2027.contains("2027-03-15\toff\tholiday: Constitution Day"),
        "{y2027}"
    );
    assert!(!y2027.contains("2027-08-30"), "{y2027}");
}

/// A fresh folder, a free port on loopback, and the server started there on an SQLite file
/// in the folder, logging at `rust_log` to `stdout` and `stderr`.
fn serve(
    name: &str,
    rust_log: &str,
    stdout: Stdio,
    stderr: Stdio,
) -> (std::path::PathBuf, u16, std::process::Child) {
    let dir = std::env::temp_dir().join(format!("qabyldau-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = bin()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--database-url")
        .arg(format!("sqlite://{}/db.sqlite", dir.display()))
        .env("RUST_LOG", rust_log)
        .env("NO_COLOR", "1")
        // The log test reads the structured form; the other runs the terminal's.
        .env(
            "QABYLDAU_LOG_FORMAT",
            if name == "log" { "json" } else { "text" },
        )
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap();
    (dir, port, child)
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let (dir, port, mut child) = serve("sigterm", "info", Stdio::piped(), Stdio::null());
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = Instant::now();
    loop {
        let line = lines.next().expect("the server printed nothing").unwrap();
        if line.contains("listening on") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
    }
    let health = std::net::TcpStream::connect(("127.0.0.1", port));
    assert!(health.is_ok(), "the server accepts connections");
    drop(health);

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(exit.success(), "exit status {exit:?}");
    assert!(
        rest.iter().any(|l| l.contains("stopped cleanly")),
        "{rest:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The server's whole log at the most detailed level (trace), through a submission, a status
/// lookup, staff sign-ins (one wrong) and inbox searches by IIN and surname, carries no IIN,
/// phone, name, e-mail or password; it is one JSON object a line, and a request's records
/// carry the request id the response names.
#[test]
fn no_personal_data_or_password_reaches_the_log() {
    let log_path = std::env::temp_dir().join(format!("qabyldau-log-{}.log", std::process::id()));
    let log = std::fs::File::create(&log_path).unwrap();
    let (dir, port, mut child) = serve("log", "trace", log.try_clone().unwrap().into(), log.into());
    let base = format!("http://127.0.0.1:{port}");
    let mut screen_token = String::new();
    let mut request_id = String::new();
    crate::helpers::run(async {
        let client = reqwest::Client::builder()
            .default_headers(crate::helpers::same_origin(&base))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let started = Instant::now();
        while client.get(format!("{base}/healthz")).send().await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let form = crate::requests::form(1, "k-log-000000000001");
        let res = client
            .post(format!("{base}/request"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        let number = crate::requests::number_of(res.headers()["location"].to_str().unwrap());
        let lookup = [("number", number.as_str()), ("iin", crate::requests::IIN)];
        let res = client
            .post(format!("{base}/status"))
            .form(&lookup)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let mut session = String::new();
        for (password, status) in [("Wrong-Secret-Pass-1", 401), ("demo-clerk-2026", 303)] {
            let sign_in = [("login", "clerk"), ("password", password)];
            let res = client
                .post(format!("{base}/staff/login"))
                .form(&sign_in)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), status);
            if let Some(c) = res.headers().get(reqwest::header::SET_COOKIE) {
                session = c.to_str().unwrap().split(';').next().unwrap().to_owned();
            }
        }
        // The clerk searches the inbox by a full IIN and by a surname: both travel in the
        // address, which the log must not keep.
        for path in [
            format!("/staff/inbox?q={}", crate::requests::IIN),
            format!("/api/staff/inbox?query[q]={}", crate::requests::IIN),
            "/staff/inbox?q=%D0%A1%D3%99%D1%80%D1%81%D0%B5%D0%BD%D0%BE%D0%B2".to_owned(),
        ] {
            let res = client
                .get(format!("{base}{path}"))
                .header(reqwest::header::COOKIE, &session)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{path}");
        }
        // A wall screen's link carries its token in the path: the log must not keep it.
        let res = client
            .post(format!("{base}/staff/login"))
            .form(&[("login", "admin"), ("password", "demo-admin-2026")])
            .send()
            .await
            .unwrap();
        let admin = res.headers()[reqwest::header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let page = client
            .post(format!("{base}/staff/screens"))
            .header(reqwest::header::COOKIE, &admin)
            .form(&[("name", "Приёмная")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = page.split("/board/open/").nth(1).unwrap()[..64].to_owned();
        let res = client
            .get(format!("{base}/board/open/{token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        screen_token = token;
    });
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        text.contains("POST") || text.contains("/request"),
        "the log is there: {text}"
    );
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let ids: Vec<&str> = records
        .iter()
        .filter(|r| r["span"]["name"] == "request")
        .filter_map(|r| r["span"]["request_id"].as_str())
        .collect();
    assert!(
        ids.len() > 10 && ids.iter().all(|id| id.len() == 16),
        "{ids:?}"
    );
    assert!(
        ids.contains(&request_id.as_str()),
        "the response's id is in the log"
    );
    for secret in [
        crate::requests::IIN,
        "7012345678",
        "Сәрсенов",
        "%D0%A1%D3%99%D1%80%D1%81%D0%B5%D0%BD%D0%BE%D0%B2",
        "erlan@example.kz",
        "Wrong-Secret-Pass-1",
        "demo-clerk-2026",
        "demo-admin-2026",
        &screen_token,
    ] {
        assert!(!text.contains(secret), "{secret} is in the log");
    }
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_file(&log_path).ok();
}
