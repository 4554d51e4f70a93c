//! Who on the staff may do what: one table, asked by every staff server function and route
//! before anything else, and by the staff screens to decide which actions to show.
//! `docs/PERMISSIONS.md` is generated from [`permission_table`]; a test keeps the two equal.

use serde::{Deserialize, Serialize};

use super::lang::Text;
use super::lifecycle::Event;

/// A staff member's role in the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Keeps the staff accounts, the officials and the calendar; reads the audit log.
    Administrator,
    /// The department for appeals ("Бөлім" / "Отдел"): intake, review, scheduling (clauses 4, 27-31).
    Clerk,
    /// Head of the department: what a clerk does, and proposes to the chief of staff (clause 28).
    HeadOfDepartment,
    /// Chief of staff of the apparatus: approves or refuses proposed receptions (clause 29).
    ChiefOfStaff,
    /// An official who receives: sees their own receptions and who is booked on them.
    ReceivingOfficial,
    /// The akim's aides: the live board and read-only lists.
    Aide,
}

/// What a staff member may ask the server to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The inbox and the request card (personal data, masked in lists).
    ViewRequests,
    /// Register a request that came by another channel (clause 4).
    RegisterIntake,
    /// A step of the request lifecycle.
    Lifecycle(Event),
    /// Plan reception days and report meetings (clauses 6-9).
    PlanSchedule,
    /// Approve the month's schedule (clause 6).
    ApproveSchedule,
    /// The aides' live board.
    ViewBoard,
    /// Phone an applicant whose notice could not be e-mailed, and record it.
    PhoneApplicants,
    /// Create, disable and re-role staff accounts; reset passwords.
    ManageStaff,
    /// Keep the officials who receive: names, positions, roles (clause 2).
    ManageOfficials,
    /// Enter the year's Kurban Ait and transfers of days off after the release.
    KeepCalendar,
    /// Read the audit log.
    ReadAudit,
    /// A receiving official's own coming receptions and who is booked on them (clause 2).
    ViewOwnReceptions,
}

impl StaffRole {
    pub const ALL: [StaffRole; 6] = [
        StaffRole::Administrator,
        StaffRole::Clerk,
        StaffRole::HeadOfDepartment,
        StaffRole::ChiefOfStaff,
        StaffRole::ReceivingOfficial,
        StaffRole::Aide,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Administrator => "administrator",
            StaffRole::Clerk => "clerk",
            StaffRole::HeadOfDepartment => "head_of_department",
            StaffRole::ChiefOfStaff => "chief_of_staff",
            StaffRole::ReceivingOfficial => "receiving_official",
            StaffRole::Aide => "aide",
        }
    }

    pub fn from_code(code: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Text {
        let (kk, ru) = match self {
            StaffRole::Administrator => ("Әкімші", "Администратор"),
            StaffRole::Clerk => ("Бөлім қызметкері", "Сотрудник отдела"),
            StaffRole::HeadOfDepartment => ("Бөлім басшысы", "Руководитель отдела"),
            StaffRole::ChiefOfStaff => ("Аппарат басшысы", "Руководитель аппарата"),
            StaffRole::ReceivingOfficial => {
                ("Қабылдайтын лауазымды адам", "Принимающее должностное лицо")
            }
            StaffRole::Aide => ("Әкімнің көмекшісі", "Помощник акима"),
        };
        Text::new(kk, ru)
    }
}

impl Action {
    /// Every action, in the order of the table in the docs.
    pub fn all() -> Vec<Action> {
        let mut all = vec![Action::ViewRequests, Action::RegisterIntake];
        all.extend(Event::ALL.into_iter().map(Action::Lifecycle));
        all.extend([
            Action::PlanSchedule,
            Action::ApproveSchedule,
            Action::ViewBoard,
            Action::PhoneApplicants,
            Action::ManageStaff,
            Action::ManageOfficials,
            Action::KeepCalendar,
            Action::ReadAudit,
            Action::ViewOwnReceptions,
        ]);
        all
    }

    pub fn code(self) -> String {
        match self {
            Action::ViewRequests => "view_requests".into(),
            Action::RegisterIntake => "register_intake".into(),
            Action::Lifecycle(e) => e.code().into(),
            Action::PlanSchedule => "plan_schedule".into(),
            Action::ApproveSchedule => "approve_schedule".into(),
            Action::ViewBoard => "view_board".into(),
            Action::PhoneApplicants => "phone_applicants".into(),
            Action::ManageStaff => "manage_staff".into(),
            Action::ManageOfficials => "manage_officials".into(),
            Action::KeepCalendar => "keep_calendar".into(),
            Action::ReadAudit => "read_audit".into(),
            Action::ViewOwnReceptions => "view_own_receptions".into(),
        }
    }
}

