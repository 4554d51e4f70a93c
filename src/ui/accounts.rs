//! The administrator's accounts screen (`/staff/accounts`): every account with its role and
//! state; create one (a one-time password is shown once), disable or enable it, change its
//! role, reset its password. Plain forms: they work without JavaScript.

use leptos::prelude::*;

use super::i18n::{use_lang, Tr};
use super::staff::signed_in;
use crate::api::staff::{read_accounts, read_officials};
use crate::model::staff::{AccountNotice, StaffAccount};
use crate::rules::permissions::StaffRole;

pub(super) const ACCOUNTS_TITLE: Tr = Tr::new("Есептік жазбалар", "Учётные записи");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const NEW: Tr = Tr::new("Жаңа есептік жазба", "Новая учётная запись");
const LOGIN: Tr = Tr::new("Логин", "Логин");
const FULL_NAME: Tr = Tr::new("Толық аты-жөні", "Полное имя");
const ROLE: Tr = Tr::new("Рөлі", "Роль");
const STATE: Tr = Tr::new("Күйі", "Состояние");
const CREATE: Tr = Tr::new("Құру", "Создать");
const ACTIVE: Tr = Tr::new("Белсенді", "Активна");
const DISABLED: Tr = Tr::new("Өшірілген", "Отключена");
const MUST_CHANGE: Tr = Tr::new("құпиясөзді ауыстыруы керек", "должен сменить пароль");
const DISABLE: Tr = Tr::new("Өшіру", "Отключить");
const ENABLE: Tr = Tr::new("Қосу", "Включить");
const CHANGE_ROLE: Tr = Tr::new("Рөлді ауыстыру", "Сменить роль");
const RESET: Tr = Tr::new("Құпиясөзді қалпына келтіру", "Сбросить пароль");
const ISSUED: Tr = Tr::new(
    "Бір реттік құпиясөз (тек қазір көрсетіледі; қызметкерге беріңіз, ол бірінші кіргенде ауыстырады)",
    "Одноразовый пароль (показан только сейчас; передайте сотруднику, он сменит его при первом входе)",
);
const DONE: Tr = Tr::new("Сақталды.", "Сохранено.");
const YOU: Tr = Tr::new("(сіз)", "(вы)");
const OFFICIAL: Tr = Tr::new("Қабылдайтын тұлға", "Принимающее лицо");
const NOT_LINKED: Tr = Tr::new("— байланыстырылмаған —", "— не связана —");
const LINK: Tr = Tr::new("Байланыстыру", "Связать");

