//! The month's plan of reception days (`/staff/schedule`, clauses 6-9): the department plans
//! the days and enters the akim's report meetings, reads what clause 6 finds missing, and the
//! chief of staff approves the month, which puts its days on the public schedule (clause 7).
//! And the officials who receive (`/staff/officials`, clause 2), kept by the administrator.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::i18n::{clock, full_date, use_lang, Tr};
use crate::api::staff::{read_officials, read_plan};
use crate::model::planning::{MonthPlan, OfficialDone, OfficialEntry, PlanDone, PlannedDay};
use crate::rules::{duties::OfficialRole, lang::Text};

pub(super) const PLAN_TITLE: Tr =
    Tr::new("Қабылдау кестесін жоспарлау", "Планирование графика приёма");
const INTRO: Tr = Tr::new(
    "Облыс әкімі мен оның орынбасарлары айына кемінде бір рет, сондай-ақ есеп беру кездесуінен бір жұмыс күні бұрын және кейін қабылдайды (6-т.). Ай кестесін әкім бекітеді (6-т.), бекітуді аппарат басшысы енгізеді; бекітілген күндер ғана жалпыға ортақ кестеде жарияланады (7-т.).",
    "Аким области и его заместители принимают не реже раза в месяц, а также за рабочий день до и после отчётной встречи (п. 6). График месяца утверждает аким (п. 6), утверждение вносит руководитель аппарата; только утверждённые дни публикуются в общем графике (п. 7).",
);
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const PREVIOUS: Tr = Tr::new("← Алдыңғы ай", "← Предыдущий месяц");
const NEXT: Tr = Tr::new("Келесі ай →", "Следующий месяц →");
const APPROVED: Tr = Tr::new("Бекітілген", "Утверждён");
const DRAFT: Tr = Tr::new(
    "Жоба: аппарат басшысының бекітуін күтеді, жалпыға ортақ кестеде әзірге жоқ.",
    "Проект: ждёт утверждения руководителем аппарата, в общем графике пока нет.",
);
const FINDINGS: Tr = Tr::new("6-тармақ бойынша тексеру", "Проверка по пункту 6");
const NO_FINDINGS: Tr = Tr::new("Бұзушылық жоқ.", "Нарушений нет.");
const MEETINGS: Tr = Tr::new("Есеп беру кездесулері", "Отчётные встречи");
const NO_MEETINGS: Tr = Tr::new("Осы айда енгізілмеген.", "В этом месяце не внесены.");
const ADD_MEETING: Tr = Tr::new("Кездесуді енгізу", "Внести встречу");
const REMOVE: Tr = Tr::new("Алып тастау", "Убрать");
const DATE: Tr = Tr::new("Күні", "Дата");
const NO_DAYS: Tr = Tr::new("Қабылдау күні жоқ.", "Дней приёма нет.");
const PUBLISHED: Tr = Tr::new("жарияланған", "опубликован");
const NOT_PUBLISHED: Tr = Tr::new("жоба", "проект");
const CANCELLED: Tr = Tr::new("болдырылмады", "отменён");
const BOOKED: Tr = Tr::new("жазылғандар", "записано");
const VIDEO: Tr = Tr::new("бейнебайланыс", "видеосвязь");
const ORDER: Tr = Tr::new("әкімнің тапсырмасы", "поручение акима");
const MINUTES: Tr = Tr::new("мин", "мин");
const SEATS_SHORT: Tr = Tr::new("орын", "мест");
const ADD_DAY: Tr = Tr::new("Қабылдау күнін жоспарлау", "Запланировать день приёма");
const OFFICIAL: Tr = Tr::new("Қабылдайтын тұлға", "Принимающее лицо");
const STARTS: Tr = Tr::new("Басталуы", "Начало");
const ENDS: Tr = Tr::new("Аяқталуы", "Окончание");
const SLOT: Tr = Tr::new("Бір адамға, минут", "На одного, минут");
const SEATS: Tr = Tr::new("Бір уақытта қабылданатындар", "Принимаются одновременно");
const PLACE_KK: Tr = Tr::new("Орны (қазақша)", "Место (на казахском)");
const PLACE_RU: Tr = Tr::new("Орны (орысша)", "Место (на русском)");
const VIDEO_ROOM: Tr = Tr::new(
    "Бейнебөлменің сілтемесі (14-т., міндетті емес)",
    "Ссылка на видеокомнату (п. 14, необязательно)",
);
const ORDER_NUMBER: Tr = Tr::new(
    "Әкім тапсырмасының нөмірі (9-т., кестеден тыс қабылдау)",
    "Номер поручения акима (п. 9, приём вне графика)",
);
const ORDER_DATE: Tr = Tr::new("Тапсырманың күні", "Дата поручения");
const PLAN: Tr = Tr::new("Жоспарлау", "Запланировать");
const APPROVE: Tr = Tr::new("Ай кестесін бекіту", "Утвердить график месяца");
const DESPITE: Tr = Tr::new(
    "6-тармақ бойынша табылғандармен таныстым, соған қарамастан бекітемін",
    "С находками по пункту 6 ознакомлен(а), утверждаю несмотря на них",
);
const DONE: [(PlanDone, Tr); 5] = [
    (
        PlanDone::DayAdded,
        Tr::new("Күн жоспарланды.", "День запланирован."),
    ),
    (
        PlanDone::DayRemoved,
        Tr::new("Күн жоспардан алынды.", "День убран из плана."),
    ),
    (
        PlanDone::MeetingAdded,
        Tr::new("Кездесу енгізілді.", "Встреча внесена."),
    ),
    (
        PlanDone::MeetingRemoved,
        Tr::new("Кездесу алынды.", "Встреча убрана."),
    ),
    (
        PlanDone::Approved,
        Tr::new(
            "Ай кестесі бекітілді және жарияланды.",
            "График месяца утверждён и опубликован.",
        ),
    ),
];

