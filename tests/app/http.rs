//! The running application over HTTP, on SQLite and PostgreSQL.

use crate::helpers::{spawn_app, Engine};
use chrono::NaiveDate;
use qabyldau::rules::permissions::StaffRole;
use qabyldau::server::demo;

async fn healthz_reports_a_live_database(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

async fn healthz_reports_a_closed_database_as_unavailable(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    app.store.close().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 503);
}

async fn the_schedule_function_returns_the_month_of_every_official(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    demo::load_if_empty(&app.store, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
        .await
        .unwrap();
    let res = app
        .client
        .get(app.url("/api/schedule?month=2026-12"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["year"], 2026);
    assert_eq!(body["month"], 12);
    assert_eq!(body["akimat"]["ru"], "Аппарат акима Карагандинской области");
    let officials = body["officials"].as_array().unwrap();
    assert_eq!(officials[0]["official"]["role"], "akim");
    assert!(officials
        .iter()
        .filter(|o| o["official"]["role"] == "akim" || o["official"]["role"] == "deputy_akim")
        .all(|o| !o["days"].as_array().unwrap().is_empty()));
    for o in officials {
        for d in o["days"].as_array().unwrap() {
            assert!(d["date"].as_str().unwrap().starts_with("2026-12-"));
        }
    }
}

async fn a_malformed_month_is_a_clear_error_not_a_crash(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    let res = app
        .client
        .get(app.url("/api/schedule?month=2026-13"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body = res.text().await.unwrap();
    assert!(body.contains("YYYY-MM"), "{body}");
    assert!(
        body.contains("Укажите месяц") && body.contains("көрсетіңіз"),
        "{body}"
    );
}

async fn the_schedule_page_is_rendered_on_the_server_in_the_chosen_language(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    demo::load_if_empty(&app.store, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
        .await
        .unwrap();
    let kk = app
        .client
        .get(app.url("/?month=2026-12"))
        .send()
        .await
        .unwrap();
    assert_eq!(kk.status(), 200);
    let kk = kk.text().await.unwrap();
    assert!(kk.contains(r#"<html lang="kk""#));
    assert!(kk.contains("Сейітқали Ерлан Бауыржанұлы"));
    assert!(kk.contains("2026 жылғы желтоқсан"));

    let ru = app
        .client
        .get(app.url("/?month=2026-12&lang=ru"))
        .send()
        .await
        .unwrap();
    let cookie = ru
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lang=ru"), "{cookie}");
    let ru = ru.text().await.unwrap();
    assert!(ru.contains(r#"<html lang="ru""#));
    assert!(ru.contains("Сейткали Ерлан Бауржанович"));
    assert!(ru.contains("Декабрь 2026"));

    let remembered = app
        .client
        .get(app.url("/?month=2026-12"))
        .header("cookie", "lang=ru")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(remembered.contains(r#"<html lang="ru""#));
}

async fn pages_are_compressed_for_clients_that_accept_it(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers().get("content-encoding").unwrap(), "gzip");
}

async fn an_oversized_body_is_refused_before_any_handler(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    let res = app
        .client
        .post(app.url("/api/schedule"))
        .body(vec![b'a'; 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let m = qabyldau::model::messages::FORM_TOO_LARGE;
    let text = res.text().await.unwrap();
    assert!(text.contains(m.kk) && text.contains(m.ru), "{text}");
}

async fn only_pages_with_islands_load_the_script_and_the_wasm_bundle(engine: Engine) {
    let app = spawn_app(engine).await.unwrap();
    demo::load_if_empty(&app.store, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
        .await
        .unwrap();
    for (path, scripts) in [
        ("/", false),
        ("/?lang=ru&month=2026-12", false),
        ("/no-such-page", false),
        ("/request", true),
        ("/status", true),
    ] {
        let html = app.page(path).await;
        assert!(html.contains("<html"), "{path}: {html}");
        assert_eq!(html.contains(".wasm"), scripts, "{path}: the wasm bundle");
        assert_eq!(
            html.contains(r#"<script type="module""#),
            scripts,
            "{path}: the hydration script"
        );
    }
}

/// A form sent as something else than a form, a link whose number is not a number: refused in both
/// languages, with nothing of the framework's English.
async fn an_unreadable_form_or_link_is_refused_in_both_languages(engine: Engine) {
    use qabyldau::model::messages::{UNREADABLE_FORM, UNREADABLE_LINK};
    let app = spawn_app(engine).await.unwrap();
    let said = |text: &str, m: qabyldau::rules::lang::Tr| {
        assert!(text.contains(m.kk) && text.contains(m.ru), "{text}");
        assert!(
            !text.contains("deserialize") && !text.contains("parse"),
            "{text}"
        );
    };
    let res = app
        .client
        .post(app.url("/staff/login"))
        .header(reqwest::header::CONTENT_TYPE, "text/plain")
        .body("login=someone")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    said(&res.text().await.unwrap(), UNREADABLE_FORM);

    let clerk = crate::inbox::session(&app, "clerk-links", StaffRole::Clerk).await;
    let res = app
        .client
        .post(app.url("/staff/days/tomorrow/cancel"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[("reason", "sick_leave")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    said(&res.text().await.unwrap(), UNREADABLE_LINK);
}

on_both_engines!(
    an_unreadable_form_or_link_is_refused_in_both_languages,
    only_pages_with_islands_load_the_script_and_the_wasm_bundle,
    healthz_reports_a_live_database,
    healthz_reports_a_closed_database_as_unavailable,
    the_schedule_function_returns_the_month_of_every_official,
    a_malformed_month_is_a_clear_error_not_a_crash,
    the_schedule_page_is_rendered_on_the_server_in_the_chosen_language,
    pages_are_compressed_for_clients_that_accept_it,
    an_oversized_body_is_refused_before_any_handler,
);
