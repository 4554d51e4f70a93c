//! Fuzzing of every parser that takes outside input (issue 12): IIN, BIN, a foreigner's
//! document number, phone, the essence of the question, the whole application form (e-mail
//! and the power of attorney's date inside it), months and dates as URLs carry them, the
//! form bodies as the no-JavaScript posts and the server functions decode them; and, over
//! HTTP, arbitrary bodies to the form and server-function endpoints. No panic, and every
//! refusal is an error value with a message in Kazakh and in Russian.
//!
//! A generator of our own (no cargo-fuzz: libFuzzer needs the nightly toolchain): random
//! characters from the alphabets applicants type (digits, Latin, Cyrillic with the Kazakh
//! letters, punctuation, spaces, emoji, control and combining characters), random bytes,
//! digit strings of every length, and valid inputs mutated a few characters at a time. The
//! test command runs `FUZZ_INPUTS` (default 20,000) inputs per parser; `make fuzz` runs 10
//! million and prints the counts. The seed is printed; `FUZZ_SEED` replays a run.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;
use qabyldau::rules::{
    application::{validate_application, ApplicationForm, Phone},
    eligibility::Essence,
    identity::{Bin, DocumentNumber, Iin},
    lang::Text,
};

/// xorshift64*: small, fast, and the same sequence for the same seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn char(&mut self) -> char {
        const ALPHABETS: [&str; 7] = [
            "0123456789",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
            "әғқңөұүһіӘҒҚҢӨҰҮҺІ",
            " \t\n\r.,;:-_+()[]{}@#%&*/\\'\"<>=?!№«»—–…",
            "\u{0}\u{7}\u{1b}\u{200b}\u{200d}\u{202e}\u{feff}\u{301}\u{fffd}",
            "😀🇰🇿𝟘٣߂",
        ];
        let alphabet: Vec<char> = ALPHABETS[self.below(ALPHABETS.len())].chars().collect();
        alphabet[self.below(alphabet.len())]
    }

    /// One input, shaped like `seed` a quarter of the time.
    fn input(&mut self, seed: &str) -> String {
        match self.below(4) {
            0 => (0..self.below(40)).map(|_| self.char()).collect(),
            1 => {
                let bytes: Vec<u8> = (0..self.below(40)).map(|_| self.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            2 => (0..self.below(24))
                .map(|_| char::from(b'0' + self.below(10) as u8))
                .collect(),
            _ => {
                let mut chars: Vec<char> = seed.chars().collect();
                for _ in 0..=self.below(3) {
                    let at = self.below(chars.len() + 1);
                    match self.below(3) {
                        0 => chars.insert(at, self.char()),
                        1 if at < chars.len() => {
                            chars.remove(at);
                        }
                        _ if at < chars.len() => chars[at] = self.char(),
                        _ => chars.push(self.char()),
                    }
                }
                chars.into_iter().collect()
            }
        }
    }
}

fn inputs() -> u64 {
    std::env::var("FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(20_000)
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

fn bilingual(t: &Text, what: &str, input: &str) {
    assert!(
        !t.kk.trim().is_empty() && !t.ru.trim().is_empty(),
        "{what}: a refusal without its message in both languages for {input:?}"
    );
}

/// Runs `check` on `n` inputs like `seeds`; panics found (with the input and the seed) fail
/// the test after the run.
fn fuzz(name: &str, seeds: &[&str], check: impl Fn(&str)) {
    let (n, seed) = (inputs(), seed());
    let mut g = Gen(seed);
    let mut found: Vec<String> = Vec::new();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for _ in 0..n {
        let seed_input = seeds[g.below(seeds.len())];
        let input = g.input(seed_input);
        if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() && found.len() < 5 {
            found.push(input);
        }
    }
    std::panic::set_hook(hook);
    println!(
        "fuzz {name}: {n} inputs, {} panics (seed {seed})",
        found.len()
    );
    assert!(
        found.is_empty(),
        "{name} panicked on {found:?} (FUZZ_SEED={seed})"
    );
}

#[test]
fn identity_numbers_never_panic_and_refuse_in_both_languages() {
    fuzz(
        "iin",
        &["900101300127", "880229400013", "000101500019"],
        |s| match Iin::parse(s) {
            Ok(iin) => {
                assert_eq!(Iin::parse(&iin.as_string()).ok().as_ref(), Some(&iin));
                assert!(!iin.masked().contains(&iin.as_string()));
            }
            Err(e) => bilingual(&e.message(), "iin", s),
        },
    );
    fuzz(
        "bin",
        &["050140000656", "990240002413"],
        |s| match Bin::parse(s) {
            Ok(bin) => assert_eq!(Bin::parse(&bin.as_string()).ok().as_ref(), Some(&bin)),
            Err(e) => bilingual(&e.message(), "bin", s),
        },
    );
    fuzz("document", &["N12345678", "AB1234567"], |s| {
        if let Err(e) = DocumentNumber::parse(s) {
            bilingual(&e, "document", s);
        }
    });
}

#[test]
fn phones_and_the_essence_never_panic_and_refuse_in_both_languages() {
    fuzz(
        "phone",
        &["8 701 234 56 78", "+77012345678", "87012345678"],
        |s| match Phone::parse(s) {
            Ok(p) => assert!(Phone::parse(p.as_str()).is_ok()),
            Err(e) => bilingual(&e.message(), "phone", s),
        },
    );
    fuzz(
        "essence",
        &["Прошу помочь с ремонтом крыши нашего дома"],
        |s| {
            if let Err(e) = Essence::parse(s) {
                bilingual(&e.message(), "essence", s);
            }
        },
    );
}

#[test]
fn months_dates_and_times_from_urls_never_panic() {
    fuzz("month", &["2026-12", "2027-01", "1999-13"], |s| {
        if let Some((y, m)) = qabyldau::api::parse_month(s) {
            assert!((1..=12).contains(&m) && (2000..=2100).contains(&y));
        }
    });
    fuzz("received", &["2026-03-20 17:45"], |s| {
        let _ = qabyldau::rules::report::parse_received(s);
    });
    fuzz("number", &["KRG-2026-000001", "krg-2026-000042"], |s| {
        let _ = qabyldau::server::requests::typed_number(s);
        let _ = qabyldau::rules::identity::Identity::lookup_key(s);
    });
}

/// A form whose every field is fuzzed, starting from a valid one.
fn form(g: &mut Gen) -> ApplicationForm {
    let mut f = ApplicationForm {
        idempotency_key: "k-fuzz-0000000000000001".into(),
        applicant_kind: "individual".into(),
        iin: crate::requests::IIN.into(),
        surname: "Сәрсенов".into(),
        name: "Ерлан".into(),
        phone: "8 701 234 56 78".into(),
        email: "erlan@example.kz".into(),
        official_id: "1".into(),
        topic_id: "apartment_building".into(),
        essence: "Прошу помочь с ремонтом крыши нашего дома".into(),
        lang: "kk".into(),
        ..Default::default()
    };
    let fields: [&mut String; 17] = [
        &mut f.idempotency_key,
        &mut f.applicant_kind,
        &mut f.iin,
        &mut f.bin,
        &mut f.organisation,
        &mut f.poa_number,
        &mut f.poa_date,
        &mut f.surname,
        &mut f.name,
        &mut f.patronymic,
        &mut f.phone,
        &mut f.email,
        &mut f.official_id,
        &mut f.topic_id,
        &mut f.essence,
        &mut f.lang,
        &mut f.out_of_turn,
    ];
    for field in fields {
        if g.below(3) == 0 {
            *field = g.input(field);
        }
    }
    if g.below(2) == 0 {
        f.applicant_kind = "representative".into();
        f.bin = g.input("050140000656");
        f.poa_date = g.input("2026-01-15");
    }
    f.video_consent = (g.below(2) == 0).then(|| g.input("on"));
    f.foreigner = (g.below(4) == 0).then(|| "on".into());
    f.id_document = g.input("N12345678");
    f
}

#[test]
fn the_whole_application_form_never_panics_and_refuses_field_by_field() {
    let (n, seed) = (inputs(), seed());
    let mut g = Gen(seed);
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut accepted = 0u64;
    for _ in 0..n {
        let f = form(&mut g);
        let restrictions = g.below(2) == 0;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            validate_application(&f, &[1, 2, 3], &[], today, restrictions)
        }))
        .unwrap_or_else(|_| panic!("the form panicked on {f:?} (FUZZ_SEED={seed})"));
        match outcome {
            Ok(_) => accepted += 1,
            Err(errors) => {
                assert!(!errors.is_empty(), "a refusal names its fields: {f:?}");
                for e in &errors {
                    bilingual(&e.message, "form", &format!("{f:?}"));
                }
            }
        }
    }
    println!("fuzz application form: {n} forms, {accepted} accepted, 0 panics (seed {seed})");
    assert!(accepted > 0, "the valid start is reached");
}

