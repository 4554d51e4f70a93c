//! The department's quarterly report (`/staff/report`, clause 40): the quarter's requests by
//! channel, status, official and topic, out of turn, refusals by clause, and how the
//! protocols' instructions were kept. Counts only; it prints as it is shown.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::i18n::{full_date, use_lang, Lang, Tr};
use crate::api::staff::read_report;
use crate::model::report::QuarterReport;

pub(super) const REPORT_TITLE: Tr = Tr::new("Тоқсандық есеп (40-т.)", "Квартальный отчёт (п. 40)");
const INTRO: Tr = Tr::new(
    "Бөлім жұмысының нәтижелері туралы облыс әкіміне және Президент Әкімшілігіне тоқсанына кемінде бір рет беретін есепке арналған сандар. Жеке деректер жоқ.",
    "Цифры для отчёта отдела о результатах работы акиму области и в Администрацию Президента — не реже раза в квартал. Без персональных данных.",
);
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const QUARTER: Tr = Tr::new("Тоқсан (жыл-тоқсан)", "Квартал (год-квартал)");
const SHOW: Tr = Tr::new("Көрсету", "Показать");
const PERIOD: Tr = Tr::new("Кезең", "Период");
const DUE: Tr = Tr::new("Есеп беру мерзімі", "Срок отчёта");
const RECEIVED: Tr = Tr::new("Түскен өтініштер", "Поступило обращений");
const OUT_OF_TURN: Tr = Tr::new(
    "Оның ішінде кезектен тыс (13-т.)",
    "Из них вне очереди (п. 13)",
);
const BY_CHANNEL: Tr = Tr::new("Арналар бойынша (4-т.)", "По каналам (п. 4)");
const BY_STATUS: Tr = Tr::new("Қазіргі мәртебесі", "Текущий статус");
const BY_OFFICIAL: Tr = Tr::new("Қабылдайтын тұлғалар бойынша", "По принимающим лицам");
const BY_TOPIC: Tr = Tr::new("Жиі қойылған мәселелер", "Частые вопросы");
const REFUSALS: Tr = Tr::new("Бас тартулар негіздемесі бойынша", "Отказы по основаниям");
const CLAUSE: Tr = Tr::new("т.", "п.");
const INSTRUCTIONS: Tr = Tr::new(
    "Хаттамалық тапсырмалар (25, 34-т.)",
    "Протокольные поручения (пп. 25, 34)",
);
const GIVEN: Tr = Tr::new("Берілді", "Дано");
const DONE: Tr = Tr::new("Орындалды", "Исполнено");
const OVERDUE: Tr = Tr::new("Мерзімі өтті, орындалмаған", "Просрочено, не исполнено");
const NONE: Tr = Tr::new("Жоқ.", "Нет.");
const COUNT: Tr = Tr::new("Саны", "Количество");
const SATISFACTION: Tr = Tr::new(
    "Қанағаттану сауалы (38-т.)",
    "Опрос удовлетворённости (п. 38)",
);

#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let quarter = use_query_map().read_untracked().get("quarter");
    let asked = quarter.clone().unwrap_or_default();
    let data = ArcResource::new(move || quarter.clone(), read_report);
    view! {
        <section class="staff-report">
            <h1>{REPORT_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            <form method="get" action="/staff/report" class="inline">
                <label for="report-quarter">{QUARTER.get(lang)}</label>
                <input id="report-quarter" name="quarter" type="text" inputmode="numeric" pattern="[0-9]{4}-[1-4]" placeholder="2026-4" value=asked/>
                <button type="submit">{SHOW.get(lang)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let data = data.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(report) => view! { <Report report=report/> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// A two-column table of what was counted, or "none".
fn counts(lang: Lang, title: Tr, rows: Vec<(String, i64)>) -> impl IntoView {
    let body = if rows.is_empty() {
        view! { <p>{NONE.get(lang)}</p> }.into_any()
    } else {
        view! {
            <table class="control report">
                <thead><tr><th scope="col">{title.get(lang)}</th><th scope="col">{COUNT.get(lang)}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(what, n)| view! { <tr><td>{what}</td><td>{n}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }.into_any()
    };
    view! { <h2>{title.get(lang)}</h2>{body} }
}

#[component]
fn Report(report: QuarterReport) -> impl IntoView {
    let lang = use_lang();
    let r = report;
    let text = |t: &crate::rules::lang::Text| t.get(lang).to_owned();
    view! {
        <h2 data-quarter=format!("{}-{}", r.year, r.quarter)>
            {match lang {
                Lang::Kk => format!("{} ж., {}-тоқсан", r.year, r.quarter),
                Lang::Ru => format!("{} квартал {} г.", r.quarter, r.year),
            }}
        </h2>
        <table class="card-facts">
            <tbody>
                <tr><th scope="row">{PERIOD.get(lang)}</th><td>{full_date(lang, r.from)}" — "{full_date(lang, r.to)}</td></tr>
                <tr><th scope="row">{DUE.get(lang)}</th><td>{full_date(lang, r.due)}</td></tr>
                <tr><th scope="row">{RECEIVED.get(lang)}</th><td data-count="received">{r.received}</td></tr>
                <tr><th scope="row">{OUT_OF_TURN.get(lang)}</th><td data-count="out-of-turn">{r.out_of_turn}</td></tr>
            </tbody>
        </table>
        {counts(lang, BY_CHANNEL, r.by_channel.iter().map(|(c, n)| (text(&c.label()), *n)).collect())}
        {counts(lang, BY_STATUS, r.by_status.iter().map(|(s, n)| (text(&s.label()), *n)).collect())}
        {counts(lang, BY_OFFICIAL, r.by_official.iter().map(|(o, n)| (text(o), *n)).collect())}
        {counts(lang, BY_TOPIC, r.by_topic.iter().map(|(t, n)| (text(t), *n)).collect())}
        {counts(lang, REFUSALS, r.refusals.iter().map(|(c, n)| (format!("{} {c}", CLAUSE.get(lang)), *n)).collect())}
        {counts(lang, SATISFACTION, r.satisfaction.iter().map(|(o, n)| (text(&o.label()), *n)).collect())}
        <h2>{INSTRUCTIONS.get(lang)}</h2>
        <table class="card-facts">
            <tbody>
                <tr><th scope="row">{GIVEN.get(lang)}</th><td data-count="instructions">{r.instructions}</td></tr>
                <tr><th scope="row">{DONE.get(lang)}</th><td data-count="instructions-done">{r.instructions_done}</td></tr>
                <tr><th scope="row">{OVERDUE.get(lang)}</th><td data-count="instructions-overdue">{r.instructions_overdue}</td></tr>
            </tbody>
        </table>
    }
}