#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let accounts = ArcResource::new(
        || (),
        |_| async { Ok::<_, ServerFnError>((read_accounts().await?, read_officials().await?)) },
    );
    let notice = use_context::<AccountNotice>().map(|n| match n {
        AccountNotice::Refused(m) => {
            view! { <p class="notice error" role="alert">{m.get(lang).to_owned()}</p> }.into_any()
        }
        AccountNotice::Issued { login, password } => view! {
            <div class="notice issued" role="status">
                <p>{ISSUED.get(lang)}</p>
                <p><strong>{login}</strong>": "<code class="one-time-password">{password}</code></p>
            </div>
        }
        .into_any(),
        AccountNotice::Done => {
            view! { <p class="notice" role="status">{DONE.get(lang)}</p> }.into_any()
        }
    });
    view! {
        <section class="staff-accounts">
            <h1>{ACCOUNTS_TITLE.get(lang)}</h1>
            {notice}
            <form method="post" action="/staff/accounts" class="filters" aria-label=NEW.get(lang)>
                <div class="field">
                    <label for="new-login">{LOGIN.get(lang)}</label>
                    <input id="new-login" name="login" type="text" maxlength="64" required=true autocomplete="off"/>
                </div>
                <div class="field">
                    <label for="new-full-name">{FULL_NAME.get(lang)}</label>
                    <input id="new-full-name" name="full_name" type="text" maxlength="200" required=true/>
                </div>
                <div class="field">
                    <label for="new-role">{ROLE.get(lang)}</label>
                    <RoleSelect id="new-role".into() chosen=StaffRole::Clerk/>
                </div>
                <button type="submit" class="primary">{CREATE.get(lang)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let accounts = accounts.clone();
                    Suspend::new(async move {
                        match accounts.await {
                            Ok((all, officials)) => {
                                let officials = officials
                                    .into_iter()
                                    .map(|o| (o.official.id, o.official.full_name(lang)))
                                    .collect();
                                view! { <AccountTable accounts=all officials=officials/> }.into_any()
                            }
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn RoleSelect(id: String, chosen: StaffRole) -> impl IntoView {
    let lang = use_lang();
    view! {
        <select id=id name="role">
            {StaffRole::ALL.into_iter().map(|r| view! {
                <option value=r.code() selected=r == chosen>{r.label().get(lang).to_owned()}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn AccountTable(accounts: Vec<StaffAccount>, officials: Vec<(i64, String)>) -> impl IntoView {
    let lang = use_lang();
    let me = signed_in().map(|m| m.id);
    view! {
        <div class="table-scroll">
            <table class="audit accounts">
                <thead>
                    <tr>
                        <th scope="col">{LOGIN.get(lang)}</th>
                        <th scope="col">{FULL_NAME.get(lang)}</th>
                        <th scope="col">{ROLE.get(lang)}</th>
                        <th scope="col">{STATE.get(lang)}</th>
                        <th scope="col"><span class="visually-hidden">{CHANGE_ROLE.get(lang)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|a| {
                        let action = format!("/staff/accounts/{}", a.id);
                        let role_id = format!("role-{}", a.id);
                        let state = format!(
                            "{}{}",
                            if a.active { ACTIVE.get(lang) } else { DISABLED.get(lang) },
                            if a.must_change_password { format!(", {}", MUST_CHANGE.get(lang)) } else { String::new() }
                        );
                        let own = me == Some(a.id);
                        view! {
                            <tr data-login=a.login.clone()>
                                <td>{a.login.clone()}" "{own.then(|| YOU.get(lang))}</td>
                                <td>{a.full_name.clone()}</td>
                                <td>{a.role.label().get(lang).to_owned()}</td>
                                <td>{state}</td>
                                <td>
                                    {(!own).then(|| view! {
                                        <div class="account-actions">
                                            <form method="post" action=action.clone()>
                                                <input type="hidden" name="action" value=if a.active { "disable" } else { "enable" }/>
                                                <button type="submit" class=if a.active { "danger" } else { "" }>
                                                    {if a.active { DISABLE.get(lang) } else { ENABLE.get(lang) }}
                                                </button>
                                            </form>
                                            <form method="post" action=action.clone()>
                                                <input type="hidden" name="action" value="reset"/>
                                                <button type="submit">{RESET.get(lang)}</button>
                                            </form>
                                            <form method="post" action=action.clone() class="role-change">
                                                <input type="hidden" name="action" value="role"/>
                                                <label for=role_id.clone() class="visually-hidden">{ROLE.get(lang)}</label>
                                                <RoleSelect id=role_id.clone() chosen=a.role/>
                                                <button type="submit">{CHANGE_ROLE.get(lang)}</button>
                                            </form>
                                            // A receiving official's account names the official it is (clause 2).
                                            {(a.role == StaffRole::ReceivingOfficial).then(|| {
                                                let official_id = format!("official-{}", a.id);
                                                view! {
                                                    <form method="post" action=action.clone() class="role-change">
                                                        <input type="hidden" name="action" value="official"/>
                                                        <label for=official_id.clone()>{OFFICIAL.get(lang)}</label>
                                                        <select id=official_id name="official">
                                                            <option value="" selected=a.official.is_none()>{NOT_LINKED.get(lang)}</option>
                                                            {officials.iter().map(|(id, name)| view! {
                                                                <option value=id.to_string() selected=a.official == Some(*id)>{name.clone()}</option>
                                                            }).collect_view()}
                                                        </select>
                                                        <button type="submit">{LINK.get(lang)}</button>
                                                    </form>
                                                }
                                            })}
                                        </div>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