/// Whether `role` may do `action`. The applicant's own withdrawal is not a staff action: no
/// role withdraws a request for the applicant.
pub fn allows(role: StaffRole, action: Action) -> bool {
    use Action as A;
    use Event as E;
    use StaffRole as R;
    match action {
        // A receiving official sees their own receptions only (the account names the
        // official it is), not the inbox of every request.
        A::ViewRequests => !matches!(role, R::Administrator | R::ReceivingOfficial),
        A::ViewOwnReceptions => matches!(role, R::ReceivingOfficial),
        A::RegisterIntake | A::PhoneApplicants | A::PlanSchedule => {
            matches!(role, R::Clerk | R::HeadOfDepartment)
        }
        A::ApproveSchedule => matches!(role, R::ChiefOfStaff),
        A::ViewBoard => matches!(
            role,
            R::Aide | R::ChiefOfStaff | R::Clerk | R::HeadOfDepartment
        ),
        A::ManageStaff | A::ManageOfficials | A::KeepCalendar | A::ReadAudit => {
            matches!(role, R::Administrator)
        }
        A::Lifecycle(event) => match event {
            E::Withdraw => false,
            // Clause 29: the chief of staff decides on the proposals.
            E::Approve => matches!(role, R::ChiefOfStaff),
            // Clause 28: the department proposes; a refusal after the proposal is the chief's.
            E::Propose => matches!(role, R::Clerk | R::HeadOfDepartment),
            E::Refuse => matches!(role, R::Clerk | R::HeadOfDepartment | R::ChiefOfStaff),
            // Clauses 25, 34, 35: the department writes the protocol's instructions on the
            // request's card, controls them and closes the request by the final answer.
            E::Review
            | E::RecordProtocol
            | E::LeaveWithoutConsideration
            | E::Extend
            | E::AskCentralBody
            | E::Allocate
            | E::Move
            | E::CancelReception
            | E::CheckIn
            | E::Receive
            | E::ReceiveSameDay
            | E::NoShow
            | E::FinalAnswer => matches!(role, R::Clerk | R::HeadOfDepartment),
        },
    }
}

/// Whether `role` may send `event` to a request in status `from`: [`allows`], and a refusal of
/// a request already proposed to the chief of staff is the chief's decision (clause 29).
pub fn may_send(role: StaffRole, event: Event, from: super::lifecycle::Status) -> bool {
    use super::lifecycle::Status;
    allows(role, Action::Lifecycle(event))
        && !(event == Event::Refuse && from == Status::Proposed && role != StaffRole::ChiefOfStaff)
}

/// The grounds on which `role` may refuse a request in `from`, as clause numbers: a
/// proposal before the chief of staff is refused by the chief alone, on clause 29; before
/// that the department refuses as outside competence (16.1), as already received or
/// answered (16.2), or with reasons (31). None when the role may not refuse it at all.
pub fn refusal_grounds(role: StaffRole, from: super::lifecycle::Status) -> &'static [&'static str] {
    use super::lifecycle::Status;
    if !may_send(role, Event::Refuse, from) {
        &[]
    } else if from == Status::Proposed {
        &["29"]
    } else {
        &["16.1", "16.2", "31"]
    }
}

/// The table in `docs/PERMISSIONS.md`: a row per action, a column per role.
pub fn permission_table() -> String {
    let mut out = String::from("| action |");
    for role in StaffRole::ALL {
        out.push_str(&format!(" {} |", role.code()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(StaffRole::ALL.len()));
    out.push('\n');
    for action in Action::all() {
        out.push_str(&format!("| {} |", action.code()));
        for role in StaffRole::ALL {
            out.push_str(if allows(role, action) {
                " yes |"
            } else {
                " — |"
            });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip_and_match_serde() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::from_code(role.code()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.code());
            assert!(!role.label().kk.is_empty() && !role.label().ru.is_empty());
        }
    }

    #[test]
    fn only_the_chief_of_staff_approves_a_proposed_reception_clause_29() {
        for role in StaffRole::ALL {
            assert_eq!(
                allows(role, Action::Lifecycle(Event::Approve)),
                role == StaffRole::ChiefOfStaff,
                "{role:?}"
            );
        }
    }

    #[test]
    fn aides_only_watch_and_the_administrator_sees_no_personal_data() {
        for action in Action::all() {
            let aide = allows(StaffRole::Aide, action);
            assert_eq!(
                aide,
                matches!(action, Action::ViewRequests | Action::ViewBoard),
                "{action:?}"
            );
        }
        assert!(!allows(StaffRole::Administrator, Action::ViewRequests));
        assert!(allows(StaffRole::Administrator, Action::ReadAudit));
    }

    #[test]
    fn once_proposed_only_the_chief_of_staff_refuses_clause_29() {
        use crate::rules::lifecycle::Status;
        for role in StaffRole::ALL {
            assert_eq!(
                may_send(role, Event::Refuse, Status::Proposed),
                role == StaffRole::ChiefOfStaff,
                "{role:?}"
            );
        }
        assert!(may_send(
            StaffRole::Clerk,
            Event::Refuse,
            Status::UnderReview
        ));
    }

    #[test]
    fn no_staff_member_withdraws_for_the_applicant() {
        for role in StaffRole::ALL {
            assert!(!allows(role, Action::Lifecycle(Event::Withdraw)));
        }
    }

    #[test]
    fn every_action_is_allowed_to_someone_but_withdrawal() {
        for action in Action::all() {
            let someone = StaffRole::ALL.into_iter().any(|r| allows(r, action));
            assert_eq!(
                someone,
                action != Action::Lifecycle(Event::Withdraw),
                "{action:?}"
            );
        }
    }

    #[test]
    fn clause_29_is_the_chiefs_ground_on_a_proposal_and_the_others_come_before_it() {
        use crate::rules::lifecycle::Status;
        assert_eq!(
            refusal_grounds(StaffRole::ChiefOfStaff, Status::Proposed),
            ["29"]
        );
        assert!(refusal_grounds(StaffRole::Clerk, Status::Proposed).is_empty());
        assert_eq!(
            refusal_grounds(StaffRole::Clerk, Status::UnderReview),
            ["16.1", "16.2", "31"]
        );
        assert!(refusal_grounds(StaffRole::Aide, Status::Registered).is_empty());
    }

    #[test]
    fn the_table_in_the_docs_is_the_table_of_the_code() {
        let doc = include_str!("../../docs/PERMISSIONS.md");
        assert!(
            doc.contains(&permission_table()),
            "docs/PERMISSIONS.md is out of date; its table must be:\n{}",
            permission_table()
        );
    }
}
