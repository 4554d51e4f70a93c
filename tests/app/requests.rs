//! The applicant's path over HTTP, on SQLite and PostgreSQL: registration with and without
//! JavaScript, validation, idempotency, the repeat check, status, withdrawal, the outbox and
//! the calendar file of a scheduled request.

use crate::helpers::{spawn_app, staff_for, Engine, TestApp};
use chrono::{NaiveTime, Utc};
use qabyldau::rules::application::{validate_application, ApplicationForm};
use qabyldau::rules::lifecycle::Event;
use qabyldau::rules::time;
use qabyldau::server::{demo, requests, workflow};
use serde_json::Value;
use sqlx::Row;

pub(crate) const IIN: &str = "900101300126";
const ESSENCE: &str =
    "Прошу помочь с ремонтом крыши нашего многоквартирного дома, вода течёт в подъезд уже месяц";

pub(crate) async fn app_with_officials(engine: Engine) -> (TestApp, i64) {
    let app = spawn_app(engine).await.unwrap();
    demo::load_if_empty(&app.store, time::to_local(Utc::now()).date())
        .await
        .unwrap();
    let akim = app.store.officials().await.unwrap()[0].id;
    (app, akim)
}

/// Takes request `id` through review, proposal and approval (clauses 27-29), then into the
/// akim's first reception day from today at 15:30 (clauses 30, 31).
pub(crate) async fn schedule_at_half_past_three(
    app: &TestApp,
    id: i64,
    official: i64,
) -> chrono::NaiveDate {
    for event in [Event::Review, Event::Propose, Event::Approve] {
        crate::helpers::step(&app.store, id, event).await.unwrap();
    }
    let today = time::to_local(Utc::now()).date();
    let day = app
        .store
        .reception_days(today, today + chrono::Duration::days(62))
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.official_id == official)
        .expect("the official receives this month or next");
    workflow::schedule(
        &app.store,
        id,
        day.id,
        NaiveTime::from_hms_opt(15, 30, 0).unwrap(),
        None,
        staff_for(Event::Allocate),
        Utc::now(),
    )
    .await
    .unwrap();
    day.date
}

/// Registers the standard form with `key` through the page without JavaScript; its id and
/// registration number.
pub(crate) async fn register(app: &TestApp, official: i64, key: &str) -> (i64, String) {
    let res = post_form(app, &form(official, key)).await;
    assert_eq!(res.status(), 303, "{key}");
    let number = number_of(res.headers()["location"].to_str().unwrap());
    let id = requests::id_of(&app.store, &number).await.unwrap().unwrap();
    (id, number)
}

pub(crate) fn form(official: i64, key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("idempotency_key", key.into()),
        ("applicant_kind", "individual".into()),
        ("iin", IIN.into()),
        ("surname", "Сәрсенов".into()),
        ("name", "Ерлан".into()),
        ("phone", "8 701 234 56 78".into()),
        ("email", "erlan@example.kz".into()),
        ("official_id", official.to_string()),
        ("topic_id", "apartment_building".into()),
        ("essence", ESSENCE.into()),
        ("lang", "kk".into()),
    ]
}

fn no_redirects(app: &TestApp) -> reqwest::Client {
    reqwest::Client::builder()
        .default_headers(crate::helpers::same_origin(&app.address))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts the form as a browser without JavaScript does; returns the coupon's location.
pub(crate) async fn post_form(app: &TestApp, fields: &[(&str, String)]) -> reqwest::Response {
    no_redirects(app)
        .post(app.url("/request"))
        .form(fields)
        .send()
        .await
        .unwrap()
}

pub(crate) fn number_of(location: &str) -> String {
    location
        .trim_start_matches("/coupon/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn server_fn(app: &TestApp, name: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/{name}")))
        .form(fields)
        .send()
        .await
        .unwrap()
}

