//! Applications handed in at a reception (clause 36): within 1 to 3 working days they are
//! scanned, attached to the protocol's instructions, registered in the electronic document
//! system and marked "from personal reception".
//!
//! The department records each one on the request's card: the scan (a PDF, JPEG or PNG file,
//! recognised by its first bytes, not by its name), its registration number in the document
//! system, what it is about, and — when it concerns one — the instruction of the protocol it
//! is attached to. The mark and the term are given here, the same in the browser and on the
//! server.

use chrono::NaiveDate;

use super::deadlines::reception_applications_due;
use super::lang::{Text, Tr};

/// The longest registration number of the document system.
pub const EDMS_MAX: usize = 60;
/// The longest description of an application.
pub const SUMMARY_MAX: usize = 1000;
/// The largest scan: ten megabytes, a few dozen pages at office quality.
pub const SCAN_MAX: usize = 10 * 1024 * 1024;

/// The mark every application from a reception carries (clause 36).
pub const MARK: Tr = Tr::new("«Жеке қабылдаудан»", "«С личного приема»");

pub const NO_EDMS: Tr = Tr::new(
    "Электрондық құжат айналымы жүйесіндегі тіркеу нөмірін жазыңыз (36-т.).",
    "Укажите регистрационный номер в системе электронного документооборота (п. 36).",
);
pub const BAD_EDMS: Tr = Tr::new(
    "Тіркеу нөмірі 60 таңбадан аспайтын әріптерден, сандардан, бос орыннан және «-», «/», «.», «№», «_» белгілерінен тұрады.",
    "Регистрационный номер — не более 60 знаков: буквы, цифры, пробел и знаки «-», «/», «.», «№», «_».",
);
pub const NO_SUMMARY: Tr = Tr::new(
    "Өтініш не туралы екенін қысқаша жазыңыз.",
    "Кратко укажите, о чём обращение.",
);
pub const SUMMARY_TOO_LONG: Tr = Tr::new(
    "Сипаттама тым ұзын: 1000 таңбадан аспауы керек.",
    "Описание слишком длинное: не более 1000 знаков.",
);
pub const NO_SCAN: Tr = Tr::new(
    "Өтініштің сканерленген көшірмесін тіркеңіз (PDF, JPEG немесе PNG).",
    "Приложите скан обращения (PDF, JPEG или PNG).",
);
pub const BAD_SCAN: Tr = Tr::new(
    "Файл PDF, JPEG немесе PNG емес. Өтінішті осы пішімдердің бірінде сканерлеңіз.",
    "Файл не является PDF, JPEG или PNG. Отсканируйте обращение в одном из этих форматов.",
);
pub const SCAN_TOO_LARGE: Tr = Tr::new(
    "Скан тым үлкен: 10 МБ-тан аспауы керек. Сапасын төмендетіп немесе бөліп тіркеңіз.",
    "Скан слишком большой: не более 10 МБ. Уменьшите качество или разделите на части.",
);
pub const ALREADY_REGISTERED: Tr = Tr::new(
    "Осы тіркеу нөмірімен өтініш бұрын тіркелген.",
    "Обращение с этим регистрационным номером уже зарегистрировано.",
);
pub const NOT_RECEIVED: Tr = Tr::new(
    "Қабылдаудан түскен өтініштер өтініш беруші қабылданғаннан кейін ғана тіркеледі (36-т.).",
    "Обращения с приёма регистрируются только после того, как заявитель принят (п. 36).",
);
pub const NO_SUCH_INSTRUCTION: Tr = Tr::new(
    "Бұл өтініштің хаттамасында мұндай тапсырма жоқ.",
    "В протоколе этого обращения нет такого поручения.",
);

/// The kinds of scan kept: what the office's scanners make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanKind {
    Pdf,
    Jpeg,
    Png,
}

