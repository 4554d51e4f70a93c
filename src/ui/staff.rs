//! The staff workspace's pages: sign-in, and the start page of the signed-in staff member
//! (their name and role, the password change a given password requires, sign-out). Plain
//! forms: they work without JavaScript, and the pages load no script.

use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

use super::i18n::{use_lang, Tr};
use crate::api::staff::read_audit;
use crate::model::staff::{AuditEntry, StaffFormError, StaffMember};
use crate::rules::permissions::{allows, Action};

const SIGN_IN_TITLE: Tr = Tr::new("Қызметкерлердің кіруі", "Вход для сотрудников");
const LOGIN: Tr = Tr::new("Логин", "Логин");
const PASSWORD: Tr = Tr::new("Құпиясөз", "Пароль");
const SIGN_IN: Tr = Tr::new("Кіру", "Войти");
const SIGN_OUT: Tr = Tr::new("Шығу", "Выйти");
const WORKSPACE: Tr = Tr::new("Қызметкердің жұмыс орны", "Рабочее место сотрудника");
const SIGNED_IN_AS: Tr = Tr::new("Жүйеге кірген", "Вы вошли как");
const CHANGE_TITLE: Tr = Tr::new("Құпиясөзді ауыстыру", "Смена пароля");
const CHANGE_INTRO: Tr = Tr::new(
    "Сізге берілген құпиясөзді алдымен өзіңіздікіне ауыстырыңыз (кемінде 12 таңба).",
    "Сначала замените выданный вам пароль своим (не короче 12 знаков).",
);
const CURRENT_PASSWORD: Tr = Tr::new("Қазіргі құпиясөз", "Текущий пароль");
const NEW_PASSWORD: Tr = Tr::new("Жаңа құпиясөз", "Новый пароль");
const SAVE: Tr = Tr::new("Сақтау", "Сохранить");
const INTAKE_LINK: Tr = Tr::new(
    "Басқа арнадан түскен өтінішті тіркеу",
    "Зарегистрировать обращение из другого канала",
);
const BOARD_LINK: Tr = Tr::new("Қабылдау тақтасы", "Табло приёма");
const AUDIT_TITLE: Tr = Tr::new("Өзгерістер журналы", "Журнал изменений");
const AUDIT_INTRO: Tr = Tr::new(
    "Қызметкерлердің әр өзгерісі: кім, қашан, не, бұрын → кейін. Соңғы 500 жазба.",
    "Каждое изменение, сделанное сотрудниками: кто, когда, что, было → стало. Последние 500 записей.",
);
const BY_REQUEST: Tr = Tr::new("Өтініш нөмірі", "Номер обращения");
const BY_LOGIN: Tr = Tr::new("Қызметкердің логині", "Логин сотрудника");
const SHOW: Tr = Tr::new("Көрсету", "Показать");
const NONE_FOUND: Tr = Tr::new("Жазба жоқ.", "Записей нет.");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const FAILED: Tr = Tr::new(
    "Журналды оқу мүмкін болмады.",
    "Не удалось прочитать журнал.",
);
const COLUMNS: [Tr; 6] = [
    Tr::new("№", "№"),
    Tr::new("Уақыты (UTC)", "Время (UTC)"),
    Tr::new("Кім", "Кто"),
    Tr::new("Не", "Что"),
    Tr::new("Нысан", "Объект"),
    Tr::new("Бұрын → кейін", "Было → стало"),
];

