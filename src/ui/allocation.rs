//! The allocation of an official's approved list (`/staff/allocation`, clauses 13, 29, 30):
//! the clerk picks the official, reads the preview (queue order: out of turn first, then the
//! order of registration; the earliest free seat from 5 working days on, clause 28) and
//! confirms; each applicant is told the date, time and place (clause 31).

use leptos_router::hooks::use_query_map;

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;

use super::browser;
use super::i18n::{clock, full_date, use_lang, Lang, Tr};
use crate::api::staff::read_allocation;
use crate::model::allocation::{
    allocate_plan, AllocationView, Cancelled, CheckConfirmed, CheckItem, Choice, Confirmed,
    DayView, Invited, PlanInput, Planned,
};
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
const COLUMNS: [Tr; 6] = [
    Tr::new("Кезек", "Очередь"),
    Tr::new("Нөмірі", "Номер"),
    Tr::new("Өтініш беруші", "Заявитель"),
    Tr::new("Жауап мерзімі (31-т.)", "Срок ответа (п. 31)"),
    Tr::new("Қабылдау", "Приём"),
    Tr::new("Кейінге қалдыру", "Отложить"),
];
const HOLD: Tr = Tr::new("Кейінге қалдыру:", "Отложить:");
const HELD: Tr = Tr::new("Бұл жолы бөлінбейді", "В этот раз не распределяется");
const SKIP_DAYS: Tr = Tr::new(
    "Бұл жолы толтырылмайтын күндер",
    "Дни, которые в этот раз не заполнять",
);
const PREVIEW: Tr = Tr::new("Алдын ала көру", "Предпросмотр");
const PLACED: Tr = Tr::new("орын алады", "получат место");
const PREVIEWED: Tr = Tr::new("Бөлу қайта есептелді", "Распределение пересчитано");
const HELD_BACK: Tr = Tr::new("кейінге қалдырылды", "отложены");
const SCHEDULED: Tr = Tr::new("Жазылды", "Назначено");
const STILL_WAITING: Tr = Tr::new("күтеді", "ждут");
const CHANGED: Tr = Tr::new("осы уақытта өзгерген", "изменились за это время");
const DAYS: Tr = Tr::new("Қабылдау күндері", "Дни приёма");
const BOOKED: Tr = Tr::new("жазылғандар", "записано");
const CANCELLED: Tr = Tr::new("болдырылмады", "отменён");
const CANCEL: Tr = Tr::new("Қабылдай алмайды (17-т.)", "Не может принять (п. 17)");
const REASON: Tr = Tr::new("Себебі", "Причина");
const TOLD_AT: Tr = Tr::new("Бөлімге хабарланған уақыт", "Когда сообщили в отдел");
const REASONS: [(&str, Tr); 3] = [
    (
        "sick_leave",
        Tr::new(
            "Уақытша еңбекке жарамсыздық",
            "Временная нетрудоспособность",
        ),
    ),
    ("business_trip", Tr::new("Іссапар", "Командировка")),
    ("other", Tr::new("Басқа себеп", "Другая причина")),
];
const CHECKLIST: Tr = Tr::new(
    "Күнге қажеттілер (11, 19-т.)",
    "Что нужно ко дню (пп. 11, 19)",
);
const UNCONFIRMED: Tr = Tr::new("расталмаған", "не подтверждено");
const CONFIRM_ITEM: Tr = Tr::new("Растау", "Подтвердить");
const CONFIRMED_BY: Tr = Tr::new("расталды", "подтверждено");
const CHECK_CONFIRMED: Tr = Tr::new("Тармақ расталды.", "Пункт подтверждён.");
const INVITED: Tr = Tr::new("Шақыру жазылды.", "Приглашение записано.");
const INVITE_KIND: Tr = Tr::new("Кімді шақыру (18, 24-т.)", "Кого пригласить (пп. 18, 24)");
const INVITE_WHO: Tr = Tr::new("Аты-жөні, лауазымы", "Фамилия, инициалы, должность");
const INVITE: Tr = Tr::new("Шақыру", "Пригласить");
const DAY_CANCELLED: Tr = Tr::new("Күн болдырылмады.", "День отменён.");
const TIMELY: Tr = Tr::new(
    "Хабар уақтылы (кемінде 2 жұмыс күні бұрын немесе сол күні, 17-т.)",
    "Сообщено вовремя (не менее чем за 2 рабочих дня или в день приёма, п. 17)",
);
const LATE: Tr = Tr::new(
    "Хабар кеш: 17-тармақтың мерзімі сақталмады",
    "Сообщено поздно: срок пункта 17 не соблюдён",
);
const ON_THE_DAY: Tr = Tr::new(" — қабылдау күні", " — в день приёма");
const MOVED: Tr = Tr::new(
    "Тізімге қайтарылып, хабарланды",
    "Возвращены в список и уведомлены",
);

