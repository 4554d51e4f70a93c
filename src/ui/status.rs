//! The status page: the request by its number and the applicant's IIN, its timeline,
//! withdrawal and the calendar file of a scheduled reception. Works with JavaScript off:
//! its forms post to `/status` and the server answers in the page.

use leptos::prelude::*;

use super::browser;
use super::i18n::{clock, full_date, use_lang, Lang, Tr};
use super::request::{clause_label, ANSWER_BY};
use crate::api::requests::{GetStatus, WithdrawRequest};
use crate::model::request::{Lookup, PostedLookup, StatusView};

const STATUS_TITLE: Tr = Tr::new("Өтініш мәртебесі", "Статус обращения");
const STATUS_INTRO: Tr = Tr::new(
    "Тіркеу нөмірін және өтініш берушінің ЖСН-ін (ЖСН-сіз тіркелген шетелдік — құжатының нөмірін) енгізіңіз.",
    "Введите регистрационный номер и ИИН заявителя (иностранец, записанный без ИИН, — номер своего документа).",
);
const NUMBER: Tr = Tr::new("Тіркеу нөмірі", "Регистрационный номер");
const IIN_OR_DOCUMENT: Tr = Tr::new("ЖСН (немесе құжат нөмірі)", "ИИН (или номер документа)");
const SHOW: Tr = Tr::new("Көрсету", "Показать");
const TOO_MANY: Tr = Tr::new(
    "Өтініш мәртебесін тексеру мүмкін болмады. Бір минуттан кейін қайталаңыз.",
    "Не удалось проверить статус. Повторите через минуту.",
);
const CURRENT: Tr = Tr::new("Қазіргі мәртебесі", "Текущий статус");
const HISTORY: Tr = Tr::new("Өзгерістер тарихы", "История изменений");
const SCHEDULED: Tr = Tr::new("Қабылдау", "Приём");
const VIDEO_LINK: Tr = Tr::new("Бейнебайланыс сілтемесі", "Ссылка на видеосвязь");
const ICS: Tr = Tr::new("Күнтізбеге қосу (.ics)", "Добавить в календарь (.ics)");
const REFUSED_BECAUSE: Tr = Tr::new("Бас тарту себебі", "Причина отказа");
const WITHDRAW: Tr = Tr::new("Өтінішті кері қайтарып алу", "Отозвать обращение");
const WITHDRAW_CONFIRM: Tr = Tr::new(
    "Өтініш кері қайтарылғаннан кейін қабылдауға жазылу тоқтатылады.",
    "После отзыва обращения запись на приём прекращается.",
);

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let posted = use_context::<PostedLookup>();
    view! {
        <section class="status">
            <h1>{STATUS_TITLE.get(lang)}</h1>
            <p class="intro">{STATUS_INTRO.get(lang)}</p>
            <StatusLookup lang=lang posted=posted/>
        </section>
    }
}

/// The lookup by number and IIN and what it finds, hydrated in the browser (an island).
/// Its forms post to `/status`, so they work without JavaScript too.
#[island]
fn StatusLookup(lang: Lang, posted: Option<PostedLookup>) -> impl IntoView {
    let lookup = ServerAction::<GetStatus>::new();
    let withdraw = ServerAction::<WithdrawRequest>::new();
    let (number, iin, posted) = match posted {
        Some(p) => (p.number, p.iin, Some(p.found)),
        None => (String::new(), String::new(), None),
    };
    let number = RwSignal::new(number);
    let iin = RwSignal::new(iin);
    Effect::new(move |_| {
        if let Some(Ok(true)) = withdraw.value().get() {
            lookup.dispatch(GetStatus {
                number: number.get_untracked(),
                iin: iin.get_untracked(),
            });
        }
    });
    browser::island_ready();
    let found = move || {
        lookup
            .value()
            .get()
            .map(lookup_found)
            .or_else(|| posted.clone())
    };
    view! {
        <form
            method="post"
            action="/status"
            on:submit=move |ev| {
                ev.prevent_default();
                lookup.dispatch(GetStatus { number: number.get_untracked(), iin: iin.get_untracked() });
            }
        >
            <div class="field">
                <label for="number">{NUMBER.get(lang)}</label>
                <input id="number" name="number" type="text" maxlength="20" required=true placeholder="KRG-2026-000001"
                    autocomplete="off" value=number.get_untracked() bind:value=number/>
            </div>
            <div class="field">
                <label for="status-iin">{IIN_OR_DOCUMENT.get(lang)}</label>
                <input id="status-iin" name="iin" type="text" maxlength="30" required=true
                    autocomplete="off" value=iin.get_untracked() bind:value=iin/>
            </div>
            <button type="submit" class="primary">{SHOW.get(lang)}</button>
        </form>
        {move || {
            found()
                .map(|f| match f {
                    Lookup::Found(view) => view! { <StatusCard view=*view lang=lang withdraw=withdraw number=number iin=iin/> }.into_any(),
                    Lookup::NoMatch => view! { <p class="notice error" role="alert">{crate::model::messages::NO_MATCH.get(lang)}</p> }.into_any(),
                    Lookup::Failed => view! { <p class="notice error" role="alert">{TOO_MANY.get(lang)}</p> }.into_any(),
                })
        }}
    }
}

