//! The clerk's intake of the other channels of clause 4 on SQLite and PostgreSQL: the same
//! checks as the web form, the time of arrival (clause 27 counts from it), the external
//! number, the audit row, and a letter without the essence of its question left without
//! consideration with a notice (clause 5).

use chrono::{Duration, Utc};
use qabyldau::rules::{deadlines, permissions::StaffRole, time};
use sqlx::Row;

use crate::helpers::{scalar, Engine, TestApp};
use crate::inbox::session;
use crate::requests::{app_with_officials, form};
use crate::staff::browser;

/// Posts the intake server function as the page does; its status and body.
async fn intake(
    app: &TestApp,
    cookie: &str,
    official: i64,
    key: &str,
    extra: &[(&str, &str)],
) -> (u16, String) {
    let mut fields: Vec<(String, String)> = form(official, key)
        .into_iter()
        .map(|(k, v)| (format!("form[{k}]"), v))
        .collect();
    for (k, v) in extra {
        fields.retain(|(name, _)| name != k);
        fields.push(((*k).to_owned(), (*v).to_owned()));
    }
    let res = browser(app)
        .post(app.url("/api/staff/intake"))
        .header(reqwest::header::COOKIE, cookie)
        .form(&fields)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn local_minute(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

async fn row(app: &TestApp, key: &str) -> sqlx::any::AnyRow {
    sqlx::query(
        "SELECT id, number, channel, status, received_local, registered_local, registration_due, \
         answer_due, external_number FROM requests WHERE idempotency_key = $1",
    )
    .bind(key)
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

async fn a_clerk_registers_a_letter_that_arrived_days_ago(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-intake", StaffRole::Clerk).await;
    let now = time::to_local(Utc::now());
    // A letter that arrived a week ago (to the minute, as the form gives it), registered today.
    let arrived = chrono::NaiveDateTime::parse_from_str(
        &local_minute(now - Duration::days(7)),
        "%Y-%m-%dT%H:%M",
    )
    .unwrap();
    let (status, body) = intake(
        &app,
        &clerk,
        akim,
        "k-intake-0001",
        &[
            ("intake[channel]", "paper"),
            ("intake[received]", &local_minute(arrived)),
            ("intake[external_number]", "ЭДО-12/345"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Registered"), "{body}");
    let r = row(&app, "k-intake-0001").await;
    assert_eq!(r.try_get::<String, _>("channel").unwrap(), "paper");
    assert_eq!(r.try_get::<String, _>("status").unwrap(), "registered");
    assert_eq!(
        r.try_get::<Option<String>, _>("external_number")
            .unwrap()
            .as_deref(),
        Some("ЭДО-12/345")
    );
    // Clause 27 counts from the arrival, clause 31 from the registration (today).
    assert_eq!(
        r.try_get::<String, _>("registration_due").unwrap(),
        deadlines::registration_due(arrived).to_string()
    );
    let registered = deadlines::effective_receipt(now).date();
    assert_eq!(
        r.try_get::<String, _>("answer_due").unwrap(),
        deadlines::answer_due(registered).to_string()
    );
    assert!(r
        .try_get::<Option<String>, _>("registered_local")
        .unwrap()
        .is_some());
    // Audited as the clerk's, told to the applicant, in the inbox by its channel.
    let id: i64 = r.try_get("id").unwrap();
    let actor: String = scalar(
        &app.store,
        "SELECT actor FROM audit_log WHERE entity_id = $1 AND action = 'register_intake'",
        id,
    )
    .await;
    assert!(
        actor.starts_with("staff:") && actor.ends_with(":clerk"),
        "{actor}"
    );
    let notices: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM outbox WHERE request_id = $1",
        id,
    )
    .await;
    assert_eq!(notices, 1);
    let page = browser(&app)
        .get(app.url("/api/staff/inbox?query[channel]=paper"))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");

    // The same checks as the web form: a bad IIN is an answer beside the field.
    let (status, body) = intake(
        &app,
        &clerk,
        akim,
        "k-intake-0002",
        &[
            ("intake[channel]", "egov"),
            ("intake[received]", &local_minute(now)),
            ("form[iin]", "123"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("Invalid") && body.contains("iin"), "{body}");
    // A time of arrival in the future, a channel that is not one of clause 4's, a role
    // that may not register: refused, in both languages.
    let tomorrow = local_minute(now + Duration::days(1));
    for (extra, expected) in [
        (
            vec![
                ("intake[channel]", "paper"),
                ("intake[received]", tomorrow.as_str()),
            ],
            422,
        ),
        (
            vec![("intake[channel]", "web"), ("intake[received]", "")],
            422,
        ),
        (
            vec![("intake[channel]", "fax"), ("intake[received]", "")],
            422,
        ),
    ] {
        let (status, body) = intake(&app, &clerk, akim, "k-intake-0003", &extra).await;
        assert_eq!(status, expected, "{extra:?}: {body}");
    }
    let aide = session(&app, "aide-intake", StaffRole::Aide).await;
    let received = local_minute(now);
    let paper = [
        ("intake[channel]", "paper"),
        ("intake[received]", received.as_str()),
    ];
    assert_eq!(
        intake(&app, &aide, akim, "k-intake-0004", &paper).await.0,
        403
    );
}

async fn a_letter_without_the_essence_is_registered_and_left_without_consideration(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-essence", StaffRole::HeadOfDepartment).await;
    let received = local_minute(time::to_local(Utc::now()));
    let (status, body) = intake(
        &app,
        &clerk,
        akim,
        "k-essence-0001",
        &[
            ("intake[channel]", "by_hand"),
            ("intake[received]", &received),
            ("intake[no_essence]", "on"),
            ("form[essence]", ""),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let r = row(&app, "k-essence-0001").await;
    assert_eq!(
        r.try_get::<String, _>("status").unwrap(),
        "left_without_consideration"
    );
    let id: i64 = r.try_get("id").unwrap();
    let subjects: Vec<String> =
        sqlx::query("SELECT subject FROM outbox WHERE request_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(app.store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("subject").unwrap())
            .collect();
    assert_eq!(
        subjects.len(),
        2,
        "registered, then left (clause 5): {subjects:?}"
    );
    assert!(subjects[1].contains("қаралмайды"), "{subjects:?}");
    // An oral request's essence is asked for there and then: the mark is refused.
    let (status, body) = intake(
        &app,
        &clerk,
        akim,
        "k-essence-0002",
        &[
            ("intake[channel]", "oral"),
            ("intake[received]", &received),
            ("intake[no_essence]", "on"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("пункт 5"), "{body}");
    // An oral request registered: its coupon prints as the web one does.
    let (status, body) = intake(
        &app,
        &clerk,
        akim,
        "k-essence-0003",
        &[("intake[channel]", "oral"), ("intake[received]", &received)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let number: String = row(&app, "k-essence-0003").await.try_get("number").unwrap();
    let coupon = app
        .page(&format!("/coupon/{number}?key=k-essence-0003"))
        .await;
    assert!(coupon.contains(&number), "{coupon}");
}

/// Clause 3: an applicant who came in person is received the same day by a head of a
/// department (with their agreement); not by the akim, whose receptions follow the schedule.
async fn a_walk_in_is_received_the_same_day_by_a_head_of_department_clause_3(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let head = app
        .store
        .officials()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.role == qabyldau::rules::duties::OfficialRole::HeadOfDepartment)
        .unwrap()
        .id;
    let clerk = session(&app, "clerk-walk-in", StaffRole::Clerk).await;
    let now = local_minute(time::to_local(Utc::now()));
    let card = |number: String| {
        let (app, clerk) = (&app, clerk.clone());
        async move {
            browser(app)
                .get(app.url(&format!("/api/staff/card?number={number}")))
                .header(reqwest::header::COOKIE, clerk)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let receive = |number: String, version: String| {
        let (app, clerk) = (&app, clerk.clone());
        async move {
            browser(app)
                .post(app.url(&format!("/staff/requests/{number}")))
                .header(reqwest::header::COOKIE, clerk)
                .form(&[
                    ("action", "receive_same_day".to_owned()),
                    ("shown", "registered".to_owned()),
                    ("version", version),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for (official, key, may) in [(head, "k-walk-in-1", true), (akim, "k-walk-in-2", false)] {
        let (status, body) = intake(
            &app,
            &clerk,
            official,
            key,
            &[("intake[channel]", "oral"), ("intake[received]", &now)],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let r = row(&app, key).await;
        let number: String = r.try_get("number").unwrap();
        let shown = card(number.clone()).await;
        assert_eq!(shown["same_day"], may, "{key}");
        let version = shown["version"].as_i64().unwrap().to_string();
        let answer = receive(number.clone(), version).await;
        let status: String = scalar(
            &app.store,
            "SELECT status FROM requests WHERE number = $1",
            number,
        )
        .await;
        if may {
            assert_eq!(answer, 303);
            assert_eq!(status, "received");
        } else {
            assert_eq!(answer, 422, "the akim receives on the schedule");
            assert_eq!(status, "registered");
        }
    }
}

on_both_engines!(
    a_clerk_registers_a_letter_that_arrived_days_ago,
    a_letter_without_the_essence_is_registered_and_left_without_consideration,
    a_walk_in_is_received_the_same_day_by_a_head_of_department_clause_3,
);
