//! The model figures the docs quote are the program's: each is marked with the command that
//! produces it, and this test runs the command and compares.
//!
//! A doc declares its sources once, in an HTML comment of its own (invisible when rendered):
//!
//! ```text
//! <!-- figure sources
//! history: arenas sim --history --runs 20000 --seed 1
//! handout: arenas handout --history --until 5 --seed 2023 w5.toml && arenas sim --from w5.toml --history --runs 1000 --format text
//! coefficients: file assets/scenarios/gaza-2023.toml
//! slow best: arenas balance --format json
//! -->
//! ```
//!
//! A source is one or more `arenas` command lines (or `mkdir DIR`) joined by ` && `, run in
//! a fresh folder in which the repository's `assets`, `docs`, `saves` and `tests` are linked
//! (arguments are split at spaces, no quotes, no globs). `file PATH` reads a TOML or JSON file of the
//! repository instead. A source marked `slow` (a plan search, say) is checked only by the
//! ignored release test.
//!
//! A figure names its source and a path into the last command's output (or the file) read
//! as JSON (or TOML), with an
//! optional scale, in a comment immediately before the number:
//! `<!-- figure history outcomes.stalemate*100 -->61.2%`. The figure keeps the form it is
//! quoted in: its decimals, a `%`, a leading `+`, thousands commas.
//!
//! A block of output names its source on the line before the fence: `<!-- output handout
//! -->`. The block is the last command's output as it is, or, when it has `$ …` lines (the
//! commands as a reader types them), the source's last commands, each such line followed by
//! what its command printed.
//!
//! `ARENAS_REGENERATE=1 cargo test --test integration doc_figures` rewrites the figures and blocks that
//! differ; with `--release … -- --include-ignored` the slow ones too.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use arenas::engine::Outcome;

mod markers;
use markers::*;

/// The docs whose figures are checked.
const DOCS: &[&str] = &[
    "README.md",
    "docs/instructors.md",
    "docs/scenarios.md",
    "docs/classroom-server.md",
    "docs/architecture.md",
];

