//! Demo data: the Karaganda akimat apparatus with reception days for the current and next
//! month. The names are invented; the positions follow clause 2.

use chrono::{Datelike, Months, NaiveDate, NaiveTime, Weekday};

use super::store::{NewOfficial, NewReceptionDay, Store};
use crate::model::PersonName;
use crate::rules::{calendar, duties::OfficialRole, lang::Text};

fn name(surname: &str, name: &str, patronymic: Option<&str>) -> PersonName {
    PersonName {
        surname: surname.into(),
        name: name.into(),
        patronymic: patronymic.map(Into::into),
    }
}

/// When an official receives in a month: the `nth` occurrences (1-based) of `weekday`,
/// moved to the next working day when that is a day off.
struct Pattern {
    weekday: Weekday,
    nth: &'static [u8],
    starts: (u32, u32),
    ends: (u32, u32),
}

struct DemoOfficial {
    official: NewOfficial,
    pattern: Pattern,
}

/// The demo apparatus in the order of the public schedule.
fn demo_officials() -> Vec<DemoOfficial> {
    let mut all = leaders();
    all.extend(staff());
    for (i, demo) in all.iter_mut().enumerate() {
        demo.official.sort_order = 10 * (i as i64 + 1);
    }
    all
}

fn official(role: OfficialRole, kk: PersonName, ru: PersonName, position: Text) -> NewOfficial {
    NewOfficial {
        role,
        name_kk: kk,
        name_ru: ru,
        position,
        sort_order: 0,
    }
}

/// The akim and the deputies (clause 6: at least monthly).
fn leaders() -> Vec<DemoOfficial> {
    let deputy = Text::new("Облыс әкімінің орынбасары", "Заместитель акима области");
    vec![
        DemoOfficial {
            official: official(
                OfficialRole::Akim,
                name("Сейітқали", "Ерлан", Some("Бауыржанұлы")),
                name("Сейткали", "Ерлан", Some("Бауржанович")),
                Text::new("Қарағанды облысының әкімі", "Аким Карагандинской области"),
            ),
            pattern: Pattern {
                weekday: Weekday::Fri,
                nth: &[2],
                starts: (15, 0),
                ends: (18, 0),
            },
        },
        DemoOfficial {
            official: official(
                OfficialRole::DeputyAkim,
                name("Ахметова", "Гүлнар", Some("Серікқызы")),
                name("Ахметова", "Гульнар", Some("Сериковна")),
                deputy.clone(),
            ),
            pattern: Pattern {
                weekday: Weekday::Tue,
                nth: &[1, 3],
                starts: (10, 0),
                ends: (13, 0),
            },
        },
        DemoOfficial {
            official: official(
                OfficialRole::DeputyAkim,
                name("Жұмабеков", "Асқар", Some("Нұрланұлы")),
                name("Жумабеков", "Аскар", Some("Нурланович")),
                deputy.clone(),
            ),
            pattern: Pattern {
                weekday: Weekday::Wed,
                nth: &[2, 4],
                starts: (10, 0),
                ends: (13, 0),
            },
        },
        DemoOfficial {
            official: official(
                OfficialRole::DeputyAkim,
                name("Иванов", "Сергей", Some("Петрович")),
                name("Иванов", "Сергей", Some("Петрович")),
                deputy,
            ),
            pattern: Pattern {
                weekday: Weekday::Thu,
                nth: &[1],
                starts: (15, 0),
                ends: (18, 0),
            },
        },
    ]
}

