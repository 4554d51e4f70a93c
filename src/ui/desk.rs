//! The reception-room desk (`/staff/desk`): today's applicants of every official, in slot
//! and queue order; check-in (clause 10: the identity document, and a representative's
//! power of attorney, seen), call in, received, no-show. Plain forms.

use leptos::prelude::*;

use super::i18n::{clock, use_lang, Tr};
use crate::api::staff::read_desk;
use crate::model::card::DecisionError;
use crate::model::desk::DeskEntry;
use crate::rules::lifecycle::Status;

pub(super) const DESK_TITLE: Tr = Tr::new("Қабылдау күні: үстел", "День приёма: стойка");
const NONE: Tr = Tr::new("Бүгін қабылдау жоқ.", "Сегодня приёма нет.");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const IDENTITY_SEEN: Tr = Tr::new("Жеке куәлік көрілді", "Удостоверение проверено");
const AUTHORITY_SEEN: Tr = Tr::new("Сенімхат көрілді", "Доверенность проверена");
const CHECK_IN: Tr = Tr::new("Келді (10-т.)", "Прибыл (п. 10)");
const CALL: Tr = Tr::new("Шақыру", "Пригласить");
const RECEIVED: Tr = Tr::new("Қабылданды", "Принят");
const NO_SHOW: Tr = Tr::new("Келмеді", "Не явился");
const IN_RECEPTION: Tr = Tr::new("қабылдауда", "на приёме");
const OUT_OF_TURN: Tr = Tr::new("кезектен тыс", "вне очереди");
const UNPROVEN: Tr = Tr::new(
    "кезектен тыс санат расталмады: жалпы кезекпен",
    "категория вне очереди не подтверждена: в общем порядке",
);
const PROOF_SEEN: Tr = Tr::new(
    "Кезектен тыс санатты растайтын құжат көрсетілді (13-т.; көрсетілмесе — жалпы кезекпен)",
    "Предъявлен документ, подтверждающий категорию вне очереди (п. 13; если нет — в общем порядке)",
);

#[component]
pub fn DeskPage() -> impl IntoView {
    let lang = use_lang();
    let entries = ArcResource::new(|| (), |_| read_desk());
    let error = use_context::<DecisionError>().map(
        |e| view! { <p class="notice error" role="alert">{e.message.get(lang).to_owned()}</p> },
    );
    view! {
        <section class="staff-desk">
            <h1>{DESK_TITLE.get(lang)}</h1>
            {error}
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let entries = entries.clone();
                    Suspend::new(async move {
                        match entries.await {
                            Ok(e) if e.is_empty() => view! { <p class="notice">{NONE.get(lang)}</p> }.into_any(),
                            Ok(e) => view! { <ul class="calls">{e.into_iter().map(|e| view! { <Entry entry=e/> }).collect_view()}</ul> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Entry(entry: DeskEntry) -> impl IntoView {
    let lang = use_lang();
    let action = format!("/staff/desk/{}", entry.number);
    let form = |what: &'static str, label: Tr, extra: Option<AnyView>| {
        view! {
            <form method="post" action=action.clone() class="inline">
                <input type="hidden" name="action" value=what/>
                <input type="hidden" name="shown" value=entry.status.code()/>
                <input type="hidden" name="version" value=entry.version.to_string()/>
                {extra}
                <button type="submit" class=if what == "no_show" { "danger" } else { "primary" }>{label.get(lang)}</button>
            </form>
        }
    };
    let id = entry.number.clone();
    let actions = match (entry.status, entry.called) {
        (Status::Scheduled, _) => {
            let checks = view! {
                <label class="check"><input type="checkbox" name="identity_seen" id=format!("identity-{id}")/>" "{IDENTITY_SEEN.get(lang)}</label>
                {entry.representative.then(|| view! {
                    <label class="check"><input type="checkbox" name="authority_seen"/>" "{AUTHORITY_SEEN.get(lang)}</label>
                })}
                {entry.out_of_turn.then(|| view! {
                    <label class="check"><input type="checkbox" name="proof_seen"/>" "{PROOF_SEEN.get(lang)}</label>
                })}
            }
            .into_any();
            view! { {form("check_in", CHECK_IN, Some(checks))}{form("no_show", NO_SHOW, None)} }
                .into_any()
        }
        (Status::Arrived, false) => {
            view! { {form("call", CALL, None)}{form("no_show", NO_SHOW, None)} }.into_any()
        }
        (Status::Arrived, true) => {
            view! { <strong>{IN_RECEPTION.get(lang)}</strong>" "{form("receive", RECEIVED, None)} }
                .into_any()
        }
        _ => view! { <span>{entry.status.label().get(lang).to_owned()}</span> }.into_any(),
    };
    view! {
        <li class="call" data-number=entry.number.clone() data-status=entry.status.code()>
            <p>
                <strong>{clock(entry.slot)}</strong>" — "{entry.applicant.clone()}" ("
                <a href=format!("/staff/requests/{}", entry.number)>{entry.number.clone()}</a>")"
                {match (entry.out_of_turn, entry.out_of_turn_unproven) {
                    (true, false) => Some(view! { " · "<span class="repeat-flag">{OUT_OF_TURN.get(lang)}</span> }.into_any()),
                    (true, true) => Some(view! { " · "<span class="repeat-flag" data-unproven="yes">{UNPROVEN.get(lang)}</span> }.into_any()),
                    _ => None,
                }}
                " · "{entry.official.get(lang).to_owned()}
            </p>
            <div class="account-actions">{actions}</div>
        </li>
    }
}
