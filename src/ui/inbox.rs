//! The clerks' inbox (`/staff/inbox`): every request of every channel, with filters in the
//! address (a plain GET form: bookmarkable, works without JavaScript). The table is a live
//! region (`ui::live::LiveRegion`): the page is read again whenever the live-event stream
//! announces a change, so a request registered by the web form or by another clerk appears
//! without a reload.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::i18n::{use_lang, Lang, Tr};
use super::live::{Kind, LiveRegion};
use crate::api::staff::read_inbox;
use crate::model::inbox::{InboxPage, InboxQuery, InboxRow};
use crate::rules::{channel::Channel, lifecycle::Status};

pub(super) const INBOX_TITLE: Tr = Tr::new("Өтініштер", "Обращения");
const FILTERS: Tr = Tr::new("Сүзгілер", "Фильтры");
const STATUS: Tr = Tr::new("Мәртебесі", "Статус");
const OFFICIAL: Tr = Tr::new("Қабылдайтын тұлға", "Принимающее лицо");
const CHANNEL: Tr = Tr::new("Арна", "Канал");
const ANY: Tr = Tr::new("Кез келген", "Любой");
const OUT_OF_TURN: Tr = Tr::new("Кезектен тыс", "Вне очереди");
const OVERDUE: Tr = Tr::new("Мерзімі өткен", "Просроченные");
const SEARCH: Tr = Tr::new(
    "Нөмір, тегі немесе толық ЖСН",
    "Номер, фамилия или полный ИИН",
);
const ORDER: Tr = Tr::new("Реті", "Порядок");
const NEWEST: Tr = Tr::new("Алдымен жаңалары", "Сначала новые");
const BY_DEADLINE: Tr = Tr::new("Мерзімі бойынша", "По сроку");
const SHOW: Tr = Tr::new("Көрсету", "Показать");
const RESET: Tr = Tr::new("Тазарту", "Сбросить");
const ALL_STATUSES: Tr = Tr::new("Барлығы", "Все");
const FOUND: Tr = Tr::new("Табылды", "Найдено");
const PAGE: Tr = Tr::new("Бет", "Страница");
const PREVIOUS: Tr = Tr::new("Алдыңғы", "Предыдущая");
const NEXT: Tr = Tr::new("Келесі", "Следующая");
const NONE_FOUND: Tr = Tr::new("Өтініш табылмады.", "Обращений не найдено.");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const COLUMNS: [Tr; 9] = [
    Tr::new("Нөмірі", "Номер"),
    Tr::new("Арна", "Канал"),
    Tr::new("Түскені", "Поступило"),
    Tr::new("Өтініш беруші", "Заявитель"),
    Tr::new("Қабылдайтын тұлға", "Принимающее лицо"),
    Tr::new("Тақырыбы", "Тема"),
    Tr::new("Мәртебесі", "Статус"),
    Tr::new("Келесі мерзім", "Ближайший срок"),
    Tr::new("Кезектен тыс", "Вне очереди"),
];
const CLAUSE: Tr = Tr::new("т.", "п.");
const LIKELY_REPEAT: Tr = Tr::new("Қайталануы мүмкін (16.2)", "Возможный повтор (16.2)");

fn query_of(map: &leptos_router::params::ParamsMap) -> InboxQuery {
    InboxQuery {
        status: map.get("status"),
        official: map.get("official"),
        channel: map.get("channel"),
        out_of_turn: map.get("out_of_turn"),
        overdue: map.get("overdue"),
        q: map.get("q"),
        order: map.get("order"),
        page: map.get("page"),
    }
}