pub(super) fn posted_notice<T: PartialEq + Copy + Send + Sync + 'static>(
    lang: crate::rules::lang::Lang,
    done: &'static [(T, Tr)],
) -> Option<AnyView> {
    use_context::<Result<T, Text>>().map(|r| match r {
        Ok(d) => {
            let said = done.iter().find(|(k, _)| *k == d).map(|(_, t)| t.get(lang));
            view! { <p class="notice" role="status">{said}</p> }.into_any()
        }
        Err(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
    })
}

fn month_link(d: NaiveDate) -> String {
    format!("/staff/schedule?month={:04}-{:02}", d.year(), d.month())
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let lang = use_lang();
    let month = use_query_map().read_untracked().get("month");
    let data = ArcResource::new(move || month.clone(), read_plan);
    let posted = posted_notice(lang, &DONE);
    view! {
        <section class="staff-planning">
            <h1>{PLAN_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            {posted}
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let data = data.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(plan) => view! { <Month plan=plan/> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Month(plan: MonthPlan) -> impl IntoView {
    let lang = use_lang();
    let first = NaiveDate::from_ymd_opt(plan.year, plan.month, 1).expect("a month the server read");
    let key = format!("{:04}-{:02}", plan.year, plan.month);
    let title = super::i18n::month_heading(lang, plan.year, plan.month);
    let MonthPlan {
        officials,
        days,
        meetings,
        violations,
        approved,
        may_plan,
        may_approve,
        ..
    } = plan;
    let has_findings = !violations.is_empty();
    let status = match approved {
        Some((by, at)) => view! {
            <p class="notice" role="status" data-approved="yes">{APPROVED.get(lang)}": "{by}", "{at}</p>
        }
        .into_any(),
        None => view! { <p class="notice" data-approved="no">{DRAFT.get(lang)}</p> }.into_any(),
    };
    let per_official = officials
        .iter()
        .map(|(id, name, role)| {
            let mine: Vec<PlannedDay> = days.iter().filter(|d| d.official_id == *id).cloned().collect();
            view! { <OfficialDays name=name.clone() role=*role days=mine month=key.clone() may_plan=may_plan/> }
        })
        .collect_view();
    view! {
        <nav class="month-nav">
            <a href=month_link(first - Months::new(1))>{PREVIOUS.get(lang)}</a>
            " "<strong>{title}</strong>" "
            <a href=month_link(first + Months::new(1))>{NEXT.get(lang)}</a>
        </nav>
        {status}
        <h2>{FINDINGS.get(lang)}</h2>
        {if violations.is_empty() {
            view! { <p class="notice">{NO_FINDINGS.get(lang)}</p> }.into_any()
        } else {
            view! {
                <ul class="violations" role="list">
                    {violations.into_iter().map(|v| view! { <li class="violation">{v.get(lang).to_owned()}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {may_approve.then(|| view! {
            <form method="post" action="/staff/schedule/approve" class="decision">
                <input type="hidden" name="month" value=key.clone()/>
                {has_findings.then(|| view! {
                    <label class="check"><input type="checkbox" name="despite" value="yes"/>" "{DESPITE.get(lang)}</label>
                })}
                <button type="submit" class="primary">{APPROVE.get(lang)}</button>
            </form>
        })}
        <h2>{MEETINGS.get(lang)}</h2>
        {if meetings.is_empty() {
            view! { <p class="notice">{NO_MEETINGS.get(lang)}</p> }.into_any()
        } else {
            view! {
                <ul class="meetings">
                    {meetings.into_iter().map(|m| view! {
                        <li>
                            {full_date(lang, m)}
                            {may_plan.then(|| view! {
                                " "
                                <form method="post" action=format!("/staff/schedule/meetings/{m}/remove") class="inline">
                                    <button type="submit">{REMOVE.get(lang)}</button>
                                </form>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {may_plan.then(|| view! {
            <form method="post" action="/staff/schedule/meetings" class="filters">
                <div class="field">
                    <label for="meeting-date">{DATE.get(lang)}</label>
                    <input id="meeting-date" name="date" type="date" required=true min=first.to_string()/>
                </div>
                <button type="submit">{ADD_MEETING.get(lang)}</button>
            </form>
        })}
        {per_official}
        {may_plan.then(|| view! { <DayForm officials=officials.clone() first=first/> })}
    }
}

#[component]
fn OfficialDays(
    name: Text,
    role: OfficialRole,
    days: Vec<PlannedDay>,
    month: String,
    may_plan: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2>{name.get(lang).to_owned()}<span class="role">" — "{role.name().get(lang).to_owned()}</span></h2>
        {if days.is_empty() {
            view! { <p class="notice">{NO_DAYS.get(lang)}</p> }.into_any()
        } else {
            view! {
                <ul class="calls">
                    {days.into_iter().map(|d| {
                        let removable = may_plan && !d.published && d.booked == 0;
                        let month = month.clone();
                        view! {
                            <li class="call" data-day=d.id data-published=if d.published { "yes" } else { "no" }>
                                <p>
                                    <strong>{full_date(lang, d.date)}</strong>", "{clock(d.starts)}"–"{clock(d.ends)}
                                    " · "{d.slot_minutes}" "{MINUTES.get(lang)}" × "{d.seats}" "{SEATS_SHORT.get(lang)}
                                    " · "{d.place.get(lang).to_owned()}
                                    {d.video_room.is_some().then(|| view! { " · "{VIDEO.get(lang)} })}
                                    {d.order.map(|(n, date)| view! { " · "{ORDER.get(lang)}" № "{n}", "{full_date(lang, date)} })}
                                    " · "{if d.published { PUBLISHED.get(lang) } else { NOT_PUBLISHED.get(lang) }}
                                    {d.cancelled.then(|| view! { " · "<span class="cancelled-note">{CANCELLED.get(lang)}</span> })}
                                    {(d.booked > 0).then(|| view! { " · "{BOOKED.get(lang)}": "{d.booked} })}
                                </p>
                                {removable.then(|| view! {
                                    <form method="post" action=format!("/staff/schedule/days/{}/remove", d.id) class="inline">
                                        <input type="hidden" name="month" value=month/>
                                        <button type="submit">{REMOVE.get(lang)}</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

#[component]
fn DayForm(officials: Vec<(i64, Text, OfficialRole)>, first: NaiveDate) -> impl IntoView {
    let lang = use_lang();
    let field = |id: &'static str, label: Tr, kind: &'static str, value: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label.get(lang)}</label>
                <input id=id name=id type=kind value=value required=true/>
            </div>
        }
    };
    view! {
        <h2>{ADD_DAY.get(lang)}</h2>
        <form method="post" action="/staff/schedule/days" class="decision plan-day">
            <div class="field">
                <label for="official">{OFFICIAL.get(lang)}</label>
                <select id="official" name="official" required=true>
                    {officials.into_iter().map(|(id, name, _)| view! {
                        <option value=id.to_string()>{name.get(lang).to_owned()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="date">{DATE.get(lang)}</label>
                <input id="date" name="date" type="date" required=true value=first.to_string()/>
            </div>
            {field("starts", STARTS, "time", "10:00")}
            {field("ends", ENDS, "time", "13:00")}
            {field("slot_minutes", SLOT, "number", "30")}
            {field("seats", SEATS, "number", "1")}
            {field("place_kk", PLACE_KK, "text", "")}
            {field("place_ru", PLACE_RU, "text", "")}
            <div class="field">
                <label for="video_room">{VIDEO_ROOM.get(lang)}</label>
                <input id="video_room" name="video_room" type="url"/>
            </div>
            <div class="field">
                <label for="order_number">{ORDER_NUMBER.get(lang)}</label>
                <input id="order_number" name="order_number" type="text"/>
            </div>
            <div class="field">
                <label for="order_date">{ORDER_DATE.get(lang)}</label>
                <input id="order_date" name="order_date" type="date"/>
            </div>
            <button type="submit" class="primary">{PLAN.get(lang)}</button>
        </form>
    }
}

pub(super) const OFFICIALS_TITLE: Tr = Tr::new(
    "Қабылдайтын лауазымды адамдар",
    "Принимающие должностные лица",
);
const OFFICIALS_INTRO: Tr = Tr::new(
    "Азаматтарды қабылдайтын лауазымды адамдар (2-т.): аты-жөні мен лауазымы екі тілде жалпыға ортақ кестеде жарияланады (7-т.). Қабылдауды тоқтатқан адам жойылмайды — оның бұрынғы қабылдаулары сақталады.",
    "Должностные лица, принимающие граждан (п. 2): имя и должность на двух языках публикуются в общем графике (п. 7). Прекративший приём не удаляется — его прошлые приёмы сохраняются.",
);
const ADD_OFFICIAL: Tr = Tr::new("Лауазымды адамды қосу", "Добавить должностное лицо");
const SAVE: Tr = Tr::new("Сақтау", "Сохранить");
const ADD: Tr = Tr::new("Қосу", "Добавить");
const ACTIVE: Tr = Tr::new("Қабылдайды (кестеде)", "Принимает (в графике)");
const INACTIVE: Tr = Tr::new("қабылдамайды", "не принимает");
const ROLE: Tr = Tr::new("Рөлі", "Роль");
const ORDER_ON_SCHEDULE: Tr = Tr::new("Кестедегі реті", "Порядок в графике");
const NAME_FIELDS: [(&str, Tr); 8] = [
    (
        "surname_kk",
        Tr::new("Тегі (қазақша)", "Фамилия (на казахском)"),
    ),
    ("name_kk", Tr::new("Аты (қазақша)", "Имя (на казахском)")),
    (
        "patronymic_kk",
        Tr::new("Әкесінің аты (қазақша)", "Отчество (на казахском)"),
    ),
    (
        "surname_ru",
        Tr::new("Тегі (орысша)", "Фамилия (на русском)"),
    ),
    ("name_ru", Tr::new("Аты (орысша)", "Имя (на русском)")),
    (
        "patronymic_ru",
        Tr::new("Әкесінің аты (орысша)", "Отчество (на русском)"),
    ),
    (
        "position_kk",
        Tr::new("Лауазымы (қазақша)", "Должность (на казахском)"),
    ),
    (
        "position_ru",
        Tr::new("Лауазымы (орысша)", "Должность (на русском)"),
    ),
];
const OFFICIAL_DONE: [(OfficialDone, Tr); 2] = [
    (
        OfficialDone::Added,
        Tr::new("Лауазымды адам қосылды.", "Должностное лицо добавлено."),
    ),
    (
        OfficialDone::Changed,
        Tr::new("Өзгерістер сақталды.", "Изменения сохранены."),
    ),
];

#[component]
pub fn OfficialsPage() -> impl IntoView {
    let lang = use_lang();
    let data = ArcResource::new(|| (), |_| read_officials());
    let posted = posted_notice(lang, &OFFICIAL_DONE);
    view! {
        <section class="staff-officials">
            <h1>{OFFICIALS_TITLE.get(lang)}</h1>
            <p class="intro">{OFFICIALS_INTRO.get(lang)}</p>
            {posted}
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let data = data.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(list) => view! {
                                <ul class="calls">
                                    {list.into_iter().map(|e| view! { <OfficialEdit entry=Some(e)/> }).collect_view()}
                                </ul>
                                <h2>{ADD_OFFICIAL.get(lang)}</h2>
                                <OfficialEdit entry=None/>
                            }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The form of one official (or of a new one when `entry` is none).
#[component]
fn OfficialEdit(entry: Option<OfficialEntry>) -> impl IntoView {
    let lang = use_lang();
    let key = entry
        .as_ref()
        .map_or_else(|| "new".to_owned(), |e| e.official.id.to_string());
    let action = entry.as_ref().map_or_else(
        || "/staff/officials".to_owned(),
        |e| format!("/staff/officials/{}", e.official.id),
    );
    let value = |field: &str| -> String {
        let Some(e) = &entry else {
            return String::new();
        };
        let o = &e.official;
        match field {
            "surname_kk" => o.name_kk.surname.clone(),
            "name_kk" => o.name_kk.name.clone(),
            "patronymic_kk" => o.name_kk.patronymic.clone().unwrap_or_default(),
            "surname_ru" => o.name_ru.surname.clone(),
            "name_ru" => o.name_ru.name.clone(),
            "patronymic_ru" => o.name_ru.patronymic.clone().unwrap_or_default(),
            "position_kk" => o.position.kk.clone(),
            "position_ru" => o.position.ru.clone(),
            _ => String::new(),
        }
    };
    let role = entry.as_ref().map(|e| e.official.role);
    let active = entry.as_ref().is_none_or(|e| e.active);
    let sort_order = entry.as_ref().map_or(0, |e| e.sort_order);
    let heading = entry.as_ref().map(|e| {
        view! {
            <p>
                <strong>{e.official.full_name(lang)}</strong>" — "{e.official.position.get(lang).to_owned()}
                {(!e.active).then(|| view! { " · "<span class="cancelled-note">{INACTIVE.get(lang)}</span> })}
            </p>
        }
    });
    let is_new = entry.is_none();
    view! {
        <li class="call" data-official=key.clone()>
            {heading}
            <form method="post" action=action class="decision official-form">
                {NAME_FIELDS.into_iter().map(|(name, label)| {
                    let id = format!("{name}-{key}");
                    let required = !name.starts_with("patronymic");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{label.get(lang)}</label>
                            <input id=id name=name type="text" value=value(name) required=required/>
                        </div>
                    }
                }).collect_view()}
                <div class="field">
                    <label for=format!("role-{key}")>{ROLE.get(lang)}</label>
                    <select id=format!("role-{key}") name="role">
                        {OfficialRole::ALL.into_iter().map(|r| view! {
                            <option value=r.code() selected=Some(r) == role>{r.name().get(lang).to_owned()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("order-{key}")>{ORDER_ON_SCHEDULE.get(lang)}</label>
                    <input id=format!("order-{key}") name="sort_order" type="number" min="0" value=sort_order.to_string()/>
                </div>
                {(!is_new).then(|| view! {
                    <label class="check"><input type="checkbox" name="active" value="yes" checked=active/>" "{ACTIVE.get(lang)}</label>
                })}
                <button type="submit" class="primary">{if is_new { ADD.get(lang) } else { SAVE.get(lang) }}</button>
            </form>
        </li>
    }
}
