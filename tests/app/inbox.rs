//! The clerks' workspace on SQLite and PostgreSQL: the inbox (masked, filtered, searched,
//! coloured by term), the request's card and its decisions (the lifecycle and the permission
//! table decide; an outdated screen or a second clerk is told who changed it first), and the
//! live events that reach the screens of every instance.

use std::time::Duration;

use qabyldau::rules::permissions::StaffRole;
use sqlx::Row;

use crate::helpers::{open_store, scalar, Engine, TestApp};
use crate::requests::{app_with_officials, form, number_of, post_form, register, IIN};
use crate::staff::{account, browser, session_of, sign_in};

const PASSWORD: &str = "a-long-password-inbox";

/// A signed-in staff member's session cookie.
pub(crate) async fn session(app: &TestApp, login: &str, role: StaffRole) -> String {
    account(app, login, role, PASSWORD, false).await;
    let (res, cookie) = sign_in(app, login, PASSWORD).await;
    assert_eq!(res.status(), 303, "{login} signs in");
    session_of(&cookie.unwrap())
}

pub(crate) async fn inbox(
    app: &TestApp,
    cookie: &str,
    query: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let query: Vec<(String, &str)> = query
        .iter()
        .map(|(k, v)| (format!("query[{k}]"), *v))
        .collect();
    let res = browser(app)
        .get(app.url("/api/staff/inbox"))
        .query(&query)
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert!(
        !text.contains(IIN),
        "the inbox never shows a full IIN: {text}"
    );
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

fn numbers(page: &serde_json::Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_owned())
        .collect()
}