/// The staff member the server let through to this page (the `/staff` gate puts them in the
/// request); none when signed out.
pub(super) fn signed_in() -> Option<StaffMember> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<StaffMember>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[component]
fn FormError() -> impl IntoView {
    let lang = use_lang();
    use_context::<StaffFormError>().map(|e| {
        view! { <p class="notice error" role="alert">{e.message.get(lang).to_owned()}</p> }
    })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = use_context::<StaffFormError>()
        .map(|e| e.login)
        .unwrap_or_default();
    view! {
        <section class="staff-sign-in">
            <h1>{SIGN_IN_TITLE.get(lang)}</h1>
            <FormError/>
            <form method="post" action="/staff/login">
                <div class="field">
                    <label for="login">{LOGIN.get(lang)}</label>
                    <input id="login" name="login" type="text" autocomplete="username" maxlength="64" required=true value=login/>
                </div>
                <div class="field">
                    <label for="password">{PASSWORD.get(lang)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required=true/>
                </div>
                <button type="submit" class="primary">{SIGN_IN.get(lang)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn StaffHome() -> impl IntoView {
    let lang = use_lang();
    let Some(member) = signed_in() else {
        return view! { <p class="notice">{SIGN_IN_TITLE.get(lang)}</p> }.into_any();
    };
    let must_change = member.must_change_password;
    view! {
        <section class="staff-home">
            <h1>{WORKSPACE.get(lang)}</h1>
            <p class="signed-in">
                {SIGNED_IN_AS.get(lang)}": "
                <strong>{member.full_name.clone()}</strong>
                " ("{member.role.label().get(lang).to_owned()}")"
            </p>
            {must_change.then(|| view! { <PasswordChange/> })}
            {(!must_change && allows(member.role, Action::ViewRequests)).then(|| view! {
                <p><a href="/staff/inbox">{super::inbox::INBOX_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::ViewRequests)).then(|| view! {
                <p><a href="/staff/control">{super::control::CONTROL_TITLE.get(lang)}</a></p>
                <p><a href="/staff/report">{super::report::REPORT_TITLE.get(lang)}</a></p>
                <p><a href="/staff/list">{super::persons::LIST_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::RegisterIntake)).then(|| view! {
                <p><a href="/staff/intake">{INTAKE_LINK.get(lang)}</a></p>
            })}
            {(!must_change && (allows(member.role, Action::PlanSchedule) || allows(member.role, Action::ApproveSchedule))).then(|| view! {
                <p><a href="/staff/schedule">{super::planning::PLAN_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::Lifecycle(crate::rules::lifecycle::Event::Allocate))).then(|| view! {
                <p><a href="/staff/allocation">{super::allocation::ALLOCATION_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::Lifecycle(crate::rules::lifecycle::Event::CheckIn))).then(|| view! {
                <p><a href="/staff/desk">{super::desk::DESK_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::ViewOwnReceptions)).then(|| view! {
                <p><a href="/staff/receptions">{super::receptions::RECEPTIONS_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::ViewBoard)).then(|| view! {
                <p><a href="/board">{BOARD_LINK.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::PhoneApplicants)).then(|| view! {
                <p><a href="/staff/phone">{super::phone::PHONE_TITLE.get(lang)}</a></p>
                <p><a href="/staff/survey">{super::survey::SURVEY_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::ManageStaff)).then(|| view! {
                <p><a href="/staff/accounts">{super::accounts::ACCOUNTS_TITLE.get(lang)}</a></p>
                <p><a href="/staff/screens">{super::screens::SCREENS_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::ManageOfficials)).then(|| view! {
                <p><a href="/staff/officials">{super::planning::OFFICIALS_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::KeepCalendar)).then(|| view! {
                <p><a href="/staff/calendar">{super::calendar::CALENDAR_TITLE.get(lang)}</a></p>
            })}
            {(!must_change && allows(member.role, Action::ReadAudit)).then(|| view! {
                <p><a href="/staff/audit">{AUDIT_TITLE.get(lang)}</a></p>
            })}
            <form method="post" action="/staff/logout">
                <button type="submit">{SIGN_OUT.get(lang)}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn PasswordChange() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="password-change">
            <h2>{CHANGE_TITLE.get(lang)}</h2>
            <p>{CHANGE_INTRO.get(lang)}</p>
            <FormError/>
            <form method="post" action="/staff/password">
                <div class="field">
                    <label for="current">{CURRENT_PASSWORD.get(lang)}</label>
                    <input id="current" name="current" type="password" autocomplete="current-password" maxlength="256" required=true/>
                </div>
                <div class="field">
                    <label for="new">{NEW_PASSWORD.get(lang)}</label>
                    <input id="new" name="new" type="password" autocomplete="new-password" minlength="12" maxlength="256" required=true/>
                </div>
                <button type="submit" class="primary">{SAVE.get(lang)}</button>
            </form>
        </section>
    }
}

/// The audit log for the administrator, filtered by request or by staff member (a plain GET
/// form: the filter is in the address, so it can be bookmarked and works without JavaScript).
#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let (request, login) = (query.get("request"), query.get("login"));
    let filter = (request.clone(), login.clone());
    let rows = ArcResource::new(move || filter.clone(), |(r, l)| read_audit(r, l));
    view! {
        <section class="staff-audit">
            <h1>{AUDIT_TITLE.get(lang)}</h1>
            <p>{AUDIT_INTRO.get(lang)}</p>
            <form method="get" action="/staff/audit" class="filters">
                <div class="field">
                    <label for="request">{BY_REQUEST.get(lang)}</label>
                    <input id="request" name="request" type="text" maxlength="30" value=request.unwrap_or_default()/>
                </div>
                <div class="field">
                    <label for="login">{BY_LOGIN.get(lang)}</label>
                    <input id="login" name="login" type="text" maxlength="64" value=login.unwrap_or_default()/>
                </div>
                <button type="submit">{SHOW.get(lang)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let rows = rows.clone();
                    Suspend::new(async move {
                        match rows.await {
                            Ok(rows) if rows.is_empty() => view! { <p class="notice">{NONE_FOUND.get(lang)}</p> }.into_any(),
                            Ok(rows) => view! { <AuditTable rows=rows/> }.into_any(),
                            Err(_) => view! { <p class="notice error" role="alert">{FAILED.get(lang)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn AuditTable(rows: Vec<AuditEntry>) -> impl IntoView {
    let lang = use_lang();
    let change = |e: &AuditEntry| {
        format!(
            "{} → {}",
            e.before.as_deref().unwrap_or("—"),
            e.after.as_deref().unwrap_or("—")
        )
    };
    view! {
        <table class="audit">
            <thead>
                <tr>{COLUMNS.iter().map(|c| view! { <th scope="col">{c.get(lang)}</th> }).collect_view()}</tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|e| view! {
                        <tr data-seq=e.seq>
                            <td>{e.seq}</td>
                            <td>{e.at.clone()}</td>
                            <td>{e.actor.clone()}</td>
                            <td>{e.action.clone()}</td>
                            <td>{format!("{} {}", e.entity, e.entity_id)}</td>
                            <td>{change(&e)}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