/// One check or rewrite at a time: the fast and the slow test may edit the same doc.
static DOCS_LOCK: Mutex<()> = Mutex::new(());

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a source in a fresh folder with the repository's folders linked into it: what each
/// of its commands printed.
fn run(origin: &Origin) -> Result<Vec<String>, String> {
    let commands = match origin {
        Origin::File(file) => {
            return std::fs::read_to_string(root().join(file))
                .map(|text| vec![text])
                .map_err(|e| format!("cannot read {file}: {e}"));
        }
        Origin::Commands(commands) => commands,
    };
    let dir = tempfile::tempdir().map_err(|e| format!("no temp folder: {e}"))?;
    for entry in ["assets", "docs", "saves", "tests"] {
        std::os::unix::fs::symlink(root().join(entry), dir.path().join(entry))
            .map_err(|e| format!("cannot link {entry}: {e}"))?;
    }
    let mut outputs = Vec::new();
    for words in commands {
        if let [mkdir, folder] = words.as_slice()
            && mkdir == "mkdir"
        {
            std::fs::create_dir(dir.path().join(folder))
                .map_err(|e| format!("cannot make {folder}: {e}"))?;
            outputs.push(String::new());
            continue;
        }
        let args = &words[1..];
        let out = Command::new(env!("CARGO_BIN_EXE_arenas"))
            .args(args)
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("NO_COLOR", "1")
            .output()
            .map_err(|e| format!("cannot run arenas: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "`arenas {}` failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        outputs.push(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    Ok(outputs)
}

/// An output read as data: JSON, else TOML.
fn data(output: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(output).or_else(|json| {
        toml::from_str::<toml::Value>(output)
            .map_err(|_| format!("the output is neither JSON nor TOML ({json})"))
            .and_then(|v| serde_json::to_value(v).map_err(|e| e.to_string()))
    })
}

/// The number at a dotted path (array items by index).
fn number_at(value: &serde_json::Value, path: &str) -> Result<f64, String> {
    path.split('.')
        .try_fold(value, |v, key| match key.parse::<usize>() {
            Ok(i) if v.is_array() => v.get(i),
            _ => v.get(key),
        })
        .and_then(serde_json::Value::as_f64)
        .ok_or_else(|| format!("the output has no number at `{path}`"))
}

/// `value` written in the form of `quoted`.
fn like(quoted: &str, value: f64) -> String {
    let percent = quoted.ends_with('%');
    let body = quoted.trim_end_matches('%');
    let decimals = body.split_once('.').map_or(0, |(_, d)| d.len());
    let mut digits = format!("{:.*}", decimals, value.abs());
    if body.contains(',') {
        let int_len = digits.find('.').unwrap_or(digits.len());
        let mut grouped = String::new();
        for (i, c) in digits[..int_len].chars().enumerate() {
            if i > 0 && (int_len - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        digits = grouped + &digits[int_len..];
    }
    let zero = digits.chars().all(|c| matches!(c, '0' | '.' | ','));
    let sign = if value < 0.0 && !zero {
        if body.starts_with('−') { "−" } else { "-" }
    } else if body.starts_with('+') {
        "+"
    } else {
        ""
    };
    format!("{sign}{digits}{}", if percent { "%" } else { "" })
}

/// What a marker's source gives in its place, or why it gives nothing. A block with `$ …`
/// lines shows the source's last commands, each such line (the command as a reader types
/// it: the same words up to a glob) followed by what its command printed; without them it
/// is the last command's output.
fn computed(
    marker: &Marker,
    quoted: &str,
    origin: &Origin,
    outputs: &[String],
) -> Result<String, String> {
    let last = outputs.last().map_or("", String::as_str);
    let Quoted::Figure { path, scale } = &marker.quoted else {
        let shown: Vec<&str> = quoted.lines().filter(|l| l.starts_with("$ ")).collect();
        if shown.is_empty() {
            return Ok(last.to_owned());
        }
        let commands = match origin {
            Origin::Commands(commands) => commands.as_slice(),
            Origin::File(_) => &[],
        };
        let Some(first) = commands.len().checked_sub(shown.len()) else {
            return Err(format!(
                "the block shows {} commands, its source runs {}",
                shown.len(),
                commands.len()
            ));
        };
        let mut block = String::new();
        for ((line, words), output) in shown.iter().zip(&commands[first..]).zip(&outputs[first..]) {
            let typed = line[2..]
                .split_whitespace()
                .take_while(|w| !w.contains('*'));
            if !typed.zip(words).all(|(a, b)| a == b) {
                return Err(format!("`{line}` is not the command `{}`", words.join(" ")));
            }
            block.push_str(&format!("{line}\n{output}"));
        }
        return Ok(block);
    };
    Ok(like(quoted, number_at(&data(last)?, path)? * scale))
}

/// Checks (or with `ARENAS_REGENERATE`, rewrites) the figures of the slow sources or of the
/// others; returns how many were compared.
fn check(slow: bool) -> usize {
    let _lock = DOCS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let regenerate = std::env::var_os("ARENAS_REGENERATE").is_some();
    let mut outputs: HashMap<String, Result<Vec<String>, String>> = HashMap::new();
    let mut errors = Vec::new();
    let mut drifts = Vec::new();
    let mut compared = 0;
    for &name in DOCS {
        let path: PathBuf = root().join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc = match parse(name, &text) {
            Ok(doc) => doc,
            Err(found) => {
                errors.extend(found);
                continue;
            }
        };
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for marker in &doc.markers {
            let source = &doc.sources[&marker.source];
            if source.slow != slow {
                continue;
            }
            let key = format!("{:?}", source.origin);
            let output = outputs
                .entry(key)
                .or_insert_with(|| run(&source.origin))
                .clone();
            let quoted = &text[marker.span.clone()];
            compared += 1;
            match output.and_then(|o| computed(marker, quoted, &source.origin, &o)) {
                Ok(now) if now == quoted => {}
                Ok(now) => {
                    drifts.push(match marker.quoted {
                        Quoted::Figure { .. } => format!(
                            "{name}:{}: quotes {quoted}, `{}` gives {now}",
                            marker.line, marker.source
                        ),
                        Quoted::Output => {
                            let (i, (was, is)) = quoted
                                .lines()
                                .map(Some)
                                .chain(std::iter::repeat(None))
                                .zip(now.lines().map(Some).chain(std::iter::repeat(None)))
                                .enumerate()
                                .find(|(_, (a, b))| a != b)
                                .unwrap_or((0, (None, None)));
                            format!(
                                "{name}:{}: the block of `{}` differs at its line {}: quotes \
                                 {:?}, the program prints {:?}",
                                marker.line,
                                marker.source,
                                i + 1,
                                was.unwrap_or("(end)"),
                                is.unwrap_or("(end)")
                            )
                        }
                    });
                    edits.push((marker.span.clone(), now));
                }
                Err(e) => errors.push(format!("{name}:{}: {e}", marker.line)),
            }
        }
        if regenerate && !edits.is_empty() {
            let mut text = text;
            for (span, now) in edits.into_iter().rev() {
                text.replace_range(span, &now);
            }
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    if regenerate {
        for drift in &drifts {
            eprintln!("rewritten: {drift}");
        }
        drifts.clear();
    }
    assert!(
        drifts.is_empty(),
        "documented figures the program no longer gives ({} of {compared}); refresh them with \
         ARENAS_REGENERATE=1 cargo test --test integration doc_figures (slow ones: add --release … -- \
         --include-ignored) and read the prose around them:\n{}",
        drifts.len(),
        drifts.join("\n")
    );
    compared
}

#[test]
fn documented_figures_are_the_programs() {
    let compared = check(false);
    assert!(
        compared >= 50,
        "expected at least 50 marked figures, found {compared}"
    );
}

/// Figures of plan searches: minutes even in a release build.
#[test]
#[ignore = "slow: cargo test --release --test integration doc_figures -- --ignored"]
fn documented_figures_of_slow_runs_are_the_programs() {
    check(true);
}

#[test]
fn figures_keep_the_form_they_are_quoted_in() {
    assert_eq!(like("61%", 61.24), "61%");
    assert_eq!(like("61.0%", 61.24), "61.2%");
    assert_eq!(like("+34.5", 35.0), "+35.0");
    assert_eq!(like("+34.5", -0.42), "-0.4");
    assert_eq!(like("-0.4", -0.04), "0.0");
    assert_eq!(like("20,000", 1_234_567.0), "1,234,567");
    assert_eq!(like("0.92", 0.9234), "0.92");
    assert_eq!(number_len("61.2% of"), 5);
    assert_eq!(number_len("1,000 runs, and"), 5);
    assert_eq!(number_len("−0.5 and"), "−0.5".len());
    assert_eq!(number_len("12."), 2);
    assert_eq!(number_len("x1"), 0);
}

#[test]
fn markers_that_do_not_fit_are_named() {
    let text = "<!-- figure sources\nh: arenas sim --history\nunused: file x.toml\nbad: sim\n-->\n\
                a <!-- figure h outcomes.stalemate*100 -->61% b\n\
                <!-- figure nowhere x -->1\n<!-- figure h x -->none\n";
    let errors = parse("doc.md", text).expect_err("errors");
    let joined = errors.join("\n");
    for expected in [
        "`sim` is neither an `arenas` command line nor `mkdir DIR`",
        "doc.md:8: `figure h x` is not followed by a number",
        "doc.md:7: no source `nowhere` is defined",
        "doc.md:3: the source `unused` quotes no figure",
    ] {
        assert!(joined.contains(expected), "{expected} not in:\n{joined}");
    }
    let fine = "<!-- figure sources\nh: arenas sim --history\n-->\nx <!-- figure h a.b -->1.5%\n\
                <!-- output h -->\n```text\n$ arenas sim\nline\n```\n";
    let doc = parse("doc.md", fine).expect("parses");
    assert_eq!(&fine[doc.markers[0].span.clone()], "1.5%");
    assert_eq!(&fine[doc.markers[1].span.clone()], "$ arenas sim\nline\n");
    let origin = parse_source("arenas a && arenas a x && arenas b").expect("commands");
    let shown = computed(
        &doc.markers[1],
        "$ arenas a *.toml\n$ arenas b\nold\n",
        &origin,
        &["1\n".to_owned(), "2\n".to_owned(), "3\n".to_owned()],
    );
    assert_eq!(
        shown.as_deref(),
        Ok("$ arenas a *.toml\n2\n$ arenas b\n3\n")
    );
    let outputs = ["1\n".to_owned(), "2\n".to_owned(), "3\n".to_owned()];
    let wrong = computed(&doc.markers[1], "$ arenas c\n", &origin, &outputs);
    assert!(wrong.is_err_and(|e| e.contains("is not the command")));
}

/// A line that starts with an outcome (its id or its name, in a table row or a block of
/// output) and quotes a percentage quotes a model figure: it must be marked, or lie in a
/// block of output that is.
#[test]
fn outcome_shares_in_the_docs_are_marked() {
    let names: Vec<&str> = Outcome::ALL
        .iter()
        .flat_map(|o| [o.id(), o.name()])
        .collect();
    let mut unmarked = Vec::new();
    for &name in DOCS {
        let text = std::fs::read_to_string(root().join(name)).expect("a doc");
        let lines: Vec<&str> = text.lines().collect();
        let mut block: Option<bool> = None;
        for (i, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("```") {
                block = match block {
                    Some(_) => None,
                    None => Some(i > 0 && lines[i - 1].starts_with("<!-- output ")),
                };
                continue;
            }
            let start = line.trim_start_matches(['|', ' ', '`']);
            let quotes_share = line.contains('%') && names.iter().any(|n| start.starts_with(n));
            let marked = match block {
                Some(in_marked_block) => in_marked_block,
                None => line.contains("<!-- figure "),
            };
            if quotes_share && !marked {
                unmarked.push(format!("{name}:{}: {line}", i + 1));
            }
        }
    }
    assert!(
        unmarked.is_empty(),
        "outcome shares quoted without the command that gives them (see the top of \
         tests/integration/doc_figures.rs):\n{}",
        unmarked.join("\n")
    );
}
