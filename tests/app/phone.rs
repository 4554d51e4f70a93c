//! Notices that cannot be e-mailed, on SQLite and PostgreSQL: staff see them with the number
//! to call and the text to read out, and a recorded call (audited) takes one off the list.

use qabyldau::rules::permissions::StaffRole;

use crate::helpers::{scalar, Engine, TestApp};
use crate::inbox::session;
use crate::requests::{app_with_officials, form, post_form};
use crate::staff::browser;

async fn list(app: &TestApp, cookie: &str) -> (u16, serde_json::Value) {
    let res = browser(app)
        .get(app.url("/api/staff/phone"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

async fn call(app: &TestApp, cookie: &str, outbox_id: i64, note: &str) -> u16 {
    browser(app)
        .post(app.url(&format!("/staff/phone/{outbox_id}")))
        .header(reqwest::header::COOKIE, cookie)
        .form(&[("note", note)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn a_notice_without_an_email_is_phoned_through_and_recorded(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-phone", StaffRole::Clerk).await;
    let aide = session(&app, "aide-phone", StaffRole::Aide).await;
    let mut fields = form(akim, "k-phone-0001");
    fields.retain(|(k, _)| *k != "email");
    let res = post_form(&app, &fields).await;
    assert_eq!(res.status(), 303);

    let (status, calls) = list(&app, &clerk).await;
    assert_eq!(status, 200);
    let calls = calls.as_array().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["phone"], "+77012345678");
    assert_eq!(calls[0]["lang"], "kk");
    assert!(calls[0]["body"].as_str().unwrap().contains("Құрметті"));
    assert_eq!(
        list(&app, &aide).await.0,
        403,
        "the aide does not phone applicants"
    );

    let id = calls[0]["outbox_id"].as_i64().unwrap();
    assert_eq!(call(&app, &aide, id, "—").await, 403);
    assert_eq!(call(&app, &clerk, id, &"ы".repeat(501)).await, 422);
    assert_eq!(
        call(&app, &clerk, id, "Жауап берді, хабарламаны тыңдады").await,
        303
    );
    assert_eq!(list(&app, &clerk).await.1, serde_json::json!([]));
    assert_eq!(
        call(&app, &clerk, id, "again").await,
        409,
        "once per notice"
    );
    let note: String = scalar(
        &app.store,
        "SELECT after FROM audit_log WHERE action = 'phoned' AND entity_id = $1",
        id,
    )
    .await;
    assert!(note.contains("тыңдады"));
}

on_both_engines!(a_notice_without_an_email_is_phoned_through_and_recorded);