/// The chief of staff, the deputy and heads of departments (clause 8: as the need arises).
fn staff() -> Vec<DemoOfficial> {
    vec![
        DemoOfficial {
            official: official(
                OfficialRole::ChiefOfStaff,
                name("Төлеуов", "Дәурен", Some("Маратұлы")),
                name("Толеуов", "Даурен", Some("Маратович")),
                Text::new("Облыс әкімі аппаратының басшысы", "Руководитель аппарата акима области"),
            ),
            pattern: Pattern { weekday: Weekday::Mon, nth: &[2, 4], starts: (15, 0), ends: (17, 30) },
        },
        DemoOfficial {
            official: official(
                OfficialRole::DeputyChiefOfStaff,
                name("Қасымова", "Айгерім", Some("Болатқызы")),
                name("Касымова", "Айгерим", Some("Болатовна")),
                Text::new(
                    "Облыс әкімі аппараты басшысының орынбасары",
                    "Заместитель руководителя аппарата акима области",
                ),
            ),
            pattern: Pattern { weekday: Weekday::Thu, nth: &[2, 4], starts: (10, 0), ends: (12, 0) },
        },
        DemoOfficial {
            official: official(
                OfficialRole::HeadOfDepartment,
                name("Мұратов", "Бекзат", Some("Ерланұлы")),
                name("Муратов", "Бекзат", Some("Ерланович")),
                Text::new(
                    "Облыс әкімі аппаратының жеке және заңды тұлғалардың өтініштерімен жұмыс бөлімінің басшысы",
                    "Руководитель отдела по работе с обращениями физических и юридических лиц аппарата акима области",
                ),
            ),
            pattern: Pattern { weekday: Weekday::Tue, nth: &[1, 2, 3, 4], starts: (9, 0), ends: (12, 0) },
        },
        DemoOfficial {
            official: official(
                OfficialRole::HeadOfDepartment,
                name("Петрова", "Елена", Some("Викторовна")),
                name("Петрова", "Елена", Some("Викторовна")),
                Text::new(
                    "Облыс әкімі аппаратының мемлекеттік-құқықтық бөлімінің басшысы",
                    "Руководитель государственно-правового отдела аппарата акима области",
                ),
            ),
            pattern: Pattern { weekday: Weekday::Wed, nth: &[1, 3], starts: (14, 30), ends: (17, 0) },
        },
        DemoOfficial {
            official: official(
                OfficialRole::HeadOfDepartment,
                name("Әбдірахманов", "Нұржан", Some("Қайратұлы")),
                name("Абдрахманов", "Нуржан", Some("Кайратович")),
                Text::new(
                    "Облыс әкімі аппаратының ұйымдастыру-бақылау бөлімінің басшысы",
                    "Руководитель организационно-контрольного отдела аппарата акима области",
                ),
            ),
            pattern: Pattern { weekday: Weekday::Fri, nth: &[1, 3], starts: (9, 30), ends: (12, 0) },
        },
    ]
}

/// The reception dates of `pattern` in the month of `first`.
fn dates_in_month(pattern: &Pattern, first: NaiveDate) -> Vec<NaiveDate> {
    pattern
        .nth
        .iter()
        .filter_map(|&n| {
            NaiveDate::from_weekday_of_month_opt(first.year(), first.month(), pattern.weekday, n)
        })
        .map(|d| {
            if calendar::is_working_day(d) {
                d
            } else {
                calendar::next_working_day(d)
            }
        })
        .filter(|d| d.month() == first.month())
        .collect()
}

/// Loads the demo apparatus when the store has no officials yet; returns how many reception
/// days it planned (0 when the store was not empty).
pub async fn load_if_empty(store: &Store, today: NaiveDate) -> anyhow::Result<usize> {
    if store.count_officials().await? > 0 {
        return Ok(0);
    }
    let place = Text::new(
        "Облыс әкімдігінің ғимараты, қоғамдық қабылдау бөлмесі",
        "Здание акимата области, общественная приемная",
    );
    let this_month = today.with_day(1).expect("day 1 exists");
    let months = [this_month, this_month + Months::new(1)];
    let mut planned = 0;
    for demo in demo_officials() {
        let official_id = store.add_official(&demo.official).await?;
        for first in months {
            for date in dates_in_month(&demo.pattern, first) {
                store
                    .add_reception_day(&NewReceptionDay {
                        official_id,
                        date,
                        starts: hm(demo.pattern.starts),
                        ends: hm(demo.pattern.ends),
                        place: place.clone(),
                    })
                    .await?;
                planned += 1;
            }
        }
    }
    Ok(planned)
}

fn hm((h, m): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a valid time of day")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_akim_and_every_deputy_receive_at_least_once_a_month_clause_6() {
        for demo in demo_officials() {
            if demo.official.role.receives_monthly() {
                for month in 1..=12 {
                    let first = NaiveDate::from_ymd_opt(2026, month, 1).unwrap();
                    assert!(!dates_in_month(&demo.pattern, first).is_empty());
                }
            }
        }
    }

    #[test]
    fn demo_reception_days_fall_on_working_days() {
        for demo in demo_officials() {
            for month in 1..=12 {
                let first = NaiveDate::from_ymd_opt(2026, month, 1).unwrap();
                for d in dates_in_month(&demo.pattern, first) {
                    assert!(calendar::is_working_day(d), "{d}");
                }
            }
        }
    }
}
