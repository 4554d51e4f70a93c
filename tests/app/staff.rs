//! The staff workspace's door on SQLite and PostgreSQL: sign-in with Argon2id passwords,
//! sessions in the database (a new one at every sign-in, closed when idle or signed out),
//! the throttle of failed sign-ins per account and per client across instances, the password
//! a new account must change, and state changes only from the site's own pages.

use chrono::Utc;
use qabyldau::rules::permissions::StaffRole;
use qabyldau::server::staff;

use crate::helpers::{same_origin, spawn_app, Engine, TestApp};

pub(crate) fn browser(app: &TestApp) -> reqwest::Client {
    reqwest::Client::builder()
        .default_headers(same_origin(&app.address))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub(crate) async fn account(
    app: &TestApp,
    login: &str,
    role: StaffRole,
    password: &str,
    must_change: bool,
) {
    staff::add(
        &app.store,
        login,
        "Қызметкер Тест",
        role,
        password,
        must_change,
        Utc::now(),
    )
    .await
    .unwrap();
}

/// Posts the sign-in form; the response and the session cookie it set, if any.
pub(crate) async fn sign_in(
    app: &TestApp,
    login: &str,
    password: &str,
) -> (reqwest::Response, Option<String>) {
    let res = browser(app)
        .post(app.url("/staff/login"))
        .form(&[("login", login), ("password", password)])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .map(|c| c.to_str().unwrap().to_owned());
    (res, cookie)
}

pub(crate) fn session_of(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

pub(crate) async fn staff_page(app: &TestApp, cookie: Option<&str>) -> reqwest::Response {
    let mut req = browser(app).get(app.url("/staff"));
    if let Some(c) = cookie {
        req = req.header(reqwest::header::COOKIE, c);
    }
    req.send().await.unwrap()
}

async fn a_clerk_signs_in_sees_the_workspace_and_signs_out(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "clerk1", StaffRole::Clerk, "a-long-password-1", false).await;
    let signed_out = staff_page(&app, None).await;
    assert_eq!(signed_out.status(), 303);
    assert_eq!(signed_out.headers()["location"], "/staff/login");

    let (res, cookie) = sign_in(&app, "Clerk1", "a-long-password-1").await;
    assert_eq!(res.status(), 303, "the login is not case-sensitive");
    assert_eq!(res.headers()["location"], "/staff");
    let set_cookie = cookie.expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(
        !set_cookie.contains("Secure"),
        "plain HTTP on a local network"
    );
    let session = session_of(&set_cookie);
    let home = staff_page(&app, Some(&session)).await;
    assert_eq!(home.status(), 200);
    assert_eq!(home.headers()["cache-control"], "no-store");
    let html = home.text().await.unwrap();
    assert!(
        html.contains("Қызметкер Тест") && html.contains("Бөлім қызметкері"),
        "{html}"
    );

    // A second sign-in opens a new session: nothing carried over from before it.
    let (_, again) = sign_in(&app, "clerk1", "a-long-password-1").await;
    assert_ne!(session_of(&again.unwrap()), session);

    let out = browser(&app)
        .post(app.url("/staff/logout"))
        .header(reqwest::header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert!(out.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        staff_page(&app, Some(&session)).await.status(),
        303,
        "closed"
    );
}

async fn a_wrong_password_is_refused_in_both_languages_without_saying_which_part(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "clerk2", StaffRole::Clerk, "a-long-password-2", false).await;
    for (login, password) in [
        ("clerk2", "wrong-password"),
        ("nobody", "a-long-password-2"),
    ] {
        let (res, cookie) = sign_in(&app, login, password).await;
        assert_eq!(res.status(), 401);
        assert!(cookie.is_none());
        let html = res.text().await.unwrap();
        assert!(html.contains("Логин немесе құпиясөз қате."), "{html}");
        assert!(!html.contains(password), "the password is not sent back");
    }
}

async fn failed_sign_ins_are_throttled_per_account_across_instances(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "clerk3", StaffRole::Clerk, "a-long-password-3", false).await;
    for _ in 0..staff::FAILURES_PER_ACCOUNT {
        assert_eq!(sign_in(&app, "clerk3", "guess").await.0.status(), 401);
    }
    // The right password no longer opens the account, not even through another instance
    // on the same database.
    assert_eq!(
        sign_in(&app, "clerk3", "a-long-password-3")
            .await
            .0
            .status(),
        429
    );
    let other = crate::helpers::open_store(&app.database_url).await;
    let res = staff::sign_in(
        &other,
        "clerk3",
        "a-long-password-3",
        "10.0.0.9",
        Utc::now(),
    )
    .await;
    assert!(matches!(res, Err(staff::SignInError::Throttled)), "{res:?}");
    // After the window, it opens again.
    let later = Utc::now() + chrono::Duration::from_std(staff::FAILURE_WINDOW).unwrap();
    assert!(
        staff::sign_in(&other, "clerk3", "a-long-password-3", "10.0.0.9", later)
            .await
            .is_ok()
    );
}

