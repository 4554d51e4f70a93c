//! A month of reception days (clauses 6-9) and the officials who receive (clause 2), on SQLite
//! and PostgreSQL: the department plans, clause 6 finds what is missing, the chief of staff
//! approves, and only then is the month public (clause 7).

use chrono::{Datelike, Months, NaiveDate, Utc};
use qabyldau::rules::{calendar::is_working_day, permissions::StaffRole, time};

use crate::helpers::{scalar, Engine, TestApp};
use crate::inbox::session;
use crate::requests::app_with_officials;
use crate::staff::browser;

/// A month nobody planned yet (the demo plans this month and the next), and its first
/// working day from the 10th on.
fn unplanned_month() -> (String, NaiveDate) {
    let today = time::to_local(Utc::now()).date();
    let first = today.with_day(1).unwrap() + Months::new(3);
    let day = first
        .iter_days()
        .skip(9)
        .find(|d| is_working_day(*d))
        .unwrap();
    (format!("{:04}-{:02}", first.year(), first.month()), day)
}

async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let res = browser(app)
        .post(app.url(path))
        // The page in Russian: the language cookie beside the session's.
        .header(reqwest::header::COOKIE, format!("{cookie}; lang=ru"))
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn plan(app: &TestApp, cookie: &str, month: &str) -> serde_json::Value {
    browser(app)
        .get(app.url(&format!("/api/staff/schedule?month={month}")))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn public_days(app: &TestApp, month: &str) -> usize {
    let schedule: serde_json::Value = browser(app)
        .get(app.url(&format!("/api/schedule?month={month}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schedule["officials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["days"].as_array().unwrap().len())
        .sum()
}

fn day_form<'a>(
    official: &'a str,
    date: &'a str,
    hours: (&'a str, &'a str),
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("official", official),
        ("date", date),
        ("starts", hours.0),
        ("ends", hours.1),
        ("slot_minutes", "30"),
        ("seats", "2"),
        ("place_kk", "Қабылдау бөлмесі, 101"),
        ("place_ru", "Приёмная, каб. 101"),
    ]
}

async fn the_department_plans_a_month_the_chief_approves_it_and_only_then_it_is_public(
    engine: Engine,
) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-plan", StaffRole::Clerk).await;
    let chief = session(&app, "chief-plan", StaffRole::ChiefOfStaff).await;
    let (month, day) = unplanned_month();
    let akim_id = akim.to_string();
    let date = day.to_string();

    // Nothing planned: clause 6 finds the akim and every deputy without a reception.
    let empty = plan(&app, &clerk, &month).await;
    let deputies = app
        .store
        .officials()
        .await
        .unwrap()
        .iter()
        .filter(|o| o.role.receives_monthly())
        .count();
    assert_eq!(empty["violations"].as_array().unwrap().len(), deputies);
    assert_eq!(empty["may_plan"], true);
    assert_eq!(empty["may_approve"], false, "the clerk does not approve");
    assert!(empty["approved"].is_null());

    // The clerk plans the akim's day: on the plan, not on the public schedule.
    let (status, page) = post(
        &app,
        &clerk,
        "/staff/schedule/days",
        &day_form(&akim_id, &date, ("10:00", "13:00")),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("День запланирован"), "{page}");
    let planned = plan(&app, &clerk, &month).await;
    assert_eq!(planned["days"].as_array().unwrap().len(), 1);
    assert_eq!(planned["days"][0]["published"], false);
    assert_eq!(
        planned["violations"].as_array().unwrap().len(),
        deputies - 1
    );
    assert_eq!(
        public_days(&app, &month).await,
        0,
        "clause 7: not approved, not public"
    );

    // A report meeting: the working day before and after it need a reception (clause 6).
    let meeting = day
        .iter_days()
        .skip(7)
        .find(|d| is_working_day(*d))
        .unwrap();
    let (status, _) = post(
        &app,
        &clerk,
        "/staff/schedule/meetings",
        &[("date", &meeting.to_string())],
    )
    .await;
    assert_eq!(status, 200);
    let with_meeting = plan(&app, &clerk, &month).await;
    let texts = with_meeting["violations"].to_string();
    assert!(texts.contains("отчётной встречи"), "{texts}");
    assert!(texts.contains("есеп беру кездесуі"), "{texts}");
    let (status, _) = post(
        &app,
        &clerk,
        &format!("/staff/schedule/meetings/{meeting}/remove"),
        &[],
    )
    .await;
    assert_eq!(status, 200);

    // The clerk cannot approve; the chief must read the findings first.
    let (status, _) = post(
        &app,
        &clerk,
        "/staff/schedule/approve",
        &[("month", &month)],
    )
    .await;
    assert_eq!(status, 403);
    let (status, page) = post(
        &app,
        &chief,
        "/staff/schedule/approve",
        &[("month", &month)],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("нарушения пункта 6"), "{page}");
    assert_eq!(public_days(&app, &month).await, 0);
    let (status, page) = post(
        &app,
        &chief,
        "/staff/schedule/approve",
        &[("month", &month), ("despite", "yes")],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        public_days(&app, &month).await,
        1,
        "approved: public (clause 7)"
    );
    let approved = plan(&app, &chief, &month).await;
    assert_eq!(approved["days"][0]["published"], true);
    assert!(approved["approved"].is_array());
    assert_eq!(approved["may_approve"], false, "approved once");

    // A day added to an approved month is published at once; a published day is not
    // removed (it is cancelled, clause 17).
    let (status, _) = post(
        &app,
        &clerk,
        "/staff/schedule/days",
        &day_form(&akim_id, &date, ("14:00", "17:00")),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(public_days(&app, &month).await, 2);
    let first_id = approved["days"][0]["id"].as_i64().unwrap();
    let (status, page) = post(
        &app,
        &clerk,
        &format!("/staff/schedule/days/{first_id}/remove"),
        &[("month", &month)],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("пункту 17"), "{page}");
    assert_eq!(public_days(&app, &month).await, 2);

    // Each change is in the audit log.
    for action in [
        "plan_reception_day",
        "add_report_meeting",
        "remove_report_meeting",
        "approve_schedule_month",
    ] {
        let n: i64 = scalar(
            &app.store,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
            action,
        )
        .await;
        assert!(n >= 1, "{action} audited");
    }
}

async fn a_planned_day_that_breaks_a_rule_is_refused_with_why_in_both_languages(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-plan-bad", StaffRole::Clerk).await;
    let (_, day) = unplanned_month();
    let akim_id = akim.to_string();
    let date = day.to_string();
    let saturday = day
        .iter_days()
        .find(|d| d.weekday() == chrono::Weekday::Sat)
        .unwrap()
        .to_string();
    let days = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            scalar::<i64, _>(
                &store,
                "SELECT COUNT(*) AS n FROM reception_days WHERE planned = $1",
                1_i64,
            )
            .await
        }
    };
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            day_form(&akim_id, &saturday, ("10:00", "13:00")),
            "выходной или праздничный",
        ),
        (
            day_form(&akim_id, &date, ("13:30", "13:00")),
            "позже времени начала",
        ),
        (
            day_form(&akim_id, "2026-13-45", ("10:00", "13:00")),
            "Заполните дату",
        ),
        (
            day_form("999999", &date, ("10:00", "13:00")),
            "Такого принимающего",
        ),
        (
            {
                let mut f = day_form(&akim_id, &date, ("10:00", "13:00"));
                f.retain(|(k, _)| *k != "place_ru");
                f
            },
            "на казахском и русском",
        ),
        (
            {
                let mut f = day_form(&akim_id, &date, ("10:00", "13:00"));
                f.push(("order_number", "12-р"));
                f
            },
            "поручения акима",
        ),
        (
            {
                let mut f = day_form(&akim_id, &date, ("10:00", "13:00"));
                f.push(("video_room", "http://meet.example/room"));
                f
            },
            "https://",
        ),
    ];
    for (form, says) in cases {
        let (status, page) = post(&app, &clerk, "/staff/schedule/days", &form).await;
        assert_eq!(status, 422, "{form:?}");
        assert!(page.contains(says), "{form:?}: {says}");
        assert_eq!(days(&app).await, 0, "nothing stored for {form:?}");
    }
    // A deputy's reception outside the schedule on the akim's instruction (clause 9), by video too (clause 14).
    let mut extra = day_form(&akim_id, &date, ("10:00", "13:00"));
    extra.push(("order_number", "12-р"));
    extra.push(("order_date", "2026-01-05"));
    extra.push(("video_room", "https://meet.example/akimat-101"));
    assert_eq!(
        post(&app, &clerk, "/staff/schedule/days", &extra).await.0,
        200
    );
    // The same official, day and hour twice, or hours that overlap: refused, said why.
    for hours in [("10:00", "13:00"), ("12:30", "15:00")] {
        let (status, page) = post(
            &app,
            &clerk,
            "/staff/schedule/days",
            &day_form(&akim_id, &date, hours),
        )
        .await;
        assert_eq!(status, 422, "{hours:?}");
        assert!(page.contains("уже запланирован"), "{page}");
    }
    assert_eq!(days(&app).await, 1);
    let order: String = scalar(
        &app.store,
        "SELECT order_number FROM reception_days WHERE planned = $1",
        1_i64,
    )
    .await;
    assert_eq!(order, "12-р");
}

