//! A request's card for the staff (`/staff/requests/<number>`): everything the applicant
//! gave, its terms and timeline, the applicant's earlier requests, and the decisions that
//! the lifecycle and the staff member's role allow now (the same `rules` the server checks).
//! Each decision is a plain form, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::i18n::{clock, full_date, use_lang, Lang, Tr};
use super::staff::signed_in;
use crate::api::staff::read_card;
use crate::model::card::{DecisionError, Proposal, RequestCard};
use crate::rules::{
    lifecycle::{apply, Event, Status, DECISIONS},
    permissions::{may_send, refusal_grounds, StaffRole},
};

const NOT_FOUND: Tr = Tr::new(
    "Мұндай нөмірлі өтініш жоқ.",
    "Обращения с таким номером нет.",
);
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const BACK: Tr = Tr::new("← Өтініштер тізіміне", "← К списку обращений");
const STATUS: Tr = Tr::new("Мәртебесі", "Статус");
const CHANNEL: Tr = Tr::new("Арна", "Канал");
const RECEIVED: Tr = Tr::new("Түскені", "Поступило");
const REGISTERED: Tr = Tr::new("Тіркелген күні", "Дата регистрации");
const ANSWER_BY: Tr = Tr::new("Жауап беру мерзімі", "Срок ответа");
const NEXT_TERM: Tr = Tr::new("Келесі мерзім", "Ближайший срок");
const APPLICANT: Tr = Tr::new("Өтініш беруші", "Заявитель");
const IDENTITY: Tr = Tr::new("ЖСН / құжат", "ИИН / документ");
const PHONE: Tr = Tr::new("Телефон", "Телефон");
const EMAIL: Tr = Tr::new("Электрондық пошта", "Электронная почта");
const ANSWER_LANG: Tr = Tr::new("Жауап тілі", "Язык ответа");
const ORGANISATION: Tr = Tr::new("Ұйым", "Организация");
const OFFICIAL: Tr = Tr::new("Қабылдайтын тұлға", "Принимающее лицо");
const TOPIC: Tr = Tr::new("Тақырыбы", "Тема");
const ESSENCE: Tr = Tr::new("Мәселенің мәні", "Суть вопроса");
const OUT_OF_TURN: Tr = Tr::new("Кезектен тыс (13-т.)", "Вне очереди (п. 13)");
const INTERPRETER: Tr = Tr::new("Аудармашы (11-т.)", "Переводчик (п. 11)");
const VIDEO: Tr = Tr::new(
    "Бейнебайланысқа келісім (14-т.)",
    "Согласие на видеосвязь (п. 14)",
);
const YES: Tr = Tr::new("Иә", "Да");
const NO: Tr = Tr::new("Жоқ", "Нет");
const RECEPTION: Tr = Tr::new("Қабылдау", "Приём");
const REFUSAL: Tr = Tr::new("Бас тарту", "Отказ");
const TIMELINE: Tr = Tr::new("Өзгерістер тарихы", "История изменений");
const EARLIER: Tr = Tr::new(
    "Өтініш берушінің басқа өтініштері (16.2-т.)",
    "Другие обращения заявителя (п. 16.2)",
);
const NO_EARLIER: Tr = Tr::new("Басқа өтініштер жоқ.", "Других обращений нет.");
const ACTIONS: Tr = Tr::new("Шешімдер", "Решения");
const NO_ACTIONS: Tr = Tr::new(
    "Сіздің рөліңіз үшін қазір қолжетімді шешім жоқ.",
    "Для вашей роли сейчас нет доступных решений.",
);
const REASON: Tr = Tr::new("Себебі", "Причина");
const AGAINST_REFUSAL: Tr = Tr::new(
    "Бөлім қабылдаудан бас тартуды ұсынды (анықтамалық ақпаратты қараңыз). Келіссеңіз, бас тартуды 29-т. негізімен дәлелдеп жазыңыз; мақұлдау қабылдау күнін белгілейді.",
    "Отдел предложил отказать в приёме (см. справочную информацию). Согласны — откажите по основанию п. 29 с мотивировкой; согласование назначит дату приёма.",
);
const CLAUSE_28: Tr = Tr::new("28-т.", "п. 28");
const PROPOSES: Tr = Tr::new("Бөлімнің ұсынысы (28-т.)", "Предложение отдела (п. 28)");
const NOTE: Tr = Tr::new(
    "Аппарат басшысына анықтамалық ақпарат",
    "Справочная информация руководителю аппарата",
);
const NOTE_HINT: Tr = Tr::new(
    "Аппараттың құрылымдық бөлімшелерімен бірге жиналған және талданған материалдар. Өтініш берушіге көрсетілмейді.",
    "Материалы, собранные и проанализированные с участием структурных подразделений аппарата. Заявителю не показывается.",
);
const REASON_HINT: Tr = Tr::new(
    "Өтініш берушінің тілінде жазыңыз: хатқа осылай енеді.",
    "Пишите на языке заявителя: так войдёт в письмо.",
);
const GROUND: Tr = Tr::new("Негіздеме", "Основание");
const LIKELY_REPEAT: Tr = Tr::new(
    "Қайталануы мүмкін: өтініш беруші осы мәселе бойынша бұрын қабылданған немесе жауап алған (16.2-т.). Шешімді сіз қабылдайсыз:",
    "Возможный повтор: заявитель уже был принят или получил ответ по этому вопросу (п. 16.2). Решение за вами:",
);
const BODY: Tr = Tr::new(
    "Орталық мемлекеттік орган (20-т.): хабарлама өтініш берушіге бірден жіберіледі (21-т.)",
    "Центральный государственный орган (п. 20): уведомление заявителю уйдёт сразу (п. 21)",
);
const CENTRAL: Tr = Tr::new(
    "Орталық мемлекеттік органдар (20–22-т.)",
    "Центральные государственные органы (пп. 20–22)",
);
const SENT: Tr = Tr::new("Сұрау жіберілді", "Запрос направлен");
const TOLD: Tr = Tr::new(
    "өтініш берушіге хабарланды (21-т.)",
    "заявитель уведомлён (п. 21)",
);
const REFUSED_ON: Tr = Tr::new("Қатысудан бас тартты", "Отказ от участия");
const REPORT_DUE: Tr = Tr::new(
    "Президент Әкімшілігіне хабарлау мерзімі (22-т.)",
    "Срок сообщения в Администрацию Президента (п. 22)",
);
const REPORTED_ON: Tr = Tr::new("Хабарланды", "Сообщено");
const RECORD_REFUSAL: Tr = Tr::new("Бас тартуды тіркеу", "Зарегистрировать отказ");
const RECORD_REPORT: Tr = Tr::new("Хабарланғанын тіркеу", "Отметить, что сообщено");
pub(super) const CHANGED_BY: Tr = Tr::new("Өзгерткен", "Изменил(а)");
const CLAUSE: Tr = Tr::new("т.", "п.");
const MOVE_TO: Tr = Tr::new("Жаңа уақыты", "Новое время");
const MOVE_REASON_HINT: Tr = Tr::new(
    "Себебі аудит журналына жазылады; өтініш берушіге жаңа күні, уақыты және орны хабарланады.",
    "Причина записывается в журнал аудита; заявителю сообщаются новые дата, время и место.",
);

