//! The notices staff must phone through (`/staff/phone`): no e-mail address was given, or
//! the e-mail failed for good. Each shows the number to call, the language to speak and the
//! text to read out; "phoned" with a note takes it off the list (audited).

use leptos::prelude::*;

use super::i18n::{use_lang, Lang, Tr};
use crate::api::staff::read_phone_list;
use crate::model::card::DecisionError;
use crate::model::staff::PhoneCall;

pub(super) const PHONE_TITLE: Tr = Tr::new("Телефонмен хабарлау", "Уведомить по телефону");
const INTRO: Tr = Tr::new(
    "Электрондық поштасы жоқ немесе хаты жеткізілмеген өтініш берушілер. Қоңырау шалып, хабарламаны оқып беріңіз де, белгі қойыңыз.",
    "Заявители без электронной почты или с недоставленным письмом. Позвоните, прочитайте уведомление и отметьте звонок.",
);
const NONE: Tr = Tr::new("Қоңырау шалатын ешкім жоқ.", "Звонить некому.");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const SPEAK: Tr = Tr::new("Сөйлесу тілі", "Язык разговора");
const FAILED_EMAIL: Tr = Tr::new("Хат жеткізілмеді", "Письмо не доставлено");
const NO_EMAIL: Tr = Tr::new("Электрондық пошта жоқ", "Нет электронной почты");
const NOTE: Tr = Tr::new(
    "Белгі (кіммен сөйлестіңіз, не айтылды)",
    "Заметка (с кем говорили, что сказано)",
);
const PHONED: Tr = Tr::new("Қоңырау шалынды", "Позвонили");
const TEXT: Tr = Tr::new("Оқып беретін мәтін", "Текст для чтения");

#[component]
pub fn PhonePage() -> impl IntoView {
    let lang = use_lang();
    let calls = ArcResource::new(|| (), |_| read_phone_list());
    let error = use_context::<DecisionError>().map(
        |e| view! { <p class="notice error" role="alert">{e.message.get(lang).to_owned()}</p> },
    );
    view! {
        <section class="staff-phone">
            <h1>{PHONE_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            {error}
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let calls = calls.clone();
                    Suspend::new(async move {
                        match calls.await {
                            Ok(calls) if calls.is_empty() => view! { <p class="notice">{NONE.get(lang)}</p> }.into_any(),
                            Ok(calls) => view! {
                                <ul class="calls">{calls.into_iter().map(|c| view! { <Call call=c/> }).collect_view()}</ul>
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
fn Call(call: PhoneCall) -> impl IntoView {
    let lang = use_lang();
    let note_id = format!("note-{}", call.outbox_id);
    let speak = match call.lang {
        Lang::Kk => "Қазақша",
        Lang::Ru => "Русский",
    };
    view! {
        <li class="call" data-outbox=call.outbox_id>
            <p>
                <a href=format!("/staff/requests/{}", call.number)>{call.number.clone()}</a>
                " — "<strong>{call.applicant.clone()}</strong>" — "
                <a href=format!("tel:{}", call.phone)>{call.phone.clone()}</a>
            </p>
            <p class="hint">
                {SPEAK.get(lang)}": "{speak}" · "
                {if call.email_failed { FAILED_EMAIL.get(lang) } else { NO_EMAIL.get(lang) }}
            </p>
            <details>
                <summary>{TEXT.get(lang)}": "{call.subject.clone()}</summary>
                <pre class="notice-text">{call.body.clone()}</pre>
            </details>
            <form method="post" action=format!("/staff/phone/{}", call.outbox_id) class="decision">
                <div class="field">
                    <label for=note_id.clone()>{NOTE.get(lang)}</label>
                    <input id=note_id name="note" type="text" maxlength="500"/>
                </div>
                <button type="submit" class="primary">{PHONED.get(lang)}</button>
            </form>
        </li>
    }
}