#[test]
fn form_bodies_decode_or_refuse_never_panic() {
    let valid = "idempotency_key=k-fuzz-1&applicant_kind=individual&iin=900101300127&surname=%D0%90&\
                 name=%D0%91&phone=87012345678&official_id=1&topic_id=apartment_building&essence=x&lang=kk";
    fuzz(
        "form body",
        &[valid, "number=KRG-2026-000001&iin=900101300127"],
        |s| {
            let _ = serde_urlencoded::from_str::<ApplicationForm>(s);
            let _ = serde_urlencoded::from_str::<Vec<(String, String)>>(s);
        },
    );
}

/// Arbitrary bodies to the endpoints that decode forms: never a 500, never a hang.
#[test]
fn arbitrary_bodies_to_the_form_endpoints_are_answered_never_with_a_server_error() {
    crate::helpers::run(async {
        let app = crate::helpers::spawn_app(crate::helpers::Engine::Sqlite)
            .await
            .unwrap();
        // Over HTTP each input is a whole request: a 400th of the parsers' count, within the
        // test's two minutes.
        let n = (inputs() / 400).clamp(200, 25_000);
        let seed = seed();
        let mut g = Gen(seed);
        let endpoints = [
            "/request",
            "/status",
            "/staff/login",
            "/api/submit",
            "/api/status",
            "/api/withdraw",
        ];
        let valid = "idempotency_key=k-fuzz-1&applicant_kind=individual&iin=900101300127&lang=kk";
        for _ in 0..n {
            let path = endpoints[g.below(endpoints.len())];
            let body = g.input(valid);
            let res = app
                .client
                .post(app.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = res.status();
            let text = res.text().await.unwrap();
            assert!(
                status.as_u16() < 500 || status == 503,
                "{path} {body:?}: {status} {text} (FUZZ_SEED={seed})"
            );
            // A server function's refusal says why in both languages; a page's refusal
            // never in the framework's English.
            if path.starts_with("/api/") && status == 400 {
                assert!(text.contains(" / "), "{path} {body:?}: {text}");
            }
            assert!(
                !text.contains("Failed to deserialize"),
                "{path} {body:?}: {status} {text}"
            );
        }
        println!("fuzz http: {n} bodies, 0 server errors (seed {seed})");
    });
}