impl ScanKind {
    /// The kind of a file by its first bytes (its name and the browser's word are not
    /// trusted).
    pub fn sniff(bytes: &[u8]) -> Option<ScanKind> {
        if bytes.starts_with(b"%PDF-") {
            Some(ScanKind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ScanKind::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(ScanKind::Png)
        } else {
            None
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ScanKind::Pdf => "application/pdf",
            ScanKind::Jpeg => "image/jpeg",
            ScanKind::Png => "image/png",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<ScanKind> {
        [ScanKind::Pdf, ScanKind::Jpeg, ScanKind::Png]
            .into_iter()
            .find(|k| k.media_type() == media_type)
    }

    pub fn extension(self) -> &'static str {
        match self {
            ScanKind::Pdf => "pdf",
            ScanKind::Jpeg => "jpg",
            ScanKind::Png => "png",
        }
    }
}

/// An application from a reception as the form gave it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPaper {
    /// The registration number in the electronic document system, spaces collapsed, in
    /// capitals.
    pub edms_number: String,
    pub summary: String,
    pub kind: ScanKind,
}

/// Checks an application handed in at a reception: its registration number, what it is
/// about, and its scan (`scan`, the file's bytes).
pub fn check_paper(edms_number: &str, summary: &str, scan: &[u8]) -> Result<NewPaper, Text> {
    // One number however it was typed: the system's letters are capitals, and a number
    // registered twice in two cases is still one paper.
    let edms_number = edms_number
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    let summary = summary.trim();
    if edms_number.is_empty() {
        return Err(NO_EDMS.text());
    }
    let allowed = |c: char| c.is_alphanumeric() || " -/.№_".contains(c);
    if edms_number.chars().count() > EDMS_MAX
        || !edms_number.chars().all(allowed)
        || !edms_number.chars().any(|c| c.is_alphanumeric())
    {
        return Err(BAD_EDMS.text());
    }
    if summary.is_empty() {
        return Err(NO_SUMMARY.text());
    }
    if summary.chars().count() > SUMMARY_MAX {
        return Err(SUMMARY_TOO_LONG.text());
    }
    if scan.is_empty() {
        return Err(NO_SCAN.text());
    }
    if scan.len() > SCAN_MAX {
        return Err(SCAN_TOO_LARGE.text());
    }
    let kind = ScanKind::sniff(scan).ok_or_else(|| BAD_SCAN.text())?;
    Ok(NewPaper {
        edms_number,
        summary: summary.to_owned(),
        kind,
    })
}

/// The term of the applications from a reception held on `reception` (clause 36), and
/// whether one registered on `registered_on` was registered after it.
pub fn term(reception: NaiveDate, registered_on: NaiveDate) -> (NaiveDate, bool) {
    let due = reception_applications_due(reception);
    (due, registered_on > due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj";

    #[test]
    fn an_application_from_a_reception_is_registered_with_its_number_and_scan_clause_36() {
        let paper = check_paper("  ЖТ-12/345 ", " Жер учаскесі туралы ", PDF).unwrap();
        assert_eq!(paper.edms_number, "ЖТ-12/345");
        let typed = check_paper(" жт-12/345", "о земле", PDF).unwrap();
        assert_eq!(typed.edms_number, paper.edms_number);
        assert_eq!(paper.summary, "Жер учаскесі туралы");
        assert_eq!(paper.kind, ScanKind::Pdf);
        for (edms, summary, scan, error) in [
            ("", "о земле", PDF, NO_EDMS),
            ("   ", "о земле", PDF, NO_EDMS),
            ("--//", "о земле", PDF, BAD_EDMS),
            ("12<script>", "о земле", PDF, BAD_EDMS),
            ("12", " ", PDF, NO_SUMMARY),
            ("12", "о земле", b"" as &[u8], NO_SCAN),
            ("12", "о земле", b"MZ\x90\x00 an executable", BAD_SCAN),
            ("12", "о земле", b"<html>%PDF-", BAD_SCAN),
        ] {
            assert_eq!(
                check_paper(edms, summary, scan),
                Err(error.text()),
                "{edms:?}"
            );
        }
        let long = "1".repeat(EDMS_MAX + 1);
        assert_eq!(check_paper(&long, "о земле", PDF), Err(BAD_EDMS.text()));
        let long = "а".repeat(SUMMARY_MAX + 1);
        assert_eq!(check_paper("12", &long, PDF), Err(SUMMARY_TOO_LONG.text()));
        let mut big = PDF.to_vec();
        big.resize(SCAN_MAX + 1, b' ');
        assert_eq!(
            check_paper("12", "о земле", &big),
            Err(SCAN_TOO_LARGE.text())
        );
        big.truncate(SCAN_MAX);
        assert!(check_paper("12", "о земле", &big).is_ok());
    }

    #[test]
    fn a_scan_is_known_by_its_first_bytes_not_its_name() {
        assert_eq!(ScanKind::sniff(PDF), Some(ScanKind::Pdf));
        assert_eq!(
            ScanKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(ScanKind::Jpeg)
        );
        assert_eq!(
            ScanKind::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ScanKind::Png)
        );
        assert_eq!(ScanKind::sniff(b"GIF89a"), None);
        for kind in [ScanKind::Pdf, ScanKind::Jpeg, ScanKind::Png] {
            assert_eq!(ScanKind::from_media_type(kind.media_type()), Some(kind));
        }
        assert_eq!(ScanKind::from_media_type("text/html"), None);
    }

    #[test]
    fn applications_from_a_reception_are_due_3_working_days_after_it_clause_36() {
        // Tuesday 24 November 2026: due Friday the 27th; registered then, in time.
        assert_eq!(
            term(d(2026, 11, 24), d(2026, 11, 27)),
            (d(2026, 11, 27), false)
        );
        // On the day of the reception: never a breach.
        assert_eq!(
            term(d(2026, 11, 24), d(2026, 11, 24)),
            (d(2026, 11, 27), false)
        );
        // Monday the 30th: late.
        assert_eq!(
            term(d(2026, 11, 24), d(2026, 11, 30)),
            (d(2026, 11, 27), true)
        );
        // Over the New Year holidays (1 and 2 January), weekends skipped.
        assert_eq!(term(d(2026, 12, 30), d(2027, 1, 6)), (d(2027, 1, 6), false));
    }
}
