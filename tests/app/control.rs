//! The protocol of a reception and the control of its instructions, over HTTP as the
//! department works it, on SQLite and PostgreSQL (clauses 25, 34, 35, 37).

use chrono::Utc;
use qabyldau::rules::{lifecycle::Event, permissions::StaffRole, time};
use qabyldau::server::{audit, workflow};
use sqlx::Row;

use crate::helpers::{scalar, staff_for, Engine, TestApp};
use crate::inbox::session;
use crate::requests::{app_with_officials, register, schedule_at_half_past_three};
use crate::staff::browser;

async fn post(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, String)]) -> (u16, String) {
    let res = browser(app)
        .post(app.url(path))
        .header(reqwest::header::COOKIE, cookie)
        .form(fields)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The card's hidden fields: the status and version it showed.
async fn shown(app: &TestApp, number: &str) -> Vec<(&'static str, String)> {
    let row = sqlx::query("SELECT status, version FROM requests WHERE number = $1")
        .bind(number)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    vec![
        ("shown", row.try_get::<String, _>("status").unwrap()),
        (
            "version",
            row.try_get::<i64, _>("version").unwrap().to_string(),
        ),
    ]
}

async fn give(
    app: &TestApp,
    cookie: &str,
    number: &str,
    executor: &str,
    due: chrono::NaiveDate,
) -> (u16, String) {
    let mut fields = shown(app, number).await;
    fields.extend([
        ("executor", executor.to_owned()),
        (
            "content",
            "Проверить и отремонтировать кровлю дома".to_owned(),
        ),
        ("due", due.to_string()),
    ]);
    post(
        app,
        cookie,
        &format!("/staff/requests/{number}/instructions"),
        &fields,
    )
    .await
}

async fn status_of(app: &TestApp, id: i64) -> String {
    scalar(&app.store, "SELECT status FROM requests WHERE id = $1", id).await
}

async fn open_instructions(app: &TestApp, id: i64) -> Vec<i64> {
    sqlx::query("SELECT id FROM instructions WHERE request_id = $1 AND done_on IS NULL ORDER BY id")
        .bind(id)
        .fetch_all(app.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("id").unwrap())
        .collect()
}

/// A received request: its protocol's instructions put it under control, each is reported
/// done, and only then does the final answer close it and go to the applicant, every step
/// audited; a request of the same applicant is then not given to the executor who resolved
/// this one.
async fn a_reception_becomes_instructions_under_control_and_a_final_answer_closes_it_clauses_25_34_35_37(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-control", StaffRole::Clerk).await;
    let aide = session(&app, "aide-control", StaffRole::Aide).await;
    let (id, number) = register(&app, akim, "k-control-0001").await;
    schedule_at_half_past_three(&app, id, akim).await;
    for event in [Event::CheckIn, Event::Receive] {
        workflow::advance(&app.store, id, event, staff_for(event), Utc::now())
            .await
            .unwrap();
    }
    let today = time::to_local(Utc::now()).date();
    let due = today + chrono::Duration::days(10);

    // The aide watches; an instruction without a deadline, or one in the past, is refused.
    assert_eq!(
        give(&app, &aide, &number, "Управление ЖКХ", due).await.0,
        403
    );
    let (status, page) = give(
        &app,
        &clerk,
        &number,
        "Управление ЖКХ",
        today.pred_opt().unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Срок исполнения (п. 25)") || page.contains("Орындау мерзімі (25-т.)"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="Управление ЖКХ""#)
            && page.contains("Проверить и отремонтировать кровлю дома</textarea>"),
        "what was typed is filled in again: {page}"
    );
    let (status, _) = give(&app, &clerk, &number, "   ", due).await;
    assert_eq!(status, 422);
    assert_eq!(status_of(&app, id).await, "received");

    // Two instructions: the first puts the request under control.
    assert_eq!(
        give(&app, &clerk, &number, "Управление ЖКХ", due).await.0,
        303
    );
    assert_eq!(status_of(&app, id).await, "under_control");
    assert_eq!(
        give(&app, &clerk, &number, "Иванов А.А., аким района", due)
            .await
            .0,
        303
    );
    let open = open_instructions(&app, id).await;
    assert_eq!(open.len(), 2);

    // The department's control list has both, nearest deadline first, with no personal data;
    // a receiving official (no inbox) is refused it.
    let list: serde_json::Value = browser(&app)
        .get(app.url("/api/staff/control"))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["instruction_id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, open);
    assert_eq!(list[0]["number"], number.as_str());
    assert_eq!(list[0]["urgency"], "later");
    for personal in ["Сәрсенов", crate::requests::IIN, "7012345678"] {
        assert!(!list.to_string().contains(personal), "{list}");
    }
    let official = session(&app, "official-control", StaffRole::ReceivingOfficial).await;
    let refused = browser(&app)
        .get(app.url("/api/staff/control"))
        .header(reqwest::header::COOKIE, &official)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    // The inbox's next term for it is the nearest instruction's deadline (25).
    let (_, page) = crate::inbox::inbox(&app, &clerk, &[("status", "under_control")]).await;
    let row = &page["rows"][0];
    assert_eq!(row["number"], number.as_str());
    assert_eq!(row["term"][0], due.to_string());
    assert_eq!(row["term"][1], "25");

    // The card lists them with their deadlines; the final answer waits for both.
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
        card.contains("Иванов А.А., аким района") && card.contains(r#"data-clause="25""#),
        "{card}"
    );
    assert!(
        !card.contains("/answer\"") && (card.contains("пп. 34, 35") || card.contains("34, 35-т.")),
        "no answer form while instructions are open: {card}"
    );
    let answer = |text: &str| {
        let text = text.to_owned();
        let (app, number) = (&app, &number);
        async move {
            let mut fields = shown(app, number).await;
            fields.push(("answer", text));
            fields
        }
    };
    let (status, page) = post(
        &app,
        &clerk,
        &format!("/staff/requests/{number}/answer"),
        &answer("Кровля отремонтирована.").await,
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("34, 35-т."),
        "the card speaks the clerk's Kazakh: {page}"
    );
    assert!(
        page.contains("Кровля отремонтирована.</textarea>"),
        "the answer is kept: {page}"
    );
    assert_eq!(status_of(&app, id).await, "under_control");

    // Each reported done, once; the aide may not.
    let done = |cookie: &str, instruction: i64, report: &str| {
        let path = format!("/staff/requests/{number}/instructions/{instruction}");
        let fields = vec![("report", report.to_owned())];
        let (app, cookie) = (&app, cookie.to_owned());
        async move { post(app, &cookie, &path, &fields).await.0 }
    };
    assert_eq!(done(&aide, open[0], "Сделано").await, 403);
    assert_eq!(done(&clerk, open[0], "  ").await, 422);
    assert_eq!(
        done(&clerk, open[0], "Кровля отремонтирована 5 декабря").await,
        303
    );
    assert_eq!(done(&clerk, open[0], "Ещё раз").await, 409, "recorded once");
    assert_eq!(
        done(&clerk, 999_999, "Сделано").await,
        404,
        "no such instruction"
    );
    assert_eq!(
        done(&clerk, open[1], "Аким района проверил работу на месте").await,
        303
    );
    let page = browser(&app)
        .get(app.url("/staff/control"))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("data-instruction="),
        "done instructions leave the list: {page}"
    );
    let list: serde_json::Value = browser(&app)
        .get(app.url("/api/staff/control"))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list, serde_json::json!([]));

    // The final answer: refused empty, then the request is closed and the applicant told.
    let (status, _) = post(
        &app,
        &clerk,
        &format!("/staff/requests/{number}/answer"),
        &answer(" ").await,
    )
    .await;
    assert_eq!(status, 422);
    let (status, page) = post(
        &app,
        &clerk,
        &format!("/staff/requests/{number}/answer"),
        &answer("Кровля дома отремонтирована, работы приняты комиссией.").await,
    )
    .await;
    assert_eq!(status, 303, "{page}");
    assert_eq!(status_of(&app, id).await, "closed");
    let body: String = scalar(
        &app.store,
        "SELECT body FROM outbox WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
        id,
    )
    .await;
    // The form asked for answers in Kazakh: the letter is Kazakh, with the answer as written.
    assert!(
        body.contains("түпкілікті жауап") && body.contains("работы приняты комиссией"),
        "{body}"
    );
    let actions: Vec<String> = sqlx::query(
        "SELECT action FROM audit_log WHERE entity_id = $1 AND entity = 'request' ORDER BY seq",
    )
    .bind(id)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("action").unwrap())
    .collect();
    assert_eq!(
        actions[actions.len() - 5..],
        [
            "record_protocol",
            "record_protocol",
            "instruction_done",
            "instruction_done",
            "final_answer"
        ]
    );
    assert!(matches!(
        audit::verify(&app.store).await.unwrap(),
        audit::Verdict::Intact { .. }
    ));
    // Closed: nothing more is given or answered.
    assert_eq!(
        give(&app, &clerk, &number, "Управление ЖКХ", due).await.0,
        409
    );

    // Clause 37: the same applicant's next request from a reception goes to someone else.
    let (second, second_number) = register(&app, akim, "k-control-0002").await;
    sqlx::query("UPDATE requests SET status = 'received' WHERE id = $1")
        .bind(second)
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, page) = give(
        &app,
        &clerk,
        &second_number,
        "иванов а. а., АКИМ РАЙОНА",
        due,
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("п. 37") || page.contains("37-т."), "{page}");
    assert!(
        page.contains(&number),
        "the earlier request is named: {page}"
    );
    assert_eq!(status_of(&app, second).await, "received");
    assert_eq!(
        give(
            &app,
            &clerk,
            &second_number,
            "Петров Б.Б., заместитель акима района",
            due
        )
        .await
        .0,
        303
    );
    assert_eq!(status_of(&app, second).await, "under_control");
    // Another question of the same applicant may go to the same executor.
    let mut other = crate::requests::form(akim, "k-control-0003");
    for (k, v) in other.iter_mut() {
        match *k {
            "topic_id" => *v = "heating".into(),
            "essence" => {
                *v = "В квартире холодно, батареи едва тёплые с начала отопительного сезона".into()
            }
            _ => {}
        }
    }
    let res = crate::requests::post_form(&app, &other).await;
    assert_eq!(res.status(), 303);
    let third_number = crate::requests::number_of(res.headers()["location"].to_str().unwrap());
    sqlx::query("UPDATE requests SET status = 'received' WHERE number = $1")
        .bind(&third_number)
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, page) = give(&app, &clerk, &third_number, "Иванов А.А., аким района", due).await;
    assert_eq!(status, 303, "{page}");
}