async fn guesses_sent_at_once_do_not_slip_under_the_limit(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "clerk7", StaffRole::Clerk, "a-long-password-9", false).await;
    let now = Utc::now();
    let guesses: Vec<_> = (0..12)
        .map(|i| {
            let store = app.store.clone();
            tokio::spawn(async move {
                staff::sign_in(&store, "clerk7", &format!("guess-{i}"), "10.2.2.2", now).await
            })
        })
        .collect();
    let mut checked = 0;
    for g in guesses {
        match g.await.unwrap() {
            Err(staff::SignInError::Wrong) => checked += 1,
            Err(staff::SignInError::Throttled) => {}
            other => panic!("{other:?}"),
        }
    }
    assert!(
        checked <= staff::FAILURES_PER_ACCOUNT,
        "{checked} passwords were tried"
    );
}

async fn failed_sign_ins_are_throttled_per_client(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "clerk4", StaffRole::Clerk, "a-long-password-4", false).await;
    let now = Utc::now();
    for i in 0..staff::FAILURES_PER_CLIENT {
        let res = staff::sign_in(&app.store, &format!("guess{i}"), "x", "10.1.1.1", now).await;
        assert!(matches!(res, Err(staff::SignInError::Wrong)));
    }
    let res = staff::sign_in(&app.store, "clerk4", "a-long-password-4", "10.1.1.1", now).await;
    assert!(matches!(res, Err(staff::SignInError::Throttled)), "{res:?}");
    let elsewhere =
        staff::sign_in(&app.store, "clerk4", "a-long-password-4", "10.1.1.2", now).await;
    assert!(elsewhere.is_ok(), "another client is not held back");
}

async fn an_idle_session_is_closed(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "clerk5", StaffRole::Clerk, "a-long-password-5", false).await;
    let (_, cookie) = sign_in(&app, "clerk5", "a-long-password-5").await;
    let session = session_of(&cookie.unwrap());
    assert_eq!(staff_page(&app, Some(&session)).await.status(), 200);
    let long_ago = (Utc::now() - chrono::Duration::minutes(31)).to_rfc3339();
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1")
        .bind(long_ago)
        .execute(app.store.pool())
        .await
        .unwrap();
    // Idle behind the server's back: what it kept of the session (read within the second)
    // is kept for a second at most.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let res = staff_page(&app, Some(&session)).await;
    assert_eq!(res.status(), 303, "30 minutes idle closes it");
}