/// The address of the inbox with `query`, on page `page`.
fn href(query: &InboxQuery, page: u32) -> String {
    let mut parts = Vec::new();
    let mut add = |k: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", urlencode(v)));
        }
    };
    add("status", &query.status);
    add("official", &query.official);
    add("channel", &query.channel);
    add("out_of_turn", &query.out_of_turn);
    add("overdue", &query.overdue);
    add("q", &query.q);
    add("order", &query.order);
    parts.push(format!("page={page}"));
    format!("/staff/inbox?{}", parts.join("&"))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let lang = use_lang();
    let query = query_of(&use_query_map().read_untracked());
    let page = ArcResource::new(
        {
            let query = query.clone();
            move || query.clone()
        },
        read_inbox,
    );
    view! {
        <section class="staff-inbox">
            <h1>{INBOX_TITLE.get(lang)}</h1>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let page = page.clone();
                    let query = query.clone();
                    Suspend::new(async move {
                        match page.await {
                            Ok(first) => view! {
                                <Filters query=query.clone() page=first.clone()/>
                                <LiveRegion lang=lang region="inbox-live".to_owned() kind=Kind::Inbox/>
                                <div id="inbox-live"><InboxResults lang=lang query=query page=first/></div>
                            }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Filters(query: InboxQuery, page: InboxPage) -> impl IntoView {
    let lang = use_lang();
    let chosen = |v: &Option<String>, code: &str| v.as_deref() == Some(code);
    let checked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    let count_links = page
        .counts
        .iter()
        .map(|(status, n)| {
            let q = InboxQuery { status: Some(status.code().into()), page: None, ..query.clone() };
            let current = chosen(&query.status, status.code());
            view! {
                <li><a href=href(&q, 1) aria-current=current.then_some("true") data-status=status.code()>
                    {status.label().get(lang).to_owned()}" "<span class="count">{*n}</span>
                </a></li>
            }
        })
        .collect_view();
    let all = InboxQuery {
        status: None,
        ..query.clone()
    };
    view! {
        <nav class="status-counts" aria-label=STATUS.get(lang)>
            <ul>
                <li><a href=href(&all, 1) aria-current=query.status.is_none().then_some("true")>{ALL_STATUSES.get(lang)}</a></li>
                {count_links}
            </ul>
        </nav>
        <form method="get" action="/staff/inbox" class="filters" aria-label=FILTERS.get(lang)>
            <div class="field">
                <label for="q">{SEARCH.get(lang)}</label>
                <input id="q" name="q" type="search" maxlength="64" value=query.q.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="status">{STATUS.get(lang)}</label>
                <select id="status" name="status">
                    <option value="">{ANY.get(lang)}</option>
                    {Status::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=chosen(&query.status, s.code())>{s.label().get(lang).to_owned()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="official">{OFFICIAL.get(lang)}</label>
                <select id="official" name="official">
                    <option value="">{ANY.get(lang)}</option>
                    {page.officials.iter().map(|(id, name)| {
                        let id = id.to_string();
                        view! { <option value=id.clone() selected=chosen(&query.official, &id)>{name.get(lang).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="channel">{CHANNEL.get(lang)}</label>
                <select id="channel" name="channel">
                    <option value="">{ANY.get(lang)}</option>
                    {Channel::ALL.into_iter().map(|c| view! {
                        <option value=c.code() selected=chosen(&query.channel, c.code())>{c.label().get(lang).to_owned()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="order">{ORDER.get(lang)}</label>
                <select id="order" name="order">
                    <option value="">{NEWEST.get(lang)}</option>
                    <option value="deadline" selected=chosen(&query.order, "deadline")>{BY_DEADLINE.get(lang)}</option>
                </select>
            </div>
            <div class="field check">
                <input id="out_of_turn" name="out_of_turn" type="checkbox" value="1" checked=checked(&query.out_of_turn)/>
                <label for="out_of_turn">{OUT_OF_TURN.get(lang)}</label>
            </div>
            <div class="field check">
                <input id="overdue" name="overdue" type="checkbox" value="1" checked=checked(&query.overdue)/>
                <label for="overdue">{OVERDUE.get(lang)}</label>
            </div>
            <button type="submit" class="primary">{SHOW.get(lang)}</button>
            <a href="/staff/inbox" class="reset">{RESET.get(lang)}</a>
        </form>
    }
}

/// What the filters found: the count, the table and the pages (the live region).
#[component]
fn InboxResults(lang: Lang, query: InboxQuery, page: InboxPage) -> impl IntoView {
    let p = page;
    let pages = p.pages();
    let nav = (pages > 1).then(|| {
        let prev = (p.page > 1).then(|| view! { <a href=href(&query, p.page - 1) rel="prev">{PREVIOUS.get(lang)}</a> });
        let next = (p.page < pages).then(|| view! { <a href=href(&query, p.page + 1) rel="next">{NEXT.get(lang)}</a> });
        view! { <nav class="pager" aria-label=PAGE.get(lang)>{prev}" "{format!("{} {} / {}", PAGE.get(lang), p.page, pages)}" "{next}</nav> }
    });
    view! {
        <p class="found">{FOUND.get(lang)}": "<strong data-total=p.total>{p.total}</strong></p>
        {if p.rows.is_empty() {
            view! { <p class="notice">{NONE_FOUND.get(lang)}</p> }.into_any()
        } else {
            view! { <InboxTable lang=lang rows=p.rows/> }.into_any()
        }}
        {nav}
    }
}

#[component]
fn InboxTable(lang: Lang, rows: Vec<InboxRow>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="inbox">
                <thead>
                    <tr>{COLUMNS.iter().map(|c| view! { <th scope="col">{c.get(lang)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let term = r.term.clone().map(|(due, clause, urgency)| view! {
                            <span class=format!("term {}", urgency.code()) title=urgency.label().get(lang).to_owned()>
                                {due.format("%d.%m.%Y").to_string()}" ("{CLAUSE.get(lang)}" "{clause}")"
                                <span class="visually-hidden">" — "{urgency.label().get(lang).to_owned()}</span>
                            </span>
                        });
                        view! {
                            <tr data-number=r.number.clone() data-status=r.status.code()>
                                <td><a href=format!("/staff/requests/{}", r.number)>{r.number.clone()}</a></td>
                                <td>{r.channel.label().get(lang).to_owned()}</td>
                                <td>{r.received.clone()}</td>
                                <td>{r.applicant.clone()}<br/><span class="masked">{r.identity_masked.clone()}</span></td>
                                <td>{r.official.get(lang).to_owned()}</td>
                                <td>{r.topic.get(lang).to_owned()}</td>
                                <td>{r.status.label().get(lang).to_owned()}{r.likely_repeat.then(|| view! { <br/><span class="repeat-flag">{LIKELY_REPEAT.get(lang)}</span> })}</td>
                                <td>{term}</td>
                                <td>{r.out_of_turn.then(|| OUT_OF_TURN.get(lang))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
