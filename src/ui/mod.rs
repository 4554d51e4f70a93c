//! Pages and components. Never touches the database: data comes through `api`.

pub mod i18n;
mod schedule;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    StaticSegment,
};

use i18n::{initial_lang, switch_to, use_lang, Lang, Tr};

const SITE_TITLE: Tr = Tr::new("Азаматтарды жеке қабылдау", "Личный приём граждан");
const NOT_FOUND: Tr = Tr::new("Бет табылмады", "Страница не найдена");
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
        <Title text=move || SITE_TITLE.get(lang.get())/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=move || view! { <p class="notice">{move || NOT_FOUND.get(lang.get())}</p> }>
                    <Route path=StaticSegment("") view=schedule::SchedulePage/>
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
