//! Order of the reception (clause 13): by order of application, with the listed categories of
//! applicants received out of turn.

use std::cmp::Ordering;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::lang::Text;

/// Applicants received out of turn (clause 13).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfTurn {
    GreatPatrioticWarVeteran,
    VeteranEquatedToGreatPatrioticWarVeterans,
    CombatVeteranAbroad,
    PersonWithDisability,
    PregnantWoman,
    AltynKyranOrder,
    HalykKaharmany,
    KazakhstannynEnbekEri,
}

impl OutOfTurn {
    /// All categories, in the order clause 13 lists them.
    pub const ALL: [OutOfTurn; 8] = [
        OutOfTurn::GreatPatrioticWarVeteran,
        OutOfTurn::VeteranEquatedToGreatPatrioticWarVeterans,
        OutOfTurn::CombatVeteranAbroad,
        OutOfTurn::PersonWithDisability,
        OutOfTurn::PregnantWoman,
        OutOfTurn::AltynKyranOrder,
        OutOfTurn::HalykKaharmany,
        OutOfTurn::KazakhstannynEnbekEri,
    ];

    /// The category's code in forms and in the store (its serde name).
    pub fn code(self) -> &'static str {
        match self {
            OutOfTurn::GreatPatrioticWarVeteran => "great_patriotic_war_veteran",
            OutOfTurn::VeteranEquatedToGreatPatrioticWarVeterans => {
                "veteran_equated_to_great_patriotic_war_veterans"
            }
            OutOfTurn::CombatVeteranAbroad => "combat_veteran_abroad",
            OutOfTurn::PersonWithDisability => "person_with_disability",
            OutOfTurn::PregnantWoman => "pregnant_woman",
            OutOfTurn::AltynKyranOrder => "altyn_kyran_order",
            OutOfTurn::HalykKaharmany => "halyk_kaharmany",
            OutOfTurn::KazakhstannynEnbekEri => "kazakhstannyn_enbek_eri",
        }
    }

    pub fn from_code(code: &str) -> Option<OutOfTurn> {
        OutOfTurn::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Name of the category in the regulation's words (clause 13).
    pub fn name(self) -> Text {
        match self {
            OutOfTurn::GreatPatrioticWarVeteran => Text::new(
                "Ұлы Отан соғысының ардагері",
                "Ветеран Великой Отечественной войны",
            ),
            OutOfTurn::VeteranEquatedToGreatPatrioticWarVeterans => Text::new(
                "Жеңілдіктер бойынша Ұлы Отан соғысының ардагерлеріне теңестірілген ардагер",
                "Ветеран, приравненный по льготам к ветеранам Великой Отечественной войны",
            ),
            OutOfTurn::CombatVeteranAbroad => Text::new(
                "Басқа мемлекеттердің аумағындағы ұрыс қимылдарының ардагері",
                "Ветеран боевых действий на территории других государств",
            ),
            OutOfTurn::PersonWithDisability => Text::new(
                "Мүгедектігі бар адам (барлық санаттағы)",
                "Лицо с инвалидностью (всех категорий)",
            ),
            OutOfTurn::PregnantWoman => Text::new("Жүкті әйел", "Беременная женщина"),
            OutOfTurn::AltynKyranOrder => Text::new(
                "«Алтын Қыран» орденімен марапатталған адам",
                "Лицо, награждённое орденом «Алтын Қыран»",
            ),
            OutOfTurn::HalykKaharmany => Text::new(
                "«Халық қаһарманы» атағы бар адам",
                "Лицо, имеющее звание «Халық қаһарманы»",
            ),
            OutOfTurn::KazakhstannynEnbekEri => Text::new(
                "«Қазақстанның Еңбек Ері» атағы бар адам",
                "Лицо, имеющее звание «Қазақстанның Еңбек Ері»",
            ),
        }
    }
}

/// What clause 13 needs to know about a request to place it in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QueueEntry {
    /// Registration number in the document system (clause 27); unique, so it settles ties.
    pub registration_number: u64,
    /// When the request was registered: "order of application" (clause 13).
    pub registered_at: NaiveDateTime,
    /// The out-of-turn category the applicant proved, if any.
    pub out_of_turn: Option<OutOfTurn>,
}

/// Queue order of clause 13: out-of-turn applicants first, then everyone by registration
/// time, ties broken by registration number.
///
/// Clause 13 does not rank the out-of-turn categories against one another, so among them the
/// order of application applies too.
pub fn queue_order(a: &QueueEntry, b: &QueueEntry) -> Ordering {
    b.out_of_turn
        .is_some()
        .cmp(&a.out_of_turn.is_some())
        .then(a.registered_at.cmp(&b.registered_at))
        .then(a.registration_number.cmp(&b.registration_number))
}

/// Sorts requests into the queue order of clause 13 (stable, so equal entries keep their
/// relative order).
pub fn sort_queue(entries: &mut [QueueEntry]) {
    entries.sort_by(queue_order);
}

