//! Putting approved requests into the reception schedule (clause 30): the responsible employee
//! distributes the approved lists into the schedule in queue order.
//!
//! Each request goes to the earliest slot of its official, on or after the earliest date it
//! may be received (clause 28 prepares each case 5 working days ahead; the caller computes that
//! date with the working calendar). A slot never takes more applicants than its capacity.

use std::fmt;

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::lang::Text;

/// The official who receives (clause 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OfficialId(pub u64);

/// A registered request for reception (clause 27).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub u64);

/// Longest lunch break in the office day (clause 4: "not more than 1.5 hours").
pub const MAX_LUNCH_MINUTES: u32 = 90;

/// One reception day of one official from the approved schedule (clauses 6, 7). Built only
/// through [`ReceptionDay::new`], so it is never deserialised unchecked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReceptionDay {
    official: OfficialId,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    slot_minutes: u32,
    capacity: u32,
    lunch: Option<(NaiveTime, NaiveTime)>,
}

/// Why a reception day cannot be scheduled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScheduleError {
    /// The day ends before it starts.
    EmptyDay,
    ZeroSlotLength,
    ZeroCapacity,
    /// The lunch break ends before it starts or lies outside the day.
    LunchOutsideDay,
    /// The lunch break is longer than clause 4 allows.
    LunchTooLong,
}

impl ScheduleError {
    pub fn message(self) -> Text {
        match self {
            ScheduleError::EmptyDay => Text::new(
                "Қабылдаудың аяқталу уақыты басталу уақытынан кейін болуы керек.",
                "Время окончания приёма должно быть позже времени начала.",
            ),
            ScheduleError::ZeroSlotLength => Text::new(
                "Бір қабылдау уақытының ұзақтығы нөлден көп болуы керек.",
                "Продолжительность одного интервала приёма должна быть больше нуля.",
            ),
            ScheduleError::ZeroCapacity => Text::new(
                "Бір уақытқа кемінде бір өтініш беруші жазылуы керек.",
                "На один интервал должен записываться хотя бы один заявитель.",
            ),
            ScheduleError::LunchOutsideDay => Text::new(
                "Түскі үзіліс қабылдау күнінің ішінде болуы керек.",
                "Перерыв на обед должен приходиться на время приёма.",
            ),
            ScheduleError::LunchTooLong => Text::new(
                "Түскі үзіліс 1,5 сағаттан аспауы керек (4-тармақ).",
                "Перерыв на обед не может превышать 1,5 часа (пункт 4).",
            ),
        }
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.message();
        write!(f, "{} / {}", m.kk, m.ru)
    }
}

impl std::error::Error for ScheduleError {}

fn minutes(t: NaiveTime) -> u32 {
    t.num_seconds_from_midnight() / 60
}

fn time(minutes: u32) -> NaiveTime {
    NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0)
        .expect("slot times lie within a valid reception day")
}

impl ReceptionDay {
    /// A reception day with slots of `slot_minutes`, each for up to `capacity` applicants, and
    /// the office lunch break excluded (clause 4: at most 1.5 hours).
    pub fn new(
        official: OfficialId,
        date: NaiveDate,
        start: NaiveTime,
        end: NaiveTime,
        slot_minutes: u32,
        capacity: u32,
        lunch: Option<(NaiveTime, NaiveTime)>,
    ) -> Result<ReceptionDay, ScheduleError> {
        if start >= end {
            return Err(ScheduleError::EmptyDay);
        }
        if slot_minutes == 0 {
            return Err(ScheduleError::ZeroSlotLength);
        }
        if capacity == 0 {
            return Err(ScheduleError::ZeroCapacity);
        }
        if let Some((from, to)) = lunch {
            if from >= to || from < start || to > end {
                return Err(ScheduleError::LunchOutsideDay);
            }
            if minutes(to) - minutes(from) > MAX_LUNCH_MINUTES {
                return Err(ScheduleError::LunchTooLong);
            }
        }
        Ok(ReceptionDay {
            official,
            date,
            start,
            end,
            slot_minutes,
            capacity,
            lunch,
        })
    }

