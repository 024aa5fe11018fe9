//! `arenas report --format html` against the real binary: a golden page for two saves, text
//! from files escaped everywhere, and the page rendered by a real headless browser.
//!
//! After a change of the page or of the rules, `ARENAS_REGENERATE=1 cargo test --test
//! html_report` writes the golden page anew; check the difference before committing it.
//!
//! The browser test needs Debian's `chromium` (`.ci/run` installs it; another browser
//! binary can be named by `ARENAS_BROWSER`). Without one it says loudly that it skipped,
//! so that `cargo test` passes on a machine without a browser; with
//! `ARENAS_REQUIRE_BROWSER=1` (which `.ci/run` sets) it fails instead.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TempDir, assert_exit, run, stderr, stdout};

/// The two saves of the golden page: a finished campaign and one in progress.
const TWO_SAVES: [&str; 2] = [
    "tests/golden/finished-v4.toml",
    "saves/late-november-truce.toml",
];
const GOLDEN: &str = "tests/golden/report-two-saves.html";

/// `arenas report --format html FILES…`, which must succeed.
fn html_report(files: &[&str]) -> String {
    let mut args = vec!["report", "--format", "html"];
    args.extend(files);
    let out = run(&args);
    assert_exit(&out, 0);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn two_saves_give_the_golden_page_and_the_same_bytes_every_time() {
    let page = html_report(&TWO_SAVES);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("ARENAS_REGENERATE").is_some() {
        std::fs::write(&path, &page).expect("write the golden page");
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        page == golden,
        "the HTML report of {TWO_SAVES:?} differs from {GOLDEN}; if the change is meant, \
         regenerate it with ARENAS_REGENERATE=1 cargo test --test html_report"
    );
    assert_eq!(html_report(&TWO_SAVES), page, "a second run differs");
    for needed in [
        "<h1>Class report</h1>",
        "<h2>Class summary</h2>",
        "<h2>Outcomes against the historical course and restraint</h2>",
        "<h2>Campaigns</h2>",
        "Golden: finished campaign, format 4",
        "Late November, a truce in sight",
        "This class (1 finished)",
        "1 of the class's 2 campaigns is still in progress",
    ] {
        assert!(page.contains(needed), "missing {needed}");
    }
    // Self-contained: nothing fetched, nothing run.
    for absent in ["<script", "http://", "https://", "src=", "href=", "url("] {
        assert!(!page.contains(absent), "the page holds {absent}");
    }
}

#[test]
fn one_save_gives_its_debrief_with_charts_and_marks_an_edited_save() {
    let page = html_report(&[TWO_SAVES[0]]);
    let saved = arenas::save::load_file(Path::new(TWO_SAVES[0])).expect("the golden save loads");
    let game = &saved.game;
    let outcome = game
        .scenario
        .outcome_name(game.state().outcome.expect("a finished campaign"));
    let title =
        format!("<h1>Debrief: Unification of the Arenas: Gaza, autumn 2023 — {outcome}</h1>");
    let marked = format!("▶ {outcome}");
    for needed in [
        title.as_str(),
        "<h2>Meters</h2>",
        "<h2>US response</h2>",
        "<h2>The ceasefire</h2>",
        "<h2>Turning points</h2>",
        "<h2>Week by week</h2>",
        "<h2>Discussion questions</h2>",
        marked.as_str(),
    ] {
        assert!(page.contains(needed), "missing {needed}");
    }
    // Eight meters, the US tracks, the outcomes.
    assert_eq!(page.matches("<svg").count(), 10);
    assert!(!page.contains("class=\"warning\""));

    let dir = TempDir::new("html-edited");
    let original = std::fs::read_to_string(TWO_SAVES[1]).expect("read");
    let edited = dir.write(
        "edited.toml",
        original.replacen("name = \"Late November", "name = \"Renamed", 1),
    );
    let out = run([
        "report",
        "--format",
        "html",
        "--include-edited",
        path_str(&edited),
    ]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out)
            .contains("<p class=\"warning\"><strong>EDITED</strong>: this save was changed"),
        "{}",
        stdout(&out)
    );
    let out = run([
        "report",
        "--format",
        "html",
        "--include-edited",
        TWO_SAVES[0],
        path_str(&edited),
    ]);
    assert_exit(&out, 0);
    let class = stdout(&out);
    assert!(
        class.contains("Renamed, a truce in sight <span class=\"flag\">EDITED</span></td>"),
        "{class}"
    );
    assert!(class.contains("Renamed, a truce in sight <span class=\"flag\">EDITED</span></h3>"));
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 scratch path")
}

