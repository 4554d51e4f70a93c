//! The satisfaction survey by phone (`/staff/survey`, clause 38): the applicants who were
//! consulted (their request closed by the final answer) or who declined the reception
//! (withdrew), the newest first, each with the number to call and the language to speak; the
//! answer is recorded once (audited) and the applicant leaves the list.

use leptos::prelude::*;

use super::i18n::{use_lang, Lang, Tr};
use crate::api::staff::read_survey;
use crate::model::card::DecisionError;
use crate::model::staff::SurveyCall;
use crate::rules::survey::Outcome;

pub(super) const SURVEY_TITLE: Tr = Tr::new(
    "Қанағаттану сауалы (38-т.)",
    "Опрос удовлетворённости (п. 38)",
);
const INTRO: Tr = Tr::new(
    "Кеңес алған және жеке қабылдаудан бас тартқан өтініш берушілер. Қоңырау шалып, қаншалықты қанағаттанғанын сұраңыз да, жауабын жазыңыз.",
    "Заявители, получившие консультацию или отказавшиеся от личного приёма. Позвоните, спросите, насколько они удовлетворены, и запишите ответ.",
);
const NONE: Tr = Tr::new("Сұрайтын ешкім жоқ.", "Опрашивать некого.");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const SPEAK: Tr = Tr::new("Сөйлесу тілі", "Язык разговора");
const ANSWER: Tr = Tr::new("Жауабы", "Ответ");
const NOTE: Tr = Tr::new("Белгі (міндетті емес)", "Заметка (необязательно)");
const RECORD: Tr = Tr::new("Жауапты жазу", "Записать ответ");

#[component]
pub fn SurveyPage() -> impl IntoView {
    let lang = use_lang();
    let calls = ArcResource::new(|| (), |_| read_survey());
    let error = use_context::<DecisionError>().map(
        |e| view! { <p class="notice error" role="alert">{e.message.get(lang).to_owned()}</p> },
    );
    view! {
        <section class="staff-phone">
            <h1>{SURVEY_TITLE.get(lang)}</h1>
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
fn Call(call: SurveyCall) -> impl IntoView {
    let lang = use_lang();
    let (answer_id, note_id) = (
        format!("answer-{}", call.number),
        format!("note-{}", call.number),
    );
    let speak = match call.lang {
        Lang::Kk => "Қазақша",
        Lang::Ru => "Русский",
    };
    view! {
        <li class="call" data-number=call.number.clone()>
            <p>
                <a href=format!("/staff/requests/{}", call.number)>{call.number.clone()}</a>
                " — "<strong>{call.applicant.clone()}</strong>" — "
                <a href=format!("tel:{}", call.phone)>{call.phone.clone()}</a>
            </p>
            <p class="hint">{call.status.label().get(lang).to_owned()}" · "{SPEAK.get(lang)}": "{speak}</p>
            <form method="post" action=format!("/staff/survey/{}", call.number) class="decision">
                <div class="field">
                    <label for=answer_id.clone()>{ANSWER.get(lang)}</label>
                    <select id=answer_id name="outcome">
                        {Outcome::ALL.into_iter().map(|o| view! { <option value=o.code()>{o.label().get(lang).to_owned()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=note_id.clone()>{NOTE.get(lang)}</label>
                    <input id=note_id name="note" type="text" maxlength="500"/>
                </div>
                <button type="submit">{RECORD.get(lang)}</button>
            </form>
        </li>
    }
}
