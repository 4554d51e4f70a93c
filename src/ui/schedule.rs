//! The public reception schedule (clause 7): who receives, when and where, in Kazakh and
//! Russian. No applicant's data appears here.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::i18n::{day_label, month_heading, use_lang, Tr};
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
const PREV: Tr = Tr::new("← Алдыңғы ай", "← Предыдущий месяц");
const NEXT: Tr = Tr::new("Келесі ай →", "Следующий месяц →");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
pub(crate) const UNAVAILABLE: Tr = Tr::new(
    "Кесте қазір қолжетімсіз. Кейінірек қайталап көріңіз.",
    "График сейчас недоступен. Попробуйте позже.",
);
const RECEPTION_DAYS: Tr = Tr::new("Қабылдау күндері", "Дни приёма");

#[component]
pub fn SchedulePage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let month = move || query.read().get("month");
    // Reference-counted handles for the Transition's body (see the note on `i18n::use_lang`).
    let schedule = ArcResource::new(month, get_schedule);
    let shared = ArcRwSignal::from(lang);

    view! {
        <section class="schedule">
            <h1>{move || HEADING.get(lang.get())}</h1>
            <p class="intro">{move || INTRO.get(lang.get())}</p>
            <Transition fallback=move || view! { <p class="notice">{move || LOADING.get(lang.get())}</p> }>
                {move || {
                    let (schedule, shared) = (schedule.clone(), shared.clone());
                    Suspend::new(async move {
                        let lang = RwSignal::from(shared);
                        match schedule.await {
                            Ok(s) => view! { <Month schedule=s lang=lang/> }.into_any(),
                            Err(_) => view! {
                                <p class="notice error" role="alert">{move || UNAVAILABLE.get(lang.get())}</p>
                            }
                                .into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

fn month_param(d: NaiveDate) -> String {
    format!("?month={:04}-{:02}", d.year(), d.month())
}

#[component]
/// Built inside the Transition: everything comes as props (see the note on `i18n::use_lang`).
fn Month(schedule: MonthSchedule, lang: RwSignal<Lang>) -> impl IntoView {
    let first = NaiveDate::from_ymd_opt(schedule.year, schedule.month, 1).expect("a valid month");
    let prev = month_param(first - Months::new(1));
    let next = month_param(first + Months::new(1));
    let (year, month) = (schedule.year, schedule.month);
    let akimat = schedule.akimat.clone();
    view! {
        <p class="akimat">{move || akimat.get(lang.get()).to_owned()}</p>
        <nav class="month-nav">
            <a href=prev class="prev">{move || PREV.get(lang.get())}</a>
            <h2 id="month-heading">{move || month_heading(lang.get(), year, month)}</h2>
            <a href=next class="next">{move || NEXT.get(lang.get())}</a>
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
fn OfficialCard(entry: OfficialSchedule, lang: RwSignal<Lang>) -> impl IntoView {
    let OfficialSchedule { official, days } = entry;
    let position = official.position.clone();
    let name = official.clone();
    let has_days = !days.is_empty();
    view! {
        <li class="official" data-role=official.role.clone()>
            <h3 class="official-name">{move || name.full_name(lang.get())}</h3>
            <p class="position">{move || position.get(lang.get()).to_owned()}</p>
            <h4 class="visually-hidden">{move || RECEPTION_DAYS.get(lang.get())}</h4>
            <Show when=move || has_days fallback=move || view! { <p class="no-days">{move || NO_DAYS.get(lang.get())}</p> }>
                <ul class="days">
                    {days
                        .clone()
                        .into_iter()
                        .map(|d| {
                            let place = d.place.clone();
                            let cancelled = d.cancelled;
                            view! {
                                <li class="day" class:cancelled=cancelled>
                                    <time datetime=d.date.to_string()>{move || day_label(lang.get(), d.date)}</time>
                                    <span class="hours">
                                        {format!("{}–{}", d.starts.format("%H:%M"), d.ends.format("%H:%M"))}
                                    </span>
                                    <span class="place">{move || place.get(lang.get()).to_owned()}</span>
                                    {cancelled.then(|| view! { <strong class="cancelled-note">{move || CANCELLED.get(lang.get())}</strong> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Show>
        </li>
    }
}