/// Markup, quotes, ampersands and control characters.
const HOSTILE: &str = "<script>alert(1)</script> \"q\" & 'a' <img src=x onerror=alert(2)> \
                       \u{1b}[2J\u{7}\u{202e}\u{85}end";

/// A sealed save of the bundled scenario whose title, version, names, rung names and notes
/// (after their first letters, so that they stay distinct), and whose own name and file
/// name hold [`HOSTILE`].
fn hostile_save(dir: &TempDir, seed: u64) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("assets/scenarios/gaza-2023.toml"))
        .expect("read the bundled scenario");
    let mut doc: toml::Table = toml::from_str(&text).expect("the bundled scenario parses");
    let poison = |value: &mut toml::Value| {
        if let toml::Value::String(s) = value {
            let start: String = s.chars().take(12).collect();
            *s = format!("{start} {HOSTILE}");
        }
    };
    poison(&mut doc["meta"]["title"]);
    poison(&mut doc["meta"]["version"]);
    for list in ["faction", "front", "us_rung", "ladder"] {
        for item in doc[list].as_array_mut().expect("a list") {
            poison(&mut item["name"]);
        }
    }
    for week in doc["week"].as_array_mut().expect("weeks") {
        poison(&mut week["note"]);
    }
    let scenario = toml::to_string(&doc).expect("TOML");
    let loaded = arenas::scenario::parse("hostile.toml", &scenario)
        .unwrap_or_else(|d| panic!("the hostile scenario is valid:\n{d}"));
    let mut game = arenas::game::Game::new(loaded.scenario, seed);
    let history = game.scenario.historical_course();
    for turn in 1..=5 {
        if !game.state().is_over() {
            game.commit(history.turn(turn).to_vec()).expect("commit");
        }
    }
    let save = arenas::save::to_text(
        &game,
        &arenas::save::Lineage::of(arenas::save::Minter::seeded(seed).mint()),
        &loaded.doc,
        &format!("pair {seed} {HOSTILE}"),
    )
    .expect("save text");
    dir.write(&format!("{seed} <script>\"&'.toml"), save)
}

/// Checks that every tag of `page` is one the report writes, with attributes it writes and
/// quoted values: text from a file that escaped its escaping would add a tag or attribute.
fn assert_only_own_markup(page: &str) {
    const TAGS: &[&str] = &[
        "!DOCTYPE",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "header",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "section",
        "code",
        "strong",
        "span",
        "div",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "svg",
        "line",
        "text",
        "polyline",
        "circle",
        "rect",
        "tspan",
    ];
    const ATTRIBUTES: &[&str] = &[
        "lang",
        "charset",
        "http-equiv",
        "content",
        "name",
        "class",
        "id",
        "viewBox",
        "role",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "width",
        "height",
        "points",
        "stroke",
        "stroke-dasharray",
        "fill",
        "text-anchor",
        "html",
    ];
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').expect("every tag is closed") + open;
        let tag = rest[open + 1..close].trim_start_matches('/');
        let mut parts = tag.splitn(2, char::is_whitespace);
        let name = parts.next().unwrap_or_default();
        assert!(TAGS.contains(&name), "unexpected tag <{tag}>");
        let mut attrs = parts
            .next()
            .unwrap_or_default()
            .trim_end_matches('/')
            .trim();
        while !attrs.is_empty() {
            let (key, after) = attrs.split_once('=').unwrap_or((attrs, ""));
            assert!(
                ATTRIBUTES.contains(&key),
                "unexpected attribute {key} in <{tag}>"
            );
            if after.is_empty() {
                break;
            }
            let value = after.strip_prefix('"').expect("a quoted value");
            let end = value.find('"').expect("a closed value");
            attrs = value[end + 1..].trim_start();
        }
        rest = &rest[close + 1..];
    }
}