/// A session an instance has just read (and keeps for a moment) is refused by it as soon as
/// it hears that the session was closed through another instance, and so is an account the
/// administrator disabled (PostgreSQL: two instances on one database; SQLite: the one).
async fn a_session_closed_through_one_instance_is_refused_by_another_at_once(engine: Engine) {
    use qabyldau::server::{accounts, audit::Actor};
    let app = spawn_app(engine).await.unwrap();
    let other = match engine {
        Engine::Postgres => crate::helpers::open_store(&app.database_url).await,
        Engine::Sqlite => app.store.clone(),
    };
    let idle = std::time::Duration::from_secs(1800);
    let opened = |login: &'static str| {
        let app = &app;
        async move {
            account(app, login, StaffRole::Clerk, "a-long-password-7", false).await;
            let (_, cookie) = sign_in(app, login, "a-long-password-7").await;
            let session = session_of(&cookie.unwrap());
            let token = session.split_once('=').unwrap().1.to_owned();
            (session, token)
        }
    };
    let heard_of = |before: u64| {
        let other = other.clone();
        async move {
            for _ in 0..200 {
                if other.events().heard() > before {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            panic!("the other instance never heard of the change");
        }
    };

    // Signed out through the first instance.
    let (session, token) = opened("clerk7").await;
    let read = staff::session(&other, &token, idle, Utc::now())
        .await
        .unwrap();
    assert!(read.is_some(), "open, and now kept by the other instance");
    let before = other.events().heard();
    let out = browser(&app)
        .post(app.url("/staff/logout"))
        .header(reqwest::header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    heard_of(before).await;
    let read = staff::session(&other, &token, idle, Utc::now())
        .await
        .unwrap();
    assert!(read.is_none(), "closed everywhere");

    // Disabled by the administrator through the first instance.
    let (_, token) = opened("clerk8").await;
    let id = staff::session(&other, &token, idle, Utc::now())
        .await
        .unwrap()
        .unwrap()
        .id;
    account(
        &app,
        "admin7",
        StaffRole::Administrator,
        "a-long-password-7",
        false,
    )
    .await;
    let admin: i64 = crate::helpers::scalar(
        &app.store,
        "SELECT id FROM staff WHERE login = $1",
        "admin7",
    )
    .await;
    let before = other.events().heard();
    let actor = Actor::Staff {
        id: admin,
        role: StaffRole::Administrator,
    };
    accounts::change(&app.store, id, accounts::Change::Disable, actor, Utc::now())
        .await
        .unwrap();
    heard_of(before).await;
    let read = staff::session(&other, &token, idle, Utc::now())
        .await
        .unwrap();
    assert!(
        read.is_none(),
        "a disabled account's session is closed everywhere"
    );
}

async fn a_given_password_is_changed_at_the_first_sign_in(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    let given = staff::one_time_password();
    account(&app, "chief1", StaffRole::ChiefOfStaff, &given, true).await;
    let (_, cookie) = sign_in(&app, "chief1", &given).await;
    let session = session_of(&cookie.unwrap());
    let html = staff_page(&app, Some(&session)).await.text().await.unwrap();
    assert!(
        html.contains("action=\"/staff/password\""),
        "the change form first"
    );
    let change = |current: String, new: &'static str| {
        let (app, session) = (&app, session.clone());
        async move {
            browser(app)
                .post(app.url("/staff/password"))
                .header(reqwest::header::COOKIE, session)
                .form(&[("current", current.as_str()), ("new", new)])
                .send()
                .await
                .unwrap()
        }
    };
    let short = change(given.clone(), "short").await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("кемінде 12 таңба"));
    assert_eq!(
        change("wrong".into(), "a-new-long-password").await.status(),
        422
    );
    assert_eq!(
        change(given.clone(), "a-new-long-password").await.status(),
        303
    );
    let html = staff_page(&app, Some(&session)).await.text().await.unwrap();
    assert!(!html.contains("action=\"/staff/password\""), "done");
    assert_eq!(
        sign_in(&app, "chief1", &given).await.0.status(),
        401,
        "the old one is gone"
    );
    assert_eq!(
        sign_in(&app, "chief1", "a-new-long-password")
            .await
            .0
            .status(),
        303
    );
}

