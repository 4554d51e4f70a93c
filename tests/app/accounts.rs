//! The administrator's accounts screen on SQLite and PostgreSQL: an account created with a
//! one-time password that works once and must be changed; disabled, re-roled and reset
//! accounts lose their sessions at once; every change audited; no one else may.

use qabyldau::rules::permissions::StaffRole;
use sqlx::Row;

use crate::helpers::{scalar, Engine, TestApp};
use crate::inbox::session;
use crate::staff::{browser, session_of, sign_in, staff_page};

async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let res = browser(app)
        .post(app.url(path))
        .header(reqwest::header::COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The one-time password the page shows after a creation or a reset.
fn issued(page: &str) -> String {
    let start = page
        .find(r#"class="one-time-password">"#)
        .expect("a password is shown")
        + 26;
    page[start..start + 16].to_owned()
}

async fn id_of(app: &TestApp, login: &str) -> i64 {
    qabyldau::server::staff::id_of_login(&app.store, login)
        .await
        .unwrap()
        .unwrap()
}

async fn the_administrator_creates_disables_re_roles_and_resets_accounts(engine: Engine) {
    let app = crate::helpers::spawn_app(engine).await.unwrap();
    let admin = session(&app, "admin-acc", StaffRole::Administrator).await;
    let clerk = session(&app, "clerk-acc", StaffRole::Clerk).await;

    // Only the administrator reaches the screen.
    let res = browser(&app)
        .get(app.url("/staff/accounts"))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        post(
            &app,
            &clerk,
            "/staff/accounts",
            &[("login", "x"), ("full_name", "X"), ("role", "clerk")]
        )
        .await
        .0,
        403
    );

    // A new account: its one-time password opens it once, and must be changed first.
    let (status, page) = post(
        &app,
        &admin,
        "/staff/accounts",
        &[
            ("login", "A.Sarsenova"),
            ("full_name", "Сәрсенова Айгүл"),
            ("role", "head_of_department"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let password = issued(&page);
    assert!(page.contains("a.sarsenova"));
    let (res, cookie) = sign_in(&app, "a.sarsenova", &password).await;
    assert_eq!(res.status(), 303);
    let new = session_of(&cookie.unwrap());
    let home = staff_page(&app, Some(&new)).await.text().await.unwrap();
    assert!(
        home.contains(r#"action="/staff/password""#),
        "a given password is changed first"
    );

    // Taken login, bad login, bad role: refused in the page, nothing created.
    for (login, role) in [
        ("a.sarsenova", "clerk"),
        ("Сәрсенова", "clerk"),
        ("b.x", "akim"),
    ] {
        let (status, page) = post(
            &app,
            &admin,
            "/staff/accounts",
            &[("login", login), ("full_name", "Б"), ("role", role)],
        )
        .await;
        assert_eq!(status, 422, "{login} {role}: {page}");
    }

    // Re-roled: the open session ends. Disabled: no sign-in. Enabled and reset: a new password.
    let id = id_of(&app, "a.sarsenova").await;
    let path = format!("/staff/accounts/{id}");
    assert_eq!(
        post(&app, &admin, &path, &[("action", "role"), ("role", "aide")])
            .await
            .0,
        200
    );
    assert_eq!(
        staff_page(&app, Some(&new)).await.status(),
        303,
        "the session ended"
    );
    assert_eq!(
        post(&app, &admin, &path, &[("action", "disable")]).await.0,
        200
    );
    assert_eq!(
        sign_in(&app, "a.sarsenova", &password).await.0.status(),
        401
    );
    assert_eq!(
        post(&app, &admin, &path, &[("action", "enable")]).await.0,
        200
    );
    let (status, page) = post(&app, &admin, &path, &[("action", "reset")]).await;
    assert_eq!(status, 200);
    let reset = issued(&page);
    assert_ne!(reset, password);
    assert_eq!(
        sign_in(&app, "a.sarsenova", &password).await.0.status(),
        401
    );
    assert_eq!(sign_in(&app, "a.sarsenova", &reset).await.0.status(), 303);
    let role: String = scalar(&app.store, "SELECT role FROM staff WHERE id = $1", id).await;
    assert_eq!(role, "aide");

    // The administrator's own account is not changed here; every change is audited.
    let own = format!("/staff/accounts/{}", id_of(&app, "admin-acc").await);
    assert_eq!(
        post(&app, &admin, &own, &[("action", "disable")]).await.0,
        422
    );
    let actions: Vec<String> = sqlx::query(
        "SELECT action FROM audit_log WHERE entity = 'staff' AND entity_id = $1 ORDER BY seq",
    )
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
            "create_account",
            "change_role",
            "disable_account",
            "enable_account",
            "reset_password"
        ]
    );
    let log: Vec<String> = sqlx::query("SELECT COALESCE(after, '') AS a FROM audit_log")
        .fetch_all(app.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("a").unwrap())
        .collect();
    assert!(
        log.iter()
            .all(|a| !a.contains(&password) && !a.contains(&reset)),
        "no password in the log"
    );
}

on_both_engines!(the_administrator_creates_disables_re_roles_and_resets_accounts);
