//! The board's wall screens (`/staff/screens`): the administrator makes a link for each
//! screen (shown once: open it in the screen's browser) and revokes it when a screen is lost,
//! moved or replaced. A screen never holds a person's password.

use leptos::prelude::*;

use super::i18n::{use_lang, Tr};
use crate::api::staff::read_screens;
use crate::model::staff::ScreenDone;
use crate::rules::lang::Text;

pub(super) const SCREENS_TITLE: Tr = Tr::new("Тақта экрандары", "Экраны табло");
const INTRO: Tr = Tr::new(
    "Әр қабырға экраны тақтаға өз сілтемесімен кіреді (адамның құпиясөзімен емес). Сілтеме бір рет көрсетіледі: оны экранның браузерінде ашыңыз. Экран жоғалса немесе ауыстырылса, сілтемені кері қайтарыңыз.",
    "Каждый настенный экран входит на табло по своей ссылке (не по паролю сотрудника). Ссылка показывается один раз: откройте её в браузере экрана. Если экран утерян или заменён, отзовите ссылку.",
);
const NAME: Tr = Tr::new("Экранның атауы", "Название экрана");
const CREATE: Tr = Tr::new("Сілтеме жасау", "Создать ссылку");
const REVOKE: Tr = Tr::new("Кері қайтару", "Отозвать");
const REVOKED: Tr = Tr::new("кері қайтарылған", "отозвана");
const LINK_FOR: Tr = Tr::new("Экран сілтемесі", "Ссылка экрана");
const ONCE: Tr = Tr::new(
    "Бұл сілтеме қайта көрсетілмейді: оны қазір экранның браузерінде ашыңыз.",
    "Эта ссылка больше не будет показана: откройте её сейчас в браузере экрана.",
);
const DONE_REVOKED: Tr = Tr::new(
    "Сілтеме кері қайтарылды: экран тақтаны енді ашпайды.",
    "Ссылка отозвана: экран больше не откроет табло.",
);
const NONE: Tr = Tr::new("Экран әлі жоқ.", "Экранов пока нет.");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");

#[component]
pub fn ScreensPage() -> impl IntoView {
    let lang = use_lang();
    let data = ArcResource::new(|| (), |_| read_screens());
    let posted = use_context::<Result<ScreenDone, Text>>().map(|r| match r {
        Ok(ScreenDone::Created { name, link }) => view! {
            <div class="notice" role="status">
                <p>{LINK_FOR.get(lang)}" «"{name}"»: "<code class="one-time-password screen-link">{link}</code></p>
                <p>{ONCE.get(lang)}</p>
            </div>
        }
        .into_any(),
        Ok(ScreenDone::Revoked) => {
            view! { <p class="notice" role="status">{DONE_REVOKED.get(lang)}</p> }.into_any()
        }
        Err(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
    });
    view! {
        <section class="staff-screens">
            <h1>{SCREENS_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            {posted}
            <form method="post" action="/staff/screens" class="filters">
                <div class="field">
                    <label for="screen-name">{NAME.get(lang)}</label>
                    <input id="screen-name" name="name" type="text" maxlength="80" required=true/>
                </div>
                <button type="submit" class="primary">{CREATE.get(lang)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let data = data.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(list) if list.is_empty() => view! { <p class="notice">{NONE.get(lang)}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="calls">
                                    {list.into_iter().map(|s| view! {
                                        <li class="call" data-screen=s.id>
                                            <strong>{s.name}</strong>" · "{s.created_at.chars().take(10).collect::<String>()}
                                            {if s.revoked {
                                                view! { " · "<span class="cancelled-note">{REVOKED.get(lang)}</span> }.into_any()
                                            } else {
                                                view! {
                                                    " "
                                                    <form method="post" action=format!("/staff/screens/{}/revoke", s.id) class="inline">
                                                        <button type="submit" class="danger">{REVOKE.get(lang)}</button>
                                                    </form>
                                                }.into_any()
                                            }}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