#[component]
fn StatusCard(
    view: StatusView,
    lang: Lang,
    withdraw: ServerAction<WithdrawRequest>,
    number: RwSignal<String>,
    iin: RwSignal<String>,
) -> impl IntoView {
    let StatusView {
        coupon,
        status,
        scheduled,
        refusal,
        timeline,
    } = view;
    let at =
        |t: chrono::NaiveDateTime| format!("{}, {}", full_date(lang, t.date()), clock(t.time()));
    view! {
        <article class="status-card" data-status=status.code()>
            <h2>{coupon.number}</h2>
            <p>
                {CURRENT.get(lang)}": "
                <strong class="current-status">{status.label().get(lang).to_owned()}</strong>
            </p>
            <p>{format!("{} {}", ANSWER_BY.get(lang), full_date(lang, coupon.answer_by))}</p>
            {scheduled.map(|s| view! {
                <section class="scheduled">
                    <h3>{SCHEDULED.get(lang)}</h3>
                    <p>{at(s.date.and_time(s.starts))}", "{s.place.get(lang).to_owned()}</p>
                    {s.video_link.map(|l| view! { <p>{VIDEO_LINK.get(lang)}": "<a href=l.clone()>{l.clone()}</a></p> })}
                    <p><a href=s.ics_url download="reception.ics">{ICS.get(lang)}</a></p>
                </section>
            })}
            {refusal.map(|r| view! {
                <p class="refusal">
                    {REFUSED_BECAUSE.get(lang)}" ("{clause_label(lang, &r.clause)}"): "
                    {r.reason.get(lang).to_owned()}
                </p>
            })}
            <h3>{HISTORY.get(lang)}</h3>
            <ol class="timeline">
                {timeline
                    .into_iter()
                    .map(|e| view! {
                        <li data-status=e.status.code()>
                            <time datetime=format!("{}T{}", e.at.date(), clock(e.at.time()))>{at(e.at)}</time>
                            " — "
                            {e.note.unwrap_or_else(|| e.status.label()).get(lang).to_owned()}
                        </li>
                    })
                    .collect_view()}
            </ol>
            {status.allows(crate::rules::lifecycle::Event::Withdraw).then(|| view! {
                <form
                    method="post"
                    action="/status"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        withdraw.dispatch(WithdrawRequest { number: number.get_untracked(), iin: iin.get_untracked() });
                    }
                >
                    <input type="hidden" name="number" value=number.get_untracked() prop:value=number/>
                    <input type="hidden" name="iin" value=iin.get_untracked() prop:value=iin/>
                    <input type="hidden" name="withdraw" value="1"/>
                    <p class="hint">{WITHDRAW_CONFIRM.get(lang)}</p>
                    <button type="submit" class="danger">{WITHDRAW.get(lang)}</button>
                </form>
            })}
        </article>
    }
}

/// What a status lookup through the server function found.
fn lookup_found(result: Result<Option<StatusView>, ServerFnError>) -> Lookup {
    match result {
        Ok(Some(view)) => Lookup::Found(Box::new(view)),
        Ok(None) => Lookup::NoMatch,
        Err(_) => Lookup::Failed,
    }
}
