//! Allocation on SQLite and PostgreSQL (clauses 13, 29-31): the approved list in queue order
//! into the earliest free seats; a seat is never given twice, whatever the writers do at once.

use chrono::Utc;
use qabyldau::rules::{lifecycle::Event, permissions::StaffRole};
use qabyldau::server::{requests::register_all, workflow, Error};
use sqlx::Row;

use crate::helpers::{scalar, staff_for, Engine, TestApp};
use crate::inbox::session;
use crate::requests::app_with_officials;
use crate::staff::browser;

/// `n` approved requests for `official`, registered at once; their ids.
async fn approved(app: &TestApp, official: i64, n: u64, out_of_turn_at: Option<u64>) -> Vec<i64> {
    let mut template = crate::requests::registration(official, "k-alloc-template");
    let mut batch = Vec::new();
    for i in 0..n {
        template.key = format!("k-alloc-{i:06}");
        let mut r = template.clone();
        r.app = r
            .app
            .with_identity(qabyldau::rules::identity::Identity::Iin(
                qabyldau::rules::identity::Iin::parse(&crate::allocation::iin(i)).unwrap(),
            ));
        batch.push(r);
    }
    let mut ids = Vec::new();
    for chunk in batch.chunks(500) {
        ids.extend(
            register_all(&app.store, chunk)
                .await
                .unwrap()
                .unwrap()
                .into_iter()
                .map(|r| r.id),
        );
    }
    sqlx::query("UPDATE requests SET status = 'approved'")
        .execute(app.store.pool())
        .await
        .unwrap();
    if let Some(i) = out_of_turn_at {
        // Declared at registration (clause 13), as the form's field stores it.
        sqlx::query("UPDATE requests SET out_of_turn = 'person_with_disability' WHERE id = $1")
            .bind(ids[i as usize])
            .execute(app.store.pool())
            .await
            .unwrap();
    }
    ids
}

/// The list of persons to be received (clause 29) as `cookie`'s holder reads it: each
/// person's number, whether their reception has a date, and whether out of turn.
async fn persons_list(app: &TestApp, cookie: &str) -> Vec<(String, bool, bool)> {
    let list = browser(app)
        .get(app.url("/api/staff/list"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["persons"].as_array().unwrap().clone())
        .map(|p| {
            (
                p["number"].as_str().unwrap().to_owned(),
                !p["reception"].is_null(),
                !p["out_of_turn"].is_null(),
            )
        })
        .collect()
}

/// Request `id`'s status as stored.
async fn status_of(app: &TestApp, id: i64) -> String {
    scalar(&app.store, "SELECT status FROM requests WHERE id = $1", id).await
}

/// A valid IIN for the `n`-th applicant (serial `n`, born in January 1990).
pub(crate) fn iin(n: u64) -> String {
    (1..=28)
        .flat_map(|day| (0..10).map(move |d| format!("9001{day:02}3{:04}{d}", n % 10_000)))
        .find(|s| qabyldau::rules::identity::Iin::parse(s).is_ok())
        .unwrap()
}

async fn a_reception_day(app: &TestApp, official: i64) -> (i64, chrono::NaiveDate) {
    let today = qabyldau::rules::time::to_local(Utc::now()).date();
    let from = qabyldau::rules::deadlines::earliest_reception(today);
    app.store
        .reception_days(from, from + chrono::Duration::days(62))
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.official_id == official && !d.cancelled)
        .map(|d| (d.id, d.date))
        .expect("the official receives within two months")
}