/// The grounds of a refusal, as the card offers them.
const GROUNDS: [(&str, Tr); 4] = [
    (
        "16.1",
        Tr::new(
            "16.1 — құзыретке жатпайды (қайда жүгіну керегін жазыңыз)",
            "16.1 — вне компетенции (укажите, куда обратиться)",
        ),
    ),
    (
        "16.2",
        Tr::new(
            "16.2 — бұрын қабылданған немесе жауап берілген (бұрынғы нөмірді жазыңыз)",
            "16.2 — ранее принят или получил ответ (укажите прежний номер)",
        ),
    ),
    (
        "29",
        Tr::new(
            "29 — аппарат басшысы келіспеді",
            "29 — руководитель аппарата не согласовал",
        ),
    ),
    (
        "31",
        Tr::new("31 — дәлелді бас тарту", "31 — мотивированный отказ"),
    ),
];

/// The decisions `role` may take on a request in `status`: what the lifecycle allows from it
/// and the permission table lets the role do (the server asks the same two).
pub fn offered(role: StaffRole, status: Status) -> Vec<Event> {
    DECISIONS
        .into_iter()
        .filter(|e| apply(status, *e).is_ok() && may_send(role, *e, status))
        .collect()
}

#[component]
pub fn CardPage() -> impl IntoView {
    let lang = use_lang();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let card = ArcResource::new(move || number.clone(), read_card);
    view! {
        <section class="staff-card">
            <p><a href="/staff/inbox">{BACK.get(lang)}</a></p>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let card = card.clone();
                    Suspend::new(async move {
                        match card.await {
                            Ok(Some(card)) => view! { <Card card=card/> }.into_any(),
                            Ok(None) => view! { <p class="notice error" role="alert">{NOT_FOUND.get(lang)}</p> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Card(card: RequestCard) -> impl IntoView {
    let lang = use_lang();
    let role = signed_in().map(|m| m.role);
    let row = |label: Tr, value: String| view! { <tr><th scope="row">{label.get(lang)}</th><td>{value}</td></tr> };
    let yes_no = |b: bool| if b { YES.get(lang) } else { NO.get(lang) }.to_owned();
    let term = card.term.clone().map(|(due, clause, urgency)| { let data_clause = clause.clone(); view! {
        <tr><th scope="row">{NEXT_TERM.get(lang)}</th><td>
            <span class=format!("term {}", urgency.code()) data-clause=data_clause>
                {full_date(lang, due)}" ("{CLAUSE.get(lang)}" "{clause}") — "{urgency.label().get(lang).to_owned()}
            </span>
        </td></tr>
    }});
    let reception = card.scheduled.clone().map(|(date, starts, place)| {
        row(
            RECEPTION,
            format!(
                "{}, {}, {}",
                full_date(lang, date),
                clock(starts),
                place.get(lang)
            ),
        )
    });
    let refusal = card.refusal.clone().map(|r| {
        row(
            REFUSAL,
            format!("{} {} — {}", CLAUSE.get(lang), r.clause, r.reason.get(lang)),
        )
    });
    let actions = role.map(|role| view! { <Decisions role=role card=card.clone()/> });
    view! {
        <h1>{card.number.clone()}</h1>
        <p class="card-status" data-status=card.status.code()>{STATUS.get(lang)}": "<strong>{card.status.label().get(lang).to_owned()}</strong></p>
        {card.repeat_of.clone().map(|earlier| view! {
            <p class="notice repeat-flag" role="note">
                {LIKELY_REPEAT.get(lang)}" "<a href=format!("/staff/requests/{earlier}")>{earlier.clone()}</a>
            </p>
        })}
        {actions}
        <table class="card-facts">
            <tbody>
                {row(CHANNEL, card.channel.label().get(lang).to_owned())}
                {row(RECEIVED, card.received.format("%d.%m.%Y %H:%M").to_string())}
                {row(REGISTERED, full_date(lang, card.registered_on))}
                {row(ANSWER_BY, full_date(lang, card.answer_by))}
                {term}
                {row(APPLICANT, card.applicant.clone())}
                {row(IDENTITY, card.identity.clone())}
                {row(PHONE, card.phone.clone())}
                {card.email.clone().map(|e| row(EMAIL, e))}
                {row(ANSWER_LANG, match card.lang { Lang::Kk => "Қазақша", Lang::Ru => "Русский" }.to_owned())}
                {card.organisation.clone().map(|o| row(ORGANISATION, o))}
                {row(OFFICIAL, format!("{} — {}", card.official.get(lang), card.position.get(lang)))}
                {row(TOPIC, card.topic.get(lang).to_owned())}
                {row(OUT_OF_TURN, yes_no(card.out_of_turn))}
                {card.interpreter.clone().map(|i| row(INTERPRETER, i))}
                {row(VIDEO, yes_no(card.video_consent))}
                {reception}
                {refusal}
            </tbody>
        </table>
        {card.reference_note.clone().map(|(proposal, note)| view! {
            <section class="reference-note" aria-labelledby="reference-note-title">
                <h2 id="reference-note-title">{NOTE.get(lang)}" ("{CLAUSE_28.get(lang)}")"</h2>
                <p><strong>{PROPOSES.get(lang)}": "</strong>{proposal.label().get(lang)}</p>
                <p class="note-text">{note}</p>
            </section>
        })}
        {(!card.central.is_empty()).then(|| view! { <Central card=card.clone() may_record=role.is_some_and(|r| crate::rules::permissions::allows(r, crate::rules::permissions::Action::Lifecycle(Event::AskCentralBody)))/> })}
        {(card.status.was_received()
            || !card.instructions.is_empty()
            || use_context::<DecisionError>().is_some_and(|e| is_protocol_form(&e)))
        .then(|| view! { <super::protocol::Protocol card=card.clone() role=role/> })}
        <h2>{ESSENCE.get(lang)}</h2>
        <p class="essence">{card.essence.clone()}</p>
        <h2>{TIMELINE.get(lang)}</h2>
        <ol class="timeline">
            {card.timeline.iter().map(|e| view! {
                <li>
                    <time>{e.at.format("%d.%m.%Y %H:%M").to_string()}</time>" — "
                    {e.status.label().get(lang).to_owned()}
                    {e.note.as_ref().map(|n| format!(": {}", n.get(lang)))}
                </li>
            }).collect_view()}
        </ol>
        <h2>{EARLIER.get(lang)}</h2>
        {if card.earlier.is_empty() {
            view! { <p>{NO_EARLIER.get(lang)}</p> }.into_any()
        } else {
            view! {
                <ul class="earlier">
                    {card.earlier.iter().map(|(number, at, status)| view! {
                        <li><a href=format!("/staff/requests/{number}")>{number.clone()}</a>
                            " — "{at.format("%d.%m.%Y").to_string()}" — "{status.label().get(lang).to_owned()}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The decision forms the role may use now, and the last refusal of one, if any.
#[component]
fn Decisions(role: StaffRole, card: RequestCard) -> impl IntoView {
    let lang = use_lang();
    let posted = use_context::<DecisionError>();
    let typed = |form: &str, name: &str| {
        posted
            .as_ref()
            .and_then(|p| p.typed(form, name))
            .unwrap_or_default()
    };
    // A refused protocol form shows why in the protocol's section, beside the form.
    let error = posted.clone().filter(|e| !is_protocol_form(e)).map(|e| view! {
        <div class="notice error" role="alert">
            <p>{e.message.get(lang).to_owned()}</p>
            {e.changed_by.map(|(who, at)| view! { <p>{CHANGED_BY.get(lang)}": "<strong>{who.get(lang).to_owned()}</strong>", "{at}</p> })}
        </div>
    });
    // Clause 3: received today only where the official and the day allow it.
    let offered: Vec<Event> = offered(role, card.status)
        .into_iter()
        .filter(|e| *e != Event::ReceiveSameDay || card.same_day)
        .collect();
    let may_move = card.status.allows(Event::Move) && may_send(role, Event::Move, card.status);
    // The protocol's forms (25, 35) are further down the card, in its own section.
    let protocol = [Event::RecordProtocol, Event::FinalAnswer]
        .into_iter()
        .any(|e| card.status.allows(e) && may_send(role, e, card.status));
    let none = (offered.is_empty() && !may_move && !protocol)
        .then(|| view! { <p>{NO_ACTIONS.get(lang)}</p> });
    let action = format!("/staff/requests/{}", card.number);
    let shown = card.status.code();
    let version = card.version.to_string();
    let forms = offered.into_iter().map(|event| {
        let id = format!("reason-{}", event.code());
        let needs_reason = matches!(event, Event::Extend | Event::Refuse);
        let body = (event == Event::AskCentralBody).then(|| view! {
            <div class="field">
                <label for="central-body">{BODY.get(lang)}</label>
                <input id="central-body" name="body" type="text" maxlength="300" required=true value=typed(event.code(), "body")/>
            </div>
        });
        let grounds = (event == Event::Refuse).then(|| {
            let allowed = refusal_grounds(role, card.status);
            let chosen = typed(event.code(), "clause");
            let grounds = GROUNDS
                .into_iter()
                .filter(|(clause, _)| allowed.contains(clause))
                .map(|(clause, label)| view! { <option value=clause selected=chosen == clause>{label.get(lang)}</option> })
                .collect_view();
            let ground_id = format!("ground-{}", card.number);
            view! {
                <div class="field">
                    <label for=ground_id.clone()>{GROUND.get(lang)}</label>
                    <select id=ground_id name="clause" required=true>{grounds}</select>
                </div>
            }
        });
        let reason = needs_reason.then(|| view! {
            <div class="field">
                <label for=id.clone()>{REASON.get(lang)}</label>
                <textarea id=id.clone() name="reason" maxlength="2000" rows="2" required=true aria-describedby=format!("{id}-hint")>{typed(event.code(), "reason")}</textarea>
                <p class="hint" id=format!("{id}-hint")>{REASON_HINT.get(lang)}</p>
            </div>
        });
        // Approving what the department proposed to refuse: said before the button.
        let against = (event == Event::Approve
            && matches!(card.reference_note, Some((Proposal::Refusal, _))))
        .then(|| view! { <p class="notice" role="note">{AGAINST_REFUSAL.get(lang)}</p> });
        // Clause 28: the proposal carries the reference note the chief of staff decides on.
        let note = (event == Event::Propose).then(|| {
            let chosen = typed(event.code(), "proposes");
            let choices = Proposal::ALL.into_iter().map(|p| {
                let (id, label_for) = (format!("proposes-{}", p.code()), format!("proposes-{}", p.code()));
                let checked = chosen == p.code();
                view! {
                    <label for=label_for class="choice">
                        <input type="radio" id=id name="proposes" value=p.code() checked=checked required=true/>
                        " "{p.label().get(lang)}
                    </label>
                }
            }).collect_view();
            view! {
                <fieldset class="field">
                    <legend>{PROPOSES.get(lang)}</legend>
                    {choices}
                </fieldset>
                <div class="field">
                    <label for="reference-note">{NOTE.get(lang)}</label>
                    <textarea id="reference-note" name="note" maxlength=crate::rules::control::TEXT_MAX.to_string() rows="4" required=true aria-describedby="reference-note-hint">{typed(event.code(), "note")}</textarea>
                    <p class="hint" id="reference-note-hint">{NOTE_HINT.get(lang)}</p>
                </div>
            }
        });
        view! {
            <form method="post" action=action.clone() class=format!("decision {}", event.code()) data-event=event.code()>
                <input type="hidden" name="action" value=event.code()/>
                <input type="hidden" name="shown" value=shown/>
                <input type="hidden" name="version" value=version.clone()/>
                {grounds}
                {body}
                {note}
                {against}
                {reason}
                <button type="submit" class=if event == Event::Refuse { "danger" } else { "primary" }>
                    {event.label().get(lang).to_owned()}
                </button>
            </form>
        }
    }).collect_view();
    // Clause 30: a scheduled reception moved by hand to a free slot, with a reason.
    let moving = (may_move && !card.free_slots.is_empty())
    .then(|| {
        let slots = card
            .free_slots
            .iter()
            .map(|(day, date, starts)| {
                let value = format!("{day}@{}", starts.format("%H:%M"));
                view! { <option value=value>{full_date(lang, *date)}", "{clock(*starts)}</option> }
            })
            .collect_view();
        view! {
            <form method="post" action=format!("{action}/move") class="decision move" data-event="move">
                <input type="hidden" name="shown" value=shown/>
                <input type="hidden" name="version" value=version.clone()/>
                <div class="field">
                    <label for="move-slot">{MOVE_TO.get(lang)}</label>
                    <select id="move-slot" name="slot" required=true>{slots}</select>
                </div>
                <div class="field">
                    <label for="reason-move">{REASON.get(lang)}</label>
                    <textarea id="reason-move" name="reason" maxlength="500" rows="2" required=true aria-describedby="reason-move-hint">{typed("move", "reason")}</textarea>
                    <p class="hint" id="reason-move-hint">{MOVE_REASON_HINT.get(lang)}</p>
                </div>
                <button type="submit" class="primary">{Event::Move.label().get(lang).to_owned()}</button>
            </form>
        }
    });
    view! {
        <section class="decisions" aria-labelledby="decisions-title">
            <h2 id="decisions-title">{ACTIONS.get(lang)}</h2>
            {error}
            {none}
            {forms}
            {moving}
        </section>
    }
}

/// The central state bodies asked to take part (clauses 20-22), with their terms, and the
/// forms that record a refusal and its report.
#[component]
fn Central(card: RequestCard, may_record: bool) -> impl IntoView {
    let lang = use_lang();
    let items = card.central.into_iter().map(|c| {
        let action = format!("/staff/requests/{}/central/{}", card.number, c.id);
        let record = |what: &'static str, label: Tr| {
            may_record.then(|| view! {
                <form method="post" action=action.clone() class="inline">
                    <input type="hidden" name="record" value=what/>
                    <button type="submit">{label.get(lang)}</button>
                </form>
            })
        };
        let refusal = match (c.refused_on, c.report_due, c.reported_on) {
            (None, ..) => record("refused", RECORD_REFUSAL).into_any(),
            (Some(refused), Some((due, urgency)), None) => view! {
                <p>
                    {REFUSED_ON.get(lang)}": "{full_date(lang, refused)}". "
                    {REPORT_DUE.get(lang)}": "
                    <span class=format!("term {}", urgency.code()) data-clause="22">
                        {full_date(lang, due)}" — "{urgency.label().get(lang).to_owned()}
                    </span>
                </p>
                {record("reported", RECORD_REPORT)}
            }.into_any(),
            (Some(refused), _, reported) => view! {
                <p>
                    {REFUSED_ON.get(lang)}": "{full_date(lang, refused)}". "
                    {REPORTED_ON.get(lang)}": "{reported.map(|d| full_date(lang, d)).unwrap_or_default()}
                </p>
            }.into_any(),
        };
        view! {
            <li data-central=c.id>
                <p><strong>{c.body.clone()}</strong>" — "{SENT.get(lang)}" "{full_date(lang, c.sent_on)}", "{TOLD.get(lang)}</p>
                {refusal}
            </li>
        }
    }).collect_view();
    view! {
        <section class="central">
            <h2>{CENTRAL.get(lang)}</h2>
            <ul>{items}</ul>
        </section>
    }
}

/// Whether the refused form was one of the protocol's (they post to paths of their own).
pub(super) fn is_protocol_form(e: &DecisionError) -> bool {
    e.kept.as_ref().is_some_and(|k| k.form.starts_with('/'))
}