async fn state_changes_from_another_site_are_refused(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "clerk6", StaffRole::Clerk, "a-long-password-6", false).await;
    let foreign = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for path in [
        "/staff/login",
        "/request",
        "/status",
        "/api/submit",
        "/api/withdraw",
    ] {
        for origin in [Some("http://evil.example"), None] {
            let mut req = foreign.post(app.url(path)).form(&[("login", "clerk6")]);
            if let Some(o) = origin {
                req = req.header(reqwest::header::ORIGIN, o);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 403, "{path} from {origin:?}");
            let text = res.text().await.unwrap();
            assert!(
                text.contains("Запрос отправлен не со страницы этого сайта"),
                "{text}"
            );
        }
    }
    // A page of the site itself (its Referer, without Origin) may.
    let res = foreign
        .post(app.url("/staff/login"))
        .header(reqwest::header::REFERER, app.url("/staff/login"))
        .form(&[("login", "clerk6"), ("password", "a-long-password-6")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}

async fn the_operator_adds_an_account_with_a_one_time_password(engine: Engine) {
    let url = crate::helpers::fresh_database_url(engine).await.unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qabyldau"))
        .args([
            "staff",
            "add",
            "--login",
            "Admin1",
            "--role",
            "administrator",
        ])
        .args(["--name", "Бас әкімші", "--database-url", &url])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let line = String::from_utf8(out.stdout).unwrap();
    let fields: Vec<&str> = line.trim().split('\t').collect();
    assert_eq!(fields[..2], ["Admin1", "administrator"]);
    let store = crate::helpers::open_store(&url).await;
    let token = staff::sign_in(&store, "admin1", fields[2], "127.0.0.1", Utc::now())
        .await
        .unwrap();
    let member = staff::session(
        &store,
        &token,
        std::time::Duration::from_secs(60),
        Utc::now(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(member.role, StaffRole::Administrator);
    assert!(member.must_change_password);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_qabyldau"))
        .args([
            "staff",
            "add",
            "--login",
            "x",
            "--role",
            "king",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown role king"));
}

async fn passwords_are_stored_as_argon2id_and_never_in_the_clear(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(&app, "aide1", StaffRole::Aide, "a-long-password-7", false).await;
    let hash: String = sqlx::Row::get(
        &sqlx::query("SELECT password_hash FROM staff WHERE login = 'aide1'")
            .fetch_one(app.store.pool())
            .await
            .unwrap(),
        "password_hash",
    );
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("a-long-password-7"));
}

/// Who may reach which staff route: every route of the workspace × every role and the
/// anonymous visitor. A route names the permission it needs (`None`: any signed-in staff
/// member); the expected answer comes from `rules::permissions::allows`, the table itself.
async fn every_staff_route_answers_every_role_as_the_permission_table_says(engine: Engine) {
    use qabyldau::rules::permissions::{allows, Action};
    let app = spawn_app(engine).await.unwrap();
    let routes: [(&str, &str, Option<Action>); 34] = [
        ("GET", "/staff", None),
        ("GET", "/staff/audit", Some(Action::ReadAudit)),
        ("GET", "/api/staff/audit", Some(Action::ReadAudit)),
        ("GET", "/staff/inbox", Some(Action::ViewRequests)),
        ("GET", "/api/staff/inbox", Some(Action::ViewRequests)),
        (
            "GET",
            "/staff/requests/KRG-2026-000001",
            Some(Action::ViewRequests),
        ),
        (
            "GET",
            "/api/staff/card?number=KRG-2026-000001",
            Some(Action::ViewRequests),
        ),
        ("GET", "/staff/live", Some(Action::ViewRequests)),
        ("GET", "/staff/control", Some(Action::ViewRequests)),
        ("GET", "/api/staff/control", Some(Action::ViewRequests)),
        ("GET", "/staff/report", Some(Action::ViewRequests)),
        ("GET", "/staff/list", Some(Action::ViewRequests)),
        ("GET", "/api/staff/list", Some(Action::ViewRequests)),
        ("GET", "/api/staff/report", Some(Action::ViewRequests)),
        // A decision without its fields: refused as bad input once the role may decide.
        (
            "POST",
            "/staff/requests/KRG-2026-000001",
            Some(Action::Lifecycle(qabyldau::rules::lifecycle::Event::Refuse)),
        ),
        ("GET", "/staff/intake", Some(Action::RegisterIntake)),
        (
            "GET",
            "/staff/desk",
            Some(Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::CheckIn,
            )),
        ),
        (
            "GET",
            "/api/staff/desk",
            Some(Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::CheckIn,
            )),
        ),
        ("GET", "/board", Some(Action::ViewBoard)),
        ("GET", "/api/board", Some(Action::ViewBoard)),
        ("GET", "/board/live", Some(Action::ViewBoard)),
        (
            "GET",
            "/staff/allocation",
            Some(Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::Allocate,
            )),
        ),
        (
            "GET",
            "/api/staff/allocation",
            Some(Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::Allocate,
            )),
        ),
        ("GET", "/staff/phone", Some(Action::PhoneApplicants)),
        ("GET", "/api/staff/phone", Some(Action::PhoneApplicants)),
        ("GET", "/staff/survey", Some(Action::PhoneApplicants)),
        ("GET", "/api/staff/survey", Some(Action::PhoneApplicants)),
        (
            "POST",
            "/staff/survey/KRG-2026-000001",
            Some(Action::PhoneApplicants),
        ),
        ("GET", "/staff/receptions", Some(Action::ViewOwnReceptions)),
        (
            "GET",
            "/api/staff/receptions",
            Some(Action::ViewOwnReceptions),
        ),
        ("GET", "/staff/accounts", Some(Action::ManageStaff)),
        ("GET", "/api/staff/accounts", Some(Action::ManageStaff)),
        ("POST", "/staff/password", None),
        ("POST", "/staff/logout", None),
    ];
    // Routes that any one of several permissions opens; before the sign-out, which ends
    // the sessions.
    let plan_or_approve = vec![Action::PlanSchedule, Action::ApproveSchedule];
    let routes = [
        ("GET", "/staff/schedule", plan_or_approve.clone()),
        ("GET", "/api/staff/schedule", plan_or_approve),
        ("POST", "/staff/schedule/days", vec![Action::PlanSchedule]),
        (
            "POST",
            "/staff/schedule/days/1/remove",
            vec![Action::PlanSchedule],
        ),
        (
            "POST",
            "/staff/schedule/meetings",
            vec![Action::PlanSchedule],
        ),
        (
            "POST",
            "/staff/schedule/meetings/2027-01-01/remove",
            vec![Action::PlanSchedule],
        ),
        (
            "POST",
            "/staff/schedule/approve",
            vec![Action::ApproveSchedule],
        ),
        (
            "POST",
            "/staff/requests/KRG-2026-000001/move",
            vec![Action::Lifecycle(qabyldau::rules::lifecycle::Event::Move)],
        ),
        (
            "POST",
            "/staff/days/1/invitees",
            vec![Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::CancelReception,
            )],
        ),
        (
            "POST",
            "/staff/requests/KRG-2026-000001/instructions",
            vec![Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::RecordProtocol,
            )],
        ),
        (
            "POST",
            "/staff/requests/KRG-2026-000001/instructions/1",
            vec![Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::FinalAnswer,
            )],
        ),
        (
            "POST",
            "/staff/requests/KRG-2026-000001/answer",
            vec![Action::Lifecycle(
                qabyldau::rules::lifecycle::Event::FinalAnswer,
            )],
        ),
        (
            "POST",
            "/staff/requests/KRG-2026-000001/papers",
            vec![Action::ViewRequests, Action::RegisterIntake],
        ),
        (
            "GET",
            "/staff/requests/KRG-2026-000001/papers/1",
            vec![Action::ViewRequests],
        ),
        ("GET", "/staff/officials", vec![Action::ManageOfficials]),
        ("GET", "/api/staff/officials", vec![Action::ManageOfficials]),
        ("POST", "/staff/officials", vec![Action::ManageOfficials]),
        ("POST", "/staff/officials/1", vec![Action::ManageOfficials]),
        ("GET", "/staff/calendar", vec![Action::KeepCalendar]),
        ("GET", "/api/staff/calendar", vec![Action::KeepCalendar]),
        ("POST", "/staff/calendar", vec![Action::KeepCalendar]),
        (
            "POST",
            "/staff/calendar/999/remove",
            vec![Action::KeepCalendar],
        ),
        ("GET", "/staff/screens", vec![Action::ManageStaff]),
        ("GET", "/api/staff/screens", vec![Action::ManageStaff]),
        ("POST", "/staff/screens", vec![Action::ManageStaff]),
        (
            "POST",
            "/staff/screens/999/revoke",
            vec![Action::ManageStaff],
        ),
    ]
    .into_iter()
    .chain(
        routes
            .into_iter()
            .map(|(m, p, needs)| (m, p, needs.into_iter().collect::<Vec<_>>())),
    );
    let mut sessions: Vec<(Option<StaffRole>, Option<String>)> = vec![(None, None)];
    for role in StaffRole::ALL {
        let login = format!("m-{}", role.code());
        account(&app, &login, role, "a-long-password-8", false).await;
        let (_, cookie) = sign_in(&app, &login, "a-long-password-8").await;
        sessions.push((Some(role), Some(session_of(&cookie.unwrap()))));
    }
    for (method, path, needs) in routes {
        for (role, session) in &sessions {
            let mut req = match method {
                "GET" => browser(&app).get(app.url(path)),
                _ => browser(&app)
                    .post(app.url(path))
                    .form(&[("current", "x"), ("new", "y")]),
            };
            if let Some(s) = session {
                req = req.header(reqwest::header::COOKIE, s);
            }
            let status = req.send().await.unwrap().status().as_u16();
            let expected: &[u16] = match (role, &needs) {
                (None, _) if path.starts_with("/api/") || path.ends_with("/live") => &[401],
                (None, _) if method == "GET" => &[303],
                (None, _) => &[401],
                (Some(r), any) if !any.is_empty() && !any.iter().any(|a| allows(*r, *a)) => &[403],
                // Both needed: the card's path, then the registration.
                (Some(r), all)
                    if path.ends_with("/papers") && !all.iter().all(|a| allows(*r, *a)) =>
                {
                    &[403]
                }
                // Allowed: a removal of a row that is not there is not found.
                (Some(_), _)
                    if ["/remove", "/revoke", "/checks", "/papers/1"]
                        .iter()
                        .any(|e| path.ends_with(e)) =>
                {
                    &[404]
                }
                // Allowed: the page, or the form's own answer (a redirect, or 422 for the
                // wrong current password or a form without its fields).
                (Some(_), _) => &[200, 303, 422],
            };
            assert!(
                expected.contains(&status),
                "{method} {path} as {role:?}: {status}"
            );
        }
    }
}