#[test]
fn text_from_files_is_escaped_everywhere() {
    let dir = TempDir::new("html-hostile");
    let saves = [hostile_save(&dir, 3), hostile_save(&dir, 4)];
    // The saves claim the bundled id at a version of markup, which the rules check says
    // it cannot check: the warning quotes that version, escaped in the page.
    let report = |files: &[&str]| {
        let mut args = vec!["report", "--format", "html"];
        args.extend(files);
        let out = run(&args);
        assert_exit(&out, 0);
        let err = stderr(&out);
        assert!(
            err.lines()
                .all(|l| l.contains("warning: rules cannot be checked")),
            "{err}"
        );
        stdout(&out)
    };
    let one = report(&[path_str(&saves[0])]);
    let class = report(&[path_str(&saves[0]), path_str(&saves[1])]);
    for page in [&one, &class] {
        assert!(!page.to_lowercase().contains("<script"), "raw script tag");
        assert!(!page.contains("<img"), "raw img tag");
        assert!(
            page.chars().all(|c| c == '\n' || !c.is_control()),
            "a control character got through"
        );
        assert!(
            !page.contains('\u{202e}'),
            "a bidirectional override got through"
        );
        assert!(
            page.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &amp; &#39;a&#39; \
                 &lt;img src=x onerror=alert(2)&gt;"
            ),
            "the escaped text is missing"
        );
        assert!(
            page.contains(" &lt;script&gt;&quot;&amp;&#39;.toml"),
            "file name"
        );
        assert_only_own_markup(page);
    }
    // Title, names of members, fronts and rungs, and notes all reach the debrief.
    for shown in [
        "<h1>Debrief: Unification &lt;script&gt;",
        "Warnings &lt;script&gt;",
        "<title>Debrief: ",
    ] {
        assert!(one.contains(shown), "missing {shown}");
    }
    assert!(class.contains("<td>pair 4 &lt;script&gt;"));
    let bundled = &arenas::scenario::default_scenario().scenario.meta.version;
    assert!(class.contains(&format!(
        "rules cannot be checked: this save claims gaza-2023 {bundled} &lt;script&gt;"
    )));
}

/// The headless browser: `ARENAS_BROWSER` or `chromium`; `None` (after a loud message)
/// when it is missing, unless `ARENAS_REQUIRE_BROWSER=1` makes that a failure.
fn browser() -> Option<String> {
    let name = std::env::var("ARENAS_BROWSER").unwrap_or_else(|_| "chromium".to_owned());
    match Command::new(&name).arg("--version").output() {
        Ok(out) if out.status.success() => Some(name),
        found => {
            let why = match found {
                Ok(out) => format!("`{name} --version` failed: {}", stderr(&out)),
                Err(e) => format!("cannot run `{name}`: {e}"),
            };
            if std::env::var_os("ARENAS_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
                panic!(
                    "the HTML report test needs a headless browser: {why}. Install Debian's \
                     chromium (apt-get install chromium; .ci/run does), or name another with \
                     ARENAS_BROWSER"
                )
            } else {
                eprintln!(
                    "\n*** SKIPPED the headless-browser test of the HTML report: {why}. \
                     Install chromium to run it; ARENAS_REQUIRE_BROWSER=1 makes this a \
                     failure ***\n"
                );
                None
            }
        }
    }
}

/// Runs the browser headless on `page` with `args`, its profile in `dir`.
fn render(browser: &str, dir: &TempDir, page: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--hide-scrollbars",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", dir.path("profile").display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("the browser runs");
    assert!(out.status.success(), "{browser} failed:\n{}", stderr(&out));
    out.stdout
}

#[test]
fn a_headless_browser_renders_the_report() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = TempDir::new("html-browser");
    let page = dir.write("class.html", html_report(&TWO_SAVES));
    let dom = String::from_utf8(render(&browser, &dir, &page, &["--dump-dom"]))
        .expect("the DOM is UTF-8");
    for heading in [
        "<h1>Class report</h1>",
        "<h2>Class summary</h2>",
        "<h2>Outcomes against the historical course and restraint</h2>",
        "<h2>Campaigns</h2>",
        "<h3>Golden: finished campaign, format 4</h3>",
        "<h3>Late November, a truce in sight</h3>",
    ] {
        assert!(dom.contains(heading), "the DOM lacks {heading}:\n{dom}");
    }
    // One chart of outcomes and three of the class over the weeks; per save its US tracks.
    assert_eq!(dom.matches("<svg").count(), 1 + 3 + 2, "{dom}");
    for overlay in [
        "<figcaption>Hamas capacity</figcaption>",
        "<figcaption>US pressure on Israel</figcaption>",
        "<figcaption>US rungs climbed, both tracks</figcaption>",
    ] {
        assert!(dom.contains(overlay), "no overlay {overlay}:\n{dom}");
    }
    // The class summary is compact: the pair, its start, weeks and outcome, four figures.
    let head = dom
        .split_once("<table class=\"compact\"><thead>")
        .and_then(|(_, rest)| rest.split_once("</thead>"))
        .map(|(head, _)| head)
        .expect("the compact summary");
    assert_eq!(head.matches("<th>").count(), 9, "{head}");
    assert!(head.contains("<th>Outcome</th>"), "{head}");
    let body = dom
        .split_once("<tbody>")
        .and_then(|(_, rest)| rest.split_once("</tbody>"))
        .map(|(rows, _)| rows)
        .expect("the summary table");
    assert_eq!(body.matches("<tr>").count(), 2, "{body}");
    for name in [
        "Golden: finished campaign, format 4",
        "Late November, a truce in sight",
    ] {
        assert!(body.contains(name), "no row for {name}");
    }

    let shot = dir.path("class.png");
    render(
        &browser,
        &dir,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
        ],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("the screenshot was written"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!((info.width, info.height), (1280, 2000));
    let channels = info.color_type.samples();
    let pixels = &pixels[..info.buffer_size()];
    let mut colours = std::collections::BTreeSet::new();
    let mut inked = 0usize;
    for px in pixels.chunks(channels) {
        colours.insert(px[..3.min(channels)].to_vec());
        if px[..3.min(channels)].iter().any(|&v| v < 200) {
            inked += 1;
        }
    }
    let share = inked as f64 / (pixels.len() / channels) as f64;
    assert!(colours.len() > 50, "only {} colours", colours.len());
    assert!(
        share > 0.02,
        "only {:.1}% of the screenshot is inked",
        100.0 * share
    );
}

