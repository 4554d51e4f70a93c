//! Pages and components. Never touches the database: data comes through `api`.

pub mod i18n;
pub mod request;
pub(crate) mod schedule;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    ParamSegment, SsrMode, StaticSegment,
};

use i18n::{initial_lang, switch_to, use_lang, Lang, Tr};

pub(crate) const SITE_TITLE: Tr = Tr::new("Азаматтарды жеке қабылдау", "Личный приём граждан");
const NOT_FOUND: Tr = Tr::new("Бет табылмады", "Страница не найдена");
const NAV: Tr = Tr::new("Бөлімдер", "Разделы");
const NAV_SCHEDULE: Tr = Tr::new("Қабылдау кестесі", "График приёма");
const NAV_REQUEST: Tr = Tr::new("Қабылдауға жазылу", "Записаться на приём");
const NAV_STATUS: Tr = Tr::new("Өтініш мәртебесі", "Статус обращения");
const LANG_SWITCH: Tr = Tr::new("Тілді таңдау", "Выбор языка");

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = RwSignal::new(initial_lang());
    provide_context(lang);

    view! {
        // A plain string: leptos_meta renders the title after the page's reactive owner is gone,
        // so a signal read there may already be disposed. The switch updates it in the browser.
        <Title text=SITE_TITLE.get(lang.get_untracked())/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=move || view! { <p class="notice">{move || NOT_FOUND.get(lang.get())}</p> }>
                    <Route path=StaticSegment("") view=schedule::SchedulePage ssr=SsrMode::InOrder/>
                    <Route path=StaticSegment("request") view=request::RequestPage ssr=SsrMode::InOrder/>
                    <Route path=(StaticSegment("coupon"), ParamSegment("number")) view=request::CouponPage ssr=SsrMode::InOrder/>
                    <Route path=StaticSegment("status") view=request::StatusPage/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="site-header">
            <a class="brand" href="/">{move || SITE_TITLE.get(lang.get())}</a>
            <nav class="site-nav" aria-label=move || NAV.get(lang.get())>
                <A href="/">{move || NAV_SCHEDULE.get(lang.get())}</A>
                <A href="/request">{move || NAV_REQUEST.get(lang.get())}</A>
                <A href="/status">{move || NAV_STATUS.get(lang.get())}</A>
            </nav>
            <nav class="lang-switch" aria-label=move || LANG_SWITCH.get(lang.get())>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <a
                                href=format!("?lang={}", l.code())
                                hreflang=l.code()
                                lang=l.code()
                                data-lang=l.code()
                                aria-current=move || (lang.get() == l).then_some("true")
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    switch_to(lang, l);
                                }
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