async fn the_administrator_keeps_the_officials_and_the_schedule_follows(engine: Engine) {
    let (app, _) = app_with_officials(engine).await;
    let admin = session(&app, "admin-officials", StaffRole::Administrator).await;
    let clerk = session(&app, "clerk-officials", StaffRole::Clerk).await;
    let form = [
        ("role", "deputy_akim"),
        ("surname_kk", "Сейітов"),
        ("name_kk", "Нұрлан"),
        ("patronymic_kk", ""),
        ("surname_ru", "Сеитов"),
        ("name_ru", "Нурлан"),
        ("position_kk", "Облыс әкімінің орынбасары"),
        ("position_ru", "Заместитель акима области"),
        ("sort_order", "9"),
    ];
    assert_eq!(post(&app, &clerk, "/staff/officials", &form).await.0, 403);
    let (status, page) = post(&app, &admin, "/staff/officials", &form).await;
    assert_eq!(status, 200, "{page}");
    let added = app
        .store
        .officials()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name_ru.surname == "Сеитов")
        .expect("on the schedule");
    assert_eq!(added.name_kk.patronymic, None);
    // A form without the Russian position is refused; nothing changes.
    let mut bad = form.to_vec();
    bad.retain(|(k, _)| *k != "position_ru");
    let (status, page) = post(
        &app,
        &admin,
        &format!("/staff/officials/{}", added.id),
        &bad,
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("должность на казахском и русском"), "{page}");
    // Taken off the schedule (the box unticked): kept, no longer among those who receive.
    let (status, _) = post(
        &app,
        &admin,
        &format!("/staff/officials/{}", added.id),
        &form,
    )
    .await;
    assert_eq!(status, 200);
    assert!(!app.store.official_ids().await.unwrap().contains(&added.id));
    let n: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE entity = $1",
        "official",
    )
    .await;
    assert_eq!(n, 2, "added and changed, audited");
}

