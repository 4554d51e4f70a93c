//! Calendar upkeep (`/staff/calendar`): the administrator reads a year's facts and the days in
//! force, and enters the year's Kurban Ait and transfers of days off, each with its act, after
//! the government publishes them; the server and the request form use them at once.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::i18n::{full_date, use_lang, Tr};
use crate::api::staff::read_calendar;
use crate::model::calendar::{CalendarDone, CalendarFact, CalendarView};

pub(super) const CALENDAR_TITLE: Tr =
    Tr::new("Жұмыс күндерінің күнтізбесі", "Календарь рабочих дней");
const INTRO: Tr = Tr::new(
    "Регламенттің жұмыс күндерімен есептелетін мерзімдері (4, 17, 21, 22, 27, 28, 36-т.) осы күнтізбе бойынша саналады. Үкімет немесе министрлік жариялаған жылдың Құрбан айт күнін және демалыс күндерін ауыстыруды актісімен енгізіңіз: сервер мен өтініш нысаны оларды бірден қолданады.",
    "Сроки регламента в рабочих днях (пп. 4, 17, 21, 22, 27, 28, 36) считаются по этому календарю. Внесите дату Курбан айта и переносы выходных дней года с их актом, когда правительство или министерство их опубликует: сервер и форма обращения применяют их сразу.",
);
const YEAR: Tr = Tr::new("Жыл", "Год");
const SHOW: Tr = Tr::new("Көрсету", "Показать");
const KNOWN: Tr = Tr::new("Толық белгілі жылдар", "Полностью известные годы");
const KURBAN_AIT: Tr = Tr::new("Құрбан айт (бірінші күні)", "Курбан айт (первый день)");
const TRANSFERS: Tr = Tr::new("Демалыс күндерін ауыстыру", "Переносы выходных дней");
const NONE: Tr = Tr::new("Жоқ.", "Нет.");
const BUILT_IN: Tr = Tr::new("бағдарламаға енгізілген", "встроено в программу");
const REMOVE: Tr = Tr::new("Жою", "Удалить");
const DAYS: Tr = Tr::new(
    "Күшіндегі мерекелер, демалыс және жұмыс күндері",
    "Действующие праздники, выходные и рабочие дни",
);
const WORKING: Tr = Tr::new("жұмыс күні", "рабочий день");
const DAY_OFF: Tr = Tr::new("демалыс", "выходной");
const ADD_KURBAN_AIT: Tr = Tr::new("Құрбан айт күнін енгізу", "Внести дату Курбан айта");
const ADD_TRANSFER: Tr = Tr::new("Ауыстыруды енгізу", "Внести перенос");
const DATE: Tr = Tr::new("Күні", "Дата");
const DAY_OFF_FIELD: Tr = Tr::new(
    "Демалыс болатын жұмыс күні",
    "Будний день, который становится выходным",
);
const WORKING_FIELD: Tr = Tr::new(
    "Жұмыс күні болатын сенбі/жексенбі",
    "Суббота/воскресенье, которые становятся рабочими",
);
const SOURCE: Tr = Tr::new("Дереккөз (акт, жарияланым)", "Источник (акт, публикация)");
const ACT_KIND: Tr = Tr::new("Акт түрі", "Вид акта");
const ORDER: Tr = Tr::new("министрдің бұйрығы", "приказ министра");
const DECREE: Tr = Tr::new("Үкімет қаулысы", "постановление Правительства");
const ACT_NUMBER: Tr = Tr::new("Акт нөмірі", "Номер акта");
const ACT_DATED: Tr = Tr::new("Акт күні", "Дата акта");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const DONE: [(CalendarDone, Tr); 1] = [(
    CalendarDone,
    Tr::new("Күнтізбе жаңартылды.", "Календарь обновлён."),
)];

