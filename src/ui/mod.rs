//! Pages and components. Never touches the database: data comes through `api`.

pub mod accounts;
pub mod allocation;
pub mod board;
mod browser;
pub mod calendar;
pub mod card;
pub mod control;
pub mod coupon;
pub mod desk;
pub mod i18n;
pub mod inbox;
pub mod live;
pub mod papers;
pub mod persons;
pub mod phone;
pub mod planning;
pub mod protocol;
pub mod receptions;
pub mod report;
pub mod request;
pub(crate) mod schedule;
pub mod screens;
pub mod staff;
pub mod status;
pub mod survey;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_location,
    ParamSegment, SsrMode, StaticSegment,
};

use i18n::{switch_href, use_lang, Lang, Tr};

pub(crate) const SITE_TITLE: Tr = Tr::new("Азаматтарды жеке қабылдау", "Личный приём граждан");
const NOT_FOUND: Tr = Tr::new("Бет табылмады", "Страница не найдена");
const NAV: Tr = Tr::new("Бөлімдер", "Разделы");
const NAV_SCHEDULE: Tr = Tr::new("Қабылдау кестесі", "График приёма");
const NAV_REQUEST: Tr = Tr::new("Қабылдауға жазылу", "Записаться на приём");
const NAV_STATUS: Tr = Tr::new("Өтініш мәртебесі", "Статус обращения");
const LANG_SWITCH: Tr = Tr::new("Тілді таңдау", "Выбор языка");

/// The pages that hold an `#[island]`: the request form, the status lookup, the coupon's
/// print button, the staff inbox, intake and allocation planner, the board. Only they load the script and the wasm bundle; every other page (the public
/// schedule above all, the first page most visitors open on a phone) is plain HTML.
#[cfg(feature = "ssr")]
fn has_islands(path: &str) -> bool {
    path == "/request"
        || path == "/status"
        || path.starts_with("/coupon/")
        || path == "/staff/inbox"
        || path == "/staff/intake"
        || path == "/staff/allocation"
        || path == "/board"
}

/// What a server function refused with, as its message in both languages (without the
/// framework's prefix).
pub fn server_message(e: &ServerFnError) -> String {
    let text = e.to_string();
    match text.split_once(": ") {
        Some((prefix, message)) if prefix.starts_with("error running server function") => {
            message.to_owned()
        }
        _ => text,
    }
}

/// The HTML document around the app, rendered on the server only. In islands mode only the
/// `#[island]` components are hydrated; the rest of every page is plain HTML.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::request_lang();
    // The page's policy names the nonce Leptos put on this response's inline script.
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(policy) = http::HeaderValue::from_str(&page_policy(&nonce)) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    let scripts = use_context::<http::request::Parts>()
        .is_none_or(|request| has_islands(request.uri.path()))
        .then(|| view! { <HydrationScripts options=options.clone() islands=true/> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos"/>
                {scripts}
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App lang=lang/>
            </body>
        </html>
    }
}

/// The policy of a page rendered with `nonce` (Leptos gives each response its own and puts it
/// on the hydration script): scripts from the site and that one inline script, the wasm
/// bundle compiled (`wasm-unsafe-eval`, not `unsafe-eval`), styles from the site only, live
/// events and fetches to the site only, forms posted to the site only, never framed.
#[cfg(feature = "ssr")]
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[component]
pub fn App(lang: Lang) -> impl IntoView {
    provide_meta_context();
    provide_context(lang);

    view! {
        <Title text=SITE_TITLE.get(lang)/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=move || view! { <p class="notice">{NOT_FOUND.get(lang)}</p> }>
                    <Route path=StaticSegment("") view=schedule::SchedulePage ssr=SsrMode::InOrder/>
                    <Route path=StaticSegment("request") view=request::RequestPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("coupon"), ParamSegment("number")) view=coupon::CouponPage ssr=SsrMode::InOrder/>
                    <Route path=StaticSegment("status") view=status::StatusPage/>
                    <Route path=StaticSegment("staff") view=staff::StaffHome/>
                    <Route path=(StaticSegment("staff"), StaticSegment("login")) view=staff::LoginPage/>
                    <Route path=(StaticSegment("staff"), StaticSegment("audit")) view=staff::AuditPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("inbox")) view=inbox::InboxPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("desk")) view=desk::DeskPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("receptions")) view=receptions::ReceptionsPage ssr=SsrMode::InOrder/>
                    <Route path=StaticSegment("board") view=board::BoardPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("allocation")) view=allocation::AllocationPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("schedule")) view=planning::PlanPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("officials")) view=planning::OfficialsPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("calendar")) view=calendar::CalendarPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("accounts")) view=accounts::AccountsPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("screens")) view=screens::ScreensPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("phone")) view=phone::PhonePage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("control")) view=control::ControlPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("survey")) view=survey::SurveyPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("report")) view=report::ReportPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("list")) view=persons::PersonsListPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("intake")) view=request::intake::IntakePage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("staff"), StaticSegment("requests"), ParamSegment("number")) view=card::CardPage ssr=SsrMode::InOrder/>
                </Routes>
            </main>
        </Router>
    }
}

/// The site's navigation and the language switch: links, so they work with or without
/// JavaScript; the switch shows the same page (same month, same coupon) in the other language.
#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let path = location.pathname.get_untracked();
    let query = location.search.get_untracked();
    let query = query.trim_start_matches('?');
    view! {
        <header class="site-header">
            <a class="brand" href="/">{SITE_TITLE.get(lang)}</a>
            <nav class="site-nav" aria-label=NAV.get(lang)>
                <A href="/">{NAV_SCHEDULE.get(lang)}</A>
                <A href="/request">{NAV_REQUEST.get(lang)}</A>
                <A href="/status">{NAV_STATUS.get(lang)}</A>
            </nav>
            <nav class="lang-switch" aria-label=LANG_SWITCH.get(lang)>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <a
                                href=switch_href(&path, query, l)
                                hreflang=l.code()
                                lang=l.code()
                                data-lang=l.code()
                                aria-current=(lang == l).then_some("true")
                            >
                                {match l {
                                    Lang::Kk => "Қазақша",
                                    Lang::Ru => "Русский",
                                }}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
        </header>
    }
}
