//! The protocol of a reception and the control of its instructions, over HTTP as the
//! department works it, on SQLite and PostgreSQL (clauses 25, 34, 35, 37).

use chrono::{Datelike, Utc};
use qabyldau::rules::{calendar, lifecycle::Event, permissions::StaffRole, time};
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
        crate::helpers::step(&app.store, id, event).await.unwrap();
    }
    let today = time::to_local(Utc::now()).date();
    let due = calendar::on_or_next_working_day(today + chrono::Duration::days(10));

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
    // A deadline on a day off (the next Sunday that is one) is refused, naming a working day
    // to choose instead.
    let mut sunday = today + chrono::Duration::days(1);
    while sunday.weekday() != chrono::Weekday::Sun || calendar::is_working_day(sunday) {
        sunday = sunday.succ_opt().unwrap();
    }
    let (status, page) = give(&app, &clerk, &number, "Управление ЖКХ", sunday).await;
    assert_eq!(status, 422);
    let before = calendar::on_or_previous_working_day(sunday);
    let offered = calendar::dmy(if before >= today {
        before
    } else {
        calendar::next_working_day(sunday)
    });
    assert!(
        page.contains(&format!("например {offered}"))
            || page.contains(&format!("мысалы {offered}")),
        "{page}"
    );
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
    let list: serde_json::Value =
        serde_json::from_str(&get_page(&app, &clerk, "/api/staff/control").await.1).unwrap();
    let listed: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["instruction_id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, open);
    assert_eq!(
        (list["open"].as_i64(), list["overdue"].as_i64()),
        (Some(2), Some(0))
    );
    assert_eq!(list["items"][0]["number"], number.as_str());
    assert_eq!(list["items"][0]["urgency"], "later");
    for personal in ["Сәрсенов", crate::requests::IIN, "7012345678"] {
        assert!(!list.to_string().contains(personal), "{list}");
    }
    let official = session(&app, "official-control", StaffRole::ReceivingOfficial).await;
    let (refused, _) = get_page(&app, &official, "/api/staff/control").await;
    assert_eq!(refused, 403);

    // The inbox's next term for it is the nearest instruction's deadline (25).
    let (_, page) = crate::inbox::inbox(&app, &clerk, &[("status", "under_control")]).await;
    let row = &page["rows"][0];
    assert_eq!(row["number"], number.as_str());
    assert_eq!(row["term"][0], due.to_string());
    assert_eq!(row["term"][1], "25");

    // The card lists them with their deadlines; the final answer waits for both.
    let (_, card) = get_page(&app, &clerk, &format!("/staff/requests/{number}")).await;
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
    let (_, page) = get_page(&app, &clerk, "/staff/control").await;
    assert!(
        !page.contains("data-instruction="),
        "done instructions leave the list: {page}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&get_page(&app, &clerk, "/api/staff/control").await.1).unwrap();
    assert_eq!(
        list,
        serde_json::json!({ "items": [], "open": 0, "overdue": 0 })
    );

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
    the_quarterly_report_counts_the_quarters_requests_and_instructions_clause_40,
    the_consulted_and_those_who_declined_are_asked_once_and_counted_clause_38,
    applications_from_a_reception_are_registered_with_their_scans_clause_36,
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
            Some(calendar::on_or_next_working_day(
                today + chrono::Duration::days(3),
            )),
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

/// A signed-in staff member's GET of `path`: the status and the body.
pub(crate) async fn get_page(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let res = browser(app)
        .get(app.url(path))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The quarter's figures for the department's report (clause 40): requests by channel,
/// status and topic, refusals by clause, and the protocols' instructions, overdue counted.
async fn the_quarterly_report_counts_the_quarters_requests_and_instructions_clause_40(
    engine: Engine,
) {
    use qabyldau::rules::{control::check_instruction, lang::Text};
    use qabyldau::server::control;
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-report", StaffRole::Clerk).await;
    let official = session(&app, "official-report", StaffRole::ReceivingOfficial).await;
    let (refused, _) = register(&app, akim, "k-report-0001").await;
    let (received, _) = register(&app, akim, "k-report-0002").await;
    let mut other = crate::requests::form(akim, "k-report-0003");
    for (k, v) in other.iter_mut() {
        match *k {
            "topic_id" => *v = "heating".into(),
            "iin" => *v = "700215310002".into(),
            _ => {}
        }
    }
    assert_eq!(crate::requests::post_form(&app, &other).await.status(), 303);
    let reason = Text::new("құзыретке жатпайды", "вне компетенции");
    let actor = staff_for(Event::Refuse);
    workflow::refuse_shown(
        &app.store,
        refused,
        workflow::Shown::Current,
        "16.1",
        &reason,
        actor,
        Utc::now(),
    )
    .await
    .unwrap();
    sqlx::query("UPDATE requests SET status = 'received' WHERE id = $1")
        .bind(received)
        .execute(app.store.pool())
        .await
        .unwrap();
    let today = time::to_local(Utc::now()).date();
    let due = calendar::on_or_next_working_day(today);
    let given = check_instruction("Управление ЖКХ", "Проверить", Some(due), today).unwrap();
    let actor = staff_for(Event::RecordProtocol);
    control::give(
        &app.store,
        received,
        workflow::Shown::Current,
        &given,
        actor,
        Utc::now(),
    )
    .await
    .unwrap();
    // The weeks pass: its deadline is behind us.
    sqlx::query("UPDATE instructions SET due_on = '2000-01-03' WHERE request_id = $1")
        .bind(received)
        .execute(app.store.pool())
        .await
        .unwrap();
    // The control list counts it overdue, and says how many it shows of how many.
    let list = control::open_list(&app.store, today, 0).await.unwrap();
    assert_eq!((list.items.len(), list.open, list.overdue), (0, 1, 1));
    let (_, page) = get_page(&app, &clerk, "/staff/control").await;
    assert!(
        page.contains(r#"data-overdue="1""#) && page.contains(r#"data-open="1""#),
        "{page}"
    );

    let (status, body) = get_page(&app, &clerk, "/api/staff/report").await;
    assert_eq!(status, 200, "{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["received"], 3);
    assert_eq!(report["by_channel"], serde_json::json!([["web", 3]]));
    assert_eq!(report["refusals"], serde_json::json!([["16.1", 1]]));
    let statuses = report["by_status"].to_string();
    assert!(
        statuses.contains(r#"["refused",1]"#) && statuses.contains(r#"["under_control",1]"#),
        "{statuses}"
    );
    assert_eq!(report["by_topic"].as_array().unwrap().len(), 2);
    assert_eq!(
        report["by_topic"][0][1], 2,
        "the topic asked most comes first"
    );
    assert_eq!(report["by_official"][0][1], 3);
    assert_eq!(
        (
            report["instructions"].as_i64(),
            report["instructions_done"].as_i64(),
            report["instructions_overdue"].as_i64()
        ),
        (Some(1), Some(0), Some(1))
    );
    for personal in [
        "Сәрсенов",
        crate::requests::IIN,
        "700215310002",
        "7012345678",
    ] {
        assert!(!body.contains(personal), "{body}");
    }
    // Another quarter counts nothing; a quarter that is none is refused in both languages.
    let (status, body) = get_page(&app, &clerk, "/api/staff/report?quarter=2020-1").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#""received":0"#), "{body}");
    let (status, body) = get_page(&app, &clerk, "/api/staff/report?quarter=2026-5").await;
    assert!((400..500).contains(&status), "{status}");
    assert!(
        body.contains("Неверный квартал") && body.contains("Тоқсан дұрыс емес"),
        "{body}"
    );
    // The page shows the same figures; the receiving official (no inbox) may not see it.
    let (status, page) = get_page(&app, &clerk, "/staff/report?lang=ru").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"data-count="received">3<"#), "{page}");
    assert_eq!(get_page(&app, &official, "/api/staff/report").await.0, 403);
}

/// Clause 38: the applicants who were consulted (closed by the final answer) or who declined
/// the reception (withdrew) are phoned and asked; each answer once, audited, and counted in
/// the quarter's report.
async fn the_consulted_and_those_who_declined_are_asked_once_and_counted_clause_38(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-survey", StaffRole::Clerk).await;
    let aide = session(&app, "aide-survey", StaffRole::Aide).await;
    let mut numbers = Vec::new();
    for (key, status) in [
        ("k-survey-1", "closed"),
        ("k-survey-2", "withdrawn"),
        ("k-survey-3", "under_review"),
    ] {
        let (id, number) = register(&app, akim, key).await;
        sqlx::query("UPDATE requests SET status = $1 WHERE id = $2")
            .bind(status)
            .bind(id)
            .execute(app.store.pool())
            .await
            .unwrap();
        numbers.push(number);
    }
    let listed = || {
        let (app, clerk) = (&app, clerk.clone());
        async move {
            let (status, body) = get_page(app, &clerk, "/api/staff/survey").await;
            assert_eq!(status, 200, "{body}");
            serde_json::from_str::<serde_json::Value>(&body)
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["number"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        listed().await,
        [numbers[1].clone(), numbers[0].clone()],
        "the newest first"
    );
    let answer = |cookie: &str, number: &str, outcome: &str| {
        let path = format!("/staff/survey/{number}");
        let fields = vec![
            ("outcome", outcome.to_owned()),
            ("note", "Благодарит за помощь".to_owned()),
        ];
        let (app, cookie) = (&app, cookie.to_owned());
        async move { post(app, &cookie, &path, &fields).await }
    };
    assert_eq!(answer(&aide, &numbers[0], "satisfied").await.0, 403);
    assert_eq!(answer(&clerk, &numbers[0], "happy").await.0, 422);
    let (status, page) = answer(&clerk, &numbers[2], "satisfied").await;
    assert_eq!(status, 422, "not one the survey asks");
    assert!(
        page.contains("(38-т.)") || page.contains("(п. 38)"),
        "{page}"
    );
    assert_eq!(answer(&clerk, &numbers[0], "satisfied").await.0, 303);
    let (status, page) = answer(&clerk, &numbers[0], "not_satisfied").await;
    assert_eq!(status, 409, "once");
    assert!(
        page.contains("жазылып қойған") || page.contains("уже записан"),
        "{page}"
    );
    assert_eq!(listed().await, [numbers[1].clone()]);
    let (_, body) = get_page(&app, &clerk, "/api/staff/report").await;
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        report["satisfaction"],
        serde_json::json!([["satisfied", 1]])
    );
    let audited: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
        "survey",
    )
    .await;
    assert_eq!(audited, 1);
}

/// A multipart form body as a browser sends it: text fields, and files with a name.
fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----qabyldau-test-7d1f";
    let mut body = Vec::new();
    for (name, file, value) in fields {
        body.extend(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(file) => body.extend(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend(*value);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_paper(
    app: &TestApp,
    cookie: &str,
    number: &str,
    fields: &[(&str, Option<&str>, &[u8])],
) -> (u16, String) {
    let (content_type, body) = multipart(fields);
    let res = browser(app)
        .post(app.url(&format!("/staff/requests/{number}/papers")))
        .header(reqwest::header::COOKIE, cookie)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Applications handed in at a reception are registered with their scan, their number in
/// the document system and the instruction they concern, marked "from personal reception",
/// with the term of 3 working days; the scan is read back as it was sent, by the staff only
/// (clause 36).
async fn applications_from_a_reception_are_registered_with_their_scans_clause_36(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-papers", StaffRole::Clerk).await;
    let aide = session(&app, "aide-papers", StaffRole::Aide).await;
    let (id, number) = register(&app, akim, "k-papers-0001").await;
    let scan: Vec<u8> = [
        b"%PDF-1.4\n".as_slice(),
        &[0xE2, 0xE3, 0xCF, 0xD3, 0, 1, 2, 255],
    ]
    .concat();
    let fields = |edms: &'static str, instruction: String, scan: Vec<u8>| (edms, instruction, scan);
    let send = |cookie: String, (edms, instruction, scan): (&'static str, String, Vec<u8>)| {
        let (app, number) = (&app, number.clone());
        async move {
            post_paper(
                app,
                &cookie,
                &number,
                &[
                    ("edms", None, edms.as_bytes()),
                    ("summary", None, "О ремонте кровли дома".as_bytes()),
                    ("instruction", None, instruction.as_bytes()),
                    ("scan", Some("жалоба.pdf"), &scan),
                ],
            )
            .await
        }
    };

    // Before the applicant is received there is nothing from the reception.
    let (status, page) = send(
        clerk.clone(),
        fields("ЖТ-1/100", String::new(), scan.clone()),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("после того, как заявитель принят")
            || page.contains("қабылданғаннан кейін ғана"),
        "{page}"
    );

    schedule_at_half_past_three(&app, id, akim).await;
    for event in [Event::CheckIn, Event::Receive] {
        crate::helpers::step(&app.store, id, event).await.unwrap();
    }
    let today = time::to_local(Utc::now()).date();
    assert_eq!(
        give(
            &app,
            &clerk,
            &number,
            "Управление ЖКХ",
            calendar::on_or_next_working_day(today + chrono::Duration::days(10))
        )
        .await
        .0,
        303
    );
    let instruction = open_instructions(&app, id).await[0];

    // The aide reads the card but registers nothing; a file that is not a scan, or an
    // instruction of another request, is refused with what was typed kept.
    assert_eq!(
        send(
            aide.clone(),
            fields("ЖТ-1/100", String::new(), scan.clone())
        )
        .await
        .0,
        403
    );
    let (status, page) = send(
        clerk.clone(),
        fields("ЖТ-1/100", String::new(), b"<html>".to_vec()),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("PDF, JPEG или PNG") || page.contains("PDF, JPEG немесе PNG"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="ЖТ-1/100""#) && page.contains("О ремонте кровли дома</textarea>"),
        "kept: {page}"
    );
    let (status, _) = send(
        clerk.clone(),
        fields("ЖТ-1/100", "999999".into(), scan.clone()),
    )
    .await;
    assert_eq!(status, 422);

    // Registered, attached to the instruction, marked and in time.
    let (status, page) = send(
        clerk.clone(),
        fields("ЖТ-1/100", instruction.to_string(), scan.clone()),
    )
    .await;
    assert_eq!(status, 303, "{page}");
    let (_, card) = get_page(&app, &clerk, &format!("/staff/requests/{number}")).await;
    assert!(
        card.contains("«С личного приема»") || card.contains("«Жеке қабылдаудан»"),
        "{card}"
    );
    assert!(
        card.contains("ЖТ-1/100") && card.contains("Управление ЖКХ"),
        "{card}"
    );
    assert!(
        !card.contains("с нарушением срока") && !card.contains("мерзімі өткен соң"),
        "in time: {card}"
    );
    let paper: i64 = scalar(
        &app.store,
        "SELECT id FROM reception_papers WHERE request_id = $1",
        id,
    )
    .await;
    assert!(
        card.contains(&format!("/staff/requests/{number}/papers/{paper}")),
        "{card}"
    );

    // The same number twice is one application.
    let (status, page) = send(
        clerk.clone(),
        fields("ЖТ-1/100", String::new(), scan.clone()),
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        page.contains("уже зарегистрировано") || page.contains("бұрын тіркелген"),
        "{page}"
    );

    // The scan comes back byte for byte, to the staff only, never cached.
    let path = format!("/staff/requests/{number}/papers/{paper}");
    let res = browser(&app)
        .get(app.url(&path))
        .header(reqwest::header::COOKIE, &aide)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"{number}-{paper}.pdf\"").as_str()
    );
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), scan.as_slice());
    let res = browser(&app).get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 303, "signed out: to the sign-in");
    let other = format!("/staff/requests/{number}/papers/{}", paper + 1);
    assert_eq!(get_page(&app, &clerk, &other).await.0, 404);

    // Audited with the scan's digest, in the chain.
    let after: String = scalar(
        &app.store,
        "SELECT after FROM audit_log WHERE action = $1",
        "reception_paper",
    )
    .await;
    let digest = qabyldau::server::secrets::sha256_bytes_hex(&scan);
    assert!(
        after.contains("ЖТ-1/100") && after.contains(&digest),
        "{after}"
    );
    assert!(matches!(
        audit::verify(&app.store).await.unwrap(),
        audit::Verdict::Intact { .. }
    ));

    // A scan over 10 MB is refused on the card with why; far over, before it is read.
    let mut big = scan.clone();
    big.resize(qabyldau::rules::papers::SCAN_MAX + 100 * 1024, b' ');
    let (status, page) = send(
        clerk.clone(),
        fields("ЖТ-1/101", String::new(), big.clone()),
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("не более 10 МБ") || page.contains("10 МБ-тан аспауы"),
        "{page}"
    );
    // Far over: refused by its declared length before a byte of it is read — the answer
    // comes while the client is still sending, which may then see the connection closed.
    big.resize(3 * qabyldau::rules::papers::SCAN_MAX, b' ');
    let (content_type, body) = multipart(&[("scan", Some("big.pdf"), &big)]);
    let sent = browser(&app)
        .post(app.url(&format!("/staff/requests/{number}/papers")))
        .header(reqwest::header::COOKIE, &clerk)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await;
    if let Ok(res) = sent {
        assert_eq!(res.status().as_u16(), 413);
        let page = res.text().await.unwrap_or_default();
        assert!(
            page.is_empty()
                || (page.contains("Форма слишком велика") && page.contains("Форма тым үлкен")),
            "{page}"
        );
    }
    let stored: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM reception_papers WHERE request_id = $1",
        id,
    )
    .await;
    assert_eq!(stored, 1);
}