/// The class page of six pairs, each a calibrated campaign of its own seed, written by the
/// binary into `dir`.
fn six_pairs(dir: &TempDir) -> PathBuf {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/calibrated.toml");
    let mut saves = Vec::new();
    for seed in 11..17 {
        let save = dir.path(&format!("pair-{seed}.toml"));
        let out = run([
            "sim",
            "--plan",
            path_str(&plan),
            "--runs",
            "1",
            "--seed",
            &seed.to_string(),
            "--save",
            path_str(&save),
        ]);
        assert_exit(&out, 0);
        saves.push(save);
    }
    let mut args = vec![
        "report".to_owned(),
        "--format".to_owned(),
        "html".to_owned(),
    ];
    args.extend(saves.iter().map(|s| path_str(s).to_owned()));
    let out = run(&args);
    assert_exit(&out, 0);
    dir.write("class.html", stdout(&out))
}

#[test]
fn a_class_of_six_prints_on_eight_pages_and_its_summary_fits_a_projector() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = TempDir::new("html-six");
    let page = six_pairs(&dir);
    let pdf = dir.path("class.pdf");
    render(
        &browser,
        &dir,
        &page,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    // Page objects: `/Type /Page`, not the `/Type /Pages` tree above them.
    let pages = bytes
        .windows(10)
        .enumerate()
        .filter(|(i, w)| {
            w.starts_with(b"/Type") && {
                let rest: Vec<u8> = bytes[i + 5..]
                    .iter()
                    .copied()
                    .skip_while(|b| b.is_ascii_whitespace())
                    .take(6)
                    .collect();
                rest.starts_with(b"/Page") && rest.get(5) != Some(&b's')
            }
        })
        .count();
    assert!(
        (7..=8).contains(&pages),
        "six pairs print on {pages} pages: a summary of two and one a pair"
    );

    // At 1280 pixels the summary's outcome column is on the screen: measured by a copy of
    // the page that may run one script (the report itself allows none).
    let text = std::fs::read_to_string(&page).expect("the page");
    let csp = text
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .and_then(|at| text[at..].find('>').map(|end| at..at + end + 1))
        .expect("the page has a policy");
    let mut probe = text.clone();
    probe.replace_range(csp, "");
    let probe = probe.replace(
        "</body>",
        "<script>const th=[...document.querySelectorAll('table.compact th')]\
         .find(t=>t.textContent==='Outcome');const r=th.getBoundingClientRect();\
         document.body.insertAdjacentHTML('beforeend','<p id=\"probe\">'+Math.round(r.right)+\
         ' '+document.documentElement.scrollWidth+'</p>');</script></body>",
    );
    let probe_page = dir.write("probe.html", probe);
    let dom = String::from_utf8(render(
        &browser,
        &dir,
        &probe_page,
        &["--window-size=1280,800", "--dump-dom"],
    ))
    .expect("the DOM is UTF-8");
    // The last mention: the script's own text mentions the paragraph too.
    let measured = dom
        .rsplit_once("<p id=\"probe\">")
        .and_then(|(_, rest)| rest.split_once("</p>"))
        .map(|(m, _)| m.to_owned())
        .expect("the probe ran");
    let [right, width]: [u32; 2] = measured
        .split(' ')
        .map(|n| n.parse().expect("a number"))
        .collect::<Vec<_>>()
        .try_into()
        .expect("two numbers");
    assert!(
        right <= 1280 && width <= 1280,
        "outcome column ends at {right}, page {width} wide"
    );
}