async fn the_administrator_reads_the_audit_log_by_request_and_by_staff_member(engine: Engine) {
    use qabyldau::rules::lifecycle::Event;
    let app = spawn_app(engine).await.unwrap();
    account(
        &app,
        "admin2",
        StaffRole::Administrator,
        "a-long-password-a",
        false,
    )
    .await;
    account(&app, "clerk8", StaffRole::Clerk, "a-long-password-b", false).await;
    qabyldau::server::demo::load_if_empty(
        &app.store,
        qabyldau::rules::time::to_local(Utc::now()).date(),
    )
    .await
    .unwrap();
    let akim = app.store.officials().await.unwrap()[0].id;
    let (id, number) = crate::requests::register(&app, akim, "k-staff-audit-0001").await;
    let clerk_id = staff::id_of_login(&app.store, "clerk8")
        .await
        .unwrap()
        .unwrap();
    let clerk = qabyldau::server::audit::Actor::Staff {
        id: clerk_id,
        role: StaffRole::Clerk,
    };
    qabyldau::server::workflow::advance(&app.store, id, Event::Review, clerk, Utc::now())
        .await
        .unwrap();
    let (_, cookie) = sign_in(&app, "admin2", "a-long-password-a").await;
    let admin = session_of(&cookie.unwrap());
    let read = |query: String| {
        let (app, admin) = (&app, admin.clone());
        async move {
            browser(app)
                .get(app.url(&format!("/api/staff/audit?{query}")))
                .header(reqwest::header::COOKIE, admin)
                .send()
                .await
                .unwrap()
                .json::<Vec<serde_json::Value>>()
                .await
                .unwrap()
        }
    };
    let by_request = read(format!("request={}", number.to_lowercase())).await;
    assert_eq!(by_request.len(), 1, "{by_request:?}");
    assert_eq!(by_request[0]["action"], "review");
    assert_eq!(by_request[0]["actor"], format!("staff:{clerk_id}:clerk"));
    assert_eq!(read("login=CLERK8".into()).await.len(), 1);
    assert!(read("login=admin2".into()).await.is_empty());
    assert!(read("request=KRG-1999-000001".into()).await.is_empty());
    let page = browser(&app)
        .get(app.url(&format!("/staff/audit?request={number}")))
        .header(reqwest::header::COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("registered → under_review"), "{page}");
}

