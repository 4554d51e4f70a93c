//! The public reception schedule (clause 7): who receives, when and where, in Kazakh and
//! Russian. No applicant's data appears here.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::i18n::{clock, day_label, month_heading, use_lang, Tr};
use crate::api::get_schedule;
use crate::model::{MonthSchedule, OfficialSchedule};
use crate::rules::lang::Lang;

const HEADING: Tr = Tr::new(
    "Лауазымды адамдардың жеке қабылдау кестесі",
    "График личного приёма должностными лицами",
);
const INTRO: Tr = Tr::new(
    "Облыс әкімі, оның орынбасарлары, аппарат басшысы және оның орынбасарлары, бөлім басшылары жеке тұлғаларды және заңды тұлғалардың өкілдерін осы кесте бойынша қабылдайды. Қабылдауға жазылу жұмыс күндері сағат 09:00-ден 18:30-ға дейін жүргізіледі.",
    "Аким области, его заместители, руководитель аппарата и его заместители, руководители отделов принимают физических лиц и представителей юридических лиц по этому графику. Запись на приём ведётся в рабочие дни с 09:00 до 18:30.",
);
const NO_DAYS: Tr = Tr::new(
    "Бұл айда қабылдау күні белгіленбеген",
    "В этом месяце дни приёма не назначены",
);
const CANCELLED: Tr = Tr::new("Қабылдау болмайды", "Приём отменён");
const HELD: Tr = Tr::new("Қабылданды", "Принято");
const PREV: Tr = Tr::new("← Алдыңғы ай", "← Предыдущий месяц");
const NEXT: Tr = Tr::new("Келесі ай →", "Следующий месяц →");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const RECEPTION_DAYS: Tr = Tr::new("Қабылдау күндері", "Дни приёма");

#[component]
pub fn SchedulePage() -> impl IntoView {
    let lang = use_lang();
    let month = use_query_map().read_untracked().get("month");
    // A reference-counted handle: the Suspense's body is walked again by a background check
    // after the response may have been sent, when the page's arena-held values are gone.
    let schedule = ArcResource::new(move || month.clone(), get_schedule);

    view! {
        <section class="schedule">
            <h1>{HEADING.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let schedule = schedule.clone();
                    Suspend::new(async move {
                        match schedule.await {
                            Ok(s) => view! { <Month schedule=s lang=lang/> }.into_any(),
                            Err(_) => view! {
                                <p class="notice error" role="alert">{crate::model::messages::SCHEDULE_UNAVAILABLE.get(lang)}</p>
                            }
                                .into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

fn month_param(d: NaiveDate) -> String {
    format!("?month={:04}-{:02}", d.year(), d.month())
}

/// Built inside the Suspense: everything comes as props.
#[component]
fn Month(schedule: MonthSchedule, lang: Lang) -> impl IntoView {
    let first = NaiveDate::from_ymd_opt(schedule.year, schedule.month, 1).expect("a valid month");
    let prev = month_param(first - Months::new(1));
    let next = month_param(first + Months::new(1));
    let (year, month) = (schedule.year, schedule.month);
    let akimat = schedule.akimat.clone();
    view! {
        <p class="akimat">{akimat.get(lang).to_owned()}</p>
        <nav class="month-nav">
            <a href=prev class="prev">{PREV.get(lang)}</a>
            <h2 id="month-heading">{month_heading(lang, year, month)}</h2>
            <a href=next class="next">{NEXT.get(lang)}</a>
        </nav>
        <ul class="officials">
            {schedule
                .officials
                .into_iter()
                .map(|o| view! { <OfficialCard entry=o lang=lang/> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn OfficialCard(entry: OfficialSchedule, lang: Lang) -> impl IntoView {
    let OfficialSchedule {
        official,
        days,
        held,
    } = entry;
    let days = if days.is_empty() {
        view! { <p class="no-days">{NO_DAYS.get(lang)}</p> }.into_any()
    } else {
        view! {
            <ul class="days">
                {days
                    .into_iter()
                    .map(|d| {
                        view! {
                            <li class="day" class:cancelled=d.cancelled>
                                <time datetime=d.date.to_string()>{day_label(lang, d.date)}</time>
                                <span class="hours">
                                    {format!("{}–{}", clock(d.starts), clock(d.ends))}
                                </span>
                                <span class="place">{d.place.get(lang).to_owned()}</span>
                                {d.cancelled.then(|| view! { <strong class="cancelled-note">{CANCELLED.get(lang)}</strong> })}
                                {held.iter().find(|(id, _)| *id == d.id).map(|(_, n)| view! {
                                    <span class="held" data-held=*n>{HELD.get(lang)}": "{*n}</span>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <li class="official" data-role=official.role.code()>
            <h3 class="official-name">{official.full_name(lang)}</h3>
            <p class="position">{official.position.get(lang).to_owned()}</p>
            <h4 class="visually-hidden">{RECEPTION_DAYS.get(lang)}</h4>
            {days}
        </li>
    }
}