#[component]
pub fn AllocationPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let official = query.get("official").and_then(|o| o.parse::<i64>().ok());
    // A preview asked for without JavaScript: the choice the form was sent with.
    let choice = Choice {
        held: query.get_all("held").unwrap_or_default(),
        skipped: query
            .get_all("skipped")
            .unwrap_or_default()
            .iter()
            .filter_map(|d| d.parse().ok())
            .collect(),
    };
    drop(query);
    let data = ArcResource::new(move || official, read_allocation);
    let cancelled = use_context::<Result<Cancelled, Text>>().map(|r| match r {
        Ok(c) => view! {
            <p class="notice" role="status">
                {DAY_CANCELLED.get(lang)}" "
                {if c.timely { TIMELY.get(lang) } else { LATE.get(lang) }}
                {c.on_the_day.then(|| ON_THE_DAY.get(lang))}". "
                {MOVED.get(lang)}": "<strong>{c.moved}</strong>"; "
                {SCHEDULED.get(lang)}": "{c.allocation.scheduled}"; "
                {STILL_WAITING.get(lang)}": "{c.allocation.waiting}
            </p>
        }
        .into_any(),
        Err(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
    });
    let result = use_context::<Result<Confirmed, Text>>().map(|r| match r {
        Ok(c) => view! {
            <p class="notice" role="status">
                {SCHEDULED.get(lang)}": "<strong>{c.scheduled}</strong>"; "
                {STILL_WAITING.get(lang)}": "{c.waiting}"; "{CHANGED.get(lang)}": "{c.changed}
                {(c.held > 0).then(|| view! { "; "{HELD_BACK.get(lang)}": "{c.held} })}
            </p>
        }
        .into_any(),
        Err(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
    });
    let invited = use_context::<Result<Invited, Text>>().map(|r| match r {
        Ok(_) => view! { <p class="notice" role="status">{INVITED.get(lang)}</p> }.into_any(),
        Err(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
    });
    let checked = use_context::<Result<CheckConfirmed, Text>>().map(|r| match r {
        Ok(_) => {
            view! { <p class="notice" role="status">{CHECK_CONFIRMED.get(lang)}</p> }.into_any()
        }
        Err(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
    });
    view! {
        <section class="staff-allocation">
            <h1>{ALLOCATION_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            <p><a href="/staff/list">{super::persons::LIST_TITLE.get(lang)}</a></p>
            {result}
            {cancelled}
            {checked}
            {invited}
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let data = data.clone();
                    let choice = choice.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(AllocationView { officials, plan, planned, days }) => view! {
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
                                {plan.map(|input| view! {
                                    <Planner input=input planned=planned choice=choice.clone()/>
                                    <Days days=days/>
                                })}
                            }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// What the planner shows in a request's "Reception" column: the slot it takes, or why none.
fn slot_text(lang: Lang, place: Option<(i64, NaiveDate, NaiveTime)>, held: bool) -> String {
    match place {
        Some((_, date, starts)) => format!("{}, {}", full_date(lang, date), clock(starts)),
        None if held => HELD.get(lang).to_owned(),
        None => WAITS.get(lang).to_owned(),
    }
}

/// The planner (clause 30): the approved list in queue order with the slot each request
/// takes under the clerk's choice (a request held back, a day left unfilled), as the server
/// computes it; [`PlanPreview`] computes it again in the browser, with the same code, the
/// moment a box is ticked. Confirming sends the choice, and the server allocates again with
/// the same code. Without JavaScript, "Preview" shows the choice from the server.
#[component]
fn Planner(input: PlanInput, planned: Vec<Planned>, choice: Choice) -> impl IntoView {
    let lang = use_lang();
    if planned.is_empty() {
        return view! { <p class="notice">{EMPTY.get(lang)}</p> }.into_any();
    }
    let placed = allocate_plan(&input, &choice);
    let any_slot = placed.iter().any(Option::is_some);
    let rows = planned
        .iter()
        .zip(&placed)
        .enumerate()
        .map(|(i, (p, place))| {
            let held = choice.held.contains(&p.number);
            let hold_id = format!("hold-{i}");
            view! {
                <tr data-number=p.number.clone()>
                    <td>{i + 1}</td>
                    <td><a href=format!("/staff/requests/{}", p.number)>{p.number.clone()}</a></td>
                    <td>{p.applicant.clone()}{p.out_of_turn.then(|| view! { " "<span class="repeat-flag">"("{OUT_OF_TURN.get(lang)}")"</span> })}</td>
                    <td>
                        <span class=format!("term {}", p.answer_by.1.code())>
                            {full_date(lang, p.answer_by.0)}
                            <span class="visually-hidden">" — "{p.answer_by.1.label().get(lang).to_owned()}</span>
                        </span>
                    </td>
                    <td class="slot" id=format!("slot-{i}")>{slot_text(lang, *place, held)}</td>
                    <td>
                        <input type="checkbox" id=hold_id.clone() name="held" value=p.number.clone() checked=held/>
                        <label for=hold_id class="visually-hidden">{format!("{} {}", HOLD.get(lang), p.number)}</label>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let day_boxes = input
        .days
        .iter()
        .map(|d| {
            let box_id = format!("skip-{}", d.id);
            view! {
                <li>
                    <input type="checkbox" id=box_id.clone() name="skipped" value=d.id.to_string()
                        checked=choice.skipped.contains(&d.id)/>
                    <label for=box_id>
                        {full_date(lang, d.date)}", "{clock(d.starts)}"–"{clock(d.ends)}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <form method="post" action="/staff/allocation" class="planner" id="planner" autocomplete="off">
            <input type="hidden" name="official" value=input.official.to_string()/>
            <div class="table-scroll">
                <table class="inbox allocation">
                    <thead>
                        <tr>{COLUMNS.iter().map(|c| view! { <th scope="col">{c.get(lang)}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <fieldset class="skip-days">
                <legend>{SKIP_DAYS.get(lang)}</legend>
                <ul>{day_boxes}</ul>
            </fieldset>
            <div class="actions">
                <button type="submit" formmethod="get" formaction="/staff/allocation">{PREVIEW.get(lang)}</button>
                <button type="submit" class="primary" id="confirm-allocation" disabled=!any_slot>{CONFIRM.get(lang)}</button>
            </div>
            <p class="visually-hidden" role="status" aria-live="polite" id="plan-status"></p>
            <PlanPreview lang=lang input=input.to_text()/>
        </form>
    }
    .into_any()
}

/// The planner's instant preview: on every ticked or unticked box of the planner's form, the
/// allocation again by `allocate_plan` (the server's own code), written into the
/// "Reception" column; no round trip. The table itself is the server's (the bundle carries
/// no table).
#[island]
pub fn PlanPreview(lang: Lang, input: String) -> impl IntoView {
    browser::island_ready();
    let Some(input) = PlanInput::from_text(&input) else {
        return;
    };
    browser::on_ticks("planner", move |ticked| {
        let choice = Choice {
            held: ticked
                .iter()
                .filter(|(name, _)| name == "held")
                .map(|(_, v)| v.clone())
                .collect(),
            skipped: ticked
                .iter()
                .filter(|(name, _)| name == "skipped")
                .filter_map(|(_, v)| v.parse().ok())
                .collect(),
        };
        let placed = allocate_plan(&input, &choice);
        for (i, (number, place)) in input.queue.iter().zip(&placed).enumerate() {
            let held = choice.held.contains(number);
            browser::set_text(&format!("slot-{i}"), &slot_text(lang, *place, held));
        }
        browser::set_disabled("confirm-allocation", placed.iter().all(Option::is_none));
        let (mut now, mut held, mut waits) = (0, 0, 0);
        for (number, place) in input.queue.iter().zip(&placed) {
            match place {
                Some(_) => now += 1,
                None if choice.held.contains(number) => held += 1,
                None => waits += 1,
            }
        }
        browser::set_text(
            "plan-status",
            &format!(
                "{}: {} {now}; {} {waits}; {} {held}",
                PREVIEWED.get(lang),
                PLACED.get(lang),
                STILL_WAITING.get(lang),
                HELD_BACK.get(lang),
            ),
        );
    });
}

/// The official's coming days, each with the form that records that the official cannot
/// receive on it (clause 17).
#[component]
fn Days(days: Vec<DayView>) -> impl IntoView {
    let lang = use_lang();
    let now = crate::rules::time::to_local(chrono::Utc::now())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    (!days.is_empty()).then(|| view! {
        <h2>{DAYS.get(lang)}</h2>
        <ul class="calls">
            {days.into_iter().map(|d| {
                let (reason_id, told_id) = (format!("reason-{}", d.id), format!("told-{}", d.id));
                view! {
                    <li class="call" data-day=d.id>
                        <p>
                            <strong>{full_date(lang, d.date)}</strong>", "{clock(d.starts)}"–"{clock(d.ends)}
                            " · "{BOOKED.get(lang)}": "{d.booked}
                            {d.cancelled.then(|| view! { " · "<span class="cancelled-note">{CANCELLED.get(lang)}</span> })}
                        </p>
                        <Checklist day=d.id checks=d.checks.clone()/>
                        {(!d.cancelled).then(|| view! { <Invite day=d.id/> })}
                        // A cancelled day that still holds seats (an attempt cut short) is
                        // cancelled again to finish moving its applicants.
                        {(!d.cancelled || d.booked > 0).then(|| view! {
                            <form method="post" action=format!("/staff/days/{}/cancel", d.id) class="decision">
                                <div class="field">
                                    <label for=reason_id.clone()>{REASON.get(lang)}</label>
                                    <select id=reason_id name="reason">
                                        {REASONS.into_iter().map(|(code, label)| view! { <option value=code>{label.get(lang)}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for=told_id.clone()>{TOLD_AT.get(lang)}</label>
                                    <input id=told_id name="told" type="datetime-local" required=true value=now.clone()/>
                                </div>
                                <button type="submit" class="danger">{CANCEL.get(lang)}</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

/// The form that invites someone to the day (clauses 18, 24).
#[component]
fn Invite(day: i64) -> impl IntoView {
    use crate::rules::duties::Invitee;
    let lang = use_lang();
    let (kind_id, who_id) = (format!("invite-kind-{day}"), format!("invite-who-{day}"));
    let clause = match lang {
        Lang::Kk => |c: &str| format!("{c}-т."),
        Lang::Ru => |c: &str| format!("п. {c}"),
    };
    view! {
        <form method="post" action=format!("/staff/days/{day}/invitees") class="decision invite">
            <div class="field">
                <label for=kind_id.clone()>{INVITE_KIND.get(lang)}</label>
                <select id=kind_id name="kind">
                    {Invitee::ALL.into_iter().map(|i| view! {
                        <option value=i.code()>{format!("{} ({})", i.name().get(lang), clause(i.clause()))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=who_id.clone()>{INVITE_WHO.get(lang)}</label>
                <input id=who_id name="who" type="text" maxlength="200" required=true/>
            </div>
            <button type="submit">{INVITE.get(lang)}</button>
        </form>
    }
}

/// What a day still needs (clauses 11, 19): each item confirmed, or a button to confirm it.
#[component]
fn Checklist(day: i64, checks: Vec<CheckItem>) -> impl IntoView {
    let lang = use_lang();
    (!checks.is_empty()).then(|| view! {
        <div class="checklist">
            <p><strong>{CHECKLIST.get(lang)}</strong></p>
            <ul>
                {checks.into_iter().map(|c| {
                    let (code, done) = (c.code.clone(), if c.confirmed.is_some() { "yes" } else { "no" });
                    view! {
                    <li data-check=code data-confirmed=done>
                        {c.label.get(lang).to_owned()}" — "
                        {match c.confirmed {
                            Some(by) => view! { <span>{CONFIRMED_BY.get(lang)}": "{by}</span> }.into_any(),
                            None => view! {
                                <strong class="cancelled-note">{UNCONFIRMED.get(lang)}</strong>" "
                                <form method="post" action=format!("/staff/days/{day}/checks") class="inline">
                                    <input type="hidden" name="item" value=c.code/>
                                    <button type="submit">{CONFIRM_ITEM.get(lang)}</button>
                                </form>
                            }.into_any(),
                        }}
                    </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    })
}