async fn a_staff_members_language_is_remembered_at_the_next_sign_in(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(
        &app,
        "clerk-lang",
        StaffRole::Clerk,
        "a-long-password-lang",
        false,
    )
    .await;
    let (_, cookie) = sign_in(&app, "clerk-lang", "a-long-password-lang").await;
    let session = session_of(&cookie.unwrap());
    let res = browser(&app)
        .get(app.url("/staff?lang=ru"))
        .header(reqwest::header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Another computer, no language cookie: the sign-in brings the member's choice back.
    let res = browser(&app)
        .post(app.url("/staff/login"))
        .form(&[
            ("login", "clerk-lang"),
            ("password", "a-long-password-lang"),
        ])
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = res
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect();
    assert!(cookies.iter().any(|c| c == "lang=ru"), "{cookies:?}");
    let page = browser(&app)
        .get(app.url("/staff"))
        .header(reqwest::header::COOKIE, cookies.join("; "))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Рабочее место сотрудника"), "{page}");
}

on_both_engines!(
    a_staff_members_language_is_remembered_at_the_next_sign_in,
    the_administrator_reads_the_audit_log_by_request_and_by_staff_member,
    every_staff_route_answers_every_role_as_the_permission_table_says,
    a_clerk_signs_in_sees_the_workspace_and_signs_out,
    a_wrong_password_is_refused_in_both_languages_without_saying_which_part,
    failed_sign_ins_are_throttled_per_account_across_instances,
    failed_sign_ins_are_throttled_per_client,
    guesses_sent_at_once_do_not_slip_under_the_limit,
    an_idle_session_is_closed,
    a_session_closed_through_one_instance_is_refused_by_another_at_once,
    a_given_password_is_changed_at_the_first_sign_in,
    state_changes_from_another_site_are_refused,
    the_operator_adds_an_account_with_a_one_time_password,
    passwords_are_stored_as_argon2id_and_never_in_the_clear,
    a_board_screen_opens_the_board_with_its_link_until_revoked,
);

/// A wall screen opens the board with its own link (not a person's password), sees the board
/// and its live stream and nothing else, and is refused from the moment the link is revoked.
async fn a_board_screen_opens_the_board_with_its_link_until_revoked(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    account(
        &app,
        "admin-screens",
        StaffRole::Administrator,
        "a-long-password-s",
        false,
    )
    .await;
    let (_, cookie) = sign_in(&app, "admin-screens", "a-long-password-s").await;
    let admin = session_of(&cookie.unwrap());
    let page = browser(&app)
        .post(app.url("/staff/screens"))
        .header(reqwest::header::COOKIE, &admin)
        .form(&[("name", "Приёмная, 1 этаж")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = page
        .split("/board/open/")
        .nth(1)
        .map(|rest| format!("/board/open/{}", &rest[..64]))
        .expect("the link is shown once");
    let stored: String = crate::helpers::scalar(
        &app.store,
        "SELECT token_hash FROM board_screens WHERE name = $1",
        "Приёмная, 1 этаж",
    )
    .await;
    assert!(
        !link.contains(&stored),
        "the store keeps a hash, not the token"
    );
    let log: String = crate::helpers::scalar(
        &app.store,
        "SELECT after FROM audit_log WHERE action = $1",
        "create_board_screen",
    )
    .await;
    assert!(
        !log.contains(&link[12..]),
        "the log names the screen, not its token"
    );

    // The screen opens its link: a cookie of its own, and the board.
    let res = browser(&app).get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let set = res.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let screen = set.split(';').next().unwrap().to_owned();
    let get = |path: &str| {
        let (app, screen) = (&app, screen.clone());
        let path = path.to_owned();
        async move {
            browser(app)
                .get(app.url(&path))
                .header(reqwest::header::COOKIE, screen)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(get("/board").await, 200);
    // Read again at once (as a thousand screens do after an event): the same page, kept, each
    // answer with a nonce of its own that its policy names.
    let page = |app: &crate::helpers::TestApp, screen: &str| {
        let req = browser(app)
            .get(app.url("/board"))
            .header(reqwest::header::COOKIE, screen.to_owned());
        async move {
            let res = req.send().await.unwrap();
            let csp = res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .unwrap()
                .split('\'')
                .next()
                .unwrap()
                .to_owned();
            let body = res.text().await.unwrap();
            assert!(body.contains(&format!("nonce=\"{nonce}\"")));
            (nonce.clone(), body.replace(&nonce, "N"))
        }
    };
    let (first, a) = page(&app, &screen).await;
    let (second, b) = page(&app, &screen).await;
    assert_ne!(first, second, "a nonce is never used twice");
    assert_eq!(a, b);
    assert_eq!(get("/api/board").await, 200);
    assert_eq!(get("/board/live").await, 200);
    // Nothing else of the workspace.
    assert_eq!(get("/staff/inbox").await, 303);
    assert_eq!(get("/api/staff/inbox").await, 401);
    assert_eq!(get("/staff/live").await, 401);

    // Revoked: refused from the next request on; the link no longer opens.
    let id: i64 = crate::helpers::scalar(
        &app.store,
        "SELECT id FROM board_screens WHERE name = $1",
        "Приёмная, 1 этаж",
    )
    .await;
    let res = browser(&app)
        .post(app.url(&format!("/staff/screens/{id}/revoke")))
        .header(reqwest::header::COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(get("/board").await, 303, "to the sign-in form");
    assert_eq!(get("/api/board").await, 401);
    assert_eq!(get("/board/live").await, 401);
    let res = browser(&app).get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("отозвана"));
}