async fn of_a_thousand_attempts_on_the_last_seat_exactly_one_books_it(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let (day, _) = a_reception_day(&app, akim).await;
    let ids = approved(&app, akim, 1000, None).await;
    let at = chrono::NaiveTime::from_hms_opt(15, 0, 0).unwrap();
    let attempts: Vec<_> = ids
        .iter()
        .map(|&id| {
            let store = app.store.clone();
            tokio::spawn(async move {
                let actor = staff_for(Event::Allocate);
                workflow::schedule(&store, id, day, at, None, actor, Utc::now()).await
            })
        })
        .collect();
    let (mut booked, mut refused) = (0, 0);
    for a in attempts {
        match a.await.unwrap() {
            Ok(_) => booked += 1,
            Err(Error::SlotTaken) => refused += 1,
            Err(e) => panic!("a clear refusal, not {e:?}"),
        }
    }
    assert_eq!((booked, refused), (1, 999));
    let seats: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM bookings WHERE reception_day_id = $1",
        day,
    )
    .await;
    assert_eq!(seats, 1);
    let scheduled: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM requests WHERE status = 'scheduled'")
            .fetch_one(app.store.pool())
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
    assert_eq!(scheduled, 1, "the 999 stay approved");
    // A time that is not one of the day's slots is refused, not booked.
    let waiting: i64 = sqlx::query("SELECT id FROM requests WHERE status = 'approved' LIMIT 1")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let odd = chrono::NaiveTime::from_hms_opt(15, 7, 0).unwrap();
    let actor = staff_for(Event::Allocate);
    let res = workflow::schedule(&app.store, waiting, day, odd, None, actor, Utc::now()).await;
    assert!(matches!(res, Err(Error::BadInput(_))), "{res:?}");
}

