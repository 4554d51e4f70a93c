//! The request lifecycle in the store, on SQLite and PostgreSQL: every status change goes
//! through `rules::lifecycle::apply` as a compare-and-set, so the store refuses exactly what
//! the lifecycle refuses, and of two changes made at once only one that the lifecycle
//! allows after the other happens.

use chrono::{NaiveTime, Utc};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use qabyldau::rules::lang::Text;
use qabyldau::rules::lifecycle::{apply, Event, Status};
use qabyldau::rules::time;
use qabyldau::server::requests;
use qabyldau::server::{workflow, Error};
use sqlx::Row;

use crate::helpers::{staff_for, Engine, TestApp};
use crate::requests::{app_with_officials, register, IIN};

async fn count_where(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query(sql)
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// The start of the reception slot request `id` holds, if any.
async fn slot_of(app: &TestApp, id: i64) -> Option<String> {
    sqlx::query("SELECT slot_start FROM requests WHERE id = $1")
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        .try_get("slot_start")
        .unwrap()
}

async fn timeline_len(app: &TestApp, id: i64) -> i64 {
    count_where(
        app,
        "SELECT COUNT(*) AS n FROM request_events WHERE request_id = $1",
        id,
    )
    .await
}

async fn notices(app: &TestApp, id: i64) -> i64 {
    count_where(
        app,
        "SELECT COUNT(*) AS n FROM outbox WHERE request_id = $1",
        id,
    )
    .await
}

/// Sends `event` to request `id` the way the application does: allocation, refusal,
/// withdrawal and the request to a central body through their own functions, every other
/// event through `advance`.
async fn send(
    app: &TestApp,
    id: i64,
    number: &str,
    day: i64,
    event: Event,
) -> Result<Status, Error> {
    let now = Utc::now();
    match event {
        Event::Allocate => {
            let at = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
            workflow::schedule(&app.store, id, day, at, None, staff_for(event), now).await
        }
        Event::Move => {
            // To one of the official's two next days after `day`, the one it is not on.
            let at = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
            let to = later_day_not_holding(app, id, day).await;
            let shown = workflow::Shown::Current;
            let reason = "просьба заявителя";
            workflow::reschedule(&app.store, id, shown, to, at, reason, staff_for(event), now).await
        }
        Event::Refuse => {
            let reason = Text::new("Құзыретке жатпайды", "Не относится к компетенции");
            workflow::refuse(&app.store, id, "16.1", &reason, staff_for(event), now).await
        }
        Event::Withdraw => workflow::withdraw(&app.store, number, IIN, now).await,
        Event::AskCentralBody => {
            let body = "Денсаулық сақтау министрлігі";
            let shown = workflow::Shown::Current;
            workflow::ask_central_body(&app.store, id, shown, body, staff_for(event), now).await
        }
        _ => crate::helpers::step(&app.store, id, event).await,
    }
}

/// One of two reception days of `day`'s official a month ahead (made the first time), the one
/// request `id` is not on, with a seat for everyone.
async fn later_day_not_holding(app: &TestApp, id: i64, day: i64) -> i64 {
    let official: i64 = sqlx::Row::get(
        &sqlx::query("SELECT official_id FROM reception_days WHERE id = $1")
            .bind(day)
            .fetch_one(app.store.pool())
            .await
            .unwrap(),
        "official_id",
    );
    let today = time::to_local(Utc::now()).date();
    let mut ids = Vec::new();
    for ahead in [40, 41] {
        let date = today + chrono::Duration::days(ahead);
        let found =
            sqlx::query("SELECT id FROM reception_days WHERE official_id = $1 AND day = $2")
                .bind(official)
                .bind(date.to_string())
                .fetch_optional(app.store.pool())
                .await
                .unwrap();
        let id = match found {
            Some(row) => sqlx::Row::get(&row, "id"),
            None => app
                .store
                .add_reception_day(&qabyldau::server::store::NewReceptionDay {
                    official_id: official,
                    date,
                    starts: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    ends: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
                    place: Text::new("Қабылдау бөлмесі", "Приёмная"),
                })
                .await
                .unwrap(),
        };
        sqlx::query("UPDATE reception_days SET seats_per_slot = 1000 WHERE id = $1")
            .bind(id)
            .execute(app.store.pool())
            .await
            .unwrap();
        ids.push(id);
    }
    let on: Option<i64> = sqlx::Row::get(
        &sqlx::query("SELECT reception_day_id FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap(),
        "reception_day_id",
    );
    *ids.iter().find(|d| Some(**d) != on).unwrap()
}

/// The official's first reception day from today, with a seat in its first slot for every
/// request these tests schedule.
async fn first_reception_day(app: &TestApp, official: i64) -> i64 {
    let today = time::to_local(Utc::now()).date();
    let id = app
        .store
        .reception_days(today, today + chrono::Duration::days(62))
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.official_id == official)
        .expect("the official receives this month or next")
        .id;
    sqlx::query("UPDATE reception_days SET seats_per_slot = 1000 WHERE id = $1")
        .bind(id)
        .execute(app.store.pool())
        .await
        .unwrap();
    id
}

async fn a_withdrawn_request_cannot_be_scheduled_or_answered(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let day = first_reception_day(&app, akim).await;
    let (id, number) = register(&app, akim, "k-lifecycle-00001").await;
    let wrong_pair = workflow::withdraw(&app.store, &number, "000101500019", Utc::now()).await;
    assert!(matches!(wrong_pair, Err(Error::NotFound)), "{wrong_pair:?}");
    assert_eq!(
        send(&app, id, &number, day, Event::Withdraw).await.unwrap(),
        Status::Withdrawn
    );
    let (entries, messages) = (timeline_len(&app, id).await, notices(&app, id).await);
    for event in [Event::Allocate, Event::FinalAnswer, Event::Review] {
        match send(&app, id, &number, day, event).await {
            Err(Error::Refused(r)) => {
                assert_eq!(r.from, Status::Withdrawn);
                assert!(!r.message.kk.is_empty() && !r.message.ru.is_empty());
            }
            other => panic!("{event:?} on a withdrawn request: {other:?}"),
        }
    }
    assert_eq!(
        workflow::status_of(&app.store, id).await.unwrap(),
        Status::Withdrawn
    );
    assert_eq!(timeline_len(&app, id).await, entries, "no timeline entry");
    assert_eq!(notices(&app, id).await, messages, "no notice");
    let slot = slot_of(&app, id).await;
    assert_eq!(slot, None, "the refused allocation left no slot behind");
}

async fn the_store_refuses_every_transition_the_lifecycle_refuses(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let day = first_reception_day(&app, akim).await;
    // Random event sequences (proptest's generator, fixed seed). Each step is a pair: a
    // coin that, three times in four, picks among the events that the lifecycle allows now
    // and that do not end the request (so the later statuses are reached too), else among
    // all events; and which one.
    let steps = proptest::collection::vec((proptest::bool::weighted(0.75), 0usize..64), 1..24);
    let mut runner = TestRunner::deterministic();
    let cases: Vec<Vec<(bool, usize)>> = (0..24)
        .map(|_| steps.new_tree(&mut runner).unwrap().current())
        .collect();
    // All registered first: a closed request would make the next one a repeat (16.2).
    let mut requests = Vec::new();
    for i in 0..cases.len() {
        requests.push(register(&app, akim, &format!("k-lifecycle-1{i:04}")).await);
    }
    let mut reached = std::collections::BTreeSet::new();
    for (events, (id, number)) in cases.iter().zip(&requests) {
        let mut model = Status::Registered;
        let mut accepted = 0;
        for &(allowed_only, pick) in events {
            let keeps_going = |e: &Event| apply(model, *e).is_ok_and(|to| !to.is_final());
            let going: Vec<Event> = Event::ALL.into_iter().filter(keeps_going).collect();
            let choices = match (allowed_only, going.is_empty()) {
                (true, false) => going,
                (true, true) => Event::ALL
                    .into_iter()
                    .filter(|e| model.allows(*e))
                    .collect(),
                (false, _) => Event::ALL.to_vec(),
            };
            let Some(&event) = choices.get(pick % choices.len().max(1)) else {
                break; // a final status: nothing is allowed any more
            };
            let expected = apply(model, event);
            let got = send(&app, *id, number, day, event).await;
            // Clause 3 asks more than the lifecycle: these are web requests to the akim,
            // never received on the day; refused as such, and nothing changes.
            let not_on_the_day = event == Event::ReceiveSameDay
                && expected.is_ok()
                && matches!(got, Err(Error::BadInput(_)));
            match (&expected, &got) {
                _ if not_on_the_day => {}
                (Ok(want), Ok(have)) => {
                    assert_eq!(want, have, "{model:?} + {event:?}");
                    accepted += 1;
                }
                (Err(want), Err(Error::Refused(have))) => assert_eq!(want, have),
                _ => panic!("{model:?} + {event:?}: lifecycle {expected:?}, store {got:?}"),
            }
            if !not_on_the_day {
                model = expected.unwrap_or(model);
            }
            reached.insert(model);
            assert_eq!(workflow::status_of(&app.store, *id).await.unwrap(), model);
        }
        assert_eq!(timeline_len(&app, *id).await, 1 + accepted, "{events:?}");
    }
    assert!(reached.len() >= 10, "the sequences reached {reached:?}");
}

async fn of_a_refusal_and_a_withdrawal_at_the_same_moment_exactly_one_happens(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let day = first_reception_day(&app, akim).await;
    for i in 0..8 {
        let (id, number) = register(&app, akim, &format!("k-lifecycle-2{i:04}")).await;
        let (refused, withdrawn) = tokio::join!(
            send(&app, id, &number, day, Event::Refuse),
            send(&app, id, &number, day, Event::Withdraw)
        );
        let done: Vec<Status> = [&refused, &withdrawn]
            .into_iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        assert_eq!(done.len(), 1, "{refused:?} / {withdrawn:?}");
        for r in [&refused, &withdrawn] {
            assert!(
                matches!(r, Ok(_) | Err(Error::Conflict | Error::Refused(_))),
                "{r:?}"
            );
        }
        assert_eq!(workflow::status_of(&app.store, id).await.unwrap(), done[0]);
        assert_eq!(timeline_len(&app, id).await, 2);
        // The registration notice and the one of the change that happened.
        assert_eq!(notices(&app, id).await, 2);
    }
}

async fn an_official_who_cannot_receive_sends_the_request_back_and_the_applicant_is_told(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let day = first_reception_day(&app, akim).await;
    let (id, number) = register(&app, akim, "k-lifecycle-30001").await;
    for event in [
        Event::Review,
        Event::Propose,
        Event::Approve,
        Event::Allocate,
    ] {
        send(&app, id, &number, day, event).await.unwrap();
    }
    let before = notices(&app, id).await;
    assert_eq!(
        send(&app, id, &number, day, Event::CancelReception)
            .await
            .unwrap(),
        Status::Approved
    );
    assert_eq!(notices(&app, id).await, before + 1, "the applicant is told");
    let subject: String =
        sqlx::query("SELECT subject FROM outbox WHERE request_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap()
            .try_get("subject")
            .unwrap();
    assert!(
        subject.contains(&number) && subject.contains("қабылдау болмайды"),
        "{subject}"
    );
    let slot = slot_of(&app, id).await;
    assert_eq!(slot, None, "the seat is free again");
    // Back on the approved list, it can be allocated again (clause 17, then 30).
    assert_eq!(
        send(&app, id, &number, day, Event::Allocate).await.unwrap(),
        Status::Scheduled
    );
    let plain = workflow::advance(
        &app.store,
        id,
        Event::Allocate,
        staff_for(Event::Allocate),
        Utc::now(),
    )
    .await;
    assert!(
        matches!(plain, Err(Error::Internal(_))),
        "allocation needs its slot"
    );
}

async fn an_extension_moves_the_answer_to_the_30th_day_and_the_applicant_is_told_clause_32(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let day = first_reception_day(&app, akim).await;
    let (id, number) = register(&app, akim, "k-lifecycle-40001").await;
    send(&app, id, &number, day, Event::Review).await.unwrap();
    let before = notices(&app, id).await;
    assert_eq!(
        send(&app, id, &number, day, Event::Extend).await.unwrap(),
        Status::UnderReview
    );
    assert_eq!(notices(&app, id).await, before + 1, "the applicant is told");
    let view = requests::status(&app.store, &number, IIN)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.coupon.answer_by, view.coupon.extended_answer_by);
    let last = view.timeline.last().unwrap();
    assert_eq!(last.status, Status::UnderReview);
    assert_eq!(
        last.note.as_ref().map(|n| n.ru.as_str()),
        Some("Срок рассмотрения продлён")
    );
    let page = app
        .client
        .post(app.url("/status"))
        .form(&[("number", number.as_str()), ("iin", IIN)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Қарау мерзімі ұзартылды"),
        "the status page shows the extension"
    );
}

on_both_engines!(
    a_withdrawn_request_cannot_be_scheduled_or_answered,
    the_store_refuses_every_transition_the_lifecycle_refuses,
    of_a_refusal_and_a_withdrawal_at_the_same_moment_exactly_one_happens,
    an_official_who_cannot_receive_sends_the_request_back_and_the_applicant_is_told,
    an_extension_moves_the_answer_to_the_30th_day_and_the_applicant_is_told_clause_32,
);