    pub fn official(&self) -> OfficialId {
        self.official
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    pub fn start(&self) -> NaiveTime {
        self.start
    }

    pub fn end(&self) -> NaiveTime {
        self.end
    }

    pub fn slot_minutes(&self) -> u32 {
        self.slot_minutes
    }

    /// At least as many as [`ReceptionDay::slots`] yields.
    fn slot_estimate(&self) -> usize {
        ((minutes(self.end) - minutes(self.start)) / self.slot_minutes) as usize
    }

    /// The slots of the day in time order: whole slots only, none overlapping the lunch
    /// break; after lunch the slots start again at its end.
    pub fn slots(&self) -> impl Iterator<Item = Slot> + '_ {
        let (s, e) = (minutes(self.start), minutes(self.end));
        let segments = match self.lunch {
            Some((from, to)) => [(s, minutes(from)), (minutes(to), e)],
            None => [(s, e), (e, e)],
        };
        let len = self.slot_minutes;
        segments.into_iter().flat_map(move |(from, to)| {
            (0..)
                .map(move |i| from + i * len)
                .take_while(move |&t| t + len <= to)
                .map(move |t| Slot {
                    official: self.official,
                    date: self.date,
                    start: time(t),
                    end: time(t + len),
                })
        })
    }
}

/// One slot of a reception day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Slot {
    pub official: OfficialId,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A request approved for reception (clause 29), in queue order (clause 13).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ApprovedRequest {
    pub request: RequestId,
    pub official: OfficialId,
    /// Earliest date the request may be received, e.g. after the preparation of clause 28.
    pub earliest: NaiveDate,
}

/// Places already taken in a slot by earlier bookings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Booking {
    pub official: OfficialId,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub count: u32,
}

/// A request placed in a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignment {
    pub request: RequestId,
    pub slot: Slot,
}

/// Result of distributing a list into the schedule (clause 30).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// In the order of the requests given.
    pub assigned: Vec<Assignment>,
    /// Requests with no free slot of their official on or after their earliest date.
    pub unallocated: Vec<RequestId>,
}

/// First slot index at or after `i` that still has room; full slots point past themselves.
/// Path halving keeps repeated lookups near constant time.
fn first_free(next: &mut [usize], mut i: usize) -> usize {
    while next[i] != i {
        next[i] = next[next[i]];
        i = next[i];
    }
    i
}

