//! The printable coupon of a registered request (APPK art. 63), opened by its number and
//! the form's one-time key.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::browser;
use super::i18n::{clock, full_date, use_lang, Lang, Tr};
use super::request::{ANSWER_BY, EXTENDED_BY};
use crate::api::requests::get_coupon;
use crate::model::request::Coupon;

const COUPON_TITLE: Tr = Tr::new("Өтініш тіркелді", "Обращение зарегистрировано");
const COUPON_NUMBER: Tr = Tr::new("Тіркеу нөмірі", "Регистрационный номер");
const RECEIVED_AT: Tr = Tr::new(
    "Қабылданған уақыты (Алматы уақыты)",
    "Время поступления (время Алматы)",
);
const REGISTERED_ON: Tr = Tr::new("Тіркелген күні", "Дата регистрации");
const APPLICANT_LABEL: Tr = Tr::new("Өтініш беруші", "Заявитель");
const TO_OFFICIAL: Tr = Tr::new("Қабылдауына жазылған лауазымды адам", "Должностное лицо");
const TOPIC_LABEL: Tr = Tr::new("Тақырыбы", "Тема");
const FOLLOW: Tr = Tr::new(
    "Өтініштің барысын «Өтініш мәртебесі» бетінен тіркеу нөмірі мен ЖСН бойынша біле аласыз. Жауап сізге таңдаған тіліңізде жіберіледі.",
    "Следить за обращением можно на странице «Статус обращения» по регистрационному номеру и ИИН. Ответ придёт на выбранном вами языке.",
);
const STATUS_LINK: Tr = Tr::new("Өтініш мәртебесі", "Статус обращения");
const PRINT: Tr = Tr::new("Талонды басып шығару", "Распечатать талон");
const NOT_FOUND: Tr = Tr::new(
    "Талон табылмады. Сілтемені толық көшіргеніңізді тексеріңіз.",
    "Талон не найден. Проверьте, что ссылка скопирована полностью.",
);

#[component]
pub fn CouponPage() -> impl IntoView {
    let lang = use_lang();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let key = use_query_map()
        .read_untracked()
        .get("key")
        .unwrap_or_default();
    let coupon = ArcResource::new(
        move || (number.clone(), key.clone()),
        |(n, k)| get_coupon(n, k),
    );
    view! {
        <section class="coupon">
            <Suspense fallback=|| ()>
                {move || {
                    let coupon = coupon.clone();
                    Suspend::new(async move {
                        match coupon.await {
                            Ok(Some(c)) => view! { <CouponView coupon=c lang=lang/> }.into_any(),
                            _ => view! { <p class="notice error" role="alert">{NOT_FOUND.get(lang)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn CouponView(coupon: Coupon, lang: Lang) -> impl IntoView {
    let received = format!(
        "{}, {}",
        full_date(lang, coupon.received_local.date()),
        clock(coupon.received_local.time())
    );
    view! {
        <h1>{COUPON_TITLE.get(lang)}</h1>
        <dl class="coupon-card">
            <dt>{COUPON_NUMBER.get(lang)}</dt>
            <dd class="number" id="registration-number">{coupon.number}</dd>
            <dt>{APPLICANT_LABEL.get(lang)}</dt>
            <dd>{coupon.applicant_initials}</dd>
            <dt>{RECEIVED_AT.get(lang)}</dt>
            <dd>{received}</dd>
            <dt>{REGISTERED_ON.get(lang)}</dt>
            <dd>{full_date(lang, coupon.registered_on)}</dd>
            <dt>{TO_OFFICIAL.get(lang)}</dt>
            <dd>{coupon.official.get(lang).to_owned()}", "{coupon.position.get(lang).to_owned()}</dd>
            <dt>{TOPIC_LABEL.get(lang)}</dt>
            <dd>{coupon.topic.get(lang).to_owned()}</dd>
            <dt>{ANSWER_BY.get(lang)}</dt>
            <dd data-deadline="answer">{full_date(lang, coupon.answer_by)}</dd>
            <dt>{EXTENDED_BY.get(lang)}</dt>
            <dd>{full_date(lang, coupon.extended_answer_by)}</dd>
        </dl>
        <p>{FOLLOW.get(lang)}</p>
        <p class="actions">
            <a href="/status">{STATUS_LINK.get(lang)}</a>
            <PrintButton lang=lang/>
        </p>
    }
}

/// The print button: the only part of the coupon that needs the browser.
#[island]
fn PrintButton(lang: Lang) -> impl IntoView {
    browser::island_ready();
    view! {
        <button type="button" class="print" on:click=move |_| browser::print()>{PRINT.get(lang)}</button>
    }
}