on_both_engines!(
    a_reception_becomes_instructions_under_control_and_a_final_answer_closes_it_clauses_25_34_35_37,
    an_instruction_and_the_final_answer_at_once_never_close_an_open_protocol_clauses_34_35,
);

/// An instruction given at the moment the final answer is sent: one of the two happens, and
/// never a request closed with an open instruction.
async fn an_instruction_and_the_final_answer_at_once_never_close_an_open_protocol_clauses_34_35(
    engine: Engine,
) {
    use qabyldau::rules::control::check_instruction;
    use qabyldau::server::control;
    let (app, akim) = app_with_officials(engine).await;
    let today = time::to_local(Utc::now()).date();
    for round in 0..6 {
        let (id, _) = register(&app, akim, &format!("k-control-race-{round}")).await;
        sqlx::query("UPDATE requests SET status = 'received' WHERE id = $1")
            .bind(id)
            .execute(app.store.pool())
            .await
            .unwrap();
        let given = check_instruction(
            "Управление ЖКХ",
            "Проверить подъезд",
            Some(today + chrono::Duration::days(3)),
            today,
        )
        .unwrap();
        let (store_a, store_b) = (app.store.clone(), app.store.clone());
        let actor = staff_for(Event::RecordProtocol);
        let give = tokio::spawn(async move {
            control::give(
                &store_a,
                id,
                workflow::Shown::Current,
                &given,
                actor,
                Utc::now(),
            )
            .await
        });
        let answer = tokio::spawn(async move {
            control::final_answer(
                &store_b,
                id,
                workflow::Shown::Current,
                "Вопрос решён на приёме.",
                staff_for(Event::FinalAnswer),
                Utc::now(),
            )
            .await
        });
        let given_ok = give.await.unwrap().is_ok();
        let answered_ok = answer.await.unwrap().is_ok();
        let status = status_of(&app, id).await;
        let open = open_instructions(&app, id).await.len();
        // The answer first closes it (the instruction is then refused); the instruction
        // first keeps it under control (the answer then waits for it to be done).
        match (given_ok, answered_ok) {
            (false, true) => assert_eq!((status.as_str(), open), ("closed", 0), "round {round}"),
            (true, false) => {
                assert_eq!(
                    (status.as_str(), open),
                    ("under_control", 1),
                    "round {round}"
                )
            }
            other => panic!("round {round}: exactly one happens, not {other:?}"),
        }
    }
}
