//! The rooms of `src/` have one-way doors: `app → ui → api → server → rules/model`, and
//! `ui → rules/model`. A path that names a room its own room may not enter fails here, so
//! an arrow that runs back fails the test command.

use std::path::{Path, PathBuf};

/// The rooms each room may name (besides itself).
fn allowed(room: &str) -> &'static [&'static str] {
    match room {
        "rules" => &[],
        "model" => &["rules"],
        "server" => &["rules", "model"],
        "api" => &["server", "rules", "model"],
        "ui" => &["api", "rules", "model"],
        "app" => &["ui", "api", "server", "rules", "model"],
        other => panic!("src/{other} is a room this test does not know: add its doors"),
    }
}

const ROOMS: [&str; 6] = ["rules", "model", "server", "api", "ui", "app"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The rooms that `source` names: as `crate::<room>`, or inside `crate::{<room>::…, …}`.
fn named_rooms(source: &str) -> Vec<&'static str> {
    let mut first_segments: Vec<String> = Vec::new();
    for (i, _) in source.match_indices("crate::") {
        let rest = &source[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The top-level items of the group, up to its closing brace.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        first_segments.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            first_segments.push(item);
        } else {
            first_segments.push(rest.to_owned());
        }
    }
    ROOMS
        .into_iter()
        .filter(|room| {
            first_segments.iter().any(|segment| {
                let segment = segment.trim_start();
                segment.strip_prefix(room).is_some_and(|after| {
                    !after
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .collect()
}

#[test]
fn arrows_between_the_rooms_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let room = first.trim_end_matches(".rs");
        if matches!(room, "lib" | "main") {
            continue; // the crate root and the binary see every room
        }
        let source = std::fs::read_to_string(file).unwrap();
        for named in named_rooms(&source) {
            if named != room && !allowed(room).contains(&named) {
                wrong.push(format!("src/{} names crate::{named}", rel.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows that run back:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_an_arrow_that_runs_back() {
    assert_eq!(named_rooms("use crate::ui::i18n::Tr;"), vec!["ui"]);
    assert_eq!(named_rooms("crate::api::refuse(x)"), vec!["api"]);
    assert!(named_rooms("crate::rulesets::x; crate::uint").is_empty());
    assert_eq!(
        named_rooms("use crate::{\n    rules::lang::Text,\n    ui::{a, b},\n};"),
        vec!["rules", "ui"]
    );
}
