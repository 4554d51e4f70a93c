//! The request lifecycle: which event may follow which status, each naming its clause.
//!
//! Pure and shared: the status page and the staff screens ask [`apply`] (or
//! [`Status::allows`]) which actions to offer, and the store makes every status change
//! through it, as a compare-and-set from the status it checked. `docs/LIFECYCLE.md` is
//! generated from [`transition_table`] and a test keeps the two equal.
//!
//! ```text
//! registered ─review (27, 28)─▶ under review ─propose (28)─▶ proposed ─approve (29)─▶ approved
//!   │ └─ left without consideration (5)           refuse (16, 29, 31) from any of the first three
//!   └─ withdrawn (by the applicant, until the reception)
//! approved ─allocate (30, 31)─▶ scheduled ─official cannot receive (17)─▶ approved
//! scheduled ─check-in (10)─▶ arrived ─received─▶ received ─protocol (25, 34)─▶ under control
//! scheduled / arrived ─▶ no-show        received / under control ─final answer (35)─▶ closed
//! ```
//! An extension (32) and a request to a central body (20, 21) keep the status and change
//! the deadlines; each further instruction of a protocol keeps a request under control.

use serde::{Deserialize, Serialize};

use super::lang::Text;

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Registered with a number (clause 27).
    Registered,
    /// The department checks it and prepares the note (clause 28).
    UnderReview,
    /// Proposed to the chief of staff with a date or a refusal (clause 28).
    Proposed,
    /// On the approved list (clause 29), waiting for a slot.
    Approved,
    /// Has a date, time and place, and the applicant was told (clauses 30, 31).
    Scheduled,
    /// Checked in at the reception room, documents seen (clause 10).
    Arrived,
    /// Received by the official.
    Received,
    /// Did not come to the reception.
    NoShow,
    /// Instructions of the protocol under control (clauses 25, 34).
    UnderControl,
    /// Closed by a final reasoned answer (clause 35).
    Closed,
    /// Refused with reasons (clauses 16, 29, 31).
    Refused,
    /// Left without consideration: no essence of the question (clause 5).
    LeftWithoutConsideration,
    /// Withdrawn by the applicant.
    Withdrawn,
}

/// What can happen to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Review,
    Propose,
    Approve,
    Refuse,
    LeaveWithoutConsideration,
    /// The review is extended to at most 30 calendar days (clause 32).
    Extend,
    /// A central state body is asked to take part (clauses 20, 21).
    AskCentralBody,
    Allocate,
    /// The clerk moves a scheduled reception to another slot of the official's days, with a
    /// reason (clause 30: the department keeps the schedule); the applicant is told again.
    Move,
    /// The official cannot receive on the day (clause 17): back to the approved list.
    CancelReception,
    CheckIn,
    Receive,
    /// Clause 3: a head of a department (or another authorised employee) receives the
    /// applicant on the day of the request, with the applicant's agreement.
    ReceiveSameDay,
    NoShow,
    RecordProtocol,
    FinalAnswer,
    Withdraw,
}

/// The decisions taken on the request's card, in the order of the work; the other events
/// come from the applicant (withdrawal) or from the scheduling and the reception day.
pub const DECISIONS: [Event; 8] = [
    Event::ReceiveSameDay,
    Event::Review,
    Event::Extend,
    Event::AskCentralBody,
    Event::Propose,
    Event::Approve,
    Event::LeaveWithoutConsideration,
    Event::Refuse,
];

/// Why an event may not happen now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub from: Status,
    pub event: Event,
    /// The clause that sets the order of the steps.
    pub clause: &'static str,
    pub message: Text,
}

impl Status {
    pub const ALL: [Status; 13] = [
        Status::Registered,
        Status::UnderReview,
        Status::Proposed,
        Status::Approved,
        Status::Scheduled,
        Status::Arrived,
        Status::Received,
        Status::NoShow,
        Status::UnderControl,
        Status::Closed,
        Status::Refused,
        Status::LeftWithoutConsideration,
        Status::Withdrawn,
    ];