async fn a_form_posted_without_javascript_is_registered_and_shows_its_coupon(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let res = post_form(&app, &form(akim, "k-0000000000000001")).await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let year = time::to_local(Utc::now()).format("%Y").to_string();
    assert_eq!(number_of(&location), format!("KRG-{year}-000001"));
    let coupon = app.client.get(app.url(&location)).send().await.unwrap();
    assert_eq!(
        coupon.headers()["cache-control"],
        "no-store",
        "a coupon is kept out of the browser's cache"
    );
    let coupon = coupon.text().await.unwrap();
    assert!(coupon.contains(&format!("KRG-{year}-000001")), "{coupon}");
    assert!(!coupon.contains(IIN), "the coupon never shows the IIN");
    let wrong_key = location.replace("k-0000000000000001", "k-0000000000000002");
    let other = app.page(&wrong_key).await;
    assert!(!other.contains(&format!("KRG-{year}-000001</dd>")));
}

async fn registration_numbers_run_in_sequence_per_year(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let mut numbers = Vec::new();
    for i in 0..3 {
        let mut f = form(akim, &format!("k-seq-000000000000{i}"));
        f.retain(|(k, _)| *k != "iin");
        // Three applicants, three questions.
        f.push((
            "iin",
            ["900101300126", "960229000779", "900101300126"][i].into(),
        ));
        f.retain(|(k, _)| *k != "essence");
        f.push((
            "essence",
            format!("{ESSENCE}, подъезд номер {}", ["один", "два", "три"][i])
                .replace("крыши", ["крыши", "лифта", "окон"][i]),
        ));
        let res = post_form(&app, &f).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        numbers.push(number_of(res.headers()["location"].to_str().unwrap()));
    }
    let seq: Vec<_> = numbers
        .iter()
        .map(|n| n.rsplit('-').next().unwrap().to_owned())
        .collect();
    assert_eq!(seq, ["000001", "000002", "000003"]);
}