async fn the_clerk_allocates_the_approved_list_in_queue_order_and_each_applicant_is_told(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-alloc", StaffRole::Clerk).await;
    let ids = approved(&app, akim, 3, Some(2)).await;
    let preview = browser(&app)
        .get(app.url(&format!("/api/staff/allocation?official={akim}")))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let planned = preview["planned"].as_array().unwrap().clone();
    assert_eq!(planned.len(), 3);
    assert_eq!(
        planned[0]["out_of_turn"], true,
        "out of turn first (clause 13)"
    );
    let first_slot = planned[0]["slot"].clone();
    assert!(first_slot.is_array(), "{planned:?}");
    // The list of persons to be received (clause 29): in queue order, no date yet.
    let numbers = {
        let mut n = Vec::new();
        for id in &ids {
            n.push(
                scalar::<String, _>(&app.store, "SELECT number FROM requests WHERE id = $1", *id)
                    .await,
            );
        }
        n
    };
    let queue = [numbers[2].clone(), numbers[0].clone(), numbers[1].clone()];
    let listed = persons_list(&app, &clerk).await;
    assert_eq!(
        listed.iter().map(|p| p.0.clone()).collect::<Vec<_>>(),
        queue
    );
    assert!(listed.iter().all(|p| !p.1), "no date yet: {listed:?}");
    assert_eq!(
        listed.iter().map(|p| p.2).collect::<Vec<_>>(),
        [true, false, false]
    );
    // Confirmed: all three scheduled, each with a notice of the date and place.
    let res = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[("official", akim.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    for id in &ids {
        let status: String = status_of(&app, *id).await;
        assert_eq!(status, "scheduled");
        let subject: String = scalar(
            &app.store,
            "SELECT subject FROM outbox WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
            id,
        )
        .await;
        assert!(!subject.is_empty());
    }
    // The out-of-turn applicant has the earliest seat.
    let slot_of = |id: i64| {
        let pool = app.store.pool().clone();
        async move {
            let r = sqlx::query(
                "SELECT d.day, r.slot_start FROM requests r JOIN reception_days d ON d.id = r.reception_day_id WHERE r.id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
            (
                r.try_get::<String, _>("day").unwrap(),
                r.try_get::<String, _>("slot_start").unwrap(),
            )
        }
    };
    let (first, others) = (
        slot_of(ids[2]).await,
        [slot_of(ids[0]).await, slot_of(ids[1]).await],
    );
    assert!(
        others.iter().all(|o| first < *o),
        "{first:?} before {others:?}"
    );
    let listed = persons_list(&app, &clerk).await;
    assert_eq!(
        listed.iter().map(|p| p.0.clone()).collect::<Vec<_>>(),
        queue
    );
    assert!(listed.iter().all(|p| p.1), "each with its date: {listed:?}");
    let (status, page) = crate::control::get_page(&app, &clerk, "/staff/list").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Сәрсенов Ерлан") && page.contains(&numbers[1]),
        "{page}"
    );
    assert!(!page.contains(&iin(1)), "no IIN on the list");
    // A withdrawal gives its seat back.
    let number: String = scalar(
        &app.store,
        "SELECT number FROM requests WHERE id = $1",
        ids[0],
    )
    .await;
    workflow::withdraw(&app.store, &number, &iin(0), Utc::now())
        .await
        .unwrap();
    let seats: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM bookings WHERE request_id = $1",
        ids[0],
    )
    .await;
    assert_eq!(seats, 0, "the withdrawn seat is free again");
    let listed = persons_list(&app, &clerk).await;
    assert_eq!(listed.len(), 2, "the withdrawn is off the list: {listed:?}");
    // An aide may not allocate.
    let aide = session(&app, "aide-alloc", StaffRole::Aide).await;
    let res = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &aide)
        .form(&[("official", akim.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

async fn cancelling_a_full_day_loses_no_applicant_clause_17(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-cancel", StaffRole::Clerk).await;
    let ids = approved(&app, akim, 4, None).await;
    let confirm = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[("official", akim.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), 200);
    let (day, _) = a_reception_day(&app, akim).await;
    let on_day = |day: i64| {
        let pool = app.store.pool().clone();
        async move {
            sqlx::query("SELECT COUNT(*) AS n FROM requests WHERE reception_day_id = $1")
                .bind(day)
                .fetch_one(&pool)
                .await
                .unwrap()
                .try_get::<i64, _>("n")
                .unwrap()
        }
    };
    assert!(on_day(day).await > 0, "the first day has applicants");
    let told = qabyldau::rules::time::to_local(Utc::now())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let cancel = |cookie: String| {
        let req = browser(&app)
            .post(app.url(&format!("/staff/days/{day}/cancel")))
            .header(reqwest::header::COOKIE, cookie)
            .form(&[("reason", "sick_leave"), ("told", told.as_str())]);
        async move { req.send().await.unwrap() }
    };
    let aide = session(&app, "aide-cancel", StaffRole::Aide).await;
    assert_eq!(cancel(aide).await.status(), 403);
    let res = cancel(clerk.clone()).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("Күн болдырылмады"), "{page}");
    // Nobody is left on the cancelled day, and nobody is lost: each is scheduled on another
    // day or waits on the approved list, and each was told.
    assert_eq!(on_day(day).await, 0);
    for id in &ids {
        let r = sqlx::query("SELECT status, reception_day_id FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let status: String = r.try_get("status").unwrap();
        assert!(status == "scheduled" || status == "approved", "{status}");
        let told: i64 = scalar(&app.store, "SELECT COUNT(*) AS n FROM outbox WHERE request_id = $1 AND (subject LIKE '%болмайды%' OR subject LIKE '%не состоится%')", id).await;
        assert_eq!(told, 1, "request {id} is told its reception is cancelled");
    }
    let seats: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM bookings WHERE reception_day_id = $1",
        day,
    )
    .await;
    assert_eq!(seats, 0, "the cancelled day's seats are free");
}

async fn the_akims_day_carries_the_clause_19_checklist_and_an_interpreter_clause_11(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-checks", StaffRole::Clerk).await;
    let ids = approved(&app, akim, 2, None).await;
    sqlx::query("UPDATE requests SET interpreter_lang = 'English' WHERE id = $1")
        .bind(ids[0])
        .execute(app.store.pool())
        .await
        .unwrap();
    let res = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[("official", akim.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let read = || {
        let (app, clerk) = (&app, clerk.clone());
        async move {
            browser(app)
                .get(app.url(&format!("/api/staff/allocation?official={akim}")))
                .header(reqwest::header::COOKIE, clerk)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let view = read().await;
    let day = view["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["booked"].as_i64() == Some(2))
        .expect("both on one day")
        .clone();
    let codes: Vec<&str> = day["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "prosecutor",
            "internal_affairs",
            "anti_corruption",
            "courts_administration",
            "interpreter:English"
        ]
    );
    assert!(day["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["confirmed"].is_null()));
    let day_id = day["id"].as_i64().unwrap();
    let confirm = |item: &'static str| {
        let (app, clerk) = (&app, clerk.clone());
        async move {
            browser(app)
                .post(app.url(&format!("/staff/days/{day_id}/checks")))
                .header(reqwest::header::COOKIE, clerk)
                .form(&[("item", item)])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(confirm("prosecutor").await, 200);
    assert_eq!(confirm("prosecutor").await, 200, "twice is once");
    assert_eq!(confirm("interpreter:English").await, 200);
    assert_eq!(confirm("interpreter:French").await, 422, "not asked for");
    let view = read().await;
    let day = view["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"].as_i64() == Some(day_id))
        .unwrap()
        .clone();
    let confirmed: Vec<&str> = day["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["confirmed"].is_string())
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(confirmed, ["prosecutor", "interpreter:English"]);
    let audited: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
        "confirm_day_check",
    )
    .await;
    assert_eq!(audited, 2);
    // A deputy's day carries no clause 19 representatives.
    let deputy = app
        .store
        .officials()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.role == qabyldau::rules::duties::OfficialRole::DeputyAkim)
        .unwrap();
    let days = browser(&app)
        .get(app.url(&format!("/api/staff/allocation?official={}", deputy.id)))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert!(days["days"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["checks"].as_array().unwrap().is_empty()));
}

async fn a_scheduled_reception_is_moved_by_hand_with_a_reason_audited_and_told_clause_30(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-move", StaffRole::Clerk).await;
    let ids = approved(&app, akim, 1, None).await;
    let confirm = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[("official", akim.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), 200);
    let id = ids[0];
    let number: String = scalar(&app.store, "SELECT number FROM requests WHERE id = $1", id).await;
    let card = browser(&app)
        .get(app.url(&format!("/api/staff/card?number={number}")))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let version = card["version"].as_i64().unwrap();
    let was = card["scheduled"].clone();
    // The card offers the official's free slots; the last one is another time than now.
    let slot = card["free_slots"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let (day, date, starts) = (
        slot[0].as_i64().unwrap(),
        slot[1].as_str().unwrap().to_string(),
        slot[2].as_str().unwrap()[..5].to_string(),
    );
    assert_ne!(
        (was[0].as_str().unwrap(), &was[1].as_str().unwrap()[..5]),
        (date.as_str(), starts.as_str())
    );
    let post = |cookie: &str, fields: Vec<(&'static str, String)>| {
        let req = browser(&app)
            .post(app.url(&format!("/staff/requests/{number}/move")))
            .header(reqwest::header::COOKIE, cookie.to_string())
            .form(&fields);
        async move { req.send().await.unwrap() }
    };
    let form = |version: i64, reason: &str| {
        vec![
            ("shown", "scheduled".to_string()),
            ("version", version.to_string()),
            ("slot", format!("{day}@{starts}")),
            ("reason", reason.to_string()),
        ]
    };
    let aide = session(&app, "aide-move", StaffRole::Aide).await;
    assert_eq!(
        post(&aide, form(version, "просьба заявителя"))
            .await
            .status(),
        403
    );
    // No reason: refused in both languages, nothing changes.
    let res = post(&clerk, form(version, "  ")).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Себебін") || page.contains("себеб"),
        "kk reason message"
    );
    let slot_now = |id: i64| {
        let pool = app.store.pool().clone();
        async move {
            let r = sqlx::query(
                "SELECT reception_day_id, slot_start, version FROM requests WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
            (
                r.try_get::<i64, _>("reception_day_id").unwrap(),
                r.try_get::<String, _>("slot_start").unwrap(),
                r.try_get::<i64, _>("version").unwrap(),
            )
        }
    };
    assert_eq!(slot_now(id).await.2, version, "unchanged");
    // Another official's day is not this request's to take.
    let other_day: i64 = scalar(
        &app.store,
        "SELECT id FROM reception_days WHERE official_id <> $1 LIMIT 1",
        akim,
    )
    .await;
    let mut wrong = form(version, "просьба заявителя");
    wrong[2].1 = format!("{other_day}@{starts}");
    assert_eq!(post(&clerk, wrong).await.status(), 422);
    // Moved: the new seat taken, the old one free, the audit row names the reason, the
    // applicant is told the new date.
    let res = post(&clerk, form(version, "просьба заявителя по телефону")).await;
    assert_eq!(res.status(), 303);
    let (new_day, new_slot, new_version) = slot_now(id).await;
    assert_eq!((new_day, new_slot.as_str()), (day, starts.as_str()));
    assert_eq!(new_version, version + 1);
    let seats: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM bookings WHERE request_id = $1",
        id,
    )
    .await;
    assert_eq!(seats, 1, "one seat: the new one");
    let booked: String = scalar(
        &app.store,
        "SELECT slot_start FROM bookings WHERE request_id = $1",
        id,
    )
    .await;
    assert_eq!(booked, starts);
    let audit: String = scalar(
        &app.store,
        "SELECT after FROM audit_log WHERE entity = 'request' AND entity_id = $1 AND action = 'move'",
        id,
    )
    .await;
    assert!(
        audit.contains("просьба заявителя по телефону") && audit.contains(&starts),
        "{audit}"
    );
    let subject: String = scalar(
        &app.store,
        "SELECT subject FROM outbox WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
        id,
    )
    .await;
    assert!(
        subject.contains("ауыстырылды") || subject.contains("перенесён"),
        "{subject}"
    );
    // The same slot again: it is there already.
    assert_eq!(
        post(&clerk, form(version + 1, "ещё раз")).await.status(),
        422
    );
    // The first screen again, for another slot: changed since, so it is refused.
    let other = card["free_slots"].as_array().unwrap()[0].clone();
    let mut stale = form(version, "ещё раз");
    stale[2].1 = format!("{}@{}", other[0], &other[2].as_str().unwrap()[..5]);
    assert_eq!(post(&clerk, stale).await.status(), 409);
}

/// The planner (clause 30): the clerk holds a request back and leaves the first day unfilled;
/// the page without JavaScript previews that choice with the code the browser runs, and the
/// confirmation does what the preview showed.
async fn the_clerk_holds_a_request_back_and_leaves_a_day_unfilled(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-plan", StaffRole::Clerk).await;
    let ids = approved(&app, akim, 3, None).await;
    let view = browser(&app)
        .get(app.url(&format!("/api/staff/allocation?official={akim}")))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let plan = &view["plan"];
    assert_eq!(plan["queue"].as_array().unwrap().len(), 3, "{plan}");
    let first_day = plan["days"][0]["id"].as_i64().unwrap();
    let first_date = plan["days"][0]["date"].as_str().unwrap().to_owned();
    let held: String = scalar(
        &app.store,
        "SELECT number FROM requests WHERE id = $1",
        ids[1],
    )
    .await;
    // The preview without JavaScript: the held request says so, the others are placed.
    let page = browser(&app)
        .get(app.url(&format!(
            "/staff/allocation?official={akim}&held={held}&skipped={first_day}"
        )))
        .header(reqwest::header::COOKIE, &clerk)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("В этот раз не распределяется") || page.contains("Бұл жолы бөлінбейді"));
    let ticked = |name: &str, value: &str| {
        let field = format!("name=\"{name}\" value=\"{value}\"");
        let at = page.find(&field).unwrap();
        page[at + field.len()..].starts_with(" checked")
    };
    assert!(ticked("held", &held), "the held request stays ticked");
    assert!(
        ticked("skipped", &first_day.to_string()),
        "the unfilled day stays ticked"
    );
    let other: String = scalar(
        &app.store,
        "SELECT number FROM requests WHERE id = $1",
        ids[0],
    )
    .await;
    assert!(!ticked("held", &other));
    let res = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[
            ("official", akim.to_string()),
            ("held", held.clone()),
            ("skipped", first_day.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let status: String = status_of(&app, ids[1]).await;
    assert_eq!(status, "approved", "held back: still on the list");
    let recorded: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hold_back' AND entity_id = $1",
        ids[1],
    )
    .await;
    assert_eq!(recorded, 1, "passing a request over is on the record");
    for id in [ids[0], ids[2]] {
        let (status, day): (String, String) = {
            let r = sqlx::query(
                "SELECT r.status, d.day FROM requests r JOIN reception_days d ON d.id = r.reception_day_id WHERE r.id = $1",
            )
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
            (r.try_get("status").unwrap(), r.try_get("day").unwrap())
        };
        assert_eq!(status, "scheduled");
        assert!(
            day > first_date,
            "the unfilled day {first_date} is left alone: {day}"
        );
    }
    // A choice that does not read is refused in both languages, and nothing happens.
    let res = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[("official", akim.to_string()), ("skipped", "первый".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let status: String = status_of(&app, ids[1]).await;
    assert_eq!(status, "approved");
}

/// A receiving official's account names the official it is (clause 2): once the administrator
/// links it, they see their own receptions and who is booked on them, and no one else's; the
/// link is audited; only a receiving official's account is linked, to an official that exists.
async fn a_receiving_official_sees_their_own_receptions_once_linked(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let other = app
        .store
        .officials()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.id != akim)
        .unwrap()
        .id;
    let clerk = session(&app, "clerk-own", StaffRole::Clerk).await;
    let ids = approved(&app, akim, 2, None).await;
    let res = browser(&app)
        .post(app.url("/staff/allocation"))
        .header(reqwest::header::COOKIE, &clerk)
        .form(&[("official", akim.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let admin = session(&app, "admin-own", StaffRole::Administrator).await;
    let mine = session(&app, "akim-own", StaffRole::ReceivingOfficial).await;
    let theirs = session(&app, "deputy-own", StaffRole::ReceivingOfficial).await;
    let own = |cookie: String| {
        let app = &app;
        async move {
            let res = browser(app)
                .get(app.url("/api/staff/receptions"))
                .header(reqwest::header::COOKIE, cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    // Not linked yet: nothing.
    let view = own(mine.clone()).await;
    assert!(view["official"].is_null() && view["days"].as_array().unwrap().is_empty());
    let link = |login: &'static str, official: String| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let id = qabyldau::server::staff::id_of_login(&app.store, login)
                .await
                .unwrap()
                .unwrap();
            let res = browser(app)
                .post(app.url(&format!("/staff/accounts/{id}")))
                .header(reqwest::header::COOKIE, admin)
                .form(&[("action", "official"), ("official", official.as_str())])
                .send()
                .await
                .unwrap();
            res.status().as_u16()
        }
    };
    assert_eq!(link("akim-own", akim.to_string()).await, 200);
    assert_eq!(link("deputy-own", other.to_string()).await, 200);
    assert_eq!(
        link("clerk-own", akim.to_string()).await,
        422,
        "a clerk is no official"
    );
    assert_eq!(
        link("deputy-own", "999999".into()).await,
        422,
        "no such official"
    );
    let audited: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
        "link_official",
    )
    .await;
    assert_eq!(audited, 2);

    // Linked: the akim's account sees the akim's applicants by full name, the deputy's none.
    let numbers: Vec<String> = {
        let mut n = Vec::new();
        for id in &ids {
            n.push(
                scalar::<String, _>(&app.store, "SELECT number FROM requests WHERE id = $1", id)
                    .await,
            );
        }
        n
    };
    let view = own(mine.clone()).await;
    assert!(!view["official"].is_null());
    let booked: Vec<String> = view["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["applicants"].as_array().unwrap().clone())
        .map(|a| a["number"].as_str().unwrap().to_owned())
        .collect();
    for n in &numbers {
        assert!(booked.contains(n), "{n} in {booked:?}");
    }
    let page = browser(&app)
        .get(app.url("/staff/receptions"))
        .header(reqwest::header::COOKIE, &mine)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&numbers[0]) && page.contains("Сәрсенов"),
        "the full name"
    );
    let view = own(theirs.clone()).await;
    assert!(
        !view.to_string().contains(&numbers[0]),
        "no one else's applicants"
    );
    // Given another role, the account names no official any more.
    let deputy = qabyldau::server::staff::id_of_login(&app.store, "deputy-own")
        .await
        .unwrap()
        .unwrap();
    let res = browser(&app)
        .post(app.url(&format!("/staff/accounts/{deputy}")))
        .header(reqwest::header::COOKIE, &admin)
        .form(&[("action", "role"), ("role", "aide")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let linked: Option<i64> = scalar(
        &app.store,
        "SELECT official_id FROM staff WHERE id = $1",
        deputy,
    )
    .await;
    assert_eq!(linked, None);
    // The inbox of every request stays closed to them.
    let res = browser(&app)
        .get(app.url("/api/staff/inbox"))
        .header(reqwest::header::COOKIE, &mine)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

/// The department invites a psychologist (clause 18) and an employee of the akimat (clause
/// 24) to a deputy's reception day: each is on the day's checklist, once, audited.
async fn a_psychologist_and_an_akimat_employee_are_invited_to_a_reception_day_clauses_18_24(
    engine: Engine,
) {
    let (app, _) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-invite", StaffRole::Clerk).await;
    let aide = session(&app, "aide-invite", StaffRole::Aide).await;
    let deputy = app
        .store
        .officials()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.role == qabyldau::rules::duties::OfficialRole::DeputyAkim)
        .unwrap();
    let read = || {
        let (app, clerk) = (&app, clerk.clone());
        async move {
            browser(app)
                .get(app.url(&format!("/api/staff/allocation?official={}", deputy.id)))
                .header(reqwest::header::COOKIE, clerk)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let view = read().await;
    let day = view["days"][0]["id"]
        .as_i64()
        .expect("the deputy receives this month or next");
    let invite = |cookie: &str, kind: &'static str, who: &'static str| {
        let (app, cookie) = (&app, cookie.to_owned());
        async move {
            let res = browser(app)
                .post(app.url(&format!("/staff/days/{day}/invitees")))
                .header(reqwest::header::COOKIE, cookie)
                .form(&[("kind", kind), ("who", who)])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    assert_eq!(invite(&aide, "psychologist", "Иванова А. А.").await.0, 403);
    let (status, page) = invite(&clerk, "astrologer", "Иванова А. А.").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Кімді шақыратыныңызды") || page.contains("Выберите, кого"),
        "{page}"
    );
    assert_eq!(invite(&clerk, "psychologist", "   ").await.0, 422);
    assert_eq!(
        invite(&clerk, "psychologist", "Иванова  А. А.").await.0,
        200
    );
    let (status, page) = invite(&clerk, "psychologist", "Иванова А. А.").await;
    assert_eq!(status, 409, "once");
    assert!(
        page.contains("шақырылып қойған") || page.contains("уже приглашён"),
        "{page}"
    );
    assert_eq!(
        invite(&clerk, "akimat_employee", "Петров Б. Б., отдел ЖКХ")
            .await
            .0,
        200
    );
    let view = read().await;
    let checks = view["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"].as_i64() == Some(day))
        .unwrap()["checks"]
        .clone();
    let mut lines: Vec<(String, bool)> = checks
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["label"]["ru"].as_str().unwrap().to_owned(),
                c["confirmed"].is_string(),
            )
        })
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            ("Психолог (п. 18): Иванова А. А.".to_owned(), true),
            (
                "Работник акимата (п. 24): Петров Б. Б., отдел ЖКХ".to_owned(),
                true
            ),
        ]
    );
    let audited: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
        "invite_to_day",
    )
    .await;
    assert_eq!(audited, 2);
    // A day already past is not one to invite to.
    sqlx::query("UPDATE reception_days SET day = '2020-01-06' WHERE id = $1")
        .bind(day)
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, page) = invite(&clerk, "mediator", "Сидоров В. В.").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("алдағы, жарияланған") || page.contains("только на предстоящий"),
        "{page}"
    );
}

on_both_engines!(
    of_a_thousand_attempts_on_the_last_seat_exactly_one_books_it,
    the_clerk_allocates_the_approved_list_in_queue_order_and_each_applicant_is_told,
    cancelling_a_full_day_loses_no_applicant_clause_17,
    the_akims_day_carries_the_clause_19_checklist_and_an_interpreter_clause_11,
    a_scheduled_reception_is_moved_by_hand_with_a_reason_audited_and_told_clause_30,
    the_clerk_holds_a_request_back_and_leaves_a_day_unfilled,
    a_receiving_official_sees_their_own_receptions_once_linked,
    a_psychologist_and_an_akimat_employee_are_invited_to_a_reception_day_clauses_18_24,
);