    /// The code stored in the database and sent to the browser.
    pub fn code(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::UnderReview => "under_review",
            Status::Proposed => "proposed",
            Status::Approved => "approved",
            Status::Scheduled => "scheduled",
            Status::Arrived => "arrived",
            Status::Received => "received",
            Status::NoShow => "no_show",
            Status::UnderControl => "under_control",
            Status::Closed => "closed",
            Status::Refused => "refused",
            Status::LeftWithoutConsideration => "left_without_consideration",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Text {
        let (kk, ru) = match self {
            Status::Registered => ("Тіркелді", "Зарегистрировано"),
            Status::UnderReview => ("Қаралуда", "На рассмотрении"),
            Status::Proposed => ("Келісуге ұсынылды", "Представлено на согласование"),
            Status::Approved => ("Қабылдауға келісілді", "Приём согласован"),
            Status::Scheduled => ("Қабылдауға жазылды", "Назначен приём"),
            Status::Arrived => ("Қабылдауға келді", "Прибыл на приём"),
            Status::Received => ("Қабылдау өтті", "Приём состоялся"),
            Status::NoShow => ("Қабылдауға келмеді", "Не явился на приём"),
            Status::UnderControl => ("Бақылауда", "На контроле"),
            Status::Closed => ("Түпкілікті жауап берілді", "Дан окончательный ответ"),
            Status::Refused => ("Қабылдаудан бас тартылды", "Отказано в приёме"),
            Status::LeftWithoutConsideration => {
                ("Қараусыз қалдырылды", "Оставлено без рассмотрения")
            }
            Status::Withdrawn => ("Өтініш кері қайтарылды", "Обращение отозвано"),
        };
        Text::new(kk, ru)
    }

    /// The applicant has been received: the protocol (25) and the applications handed in
    /// at the reception (36) belong to it from now on.
    pub fn was_received(self) -> bool {
        matches!(
            self,
            Status::Received | Status::UnderControl | Status::Closed
        )
    }

    /// Nothing can happen to the request any more.
    pub fn is_final(self) -> bool {
        Event::ALL.iter().all(|e| apply(self, *e).is_err())
    }

    pub fn allows(self, event: Event) -> bool {
        apply(self, event).is_ok()
    }
}

impl Event {
    pub const ALL: [Event; 17] = [
        Event::Review,
        Event::Propose,
        Event::Approve,
        Event::Refuse,
        Event::LeaveWithoutConsideration,
        Event::Extend,
        Event::AskCentralBody,
        Event::Allocate,
        Event::Move,
        Event::CancelReception,
        Event::CheckIn,
        Event::Receive,
        Event::ReceiveSameDay,
        Event::NoShow,
        Event::RecordProtocol,
        Event::FinalAnswer,
        Event::Withdraw,
    ];

    /// The code of the event in timelines and server-function bodies.
    pub fn code(self) -> &'static str {
        match self {
            Event::Review => "review",
            Event::Propose => "propose",
            Event::Approve => "approve",
            Event::Refuse => "refuse",
            Event::LeaveWithoutConsideration => "leave_without_consideration",
            Event::Extend => "extend",
            Event::AskCentralBody => "ask_central_body",
            Event::Allocate => "allocate",
            Event::Move => "move",
            Event::CancelReception => "cancel_reception",
            Event::CheckIn => "check_in",
            Event::Receive => "receive",
            Event::ReceiveSameDay => "receive_same_day",
            Event::NoShow => "no_show",
            Event::RecordProtocol => "record_protocol",
            Event::FinalAnswer => "final_answer",
            Event::Withdraw => "withdraw",
        }
    }

    pub fn from_code(code: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.code() == code)
    }

    /// What the applicant's timeline says of an event that keeps the status.
    pub fn note(self) -> Option<Text> {
        match self {
            Event::Extend => Some(Text::new(
                "Қарау мерзімі ұзартылды",
                "Срок рассмотрения продлён",
            )),
            Event::AskCentralBody => Some(Text::new(
                "Орталық мемлекеттік орган тартылды",
                "Привлечён центральный государственный орган",
            )),
            Event::Move => Some(Text::new(
                "Қабылдау уақыты ауыстырылды",
                "Время приёма перенесено",
            )),
            Event::RecordProtocol => Some(Text::new(
                "Хаттамалық тапсырма берілді",
                "Дано протокольное поручение",
            )),
            _ => None,
        }
    }

    /// The clause that provides for the event ("—" for the applicant's own withdrawal,
    /// which no clause of the regulation governs).
    pub fn clause(self) -> &'static str {
        match self {
            Event::Review => "27, 28",
            Event::Propose => "28",
            Event::Approve => "29",
            Event::Refuse => "16, 29, 31",
            Event::LeaveWithoutConsideration => "5",
            Event::Extend => "32",
            Event::AskCentralBody => "20, 21",
            Event::Allocate => "30, 31",
            Event::Move => "30, 31",
            Event::CancelReception => "17",
            Event::CheckIn => "10",
            Event::Receive => "10, 23",
            Event::ReceiveSameDay => "3",
            Event::NoShow => "30",
            Event::RecordProtocol => "25, 34",
            Event::FinalAnswer => "35",
            Event::Withdraw => "—",
        }
    }

    pub fn label(self) -> Text {
        let (kk, ru) = match self {
            Event::Review => ("қарауға алу", "принять на рассмотрение"),
            Event::Propose => ("келісуге ұсыну", "представить на согласование"),
            Event::Approve => ("келісу", "согласовать"),
            Event::Refuse => ("қабылдаудан бас тарту", "отказать в приёме"),
            Event::LeaveWithoutConsideration => ("қараусыз қалдыру", "оставить без рассмотрения"),
            Event::Extend => ("қарау мерзімін ұзарту", "продлить срок рассмотрения"),
            Event::AskCentralBody => (
                "орталық мемлекеттік органды тарту",
                "привлечь центральный государственный орган",
            ),
            Event::Allocate => ("қабылдау уақытын белгілеу", "назначить время приёма"),
            Event::Move => ("қабылдау уақытын ауыстыру", "перенести время приёма"),
            Event::CancelReception => ("қабылдауды болдырмау", "отменить приём"),
            Event::CheckIn => ("келгенін тіркеу", "отметить прибытие"),
            Event::Receive => (
                "қабылдау өтті деп белгілеу",
                "отметить, что приём состоялся",
            ),
            Event::ReceiveSameDay => (
                "өтініш берілген күні қабылданды деп белгілеу",
                "отметить приём в день обращения",
            ),
            Event::NoShow => ("келмеді деп белгілеу", "отметить неявку"),
            Event::RecordProtocol => ("хаттаманы бақылауға алу", "поставить протокол на контроль"),
            Event::FinalAnswer => ("түпкілікті жауап беру", "дать окончательный ответ"),
            Event::Withdraw => ("өтінішті кері қайтару", "отозвать обращение"),
        };
        Text::new(kk, ru)
    }
}