async fn a_request_without_essence_is_refused_with_clause_5_and_the_typed_values_are_kept(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let mut f = form(akim, "k-0000000000000003");
    f.retain(|(k, _)| *k != "essence");
    f.push(("essence", "...".into()));
    let res = post_form(&app, &f).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("5-тармақ"), "the clause is cited");
    assert!(
        html.contains("Сәрсенов"),
        "what the applicant typed is kept"
    );
    assert!(html.contains(r#"aria-describedby="essence-hint essence-error""#));
}

async fn script_in_a_text_field_is_refused_or_shown_escaped_never_run(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let mut f = form(akim, "k-0000000000000004");
    f.retain(|(k, _)| *k != "surname");
    f.push(("surname", "<script>alert(1)</script>".into()));
    let res = post_form(&app, &f).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

async fn an_invalid_iin_is_refused_naming_the_wrong_part(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let mut f = form(akim, "k-0000000000000005");
    f.retain(|(k, _)| *k != "iin");
    f.push(("iin", "900101300127".into()));
    let html = post_form(&app, &f).await.text().await.unwrap();
    assert!(html.contains(r#"id="iin-error""#));
    assert!(
        html.contains("бақылау") || html.contains("контрольн"),
        "the check digit is named"
    );
}

async fn the_same_form_sent_twice_registers_one_request(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let f = form(akim, "k-0000000000000006");
    let (a, b) = tokio::join!(post_form(&app, &f), post_form(&app, &f));
    let (a, b) = (
        a.headers()["location"].clone(),
        b.headers()["location"].clone(),
    );
    assert_eq!(a, b);
    let again = post_form(&app, &f).await;
    assert_eq!(again.headers()["location"], a);
    let history = requests::history(&app.store, IIN).await.unwrap();
    assert_eq!(history.len(), 1);
}

async fn a_repeat_on_a_question_already_answered_is_registered_and_flagged_clause_16_2(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let res = post_form(&app, &form(akim, "k-0000000000000007")).await;
    let number = number_of(res.headers()["location"].to_str().unwrap());
    let id = requests::id_of(&app.store, &number).await.unwrap().unwrap();
    schedule_at_half_past_three(&app, id, akim).await;
    for event in [Event::CheckIn, Event::Receive, Event::FinalAnswer] {
        crate::helpers::step(&app.store, id, event).await.unwrap();
    }
    // Registered all the same (the clerk decides), flagged with the earlier request.
    let res = post_form(&app, &form(akim, "k-0000000000000008")).await;
    assert_eq!(res.status(), 303);
    let repeat = number_of(res.headers()["location"].to_str().unwrap());
    let flagged: Option<String> = sqlx::query("SELECT repeat_of FROM requests WHERE number = $1")
        .bind(&repeat)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        .try_get("repeat_of")
        .unwrap();
    assert_eq!(flagged.as_deref(), Some(number.as_str()));
    let today = time::to_local(Utc::now()).date();
    let (_, card) = qabyldau::server::card::card(&app.store, &repeat, today)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        card.repeat_of.as_deref(),
        Some(number.as_str()),
        "the card links the earlier one"
    );
    assert!(card.earlier.iter().any(|(n, ..)| *n == number));
    // A different question of the same applicant is not flagged.
    let mut other = form(akim, "k-0000000000000009");
    for (k, v) in other.iter_mut() {
        if *k == "essence" {
            *v = "Прошу установить уличное освещение возле школы номер пять, вечером темно".into();
        }
    }
    let res = post_form(&app, &other).await;
    let third = number_of(res.headers()["location"].to_str().unwrap());
    let flagged: Option<String> = sqlx::query("SELECT repeat_of FROM requests WHERE number = $1")
        .bind(&third)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        .try_get("repeat_of")
        .unwrap();
    assert_eq!(flagged, None);
}

async fn status_is_shown_for_the_right_pair_and_a_wrong_pair_looks_like_an_unknown_number(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let res = post_form(&app, &form(akim, "k-0000000000000009")).await;
    let number = number_of(res.headers()["location"].to_str().unwrap());
    let ok: Value = server_fn(&app, "status", &[("number", &number), ("iin", IIN)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ok["status"], "registered");
    assert_eq!(ok["timeline"][0]["status"], "registered");
    assert!(
        !ok.to_string().contains(IIN),
        "the status never carries the IIN back"
    );
    let wrong = server_fn(
        &app,
        "status",
        &[("number", &number), ("iin", "960229000779")],
    )
    .await;
    let unknown = server_fn(
        &app,
        "status",
        &[("number", "KRG-2020-999999"), ("iin", IIN)],
    )
    .await;
    assert_eq!(wrong.status(), unknown.status());
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
}

async fn status_lookups_are_rate_limited(engine: Engine) {
    let (app, _) = app_with_officials(engine).await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(
            server_fn(
                &app,
                "status",
                &[("number", "KRG-2020-000001"), ("iin", IIN)],
            )
            .await
            .status()
            .as_u16(),
        );
    }
    assert!(statuses[..10].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses[10], 429, "{statuses:?}");
}

async fn the_applicant_can_withdraw_once_and_the_timeline_shows_it(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let res = post_form(&app, &form(akim, "k-0000000000000010")).await;
    let number = number_of(res.headers()["location"].to_str().unwrap());
    let wrong: reqwest::Response = server_fn(
        &app,
        "withdraw",
        &[("number", &number), ("iin", "960229000779")],
    )
    .await;
    assert_eq!(wrong.status(), 404, "a wrong pair cannot withdraw");
    let done: Value = server_fn(&app, "withdraw", &[("number", &number), ("iin", IIN)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done, Value::Bool(true));
    let again: Value = server_fn(&app, "withdraw", &[("number", &number), ("iin", IIN)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, Value::Bool(false));
    let view: Value = server_fn(&app, "status", &[("number", &number), ("iin", IIN)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["status"], "withdrawn");
    assert_eq!(view["timeline"][1]["status"], "withdrawn");
}

async fn each_status_change_writes_a_message_in_the_applicants_language_to_the_outbox(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let res = post_form(&app, &form(akim, "k-0000000000000011")).await;
    let number = number_of(res.headers()["location"].to_str().unwrap());
    server_fn(&app, "withdraw", &[("number", &number), ("iin", IIN)]).await;
    let messages = qabyldau::server::outbox::list(&app.store, None, 10)
        .await
        .unwrap();
    assert_eq!(messages.len(), 2, "registered and withdrawn");
    for m in &messages {
        assert_eq!(
            m.status,
            qabyldau::server::outbox::Status::Queued,
            "no SMTP configured: queued, never silently sent"
        );
        assert_eq!(m.lang, qabyldau::rules::lang::Lang::Kk);
        assert!(m.body.contains(&number));
        assert!(!m.body.contains(IIN));
    }
}

async fn a_scheduled_request_offers_a_calendar_file_in_almaty_time(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let res = post_form(&app, &form(akim, "k-0000000000000012")).await;
    let number = number_of(res.headers()["location"].to_str().unwrap());
    let id = requests::id_of(&app.store, &number).await.unwrap().unwrap();
    let date = schedule_at_half_past_three(&app, id, akim).await;
    let view: Value = server_fn(&app, "status", &[("number", &number), ("iin", IIN)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["status"], "scheduled");
    let ics_url = view["scheduled"]["ics_url"].as_str().unwrap().to_owned();
    let res = app.client.get(app.url(&ics_url)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let ics = res.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains(&format!(
        "DTSTART;TZID=Asia/Almaty:{}T153000",
        date.format("%Y%m%d")
    )));
    assert!(ics.contains(&number));
    let stolen = app
        .client
        .get(app.url(&ics_url.replace("k-0000000000000012", "k-0000000000000013")))
        .send()
        .await
        .unwrap();
    assert_eq!(stolen.status(), 404);
}

async fn the_status_page_answers_and_withdraws_without_javascript(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let res = post_form(&app, &form(akim, "k-0000000000000031")).await;
    let number = number_of(res.headers()["location"].to_str().unwrap());
    let post_status = |fields: Vec<(&'static str, String)>| {
        no_redirects(&app)
            .post(app.url("/status"))
            .header("cookie", "lang=ru")
            .form(&fields)
            .send()
    };

    let found = post_status(vec![("number", number.clone()), ("iin", IIN.into())])
        .await
        .unwrap();
    assert_eq!(found.status(), 200);
    assert_eq!(found.headers()["cache-control"], "no-store");
    let page = found.text().await.unwrap();
    assert!(page.contains("Зарегистрировано"), "{page}");
    assert!(page.contains(&number));

    let withdrawn = post_status(vec![
        ("number", number.clone()),
        ("iin", IIN.into()),
        ("withdraw", "1".into()),
    ])
    .await
    .unwrap();
    assert_eq!(withdrawn.status(), 200);
    assert!(withdrawn
        .text()
        .await
        .unwrap()
        .contains("Обращение отозвано"));
    let stored = requests::status(&app.store, &number, IIN).await.unwrap();
    assert_eq!(
        stored.unwrap().status,
        qabyldau::rules::lifecycle::Status::Withdrawn
    );

    // A wrong pair cannot withdraw anything and looks like an unknown number.
    let wrong = post_status(vec![
        ("number", number.clone()),
        ("iin", "960229000779".into()),
        ("withdraw", "1".into()),
    ])
    .await
    .unwrap();
    assert_eq!(wrong.status(), 404);
    assert_eq!(wrong.headers()["cache-control"], "no-store");
    let wrong = wrong.text().await.unwrap();
    assert!(wrong.contains("Обращение с таким номером и ИИН не найдено"));
    assert!(!wrong.contains("Обращение отозвано"));
}

async fn a_foreigner_without_an_iin_registers_and_follows_the_request_by_document_number(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let mut fields = form(akim, "k-0000000000000041");
    fields.retain(|(k, _)| *k != "iin");
    fields.push(("foreigner", "on".into()));
    fields.push(("id_document", "aa 123 4567".into()));
    fields.push(("interpreter_lang", "English".into()));
    let res = post_form(&app, &fields).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let number = number_of(res.headers()["location"].to_str().unwrap());

    // Followed by the number and the document, written either way.
    for written in ["AA1234567", "aa 123-4567"] {
        let found: Value = server_fn(&app, "status", &[("number", &number), ("iin", written)])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found["status"], "registered", "{written}");
    }
    let other = server_fn(&app, "status", &[("number", &number), ("iin", "AA7654321")])
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(other, Value::Null);

    // Without the IIN and without a document, nothing is registered and clause 11 is cited.
    let mut neither = form(akim, "k-0000000000000042");
    neither.retain(|(k, _)| *k != "iin");
    neither.push(("foreigner", "on".into()));
    let res = post_form(&app, &neither).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("11-тармақ"), "{page}");
}

/// A validated application of `akim`'s visitor, as the writer receives it, under `key`.
pub(crate) fn registration(akim: i64, key: &str) -> requests::Registration {
    let fields: serde_json::Map<String, Value> = form(akim, key)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v)))
        .collect();
    let form: ApplicationForm = serde_json::from_value(Value::Object(fields)).unwrap();
    let today = time::to_local(Utc::now()).date();
    requests::Registration {
        app: validate_application(&form, &[akim], &[], today, false).unwrap(),
        key: key.to_owned(),
        now: Utc::now(),
        intake: None,
        repeat_of: None,
    }
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Hands every registration to the writer at once; the answers in the same order.
async fn all_at_once(
    registrar: &requests::Registrar,
    batch: impl IntoIterator<Item = requests::Registration>,
) -> Vec<requests::Registered> {
    let tasks: Vec<_> = batch
        .into_iter()
        .map(|r| {
            let registrar = registrar.clone();
            tokio::spawn(async move { registrar.register(r).await.unwrap() })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers
}

fn seq_of(number: &str) -> u32 {
    number.rsplit('-').next().unwrap().parse().unwrap()
}

async fn submissions_arriving_together_get_consecutive_numbers_and_a_double_click_counts_once(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let registrar = requests::Registrar::spawn(app.store.clone());
    // 40 applicants at once, and one of them clicking 5 times.
    let mut keys: Vec<String> = (0..40).map(|i| format!("k-burst-{i:012}")).collect();
    keys.extend((0..4).map(|_| "k-burst-000000000007".to_owned()));
    let answers = all_at_once(&registrar, keys.iter().map(|key| registration(akim, key))).await;
    let clicked: Vec<_> = answers
        .iter()
        .filter(|a| a.coupon_key == "k-burst-000000000007")
        .collect();
    assert_eq!(clicked.len(), 5);
    assert!(clicked.iter().all(|a| a.number == clicked[0].number));
    assert_eq!(clicked.iter().filter(|a| a.created).count(), 1);
    let mut seqs: Vec<u32> = answers
        .iter()
        .filter(|a| a.created)
        .map(|a| seq_of(&a.number))
        .collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=40).collect::<Vec<_>>(),
        "no number skipped or repeated"
    );
    assert_eq!(count(&app, "requests").await, 40);
    assert_eq!(count(&app, "request_events").await, 40);
    assert_eq!(count(&app, "outbox").await, 40);
}

async fn a_key_registered_before_does_not_sink_the_submissions_committed_with_it(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let first = requests::register_all(&app.store, &[registration(akim, "k-before-00000001")])
        .await
        .unwrap()
        .unwrap();
    // Together with the taken key, nothing is written: no number is used up.
    let batch = [
        "k-before-00000002",
        "k-before-00000001",
        "k-before-00000003",
    ]
    .map(|key| registration(akim, key));
    assert!(requests::register_all(&app.store, &batch)
        .await
        .unwrap()
        .is_none());
    assert_eq!(count(&app, "requests").await, 1);
    // Through the writer each is answered: the earlier request for the taken key.
    let registrar = requests::Registrar::spawn(app.store.clone());
    let answers = all_at_once(&registrar, batch).await;
    assert_eq!(answers[1].number, first[0].number);
    assert!(!answers[1].created);
    let mut seqs: Vec<u32> = answers.iter().map(|a| seq_of(&a.number)).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(count(&app, "requests").await, 3);
    assert_eq!(count(&app, "outbox").await, 3);
}

async fn two_instances_on_one_database_share_the_numbering_and_register_a_key_once(engine: Engine) {
    let url = crate::helpers::fresh_database_url(engine).await.unwrap();
    let (a, b) = (
        crate::helpers::open_store(&url).await,
        crate::helpers::open_store(&url).await,
    );
    demo::load_if_empty(&a, time::to_local(Utc::now()).date())
        .await
        .unwrap();
    let akim = a.officials().await.unwrap()[0].id;
    let (a, b) = (requests::Registrar::spawn(a), requests::Registrar::spawn(b));
    // 30 keys, each sent to both instances at once (a resend that a balancer routed elsewhere).
    let keys: Vec<String> = (0..30).map(|i| format!("k-twice-{i:012}")).collect();
    let (from_a, from_b) = tokio::join!(
        all_at_once(&a, keys.iter().map(|k| registration(akim, k))),
        all_at_once(&b, keys.iter().map(|k| registration(akim, k))),
    );
    for (x, y) in from_a.iter().zip(&from_b) {
        assert_eq!(x.number, y.number, "both instances name the same request");
        assert!(x.created != y.created, "exactly one of them registered it");
    }
    let mut seqs: Vec<u32> = from_a.iter().map(|r| seq_of(&r.number)).collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=30).collect::<Vec<_>>(),
        "no number skipped or repeated"
    );
    let stored: i64 = sqlx::query("SELECT COUNT(*) AS n FROM requests")
        .fetch_one(a.store().pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(stored, 30);
}

/// Clause 26: the receptions are public. The schedule shows, for a day already held, how
/// many applicants were received there — a count, no one named.
async fn the_public_schedule_counts_the_applicants_received_on_a_day_held_clause_26(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let (id, _) = register(&app, akim, "k-held-0001").await;
    schedule_at_half_past_three(&app, id, akim).await;
    for event in [Event::CheckIn, Event::Receive] {
        crate::helpers::step(&app.store, id, event).await.unwrap();
    }
    let page = |month: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url(&format!("/?month={month}&lang=ru")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    // Before the day, nothing is counted.
    let day: String = sqlx::query(
        "SELECT d.day FROM reception_days d JOIN requests r ON r.reception_day_id = d.id \
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(app.store.pool())
    .await
    .unwrap()
    .try_get("day")
    .unwrap();
    assert!(!page(day[..7].to_owned()).await.contains(r#"data-held="1""#));
    // The weeks pass: the day was yesterday.
    let yesterday = time::to_local(Utc::now()).date() - chrono::Duration::days(1);
    sqlx::query(
        "UPDATE reception_days SET day = $1 \
         WHERE id = (SELECT reception_day_id FROM requests WHERE id = $2)",
    )
    .bind(yesterday.to_string())
    .bind(id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let html = page(yesterday.format("%Y-%m").to_string()).await;
    assert!(
        html.contains(r#"<span data-held="1" class="held">Принято"#),
        "{html}"
    );
    for personal in ["Сәрсенов", IIN, "7012345678"] {
        assert!(!html.contains(personal), "{personal}");
    }
}

on_both_engines!(
    the_public_schedule_counts_the_applicants_received_on_a_day_held_clause_26,
    a_form_posted_without_javascript_is_registered_and_shows_its_coupon,
    registration_numbers_run_in_sequence_per_year,
    a_request_without_essence_is_refused_with_clause_5_and_the_typed_values_are_kept,
    script_in_a_text_field_is_refused_or_shown_escaped_never_run,
    an_invalid_iin_is_refused_naming_the_wrong_part,
    the_same_form_sent_twice_registers_one_request,
    a_repeat_on_a_question_already_answered_is_registered_and_flagged_clause_16_2,
    status_is_shown_for_the_right_pair_and_a_wrong_pair_looks_like_an_unknown_number,
    status_lookups_are_rate_limited,
    the_status_page_answers_and_withdraws_without_javascript,
    a_foreigner_without_an_iin_registers_and_follows_the_request_by_document_number,
    the_applicant_can_withdraw_once_and_the_timeline_shows_it,
    each_status_change_writes_a_message_in_the_applicants_language_to_the_outbox,
    a_scheduled_request_offers_a_calendar_file_in_almaty_time,
    submissions_arriving_together_get_consecutive_numbers_and_a_double_click_counts_once,
    a_key_registered_before_does_not_sink_the_submissions_committed_with_it,
    two_instances_on_one_database_share_the_numbering_and_register_a_key_once,
);
