//! The store behaves the same on SQLite and PostgreSQL.

use crate::helpers::{fresh_store, Engine};
use chrono::{Datelike, NaiveDate, NaiveTime};
use qabyldau::model::PersonName;
use qabyldau::rules::{calendar, duties::OfficialRole, lang::Text};
use qabyldau::server::{
    demo,
    store::{NewOfficial, NewReceptionDay},
};

fn a_head_of_department() -> NewOfficial {
    let name = PersonName {
        surname: "Сәрсенова".into(),
        name: "Динара".into(),
        patronymic: None,
    };
    NewOfficial {
        role: OfficialRole::HeadOfDepartment,
        name_kk: name.clone(),
        name_ru: PersonName {
            surname: "Сарсенова".into(),
            ..name
        },
        position: Text::new("Бөлім басшысы", "Руководитель отдела"),
        sort_order: 1,
    }
}

fn day(official_id: i64, date: NaiveDate, starts: u32) -> NewReceptionDay {
    NewReceptionDay {
        official_id,
        date,
        starts: NaiveTime::from_hms_opt(starts, 0, 0).unwrap(),
        ends: NaiveTime::from_hms_opt(starts + 2, 0, 0).unwrap(),
        place: Text::new("Қоғамдық қабылдау бөлмесі", "Общественная приёмная"),
    }
}

async fn migrations_create_an_empty_schema_and_the_store_answers(engine: Engine) {
    let store = fresh_store(engine).await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.count_officials().await.unwrap(), 0);
}

async fn an_official_without_patronymic_is_stored_and_read_back(engine: Engine) {
    let store = fresh_store(engine).await.unwrap();
    let id = store.add_official(&a_head_of_department()).await.unwrap();
    let officials = store.officials().await.unwrap();
    assert_eq!(officials.len(), 1);
    assert_eq!(officials[0].id, id);
    assert_eq!(officials[0].name_kk.patronymic, None);
    assert_eq!(officials[0].name_ru.full(), "Сарсенова Динара");
    assert_eq!(officials[0].position.ru, "Руководитель отдела");
}

async fn reception_days_are_read_by_date_range_in_order(engine: Engine) {
    let store = fresh_store(engine).await.unwrap();
    let id = store.add_official(&a_head_of_department()).await.unwrap();
    let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
    for (date, h) in [
        (d(12, 9), 15),
        (d(11, 30), 10),
        (d(12, 9), 10),
        (d(1, 5), 10),
    ] {
        store.add_reception_day(&day(id, date, h)).await.unwrap();
    }
    let got = store.reception_days(d(11, 30), d(12, 31)).await.unwrap();
    let got: Vec<_> = got
        .iter()
        .map(|r| (r.date, r.starts.format("%H").to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            (d(11, 30), "10".into()),
            (d(12, 9), "10".into()),
            (d(12, 9), "15".into())
        ]
    );
}

async fn the_same_reception_day_cannot_be_planned_twice(engine: Engine) {
    let store = fresh_store(engine).await.unwrap();
    let id = store.add_official(&a_head_of_department()).await.unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
    store.add_reception_day(&day(id, date, 10)).await.unwrap();
    assert!(store.add_reception_day(&day(id, date, 10)).await.is_err());
    assert_eq!(store.reception_days(date, date).await.unwrap().len(), 1);
}

async fn a_reception_day_of_an_unknown_official_is_refused_by_the_database(engine: Engine) {
    let store = fresh_store(engine).await.unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
    assert!(store.add_reception_day(&day(4242, date, 10)).await.is_err());
}

async fn demo_data_loads_once_with_the_apparatus_on_working_days(engine: Engine) {
    let store = fresh_store(engine).await.unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    let planned = demo::load_if_empty(&store, today).await.unwrap();
    assert!(planned > 0);
    assert_eq!(
        demo::load_if_empty(&store, today).await.unwrap(),
        0,
        "second load adds nothing"
    );
    let officials = store.officials().await.unwrap();
    let roles: Vec<_> = officials.iter().map(|o| o.role.code()).collect();
    assert_eq!(roles.first(), Some(&"akim"));
    // The demo receiving official's account is the demo akim (their own receptions).
    let accounts = qabyldau::server::staff::load_demo_accounts(&store, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(accounts, 6);
    let linked = qabyldau::server::accounts::list(&store)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.login == "official")
        .unwrap()
        .official;
    assert_eq!(linked, Some(officials[0].id));
    for role in [
        "deputy_akim",
        "chief_of_staff",
        "deputy_chief_of_staff",
        "head_of_department",
    ] {
        assert!(roles.contains(&role), "{role} missing");
    }
    let days = store
        .reception_days(
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(days.len(), planned);
    assert!(days.iter().all(|d| calendar::is_working_day(d.date)));
    assert!(
        days.iter().any(|d| d.date.month() == 1),
        "next month is planned too"
    );
}

on_both_engines!(
    migrations_create_an_empty_schema_and_the_store_answers,
    an_official_without_patronymic_is_stored_and_read_back,
    reception_days_are_read_by_date_range_in_order,
    the_same_reception_day_cannot_be_planned_twice,
    a_reception_day_of_an_unknown_official_is_refused_by_the_database,
    demo_data_loads_once_with_the_apparatus_on_working_days,
);