#[component]
pub fn CalendarPage() -> impl IntoView {
    let lang = use_lang();
    let year = use_query_map()
        .read_untracked()
        .get("year")
        .and_then(|y| y.trim().parse::<i32>().ok());
    let data = ArcResource::new(move || year, read_calendar);
    let posted = super::planning::posted_notice(lang, &DONE);
    view! {
        <section class="staff-calendar">
            <h1>{CALENDAR_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            {posted}
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let data = data.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(view) => view! { <Year view=view/> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Year(view: CalendarView) -> impl IntoView {
    let lang = use_lang();
    let year = view.year;
    let facts = move |list: Vec<CalendarFact>| {
        if list.is_empty() {
            return view! { <p>{NONE.get(lang)}</p> }.into_any();
        }
        view! {
            <ul class="calls">
                {list.into_iter().map(|f| view! {
                    <li data-day=f.day.to_string()>
                        <strong>{full_date(lang, f.day)}</strong>
                        {f.working_day.map(|w| view! { " ⇄ "{full_date(lang, w)} })}
                        {(!f.source.get(lang).is_empty()).then(|| format!(" — {}", f.source.get(lang)))}
                        {match f.id {
                            None => view! { " ("{BUILT_IN.get(lang)}")" }.into_any(),
                            Some(id) => view! {
                                <form method="post" action=format!("/staff/calendar/{id}/remove") class="inline">
                                    <input type="hidden" name="year" value=year.to_string()/>
                                    <button type="submit" class="danger">{REMOVE.get(lang)}</button>
                                </form>
                            }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <form method="get" action="/staff/calendar" class="filters">
            <div class="field">
                <label for="calendar-year">{YEAR.get(lang)}</label>
                <input id="calendar-year" name="year" type="number" min="2000" max="2100" value=year.to_string()/>
            </div>
            <button type="submit">{SHOW.get(lang)}</button>
        </form>
        <p>{KNOWN.get(lang)}": "{view.known.0}"–"{view.known.1}</p>
        <h2>{KURBAN_AIT.get(lang)}</h2>
        {facts(view.kurban_ait)}
        <h2>{TRANSFERS.get(lang)}</h2>
        {facts(view.transfers)}
        <h2>{DAYS.get(lang)}" "{year}</h2>
        <ul class="calendar-days">
            {view.days.into_iter().map(|d| view! {
                <li class=if d.working { "working" } else { "off" } data-date=d.date.to_string()>
                    <strong>{full_date(lang, d.date)}</strong>" — "
                    {if d.working { WORKING.get(lang) } else { DAY_OFF.get(lang) }}": "
                    {d.why.get(lang).to_owned()}
                </li>
            }).collect_view()}
        </ul>
        <h2>{ADD_KURBAN_AIT.get(lang)}</h2>
        <form method="post" action="/staff/calendar" class="calendar-fact">
            <input type="hidden" name="kind" value="kurban_ait"/>
            <div class="field">
                <label for="kurban-day">{DATE.get(lang)}</label>
                <input id="kurban-day" name="day" type="date" required=true/>
            </div>
            <div class="field">
                <label for="kurban-source">{SOURCE.get(lang)}</label>
                <input id="kurban-source" name="source" type="text" maxlength="500" required=true/>
            </div>
            <button type="submit" class="primary">{ADD_KURBAN_AIT.get(lang)}</button>
        </form>
        <h2>{ADD_TRANSFER.get(lang)}</h2>
        <form method="post" action="/staff/calendar" class="calendar-fact">
            <input type="hidden" name="kind" value="transfer"/>
            <div class="field">
                <label for="transfer-off">{DAY_OFF_FIELD.get(lang)}</label>
                <input id="transfer-off" name="day" type="date" required=true/>
            </div>
            <div class="field">
                <label for="transfer-working">{WORKING_FIELD.get(lang)}</label>
                <input id="transfer-working" name="working_day" type="date" required=true/>
            </div>
            <div class="field">
                <label for="transfer-act-kind">{ACT_KIND.get(lang)}</label>
                <select id="transfer-act-kind" name="act_kind">
                    <option value="order">{ORDER.get(lang)}</option>
                    <option value="decree">{DECREE.get(lang)}</option>
                </select>
            </div>
            <div class="field">
                <label for="transfer-act-number">{ACT_NUMBER.get(lang)}</label>
                <input id="transfer-act-number" name="act_number" type="text" maxlength="100" required=true/>
            </div>
            <div class="field">
                <label for="transfer-act-dated">{ACT_DATED.get(lang)}</label>
                <input id="transfer-act-dated" name="act_dated" type="date" required=true/>
            </div>
            <div class="field">
                <label for="transfer-source">{SOURCE.get(lang)}</label>
                <input id="transfer-source" name="source" type="text" maxlength="500"/>
            </div>
            <button type="submit" class="primary">{ADD_TRANSFER.get(lang)}</button>
        </form>
    }
}