/// The status after `event`, or why it may not happen now.
pub fn apply(from: Status, event: Event) -> Result<Status, Refusal> {
    use Event as E;
    use Status as S;
    let to = match (from, event) {
        (S::Registered, E::Review) => Some(S::UnderReview),
        (S::UnderReview, E::Propose) => Some(S::Proposed),
        (S::Proposed, E::Approve) => Some(S::Approved),
        (S::Registered | S::UnderReview | S::Proposed, E::Refuse) => Some(S::Refused),
        (S::Registered | S::UnderReview, E::LeaveWithoutConsideration) => {
            Some(S::LeftWithoutConsideration)
        }
        (S::Registered | S::UnderReview | S::Proposed | S::Approved, E::Extend) => Some(from),
        (S::UnderReview | S::Proposed | S::Approved, E::AskCentralBody) => Some(from),
        (S::Approved, E::Allocate) => Some(S::Scheduled),
        (S::Scheduled, E::Move) => Some(from),
        (S::Scheduled, E::CancelReception) => Some(S::Approved),
        (S::Scheduled, E::CheckIn) => Some(S::Arrived),
        (S::Arrived, E::Receive) => Some(S::Received),
        (S::Registered, E::ReceiveSameDay) => Some(S::Received),
        (S::Scheduled | S::Arrived, E::NoShow) => Some(S::NoShow),
        (S::Received, E::RecordProtocol) => Some(S::UnderControl),
        // Each further instruction of the protocol keeps the request under control.
        (S::UnderControl, E::RecordProtocol) => Some(from),
        (S::Received | S::UnderControl, E::FinalAnswer) => Some(S::Closed),
        (
            S::Registered | S::UnderReview | S::Proposed | S::Approved | S::Scheduled,
            E::Withdraw,
        ) => Some(S::Withdrawn),
        _ => None,
    };
    to.ok_or_else(|| refusal(from, event))
}

fn refusal(from: Status, event: Event) -> Refusal {
    let status = from.label();
    let action = event.label();
    let clause = event.clause();
    let message = if event == Event::Withdraw {
        Text::new(
            format!(
                "«{}» мәртебесіндегі өтінішті кері қайтаруға болмайды.",
                status.kk
            ),
            format!("Обращение в статусе «{}» отозвать нельзя.", status.ru),
        )
    } else {
        Text::new(
            format!(
                "«{}» мәртебесіндегі өтініш бойынша «{}» әрекеті мүмкін емес (Регламенттің {} тармағы).",
                status.kk, action.kk, clause
            ),
            format!(
                "Для обращения в статусе «{}» действие «{}» невозможно (пункт {} Регламента).",
                status.ru, action.ru, clause
            ),
        )
    };
    Refusal {
        from,
        event,
        clause,
        message,
    }
}