/// Distributes approved requests into the reception schedule in queue order (clause 30).
///
/// `requests` must already be in queue order (clause 13, see `queue::sort_queue`). Each
/// request takes the earliest slot of its official dated on or after its `earliest` date that
/// still has room after `bookings` and all requests before it; requests for which there is no
/// such slot are returned as unallocated. The result depends only on the arguments.
///
/// Runs in O(D log D + S + B log S + R · (P + log D)) for S slots, B bookings, R requests,
/// D reception days and P officials (amortised: a full slot is skipped once, then jumped
/// over); an akimat has a few dozen officials who receive, so each official's pass over the
/// list is a cheap sequential read.
pub fn allocate(
    days: &[ReceptionDay],
    requests: &[ApprovedRequest],
    bookings: &[Booking],
) -> Allocation {
    // The slots in order of (official, date, time). The days are sorted, not their slots: a
    // day's own slots come in time order, and only days of one official on one date need
    // their slots merged. Stable, so equal slots keep the order of `days` and their room
    // stays paired.
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by_key(|&i| (days[i].official, days[i].date));
    let estimate: usize = days.iter().map(ReceptionDay::slot_estimate).sum();
    let mut slots: Vec<Slot> = Vec::with_capacity(estimate);
    let mut room: Vec<u32> = Vec::with_capacity(estimate);
    // Where each official's slots begin on each date, and each official with the ends of
    // their slots and of their dates in `day_starts`: small tables, kept in cache.
    let mut day_starts: Vec<(NaiveDate, usize)> = Vec::new();
    let mut officials: Vec<(OfficialId, usize, usize)> = Vec::new();
    let mut g = 0;
    while g < order.len() {
        let (official, date) = (days[order[g]].official, days[order[g]].date);
        let h = g + order[g..]
            .iter()
            .take_while(|&&i| (days[i].official, days[i].date) == (official, date))
            .count();
        let from = slots.len();
        for &i in &order[g..h] {
            for s in days[i].slots() {
                slots.push(s);
                room.push(days[i].capacity);
            }
        }
        if h - g > 1 {
            // A few days at most: an insertion sort (stable, and small in the browser's
            // bundle, where a second sort's code would weigh kilobytes).
            for k in from + 1..slots.len() {
                let mut j = k;
                while j > from && slots[j - 1] > slots[j] {
                    slots.swap(j - 1, j);
                    room.swap(j - 1, j);
                    j -= 1;
                }
            }
        }
        if slots.len() > from {
            day_starts.push((date, from));
            match officials.last_mut() {
                Some((o, end, dates)) if *o == official => {
                    *end = slots.len();
                    *dates = day_starts.len();
                }
                _ => officials.push((official, slots.len(), day_starts.len())),
            }
        }
        g = h;
    }

    for b in bookings {
        let key = (b.official, b.date, b.start);
        let from = slots.partition_point(|s| (s.official, s.date, s.start) < key);
        let mut left = b.count;
        for k in from..slots.len() {
            if left == 0 || (slots[k].official, slots[k].date, slots[k].start) != key {
                break;
            }
            let taken = left.min(room[k]);
            room[k] -= taken;
            left -= taken;
        }
    }

    // next[k] == k while slot k has room; a sentinel at the end means "no slot".
    let n = slots.len();
    let mut next: Vec<usize> = (0..=n)
        .map(|k| if k < n && room[k] == 0 { k + 1 } else { k })
        .collect();

    // Requests of different officials never meet, so each official's are placed in a pass
    // of their own, still in queue order: the pass stays within that official's slots (in
    // cache) instead of jumping across everyone's. The results go back in the order given.
    const NONE: usize = usize::MAX;
    let mut placed = vec![NONE; requests.len()];
    let mut dates_from = 0;
    for &(official, hi, dates_end) in &officials {
        let dates = &day_starts[dates_from..dates_end];
        dates_from = dates_end;
        for (r, place) in requests.iter().zip(placed.iter_mut()) {
            if r.official != official {
                continue;
            }
            let j = dates.partition_point(|&(d, _)| d < r.earliest);
            let from = dates.get(j).map_or(hi, |&(_, k)| k);
            let k = first_free(&mut next, from);
            if k < hi {
                room[k] -= 1;
                if room[k] == 0 {
                    next[k] = k + 1;
                }
                *place = k;
            }
        }
    }

    let mut result = Allocation {
        assigned: Vec::with_capacity(requests.len()),
        unallocated: Vec::new(),
    };
    for (r, &k) in requests.iter().zip(&placed) {
        if k == NONE {
            result.unallocated.push(r.request);
        } else {
            result.assigned.push(Assignment {
                request: r.request,
                slot: slots[k],
            });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    fn day(official: u64, date: NaiveDate, slot: u32, cap: u32) -> ReceptionDay {
        ReceptionDay::new(
            OfficialId(official),
            date,
            t(9, 0),
            t(18, 0),
            slot,
            cap,
            Some((t(13, 0), t(14, 30))),
        )
        .unwrap()
    }

    fn req(id: u64, official: u64, earliest: NaiveDate) -> ApprovedRequest {
        ApprovedRequest {
            request: RequestId(id),
            official: OfficialId(official),
            earliest,
        }
    }

    #[test]
    fn lunch_break_is_excluded_from_reception_slots_clause_4() {
        let starts: Vec<_> = day(1, d(1), 60, 1).slots().map(|s| s.start).collect();
        assert_eq!(
            starts,
            [
                t(9, 0),
                t(10, 0),
                t(11, 0),
                t(12, 0),
                t(14, 30),
                t(15, 30),
                t(16, 30)
            ]
        );
    }

    #[test]
    fn lunch_break_longer_than_one_and_a_half_hours_is_refused_clause_4() {
        let r = ReceptionDay::new(
            OfficialId(1),
            d(1),
            t(9, 0),
            t(18, 0),
            30,
            1,
            Some((t(13, 0), t(14, 31))),
        );
        assert_eq!(r, Err(ScheduleError::LunchTooLong));
        let outside = ReceptionDay::new(
            OfficialId(1),
            d(1),
            t(9, 0),
            t(12, 0),
            30,
            1,
            Some((t(13, 0), t(14, 0))),
        );
        assert_eq!(outside, Err(ScheduleError::LunchOutsideDay));
        for e in [
            ScheduleError::EmptyDay,
            ScheduleError::ZeroSlotLength,
            ScheduleError::ZeroCapacity,
        ] {
            assert!(!e.message().kk.is_empty() && !e.message().ru.is_empty());
        }
        assert_eq!(
            ReceptionDay::new(OfficialId(1), d(1), t(9, 0), t(9, 0), 30, 1, None),
            Err(ScheduleError::EmptyDay)
        );
    }

    #[test]
    fn approved_list_is_distributed_in_queue_order_into_earliest_slots_clause_30() {
        let days = [day(1, d(2), 240, 2), day(1, d(1), 240, 1)];
        let requests = [req(10, 1, d(1)), req(11, 1, d(1)), req(12, 1, d(1))];
        let a = allocate(&days, &requests, &[]);
        let placed: Vec<_> = a
            .assigned
            .iter()
            .map(|x| (x.request.0, x.slot.date, x.slot.start))
            .collect();
        assert_eq!(
            placed,
            [
                (10, d(1), t(9, 0)),
                (11, d(2), t(9, 0)),
                (12, d(2), t(9, 0))
            ]
        );
        assert!(a.unallocated.is_empty());
    }

    #[test]
    fn request_is_not_placed_before_its_earliest_date_clause_28() {
        let days = [day(1, d(1), 240, 5), day(1, d(8), 240, 5)];
        let a = allocate(&days, &[req(1, 1, d(2))], &[]);
        assert_eq!(a.assigned[0].slot.date, d(8));
    }

    #[test]
    fn requests_that_do_not_fit_are_reported_unallocated_clause_30() {
        let days = [day(1, d(1), 180, 1)]; // 9:00 and 14:30 only
        let requests = [
            req(1, 1, d(1)),
            req(2, 1, d(1)),
            req(3, 1, d(1)),
            req(4, 2, d(1)),
        ];
        let a = allocate(&days, &requests, &[]);
        assert_eq!(a.assigned.len(), 2);
        assert_eq!(a.unallocated, [RequestId(3), RequestId(4)]);
    }

    #[test]
    fn existing_bookings_take_their_places_first_clause_30() {
        let days = [day(1, d(1), 180, 2)];
        let bookings = [Booking {
            official: OfficialId(1),
            date: d(1),
            start: t(9, 0),
            count: 2,
        }];
        let a = allocate(&days, &[req(1, 1, d(1))], &bookings);
        assert_eq!(a.assigned[0].slot.start, t(14, 30));
    }

    /// The obvious quadratic distribution, to check the fast one against: the bookings take
    /// their places first, slot by slot in time order.
    fn reference(
        days: &[ReceptionDay],
        requests: &[ApprovedRequest],
        bookings: &[Booking],
    ) -> Vec<Option<Slot>> {
        let mut slots: Vec<(Slot, u32)> = days
            .iter()
            .flat_map(|d| d.slots().map(move |s| (s, d.capacity())))
            .collect();
        slots.sort_by_key(|s| s.0);
        for b in bookings {
            let mut left = b.count;
            for (s, room) in slots.iter_mut() {
                if (s.official, s.date, s.start) == (b.official, b.date, b.start) {
                    let taken = left.min(*room);
                    *room -= taken;
                    left -= taken;
                }
            }
        }
        requests
            .iter()
            .map(|r| {
                let free = slots.iter_mut().find(|(s, room)| {
                    s.official == r.official && s.date >= r.earliest && *room > 0
                })?;
                free.1 -= 1;
                Some(free.0)
            })
            .collect()
    }

    fn arb_bookings() -> impl Strategy<Value = Vec<Booking>> {
        proptest::collection::vec((0u64..3, 1u32..10, 0u32..16, 1u32..4), 0..20).prop_map(|v| {
            v.into_iter()
                .map(|(o, dd, half_hours, count)| Booking {
                    official: OfficialId(o),
                    date: d(dd),
                    start: t(9 + half_hours / 2, 30 * (half_hours % 2)),
                    count,
                })
                .collect()
        })
    }

    fn arb_case() -> impl Strategy<Value = (Vec<ReceptionDay>, Vec<ApprovedRequest>)> {
        let days = proptest::collection::vec(
            (
                0u64..3,
                1u32..10,
                prop_oneof![Just(30u32), Just(45), Just(60), Just(240)],
                1u32..4,
            ),
            0..12,
        )
        .prop_map(|v| {
            v.into_iter()
                .map(|(o, dd, slot, cap)| day(o, d(dd), slot, cap))
                .collect()
        });
        let requests = proptest::collection::vec((0u64..4, 1u32..12), 0..200).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (o, dd))| req(i as u64, o, d(dd)))
                .collect()
        });
        (days, requests)
    }

    proptest! {
        #[test]
        fn slot_never_takes_more_than_its_capacity_clause_30((days, requests) in arb_case()) {
            let a = allocate(&days, &requests, &[]);
            let mut used: HashMap<Slot, u32> = HashMap::new();
            for x in &a.assigned {
                *used.entry(x.slot).or_default() += 1;
            }
            let mut capacity: HashMap<Slot, u32> = HashMap::new();
            for day in &days {
                for s in day.slots() {
                    *capacity.entry(s).or_default() += day.capacity();
                }
            }
            for (slot, n) in used {
                prop_assert!(n <= capacity[&slot]);
            }
            prop_assert_eq!(a.assigned.len() + a.unallocated.len(), requests.len());
        }

        #[test]
        fn each_request_gets_the_earliest_free_slot_of_its_official_clause_30(
            (days, requests) in arb_case(),
            bookings in arb_bookings(),
        ) {
            let a = allocate(&days, &requests, &bookings);
            let mut placed: HashMap<RequestId, Slot> = HashMap::new();
            for x in &a.assigned {
                prop_assert!(x.slot.date >= requests[x.request.0 as usize].earliest);
                placed.insert(x.request, x.slot);
            }
            let expected = reference(&days, &requests, &bookings);
            for (r, e) in requests.iter().zip(expected) {
                prop_assert_eq!(placed.get(&r.request).copied(), e);
            }
        }

        #[test]
        fn distribution_is_deterministic_regardless_of_day_order_clause_30((days, requests) in arb_case()) {
            let a = allocate(&days, &requests, &[]);
            let mut reversed = days.clone();
            reversed.reverse();
            prop_assert_eq!(allocate(&reversed, &requests, &[]), a);
        }
    }

    #[test]
    fn a_year_of_twenty_officials_takes_a_hundred_thousand_requests() {
        let start = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let days: Vec<_> = (0..20u64)
            .flat_map(|o| (0..365).map(move |i| day(o, start + chrono::Days::new(i), 30, 2)))
            .collect();
        let requests: Vec<_> = (0..100_000u64)
            .map(|i| req(i, i % 20, start + chrono::Days::new(i % 300)))
            .collect();
        let a = allocate(&days, &requests, &[]);
        assert_eq!(a.assigned.len() + a.unallocated.len(), 100_000);
        assert!(a.unallocated.is_empty());
    }
}