/// The calendar is one per process: the two engines' runs of the upkeep test take turns.
static CALENDAR: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn the_administrator_publishes_a_years_kurban_ait_and_transfers_and_they_count_at_once(
    engine: Engine,
) {
    use qabyldau::rules::calendar::{is_supported, published};
    let _turn = CALENDAR.lock().await;
    let (app, akim) = crate::requests::app_with_officials(engine).await;
    let admin = session(&app, "admin-cal", StaffRole::Administrator).await;
    // Two requests still owed an answer, registered before the year's facts were known: the
    // one of 20 April 2028 is due on Friday 5 May (the 15th day), the one of 6 April was
    // extended to Friday 5 May as well (its 29th day: the 30th is a Saturday); a third, the
    // same but refused already, keeps its past as it was.
    let mut owed = Vec::new();
    for (key, registered, due, status) in [
        (
            "k-cal-0001",
            "2028-04-20 10:00",
            "2028-05-05",
            "under_review",
        ),
        (
            "k-cal-0002",
            "2028-04-06 10:00",
            "2028-05-05",
            "under_review",
        ),
        ("k-cal-0003", "2028-04-20 10:00", "2028-05-05", "refused"),
    ] {
        let (id, _) = crate::requests::register(&app, akim, key).await;
        sqlx::query(
            "UPDATE requests SET received_local = $1, registered_local = NULL, answer_due = $2, \
             status = $3 WHERE id = $4",
        )
        .bind(registered)
        .bind(due)
        .bind(status)
        .bind(id)
        .execute(app.store.pool())
        .await
        .unwrap();
        owed.push(id);
    }
    let due_of = |id: i64| {
        let store = app.store.clone();
        async move {
            scalar::<String, _>(&store, "SELECT answer_due FROM requests WHERE id = $1", id).await
        }
    };
    let clerk = session(&app, "clerk-cal", StaffRole::Clerk).await;
    let d = |m, day| NaiveDate::from_ymd_opt(2028, m, day).unwrap();
    let kurban = [
        ("kind", "kurban_ait"),
        ("day", "2028-05-05"),
        ("source", "ДУМК, 2027"),
    ];
    // 2028 is beyond the compiled data: the law alone, until the administrator says more.
    assert!(!is_supported(d(5, 5)) && is_working_day(d(5, 5)));
    assert_eq!(post(&app, &clerk, "/staff/calendar", &kurban).await.0, 403);
    let transfer = [
        ("kind", "transfer"),
        ("day", "2028-03-20"),
        ("working_day", "2028-03-18"),
        ("act_kind", "order"),
        ("act_number", "321"),
        ("act_dated", "2027-11-20"),
        ("source", ""),
    ];
    let (status, page) = post(&app, &admin, "/staff/calendar", &transfer).await;
    assert_eq!(
        status, 422,
        "no transfer in a year whose Kurban Ait is not known"
    );
    assert!(page.contains("Курбан айта"), "why, in Russian");
    let (status, page) = post(&app, &admin, "/staff/calendar", &kurban).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Календарь обновлён"));
    assert!(
        is_supported(d(5, 5)) && !is_working_day(d(5, 5)),
        "in force at once"
    );
    // The terms already counted are counted again: a day off never lengthens the calendar-day
    // terms of clauses 31 and 32, so both answers are due the working day before.
    assert_eq!(due_of(owed[0]).await, "2028-05-04", "clause 31, recounted");
    assert_eq!(due_of(owed[1]).await, "2028-05-04", "clause 32, recounted");
    assert_eq!(
        due_of(owed[2]).await,
        "2028-05-05",
        "a refused request is left as it was"
    );
    let recounted: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
        "recount_terms",
    )
    .await;
    assert_eq!(recounted, 2, "each recount audited");
    assert_eq!(post(&app, &admin, "/staff/calendar", &kurban).await.0, 422);
    assert_eq!(
        post(&app, &admin, "/staff/calendar", &transfer).await.0,
        200
    );
    assert!(!is_working_day(d(3, 20)) && is_working_day(d(3, 18)));
    // A transfer that swaps a weekend for a weekend, or touches a day moved already: refused.
    let mut weekend = transfer;
    weekend[1].1 = "2028-03-25";
    assert_eq!(post(&app, &admin, "/staff/calendar", &weekend).await.0, 422);
    let mut again = transfer;
    again[2].1 = "2028-03-26";
    assert_eq!(post(&app, &admin, "/staff/calendar", &again).await.0, 422);
    // The operator's `calendar` command reads what was entered.
    let url = app.database_url.clone();
    let printed = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_qabyldau"))
            .args(["calendar", "2028", "--database-url", &url])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let lines = String::from_utf8(printed.stdout).unwrap();
    assert!(printed.status.success(), "{lines}");
    assert!(
        lines.contains("2028-03-18\twork\ttransfer: order No. 321 of 2027-11-20"),
        "{lines}"
    );
    assert!(
        lines.contains("2028-05-05\toff\tholiday: Kurban Ait"),
        "{lines}"
    );
    // The request form counts its terms on the same calendar: the facts travel with the page.
    let form = browser(&app)
        .get(app.url("/request"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("2028-03-20") && form.contains("2028-05-05"));
    let view = browser(&app)
        .get(app.url("/api/staff/calendar?year=2028"))
        .header(reqwest::header::COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(view["known"], serde_json::json!([2021, 2028]));
    let working_saturday = view["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["date"] == "2028-03-18")
        .unwrap()
        .clone();
    assert_eq!(working_saturday["working"], true);
    let audited: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'calendar' AND entity_id > $1",
        0i64,
    )
    .await;
    assert_eq!(audited, 2);
    // Entered by mistake: removed, and the days are as the law has them again.
    for fact in view["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .chain(view["kurban_ait"].as_array().unwrap())
    {
        let id = fact["id"].as_i64().unwrap();
        let path = format!("/staff/calendar/{id}/remove");
        assert_eq!(post(&app, &admin, &path, &[("year", "2028")]).await.0, 200);
    }
    assert!(is_working_day(d(3, 20)) && !is_working_day(d(3, 18)));
    assert!(!is_supported(d(5, 5)) && published().is_empty());
    assert_eq!(
        due_of(owed[0]).await,
        "2028-05-05",
        "counted again on the law alone"
    );
    assert_eq!(due_of(owed[1]).await, "2028-05-05");
}

/// Nine clerks plan the same official's morning at once, each with other hours, every two of
/// them overlapping: one day is planned, eight are told it overlaps (clause 6's schedule has
/// one official in one place at a time).
async fn overlapping_days_planned_at_once_make_one_day(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let clerk = session(&app, "clerk-plan-race", StaffRole::Clerk).await;
    let (_, day) = unplanned_month();
    let (akim_id, date) = (akim.to_string(), day.to_string());
    let mut tries = Vec::new();
    for starts in ["09:00", "09:30", "10:00"] {
        for ends in ["11:00", "11:30", "12:00"] {
            let (app_url, client) = (app.url("/staff/schedule/days"), browser(&app));
            let form: Vec<(String, String)> = day_form(&akim_id, &date, (starts, ends))
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            let cookie = format!("{clerk}; lang=ru");
            tries.push(tokio::spawn(async move {
                let res = client
                    .post(app_url)
                    .header(reqwest::header::COOKIE, cookie)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            }));
        }
    }
    let mut planned = 0;
    for t in tries {
        let (status, page) = t.await.unwrap();
        match status {
            200 | 303 => planned += 1,
            422 => assert!(page.contains("уже запланирован"), "{page}"),
            other => panic!("{other}: {page}"),
        }
    }
    let days: i64 = scalar(
        &app.store,
        "SELECT COUNT(*) AS n FROM reception_days WHERE day = $1",
        date.as_str(),
    )
    .await;
    assert_eq!((planned, days), (1, 1));
}

on_both_engines!(
    overlapping_days_planned_at_once_make_one_day,
    the_department_plans_a_month_the_chief_approves_it_and_only_then_it_is_public,
    a_planned_day_that_breaks_a_rule_is_refused_with_why_in_both_languages,
    the_administrator_keeps_the_officials_and_the_schedule_follows,
    the_administrator_publishes_a_years_kurban_ait_and_transfers_and_they_count_at_once,
);
