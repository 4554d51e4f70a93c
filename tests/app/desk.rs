//! The reception day on SQLite and PostgreSQL: the desk checks an applicant in (clause 10:
//! documents seen), calls them, marks them received; the aides' board shows it with queue
//! numbers and initials only.

use chrono::{NaiveTime, Utc};
use qabyldau::rules::{lang::Text, lifecycle::Event, permissions::StaffRole, time};
use qabyldau::server::{store::NewReceptionDay, workflow};
use sqlx::Row;

use crate::helpers::{staff_for, Engine, TestApp};
use crate::inbox::session;
use crate::requests::{app_with_officials, register, IIN};
use crate::staff::browser;

async fn post(app: &TestApp, cookie: &str, number: &str, form: &[(&str, String)]) -> u16 {
    browser(app)
        .post(app.url(&format!("/staff/desk/{number}")))
        .header(reqwest::header::COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn state_of(app: &TestApp, number: &str) -> (String, String) {
    let r = sqlx::query("SELECT status, version FROM requests WHERE number = $1")
        .bind(number)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    (
        r.try_get("status").unwrap(),
        r.try_get::<i64, _>("version").unwrap().to_string(),
    )
}

async fn board(app: &TestApp, cookie: &str) -> (u16, String) {
    let res = browser(app)
        .get(app.url("/api/board"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn the_desk_checks_in_calls_and_receives_and_the_board_shows_initials_only(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let today = time::to_local(Utc::now()).date();
    let day = app
        .store
        .add_reception_day(&NewReceptionDay {
            official_id: akim,
            date: today,
            starts: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            ends: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            place: Text::new("Қабылдау бөлмесі", "Приёмная"),
        })
        .await
        .unwrap();
    let (id, number) = register(&app, akim, "k-desk-0001").await;
    for event in [Event::Review, Event::Propose, Event::Approve] {
        crate::helpers::step(&app.store, id, event).await.unwrap();
    }
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    workflow::schedule(
        &app.store,
        id,
        day,
        nine,
        None,
        staff_for(Event::Allocate),
        Utc::now(),
    )
    .await
    .unwrap();
    let clerk = session(&app, "clerk-desk", StaffRole::Clerk).await;
    let aide = session(&app, "aide-desk", StaffRole::Aide).await;

    let act = |what: &str, version: String, seen: bool| {
        let mut form = vec![
            ("action", what.to_owned()),
            ("shown", String::new()),
            ("version", version),
        ];
        if seen {
            form.push(("identity_seen", "on".into()));
        }
        form
    };
    let (status, version) = state_of(&app, &number).await;
    let mut check_in = act("check_in", version.clone(), false);
    check_in[1].1 = status.clone();
    assert_eq!(
        post(&app, &aide, &number, &check_in).await,
        403,
        "the aide only watches"
    );
    assert_eq!(
        post(&app, &clerk, &number, &check_in).await,
        422,
        "documents not seen (10)"
    );
    let mut check_in = act("check_in", version, true);
    check_in[1].1 = status;
    assert_eq!(post(&app, &clerk, &number, &check_in).await, 303);
    assert_eq!(state_of(&app, &number).await.0, "arrived");

    let (status, page) = board(&app, &aide).await;
    assert_eq!(status, 200);
    let b: serde_json::Value = serde_json::from_str(&page).unwrap();
    assert_eq!(b[0]["next"], serde_json::json!([1, "С. Е."]), "{b}");
    assert_eq!(b[0]["now"], serde_json::Value::Null);
    for private in [IIN, "Сәрсенов", "7012345678", "erlan@example.kz"] {
        assert!(!page.contains(private), "{private} on the board: {page}");
    }

    assert_eq!(
        post(&app, &clerk, &number, &act("call", String::new(), false)).await,
        303
    );
    assert_eq!(
        post(&app, &clerk, &number, &act("call", String::new(), false)).await,
        409,
        "once"
    );
    let b: serde_json::Value = serde_json::from_str(&board(&app, &aide).await.1).unwrap();
    assert_eq!(b[0]["now"], serde_json::json!([1, "С. Е."]));
    let (status, version) = state_of(&app, &number).await;
    let mut receive = act("receive", version, false);
    receive[1].1 = status;
    assert_eq!(post(&app, &clerk, &number, &receive).await, 303);
    let b: serde_json::Value = serde_json::from_str(&board(&app, &aide).await.1).unwrap();
    assert_eq!(
        (b[0]["done"].as_i64(), b[0]["waiting"].as_i64()),
        (Some(1), Some(0))
    );
    // Signed out, no board.
    assert_eq!(board(&app, "qabyldau_staff=none").await.0, 401);
}

/// Clause 13 at the desk: an out-of-turn applicant whose proof is not seen at check-in keeps
/// the ordinary turn; with the proof seen they go first among those of the same slot.
async fn an_out_of_turn_applicant_without_proof_keeps_the_ordinary_turn(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let today = time::to_local(Utc::now()).date();
    let day = app
        .store
        .add_reception_day(&NewReceptionDay {
            official_id: akim,
            date: today,
            starts: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            ends: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            place: Text::new("Қабылдау бөлмесі", "Приёмная"),
        })
        .await
        .unwrap();
    sqlx::query("UPDATE reception_days SET seats_per_slot = 3 WHERE id = $1")
        .bind(day)
        .execute(app.store.pool())
        .await
        .unwrap();
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    let mut numbers = Vec::new();
    for (i, out_of_turn) in [false, true, true].into_iter().enumerate() {
        let (id, number) = register(&app, akim, &format!("k-desk-turn-{i}")).await;
        if out_of_turn {
            sqlx::query("UPDATE requests SET out_of_turn = 'person_with_disability' WHERE id = $1")
                .bind(id)
                .execute(app.store.pool())
                .await
                .unwrap();
        }
        for event in [Event::Review, Event::Propose, Event::Approve] {
            crate::helpers::step(&app.store, id, event).await.unwrap();
        }
        workflow::schedule(
            &app.store,
            id,
            day,
            nine,
            None,
            staff_for(Event::Allocate),
            Utc::now(),
        )
        .await
        .unwrap();
        numbers.push(number);
    }
    let clerk = session(&app, "clerk-turn", StaffRole::Clerk).await;
    // The second shows no proof; the third does.
    for (number, proof) in [
        (&numbers[0], false),
        (&numbers[1], false),
        (&numbers[2], true),
    ] {
        let (status, version) = state_of(&app, number).await;
        let mut form = vec![
            ("action", "check_in".to_owned()),
            ("shown", status),
            ("version", version),
            ("identity_seen", "on".to_owned()),
        ];
        if proof {
            form.push(("proof_seen", "on".to_owned()));
        }
        assert_eq!(post(&app, &clerk, number, &form).await, 303);
    }
    let desk: serde_json::Value = browser(&app)
        .get(app.url("/api/staff/desk"))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let order: Vec<&str> = desk
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            numbers[2].as_str(),
            numbers[0].as_str(),
            numbers[1].as_str()
        ],
        "proven out of turn first, then the ordinary turn in order of registration"
    );
    assert_eq!(desk[2]["out_of_turn_unproven"], true);
    assert_eq!(desk[0]["out_of_turn_unproven"], false);
    let logged: String = crate::helpers::scalar(
        &app.store,
        "SELECT after FROM audit_log WHERE action = 'check_in' AND entity_id = \
         (SELECT id FROM requests WHERE number = $1)",
        numbers[1].clone(),
    )
    .await;
    assert!(logged.contains("proof not seen"), "{logged}");
    // The quarter's report counts as out of turn only the one whose proof was seen.
    let (body_status, body) = crate::control::get_page(&app, &clerk, "/api/staff/report").await;
    assert_eq!(body_status, 200, "{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["out_of_turn"], 1, "{report}");
}

on_both_engines!(
    the_desk_checks_in_calls_and_receives_and_the_board_shows_initials_only,
    an_out_of_turn_applicant_without_proof_keeps_the_ordinary_turn,
);