/// Posts a decision from the card; the status and the page it answered with. Without a
/// `version` field, the card is taken as just read (the request's version now).
async fn decide(
    app: &TestApp,
    cookie: &str,
    number: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut fields: Vec<(&str, String)> =
        fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    if !fields.iter().any(|(k, _)| *k == "version") {
        fields.push(("version", version_of(app, number).await.to_string()));
    }
    let res = browser(app)
        .post(app.url(&format!("/staff/requests/{number}")))
        .header(reqwest::header::COOKIE, cookie)
        .form(&fields)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn version_of(app: &TestApp, number: &str) -> i64 {
    scalar(
        &app.store,
        "SELECT version FROM requests WHERE number = $1",
        number,
    )
    .await
}

async fn status_of(app: &TestApp, number: &str) -> String {
    scalar(
        &app.store,
        "SELECT status FROM requests WHERE number = $1",
        number,
    )
    .await
}

async fn the_inbox_lists_every_request_masked_filtered_and_searched(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-inbox", StaffRole::Clerk).await;
    let (first, _) = register(&app, akim, "k-inbox-0001").await;
    let (second_id, second) = register(&app, akim, "k-inbox-0002").await;
    let mut other = form(akim, "k-inbox-0003");
    for (k, v) in other.iter_mut() {
        match *k {
            "iin" => *v = "850315450001".into(),
            "surname" => *v = "Ахметова".into(),
            _ => {}
        }
    }
    let res = post_form(&app, &other).await;
    assert_eq!(res.status(), 303);
    let third = number_of(res.headers()["location"].to_str().unwrap());
    qabyldau::server::workflow::advance(
        &app.store,
        first,
        qabyldau::rules::lifecycle::Event::Review,
        crate::helpers::staff_for(qabyldau::rules::lifecycle::Event::Review),
        chrono::Utc::now(),
    )
    .await
    .unwrap();

    let (status, page) = inbox(&app, &clerk, &[]).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 3);
    assert_eq!(numbers(&page)[0], third, "newest first");
    let row = &page["rows"][0];
    assert_eq!(row["identity_masked"], "••••••••0001");
    assert_eq!(row["applicant"], "Ахметова Е.");
    assert_eq!(row["channel"], "web");
    assert_eq!(
        row["term"][1], "31",
        "the answer of clause 31 is the next term"
    );
    assert_eq!(row["term"][2], "later");
    let counts = page["counts"].as_array().unwrap();
    assert!(
        counts.contains(&serde_json::json!(["registered", 2])),
        "{counts:?}"
    );
    assert!(
        counts.contains(&serde_json::json!(["under_review", 1])),
        "{counts:?}"
    );

    let (_, page) = inbox(&app, &clerk, &[("status", "registered")]).await;
    assert_eq!(page["total"], 2);
    // The counts an instance keeps between changes move with the next change at once.
    qabyldau::server::workflow::advance(
        &app.store,
        second_id,
        qabyldau::rules::lifecycle::Event::Review,
        crate::helpers::staff_for(qabyldau::rules::lifecycle::Event::Review),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let (_, page) = inbox(&app, &clerk, &[("status", "registered")]).await;
    assert_eq!(page["total"], 1, "the kept count moved with the change");
    let (_, page) = inbox(&app, &clerk, &[]).await;
    assert!(page["counts"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(["under_review", 2])));
    let (_, page) = inbox(&app, &clerk, &[("q", &second.to_lowercase())]).await;
    assert_eq!(numbers(&page), vec![second.clone()], "by number");
    let (_, page) = inbox(&app, &clerk, &[("q", "850315450001")]).await;
    assert_eq!(numbers(&page), vec![third.clone()], "by full IIN");
    let (_, page) = inbox(&app, &clerk, &[("q", "ахмет")]).await;
    assert_eq!(
        numbers(&page),
        vec![third.clone()],
        "by the start of a surname"
    );
    let (_, page) = inbox(&app, &clerk, &[("channel", "paper")]).await;
    assert_eq!(page["total"], 0);
    let (_, page) = inbox(&app, &clerk, &[("overdue", "1")]).await;
    assert_eq!(page["total"], 0, "nothing is overdue yet");
    // Make one request overdue: it is found and coloured so.
    sqlx::query("UPDATE requests SET answer_due = '2026-01-05' WHERE number = $1")
        .bind(&second)
        .execute(app.store.pool())
        .await
        .unwrap();
    let (_, page) = inbox(&app, &clerk, &[("overdue", "1"), ("order", "deadline")]).await;
    assert_eq!(numbers(&page), vec![second.clone()]);
    assert_eq!(page["rows"][0]["term"][2], "overdue");
    // Under control, overdue is an open instruction past its deadline (25, 34): found, and
    // no longer once it is done.
    sqlx::query("UPDATE requests SET status = 'under_control' WHERE number = $1")
        .bind(&third)
        .execute(app.store.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO instructions (request_id, executor, executor_key, content, given_on, due_on) \
         SELECT id, 'Управление ЖКХ', 'управление жкх', 'Проверить', '2026-01-05', '2026-01-06' \
         FROM requests WHERE number = $1",
    )
    .bind(&third)
    .execute(app.store.pool())
    .await
    .unwrap();
    let (_, page) = inbox(&app, &clerk, &[("overdue", "1")]).await;
    assert_eq!(numbers(&page), vec![third.clone(), second.clone()]);
    assert_eq!(page["rows"][0]["term"][1], "25");
    assert_eq!(page["rows"][0]["term"][2], "overdue");
    // By term, the instruction's deadline is its term: after the answer due a day earlier,
    // before every term still to come.
    let (_, page) = inbox(&app, &clerk, &[("order", "deadline")]).await;
    assert_eq!(numbers(&page)[..2], [second.clone(), third.clone()]);
    let (_, page) = inbox(
        &app,
        &clerk,
        &[("order", "deadline"), ("status", "under_control")],
    )
    .await;
    assert_eq!(numbers(&page), vec![third.clone()]);
    sqlx::query("UPDATE instructions SET done_on = '2026-01-06', report = 'Сделано'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let (_, page) = inbox(&app, &clerk, &[("overdue", "1")]).await;
    assert_eq!(numbers(&page), vec![second.clone()]);

    // A value outside the form is refused in both languages, not ignored.
    let (status, body) = inbox(&app, &clerk, &[("status", "lost")]).await;
    assert_eq!(status, 422);
    let body = body.to_string();
    assert!(
        body.contains("Сүзгінің") && body.contains("Неверное"),
        "{body}"
    );
    // The administrator keeps accounts, not requests; nobody signed out reads it.
    let admin = session(&app, "admin-inbox", StaffRole::Administrator).await;
    assert_eq!(inbox(&app, &admin, &[]).await.0, 403);
    assert_eq!(inbox(&app, "qabyldau_staff=nothing", &[]).await.0, 401);

    // The page itself: rows, the masked IIN, and no full one.
    let html = browser(&app)
        .get(app.url("/staff/inbox?order=deadline"))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), 200);
    assert_eq!(html.headers()["cache-control"], "no-store");
    let html = html.text().await.unwrap();
    assert!(
        html.contains(&third) && html.contains("••••••••0001"),
        "{html}"
    );
    assert!(!html.contains(IIN) && !html.contains("850315450001"));
}