/// Sorts any records into the queue order of clause 13, given how to read their entry.
pub fn sort_queue_by<T>(items: &mut [T], entry: impl Fn(&T) -> &QueueEntry) {
    items.sort_by(|a, b| queue_order(entry(a), entry(b)));
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_category_code_is_its_serde_name_and_reads_back() {
        for c in OutOfTurn::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
            assert_eq!(OutOfTurn::from_code(c.code()), Some(c));
        }
        assert_eq!(OutOfTurn::from_code("pregnant"), None);
    }
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
    }

    fn entry(
        number: u64,
        registered_at: NaiveDateTime,
        out_of_turn: Option<OutOfTurn>,
    ) -> QueueEntry {
        QueueEntry {
            registration_number: number,
            registered_at,
            out_of_turn,
        }
    }

    #[test]
    fn reception_is_held_in_order_of_application_clause_13() {
        let mut q = vec![
            entry(3, at(20, 11, 0), None),
            entry(1, at(18, 9, 0), None),
            entry(2, at(19, 15, 30), None),
        ];
        sort_queue(&mut q);
        assert_eq!(
            q.iter().map(|e| e.registration_number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn veterans_persons_with_disabilities_and_pregnant_women_are_received_out_of_turn_clause_13() {
        for category in OutOfTurn::ALL {
            let mut q = vec![
                entry(1, at(1, 9, 0), None),
                entry(2, at(23, 17, 0), Some(category)),
            ];
            sort_queue(&mut q);
            assert_eq!(q[0].registration_number, 2, "{category:?}");
        }
    }

    #[test]
    fn out_of_turn_applicants_keep_order_of_application_among_themselves_clause_13() {
        let mut q = vec![
            entry(5, at(22, 9, 0), Some(OutOfTurn::GreatPatrioticWarVeteran)),
            entry(4, at(21, 9, 0), Some(OutOfTurn::PregnantWoman)),
            entry(1, at(2, 9, 0), None),
        ];
        sort_queue(&mut q);
        assert_eq!(
            q.iter().map(|e| e.registration_number).collect::<Vec<_>>(),
            [4, 5, 1]
        );
    }

    #[test]
    fn same_registration_time_is_settled_by_registration_number_clause_13() {
        let mut q = vec![entry(8, at(5, 10, 0), None), entry(7, at(5, 10, 0), None)];
        sort_queue(&mut q);
        assert_eq!(q[0].registration_number, 7);
    }

    #[test]
    fn every_category_has_kazakh_and_russian_names_clause_13() {
        for c in OutOfTurn::ALL {
            let n = c.name();
            assert!(!n.kk.is_empty() && !n.ru.is_empty() && n.kk != n.ru);
        }
    }

    #[test]
    fn sort_queue_by_orders_records_holding_an_entry() {
        let mut records = vec![
            ("late", entry(2, at(9, 9, 0), None)),
            ("early", entry(1, at(8, 9, 0), None)),
        ];
        sort_queue_by(&mut records, |r| &r.1);
        assert_eq!(records[0].0, "early");
    }

    fn arb_entry() -> impl Strategy<Value = QueueEntry> {
        (
            0u64..20,
            0u32..5,
            0u32..3,
            proptest::option::of(proptest::sample::select(OutOfTurn::ALL.to_vec())),
        )
            .prop_map(|(n, day, hour, c)| entry(n, at(day + 1, hour + 9, 0), c))
    }

    proptest! {
        #[test]
        fn queue_order_is_a_total_order(a in arb_entry(), b in arb_entry(), c in arb_entry()) {
            prop_assert_eq!(queue_order(&a, &b), queue_order(&b, &a).reverse());
            prop_assert_eq!(queue_order(&a, &a), Ordering::Equal);
            if queue_order(&a, &b) != Ordering::Greater && queue_order(&b, &c) != Ordering::Greater {
                prop_assert_ne!(queue_order(&a, &c), Ordering::Greater);
            }
        }

        #[test]
        fn sorting_is_idempotent_and_independent_of_input_order(
            entries in proptest::collection::vec(arb_entry(), 0..40),
            seed in any::<u64>(),
        ) {
            // Registration numbers are unique in the document system (clause 27).
            let entries: Vec<_> = entries
                .into_iter()
                .enumerate()
                .map(|(i, e)| QueueEntry { registration_number: i as u64, ..e })
                .collect();
            let mut sorted = entries.clone();
            sort_queue(&mut sorted);
            let mut again = sorted.clone();
            sort_queue(&mut again);
            prop_assert_eq!(&again, &sorted);

            // A deterministic shuffle of the input gives the same queue.
            let mut shuffled = entries;
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            sort_queue(&mut shuffled);
            prop_assert_eq!(shuffled, sorted);
            for w in again.windows(2) {
                prop_assert!(queue_order(&w[0], &w[1]) != Ordering::Greater);
            }
        }
    }
}
