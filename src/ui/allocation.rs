//! The allocation of an official's approved list (`/staff/allocation`, clauses 13, 29, 30):
//! the clerk picks the official, reads the preview (queue order: out of turn first, then the
//! order of registration; the earliest free seat from 5 working days on, clause 28) and
//! confirms; each applicant is told the date, time and place (clause 31).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::i18n::{clock, full_date, use_lang, Tr};
use crate::api::staff::read_allocation;
use crate::model::allocation::{Confirmed, Planned};
use crate::rules::lang::Text;

pub(super) const ALLOCATION_TITLE: Tr = Tr::new("Қабылдауға бөлу", "Распределение на приём");
const INTRO: Tr = Tr::new(
    "Келісілген тізім 13-тармақтағы кезек тәртібімен (алдымен кезектен тыс санаттар, содан кейін тіркелу реті) бос орындарға бөлінеді; ең ерте күн — 5 жұмыс күнінен кейін (28-т.). Растағанда әр өтініш берушіге күні, уақыты және орны хабарланады (31-т.).",
    "Согласованный список распределяется по свободным местам в порядке очереди пункта 13 (сначала категории вне очереди, затем по порядку регистрации); самый ранний день — через 5 рабочих дней (п. 28). При подтверждении каждому заявителю сообщаются дата, время и место (п. 31).",
);
const OFFICIAL: Tr = Tr::new("Қабылдайтын тұлға", "Принимающее лицо");
const CHOOSE: Tr = Tr::new("— таңдаңыз —", "— выберите —");
const SHOW: Tr = Tr::new("Көрсету", "Показать");
const CONFIRM: Tr = Tr::new("Бөлуді растау", "Подтвердить распределение");
const EMPTY: Tr = Tr::new("Келісілген тізім бос.", "Согласованный список пуст.");
const WAITS: Tr = Tr::new("Бос орын жоқ: күтеді", "Нет свободного места: ждёт");
const OUT_OF_TURN: Tr = Tr::new("кезектен тыс", "вне очереди");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const COLUMNS: [Tr; 4] = [
    Tr::new("Кезек", "Очередь"),
    Tr::new("Нөмірі", "Номер"),
    Tr::new("Өтініш беруші", "Заявитель"),
    Tr::new("Қабылдау", "Приём"),
];
const SCHEDULED: Tr = Tr::new("Жазылды", "Назначено");
const STILL_WAITING: Tr = Tr::new("күтеді", "ждут");
const CHANGED: Tr = Tr::new("осы уақытта өзгерген", "изменились за это время");

#[component]
pub fn AllocationPage() -> impl IntoView {
    let lang = use_lang();
    let official = use_query_map()
        .read_untracked()
        .get("official")
        .and_then(|o| o.parse::<i64>().ok());
    let data = ArcResource::new(move || official, read_allocation);
    let result = use_context::<Result<Confirmed, Text>>().map(|r| match r {
        Ok(c) => view! {
            <p class="notice" role="status">
                {SCHEDULED.get(lang)}": "<strong>{c.scheduled}</strong>"; "
                {STILL_WAITING.get(lang)}": "{c.waiting}"; "{CHANGED.get(lang)}": "{c.changed}
            </p>
        }
        .into_any(),
        Err(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
    });
    view! {
        <section class="staff-allocation">
            <h1>{ALLOCATION_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            {result}
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let data = data.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok((officials, planned)) => view! {
                                <form method="get" action="/staff/allocation" class="filters">
                                    <div class="field">
                                        <label for="official">{OFFICIAL.get(lang)}</label>
                                        <select id="official" name="official">
                                            <option value="">{CHOOSE.get(lang)}</option>
                                            {officials.into_iter().map(|(id, name)| view! {
                                                <option value=id.to_string() selected=Some(id) == official>{name.get(lang).to_owned()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit">{SHOW.get(lang)}</button>
                                </form>
                                {official.map(|id| view! { <Plan official=id planned=planned/> })}
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
fn Plan(official: i64, planned: Vec<Planned>) -> impl IntoView {
    let lang = use_lang();
    if planned.is_empty() {
        return view! { <p class="notice">{EMPTY.get(lang)}</p> }.into_any();
    }
    let any_slot = planned.iter().any(|p| p.slot.is_some());
    view! {
        <div class="table-scroll">
            <table class="inbox allocation">
                <thead>
                    <tr>{COLUMNS.iter().map(|c| view! { <th scope="col">{c.get(lang)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {planned.into_iter().enumerate().map(|(i, p)| view! {
                        <tr data-number=p.number.clone()>
                            <td>{i + 1}</td>
                            <td><a href=format!("/staff/requests/{}", p.number)>{p.number.clone()}</a></td>
                            <td>{p.applicant.clone()}{p.out_of_turn.then(|| view! { " "<span class="repeat-flag">"("{OUT_OF_TURN.get(lang)}")"</span> })}</td>
                            <td>{match p.slot {
                                Some((date, starts)) => format!("{}, {}", full_date(lang, date), clock(starts)),
                                None => WAITS.get(lang).to_owned(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {any_slot.then(|| view! {
            <form method="post" action="/staff/allocation">
                <input type="hidden" name="official" value=official.to_string()/>
                <button type="submit" class="primary">{CONFIRM.get(lang)}</button>
            </form>
        })}
    }
    .into_any()
}