/// Every allowed step, in the order of [`Status::ALL`] and [`Event::ALL`]: the table in
/// `docs/LIFECYCLE.md`.
pub fn transition_table() -> String {
    let mut out = String::from("| from | event | clause | to |\n|---|---|---|---|\n");
    for from in Status::ALL {
        for event in Event::ALL {
            if let Ok(to) = apply(from, event) {
                out.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    from.code(),
                    event.code(),
                    event.clause(),
                    to.code()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for e in Event::ALL {
            assert_eq!(serde_json::to_value(e).unwrap(), e.code());
        }
        assert_eq!(Status::from_code("answered"), None);
    }

    #[test]
    fn only_a_received_request_has_a_protocol_and_papers_from_its_reception_clauses_25_36() {
        let received: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| s.was_received())
            .collect();
        assert_eq!(
            received,
            [Status::Received, Status::UnderControl, Status::Closed]
        );
        // Every way into them passes through a reception.
        for from in Status::ALL.into_iter().filter(|s| !s.was_received()) {
            for event in Event::ALL {
                if let Ok(to) = apply(from, event) {
                    assert!(
                        !to.was_received()
                            || matches!(event, Event::Receive | Event::ReceiveSameDay),
                        "{from:?} --{event:?}--> {to:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_withdrawn_request_cannot_be_scheduled_or_answered() {
        assert!(apply(Status::Withdrawn, Event::Allocate).is_err());
        assert!(apply(Status::Withdrawn, Event::FinalAnswer).is_err());
        assert!(Status::Withdrawn.is_final());
    }

    #[test]
    fn the_path_of_a_received_request_runs_from_registration_to_closing_clauses_27_to_35() {
        let path = [
            (Event::Review, Status::UnderReview),
            (Event::Propose, Status::Proposed),
            (Event::Approve, Status::Approved),
            (Event::Allocate, Status::Scheduled),
            (Event::CheckIn, Status::Arrived),
            (Event::Receive, Status::Received),
            (Event::RecordProtocol, Status::UnderControl),
            (Event::FinalAnswer, Status::Closed),
        ];
        let mut s = Status::Registered;
        for (e, to) in path {
            s = apply(s, e).unwrap();
            assert_eq!(s, to);
        }
        assert!(s.is_final());
    }

    #[test]
    fn a_walk_in_received_on_the_day_of_the_request_goes_straight_to_received_clause_3() {
        assert_eq!(
            apply(Status::Registered, Event::ReceiveSameDay),
            Ok(Status::Received)
        );
        assert!(apply(Status::UnderReview, Event::ReceiveSameDay).is_err());
        assert!(apply(Status::Scheduled, Event::ReceiveSameDay).is_err());
    }

    #[test]
    fn an_official_who_cannot_receive_sends_the_request_back_to_the_approved_list_clause_17() {
        assert_eq!(
            apply(Status::Scheduled, Event::CancelReception),
            Ok(Status::Approved)
        );
    }

    #[test]
    fn every_event_that_keeps_the_status_has_a_note_for_the_timeline() {
        for from in Status::ALL {
            for event in Event::ALL {
                if apply(from, event) == Ok(from) {
                    assert!(event.note().is_some(), "{event:?}");
                }
            }
        }
    }

    #[test]
    fn extension_and_a_central_body_keep_the_status_clauses_20_21_32() {
        for s in [Status::UnderReview, Status::Proposed, Status::Approved] {
            assert_eq!(apply(s, Event::Extend), Ok(s));
            assert_eq!(apply(s, Event::AskCentralBody), Ok(s));
        }
        assert!(apply(Status::Scheduled, Event::Extend).is_err());
    }

    #[test]
    fn only_a_request_without_essence_before_review_is_left_without_consideration_clause_5() {
        assert_eq!(
            apply(Status::Registered, Event::LeaveWithoutConsideration),
            Ok(Status::LeftWithoutConsideration)
        );
        assert!(apply(Status::Scheduled, Event::LeaveWithoutConsideration).is_err());
    }

    #[test]
    fn a_refusal_names_the_clause_in_both_languages() {
        let r = apply(Status::Registered, Event::Allocate).unwrap_err();
        assert_eq!(r.clause, "30, 31");
        assert!(r.message.kk.contains("30, 31") && r.message.ru.contains("30, 31"));
        assert!(r.message.kk.contains("Тіркелді") && r.message.ru.contains("Зарегистрировано"));
        let w = apply(Status::Received, Event::Withdraw).unwrap_err();
        assert!(w.message.ru.contains("отозвать нельзя"), "{:?}", w.message);
    }

    #[test]
    fn the_table_in_the_docs_is_the_table_of_the_code() {
        let doc = include_str!("../../docs/LIFECYCLE.md");
        assert!(
            doc.contains(&transition_table()),
            "docs/LIFECYCLE.md is out of date; its table must be:\n{}",
            transition_table()
        );
    }

    proptest! {
        #[test]
        fn every_status_is_reachable_only_forward_and_final_ones_stay(
            events in proptest::collection::vec(0usize..Event::ALL.len(), 0..30)
        ) {
            let mut s = Status::Registered;
            for i in events {
                let before = s;
                match apply(s, Event::ALL[i]) {
                    Ok(next) => s = next,
                    Err(r) => prop_assert_eq!(r.from, before),
                }
                if before.is_final() {
                    prop_assert_eq!(s, before);
                }
            }
        }
    }
}