async fn decisions_on_the_card_follow_the_lifecycle_and_the_role(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-card", StaffRole::Clerk).await;
    let chief = session(&app, "chief-card", StaffRole::ChiefOfStaff).await;
    let aide = session(&app, "aide-card", StaffRole::Aide).await;
    let (id, number) = register(&app, akim, "k-card-0001").await;

    // The card: the full IIN is there, for the staff; the decisions the role may take.
    let card = browser(&app)
        .get(app.url(&format!("/staff/requests/{number}")))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(card.status(), 200);
    assert_eq!(card.headers()["cache-control"], "no-store");
    let card = card.text().await.unwrap();
    assert!(card.contains(IIN) && card.contains("Сәрсенов Ерлан"));
    assert!(card.contains(r#"data-event="review""#) && !card.contains(r#"data-event="approve""#));
    let aide_card = browser(&app)
        .get(app.url(&format!("/staff/requests/{number}")))
        .header(reqwest::header::COOKIE, &aide)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !aide_card.contains("data-event="),
        "the aide sees no decision"
    );

    // The aide's forged decision is refused, and so is the clerk's approval (clause 29).
    let review = [("action", "review"), ("shown", "registered")];
    assert_eq!(decide(&app, &aide, &number, &review).await.0, 403);
    assert_eq!(status_of(&app, &number).await, "registered");
    let (status, _) = decide(&app, &clerk, &number, &review).await;
    assert_eq!(status, 303);
    // The same click again (an outdated screen): refused, naming who changed it.
    let stale = [
        ("action", "review"),
        ("shown", "registered"),
        ("version", "0"),
    ];
    let (status, page) = decide(&app, &clerk, &number, &stale).await;
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("Қызметкер Тест"),
        "who changed it first: {page}"
    );

    // An extension needs a reason, within its limit; then the letter gives the new date.
    let (status, page) = decide(
        &app,
        &clerk,
        &number,
        &[("action", "extend"), ("shown", "under_review")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Себебін жазыңыз"), "{page}");
    let long = "ы".repeat(2001);
    let (status, _) = decide(
        &app,
        &clerk,
        &number,
        &[
            ("action", "extend"),
            ("shown", "under_review"),
            ("reason", &long),
        ],
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = decide(
        &app,
        &clerk,
        &number,
        &[
            ("action", "extend"),
            ("shown", "under_review"),
            ("reason", "Сложный вопрос: нужен ответ трёх управлений"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let subject: String = scalar(
        &app.store,
        "SELECT subject FROM outbox WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
        id,
    )
    .await;
    assert!(subject.contains(&number), "{subject}");
    let answer_due: String = scalar(
        &app.store,
        "SELECT answer_due FROM requests WHERE id = $1",
        id,
    )
    .await;
    let card = browser(&app)
        .get(app.url(&format!("/staff/requests/{number}")))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        card.contains(r#"data-clause="32""#),
        "the term is now clause 32's"
    );
    let received: String = scalar(
        &app.store,
        "SELECT received_local FROM requests WHERE id = $1",
        id,
    )
    .await;
    let received = chrono::NaiveDateTime::parse_from_str(&received, "%Y-%m-%d %H:%M").unwrap();
    let registered = qabyldau::rules::deadlines::effective_receipt(received).date();
    assert_eq!(
        answer_due,
        qabyldau::rules::deadlines::extended_answer_due(registered).to_string(),
        "at most 30 days from registration (clause 32)"
    );

    // Proposed with the reference note the chief decides on (clause 28): not without it.
    let (status, page) = decide(
        &app,
        &clerk,
        &number,
        &[
            ("action", "propose"),
            ("shown", "under_review"),
            ("proposes", "reception"),
            ("note", "  "),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("справочную информацию") || page.contains("анықтамалық ақпаратты"),
        "{page}"
    );
    let note = "С отделом ЖКХ: дом в программе капремонта на 2027 год, акиму предложить приём.";
    let (status, _) = decide(
        &app,
        &clerk,
        &number,
        &[
            ("action", "propose"),
            ("shown", "under_review"),
            ("proposes", "reception"),
            ("note", note),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, card) =
        crate::control::get_page(&app, &chief, &format!("/staff/requests/{number}")).await;
    assert!(card.contains(note), "the chief reads the note: {card}");
    let status_page = browser(&app)
        .post(app.url("/status"))
        .form(&[("number", number.as_str()), ("iin", crate::requests::IIN)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status_page.contains(&number), "{status_page}");
    assert!(
        !status_page.contains("капремонта"),
        "never to the applicant"
    );
    // A clerk may not approve, nor refuse what is now the chief's to decide (clause 29).
    let approve = [("action", "approve"), ("shown", "proposed")];
    assert_eq!(decide(&app, &clerk, &number, &approve).await.0, 403);
    let refuse = [
        ("action", "refuse"),
        ("shown", "proposed"),
        ("clause", "29"),
        ("reason", "Нет"),
    ];
    assert_eq!(
        decide(&app, &clerk, &number, &refuse).await.0,
        422,
        "no ground is the clerk's"
    );
    // Nor may the chief refuse a proposal on another ground than clause 29.
    let other_ground = [
        ("action", "refuse"),
        ("shown", "proposed"),
        ("clause", "16.1"),
        (
            "reason",
            "Вопрос не относится к компетенции акимата области",
        ),
    ];
    let (status, page) = decide(&app, &chief, &number, &other_ground).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Вопрос не относится к компетенции акимата области</textarea>"),
        "the reason typed is filled in again: {page}"
    );
    assert_eq!(decide(&app, &chief, &number, &approve).await.0, 303);
    assert_eq!(status_of(&app, &number).await, "approved");
    // A decision in the wrong state is refused naming the state.
    let (status, page) = decide(&app, &chief, &number, &approve).await;
    assert_eq!(status, 409, "{page}");
    // Every decision is in the audit log with its author, the extension with its reason.
    let rows =
        sqlx::query("SELECT action, actor, after FROM audit_log WHERE entity_id = $1 ORDER BY seq")
            .bind(id)
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    let actions: Vec<String> = rows.iter().map(|r| r.try_get("action").unwrap()).collect();
    assert_eq!(actions, ["review", "extend", "propose", "approve"]);
    let after: String = rows[1].try_get("after").unwrap();
    assert!(after.contains("трёх управлений"), "{after}");
    // A refusal as outside competence (16.1), saying where to go: the letter carries it.
    let (other, second) = register(&app, akim, "k-card-0002").await;
    let refuse = [
        ("action", "refuse"),
        ("shown", "registered"),
        ("clause", "16.1"),
        (
            "reason",
            "Вопрос пенсий решает Государственный центр по выплате пенсий",
        ),
    ];
    assert_eq!(decide(&app, &clerk, &second, &refuse).await.0, 303);
    assert_eq!(status_of(&app, &second).await, "refused");
    let body: String = scalar(
        &app.store,
        "SELECT body FROM outbox WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
        other,
    )
    .await;
    assert!(
        body.contains("16.1") && body.contains("Государственный центр"),
        "{body}"
    );
    // A ground the card does not offer is refused.
    let (_, third) = register(&app, akim, "k-card-0003").await;
    let bad = [
        ("action", "refuse"),
        ("shown", "registered"),
        ("clause", "99"),
        ("reason", "x"),
    ];
    assert_eq!(decide(&app, &clerk, &third, &bad).await.0, 422);
    let verdict = qabyldau::server::audit::verify(&app.store).await.unwrap();
    assert!(
        matches!(verdict, qabyldau::server::audit::Verdict::Intact { .. }),
        "{verdict:?}"
    );
}

async fn of_two_clerks_deciding_at_once_one_wins_and_the_other_is_told(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let first = session(&app, "clerk-a", StaffRole::Clerk).await;
    let second = session(&app, "clerk-b", StaffRole::HeadOfDepartment).await;
    for n in 0..5 {
        let (_, number) = register(&app, akim, &format!("k-race-{n:04}")).await;
        let leave = [
            ("action", "leave_without_consideration"),
            ("shown", "registered"),
        ];
        let review = [("action", "review"), ("shown", "registered")];
        let (a, b) = tokio::join!(
            decide(&app, &first, &number, &leave),
            decide(&app, &second, &number, &review)
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [303, 409], "exactly one wins: {a:?} {b:?}");
        let loser = if a.0 == 409 { &a.1 } else { &b.1 };
        assert!(
            loser.contains("Қызметкер Тест"),
            "the other is told who: {loser}"
        );
        let status = status_of(&app, &number).await;
        assert!(status == "left_without_consideration" || status == "under_review");
    }
    // Two extensions of one request from two screens: the status stays, yet one wins.
    let (_, number) = register(&app, akim, "k-race-extend").await;
    let review = [("action", "review"), ("shown", "registered")];
    assert_eq!(decide(&app, &first, &number, &review).await.0, 303);
    let seen = version_of(&app, &number).await.to_string();
    let extend = |reason: &'static str| {
        [
            ("action", "extend"),
            ("shown", "under_review"),
            ("version", seen.as_str()),
            ("reason", reason),
        ]
    };
    let (one, other) = (extend("Күрделі мәселе"), extend("Сложный вопрос"));
    let (a, b) = tokio::join!(
        decide(&app, &first, &number, &one),
        decide(&app, &second, &number, &other)
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [303, 409],
        "one extension, one letter: {a:?} {b:?}"
    );
}

/// Reads server-sent events from `res` until one names `number`.
async fn hears(res: reqwest::Response, number: &str) -> bool {
    let mut res = res;
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, res.chunk()).await {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        if seen.contains(number) {
            return seen.contains("event: change") && !seen.contains(IIN);
        }
    }
    false
}

async fn a_change_made_through_one_instance_reaches_the_screens_of_another(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    // A second instance on the same database (on SQLite the same process serves both).
    let other = match engine {
        Engine::Sqlite => None,
        Engine::Postgres => {
            let store = open_store(&app.database_url).await;
            let config = qabyldau::server::config::Config {
                site_addr: "127.0.0.1:0".parse().unwrap(),
                ..Default::default()
            };
            let b = qabyldau::app::Application::build(config, store)
                .await
                .unwrap();
            let address = format!("http://{}", b.address());
            tokio::spawn(b.run_until(std::future::pending()));
            Some(address)
        }
    };
    let clerk = session(&app, "clerk-live", StaffRole::Clerk).await;
    let live_url = format!("{}/staff/live", other.as_deref().unwrap_or(&app.address));
    let stream = |cookie: Option<&str>| {
        let mut req = browser(&app).get(&live_url);
        if let Some(c) = cookie {
            req = req.header(reqwest::header::COOKIE, c);
        }
        req.send()
    };
    assert_eq!(
        stream(None).await.unwrap().status(),
        401,
        "signed out, no stream"
    );
    let res = stream(Some(&clerk)).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    // Registered through the first instance's web form.
    let (_, number) = register(&app, akim, "k-live-0001").await;
    assert!(
        hears(res, &number).await,
        "the other instance's screen hears {number}"
    );
    if matches!(engine, Engine::Postgres) {
        // The listening connections of both instances are cut (a restart, a proxy's idle
        // reaper): what was said while they were away is lost, so once back, the second
        // instance tells its screens to read everything again, though no request changed.
        let mut res = stream(Some(&clerk)).await.unwrap();
        let schema: String = scalar(
            &app.store,
            "SELECT CAST(current_schema() AS TEXT) AS s WHERE 1 = $1",
            1_i64,
        )
        .await;
        let cut: i64 = scalar(
            &app.store,
            "SELECT COUNT(pg_terminate_backend(pid)) AS n FROM pg_stat_activity \
             WHERE query LIKE $1",
            format!("LISTEN \"qabyldau_live_{schema}\"%"),
        )
        .await;
        assert_eq!(cut, 2, "one listener per instance");
        let mut seen = String::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while !seen.contains("event: change") {
            match tokio::time::timeout_at(deadline, res.chunk()).await {
                Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
                other => panic!("no word after the reconnect: {other:?} {seen}"),
            }
        }
    }
}

async fn a_central_body_is_asked_the_applicant_told_and_its_refusal_reported_clauses_20_22(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-central", StaffRole::Clerk).await;
    let aide = session(&app, "aide-central", StaffRole::Aide).await;
    let (id, number) = register(&app, akim, "k-central-0001").await;
    let review = [("action", "review"), ("shown", "registered")];
    assert_eq!(decide(&app, &clerk, &number, &review).await.0, 303);
    let ask = |body: &'static str| {
        [
            ("action", "ask_central_body"),
            ("shown", "under_review"),
            ("body", body),
        ]
    };
    assert_eq!(decide(&app, &clerk, &number, &ask("")).await.0, 422);
    let (status, _) = decide(
        &app,
        &clerk,
        &number,
        &ask("Министерство труда и социальной защиты"),
    )
    .await;
    assert_eq!(status, 303);
    // Told at once (clause 21), with the review extended to the 30th day.
    let subject: String = scalar(
        &app.store,
        "SELECT subject FROM outbox WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
        id,
    )
    .await;
    assert!(subject.contains("орталық мемлекеттік органға"), "{subject}");
    assert_eq!(status_of(&app, &number).await, "under_review");
    let central: i64 = scalar(
        &app.store,
        "SELECT id FROM central_requests WHERE request_id = $1",
        id,
    )
    .await;
    let record = |cookie: &str, what: &'static str| {
        let url = app.url(&format!("/staff/requests/{number}/central/{central}"));
        let req = browser(&app)
            .post(url)
            .header(reqwest::header::COOKIE, cookie)
            .form(&[("record", what)]);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(
        record(&clerk, "reported").await,
        409,
        "nothing to report before a refusal"
    );
    assert_eq!(record(&aide, "refused").await, 403);
    assert_eq!(record(&clerk, "refused").await, 303);
    // The card counts clause 22's 2 working days down.
    let card = browser(&app)
        .get(app.url(&format!("/staff/requests/{number}")))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        card.contains("Министерство труда") && card.contains(r#"data-clause="22""#),
        "{card}"
    );
    assert_eq!(record(&clerk, "reported").await, 303);
    assert_eq!(record(&clerk, "reported").await, 409, "recorded once");
    let actions: Vec<String> =
        sqlx::query("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq")
            .bind(id)
            .fetch_all(app.store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("action").unwrap())
            .collect();
    assert_eq!(
        actions,
        [
            "review",
            "ask_central_body",
            "central_body_refused",
            "central_refusal_reported"
        ]
    );
}

/// A surname is written as the applicant (or the clerk at intake) wrote it; the search finds
/// it whatever the case of either, «ё» or «е» — and so for requests written without the
/// folded column (by an older release), which the server folds at start and before a search.
async fn a_surname_is_found_whatever_its_case(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-surname", StaffRole::Clerk).await;
    let mut shouted = form(akim, "k-surname-0001");
    for (k, v) in shouted.iter_mut() {
        if *k == "surname" {
            *v = "ЁЛКИНА-ҚҰРМАНҒАЛИ".into();
        }
    }
    let res = post_form(&app, &shouted).await;
    assert_eq!(res.status(), 303);
    let number = number_of(res.headers()["location"].to_str().unwrap());
    for typed in ["елкина", "Ёлкина-құрман", "ЕЛКИНА-ҚҰРМАНҒАЛИ"]
    {
        let (status, page) = inbox(&app, &clerk, &[("q", typed)]).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(numbers(&page), vec![number.clone()], "{typed}");
    }
    let (_, page) = inbox(&app, &clerk, &[("q", "құрманғали")]).await;
    assert_eq!(
        numbers(&page),
        Vec::<String>::new(),
        "the start, not the middle"
    );

    // A row as an older release writes it (another instance, during an upgrade): folded
    // before a search by surname, and when a server starts on the database.
    let unfold = || async {
        sqlx::query("UPDATE requests SET surname_key = NULL WHERE number = $1")
            .bind(&number)
            .execute(app.store.pool())
            .await
            .unwrap();
    };
    unfold().await;
    let (_, page) = inbox(&app, &clerk, &[("q", "елкина")]).await;
    assert_eq!(
        numbers(&page),
        vec![number.clone()],
        "folded before the search"
    );
    unfold().await;
    let restarted = open_store(&app.database_url).await;
    let key: String = scalar(
        &restarted,
        "SELECT surname_key FROM requests WHERE number = $1",
        number.as_str(),
    )
    .await;
    assert_eq!(key, "елкина-құрманғали", "folded at start");
}

on_both_engines!(
    a_surname_is_found_whatever_its_case,
    the_inbox_lists_every_request_masked_filtered_and_searched,
    decisions_on_the_card_follow_the_lifecycle_and_the_role,
    of_two_clerks_deciding_at_once_one_wins_and_the_other_is_told,
    a_change_made_through_one_instance_reaches_the_screens_of_another,
    a_central_body_is_asked_the_applicant_told_and_its_refusal_reported_clauses_20_22,
);
