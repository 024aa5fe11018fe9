//! `arenas report --format html`: one self-contained HTML page for projecting, sharing and
//! printing. One save gives its debrief ([`debrief_page`]), several a class page
//! ([`class_page`]); both draw the meters and the US tracks over the weeks and set the
//! outcomes against what the engine gives for the scenario's historical course and for
//! restraint ([`Reference`]).
//!
//! The page needs nothing but itself: inline CSS, hand-written SVG (see `charts`), no
//! script, no request (its content security policy forbids both). Every text from a file
//! passes through [`html`]; attributes hold only the report's own words and numbers. The
//! same saves give the same bytes: the reference runs have a fixed seed, and their totals do
//! not depend on the number of threads.

mod charts;
mod coordination;

use std::fmt::Write;
use std::sync::Arc;

use charts::Shares;

use crate::class_summary::{
    ClassFiles, ClassSummary, EXPOSURE_MEANING, Handout, PREDICTIONS_MEANING, SaveRow,
    exposure_table, integrity_word, predictions_table, save_notes,
};
use crate::debrief::Debrief;
use arenas_core::engine::{Meter, Outcome, Scenario, State, UsTrack};
use arenas_files::save::{Integrity, Saved};
use arenas_files::text::html;
use arenas_sim::reference::{REFERENCE_RUNS, REFERENCE_SEED, Reference};

/// The page's stylesheet: large type and strong contrast on screen, and a print layout
/// that keeps each chart on one page.
const STYLE: &str = include_str!("style.css");

/// The two reference series of a chart.
fn reference_series(reference: &Reference) -> [Shares; 2] {
    [
        Shares {
            label: "Historical course".to_owned(),
            class: "s-history",
            shares: reference.history.clone(),
        },
        Shares {
            label: "Restraint".to_owned(),
            class: "s-restraint",
            shares: reference.restraint.clone(),
        },
    ]
}

/// The page of one save: its debrief with charts. `file` names the save as given.
pub fn debrief_page(file: &str, saved: &Saved) -> String {
    let game = &saved.game;
    let d = Debrief::of_save(saved, arenas_sim::forecast::default_threads());
    // A save begun from a handout is compared with the references from that handout, as
    // on the class page.
    let handout = Handout::common(std::iter::once(saved));
    let reference = Reference::of(&game.scenario, Handout::start(handout.as_ref()));
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<header><p class=\"kicker\">Arenas debrief</p><h1>Debrief: {} — {}</h1>\
         <p class=\"meta\">Save “{}” ({}). Scenario <code>{}</code>, version {}; seed {}; {} \
         of {} weeks played.</p></header>",
        html(&d.title),
        html(&d.outcome_title),
        html(&saved.name),
        html(file),
        html(&d.scenario_id),
        html(&d.scenario_version),
        d.seed,
        d.turns_played,
        d.turns_total
    );
    for (label, note) in save_notes(saved) {
        let _ = writeln!(
            b,
            "<p class=\"warning\"><strong>{label}</strong>: {}</p>",
            html(&note)
        );
    }
    let _ = writeln!(
        b,
        "<section><h2>Outcome</h2><p><strong>{}</strong>. {}</p></section>",
        html(&d.outcome_title),
        html(&d.meaning)
    );
    let _ = write!(
        b,
        "<section><h2>Meters</h2><p>Each meter at the start and after each week, on its full \
         scale; the dot marks the latest value.</p>\n{}</section>\n",
        meter_grid(&game.scenario, &|m| d.values(m).to_vec())
    );
    let states: Vec<&State> = game.states().collect();
    let _ = write!(
        b,
        "<section><h2>US response</h2>\n{}</section>\n",
        us_figure(&game.scenario, &states)
    );
    let _ = write!(
        b,
        "<section><h2>Outcomes against the historical course and restraint</h2>{}\n{}</section>\n",
        reference_text(&match &handout {
            Some(h) => format!(
                "from the state of the handout this campaign began from, at {} (after {} \
                 prepared weeks)",
                html(&game.scenario.calendar.unit().label(h.state.turn)),
                h.prepared
            ),
            None => "from the scenario's start".to_owned(),
        }),
        figure(&charts::outcome_chart(
            &game.scenario,
            &reference_series(&reference),
            d.outcome.map(|o| (o, "this campaign's outcome"))
        ))
    );
    let chances: Vec<String> = d
        .ceasefire
        .iter()
        .map(|&c| crate::debrief::percent(c))
        .collect();
    let _ = writeln!(
        b,
        "<section><h2>The ceasefire</h2><p>Chance of a ceasefire at the start, then each {}: \
         {}.</p><p>{}</p></section>",
        html(d.unit.noun),
        chances.join(", "),
        html(&d.ceasefire_story)
    );
    b.push_str("<section><h2>Turning points</h2>");
    b.push_str(&turning_points(&d));
    b.push_str("</section>\n<section><h2>Week by week</h2>");
    b.push_str(&weeks_table(&d, true));
    b.push_str("</section>\n");
    if let Some(summary) = d.predictions_summary() {
        let _ = write!(
            b,
            "<section><h2>Predictions</h2><p>Before each commit the player answered a question \
             on what the week would bring. {}</p><div class=\"wide\"><table class=\"weeks\">\
             <thead><tr><th>Week</th><th>Question</th><th>Answer</th><th>What happened</th>\
             <th>Came true</th></tr></thead><tbody>",
            html(&summary)
        );
        for p in &d.predictions {
            let _ = write!(
                b,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                p.turn,
                html(&p.question),
                if p.answer { "yes" } else { "no" },
                html(&p.result),
                if p.came_true { "yes" } else { "no" }
            );
        }
        b.push_str("</tbody></table></div></section>\n");
    }
    b.push_str(&coordination::section(&d));
    b.push_str("<section><h2>Discussion questions</h2><ol>");
    for q in &d.questions {
        let _ = write!(b, "<li>{}</li>", html(q));
    }
    b.push_str("</ol></section>\n");
    page(&format!("Debrief: {}", html(&d.title)), &b)
}

/// The page of a class: the summary table, the class's outcomes against the references of
/// each scenario played, and each save's charts. `saves` are named by their files as given;
/// `files` says which other files were merged into them or skipped.
pub fn class_page(saves: &[(String, Saved)], files: ClassFiles) -> String {
    let summary = ClassSummary::of(saves).with_files(files);
    // The scenarios played, in order of first appearance, with the saves of each.
    let groups = &summary.scenarios;
    let scenarios: Vec<Arc<Scenario>> = groups.iter().map(|(s, _)| Arc::clone(s)).collect();
    let references = Reference::of_all(&summary.reference_starts());

    let mut b = String::new();
    let played: Vec<String> = scenarios.iter().map(|s| scenario_label(s)).collect();
    let _ = writeln!(
        b,
        "<header><p class=\"kicker\">Arenas class report</p><h1>Class report</h1>\
         <p class=\"meta\">{} campaigns of {}.</p></header>",
        saves.len(),
        played.join("; ")
    );
    b.push_str("<section class=\"class\"><h2>Class summary</h2>");
    b.push_str(&compact_table(&summary));
    let _ = write!(b, "<p>{}</p>", summary.files.sentence(saves.len()));
    let lines = summary.files.lines();
    if !lines.is_empty() {
        b.push_str("<ul class=\"files\">");
        for (file, line) in lines {
            let _ = write!(b, "<li><code>{}</code>: {}</li>", html(&file), html(&line));
        }
        b.push_str("</ul>");
    }
    let warnings = summary.rules_warnings();
    if !warnings.is_empty() {
        b.push_str("<h3>Rules check</h3><div class=\"warning\"><ul>");
        for (file, warning) in warnings {
            let _ = write!(
                b,
                "<li><code>{}</code>: {}</li>",
                html(file),
                html(&warning)
            );
        }
        b.push_str("</ul></div>");
    }
    b.push_str("</section>\n");

    let _ = write!(
        b,
        "<section><h2>Outcomes against the historical course and restraint</h2>{}",
        reference_text(
            "from the scenario's start or, when every campaign began from one handout, from \
             the handout's state (each scenario says which)"
        )
    );
    for (((scenario, members), reference), handout) in
        groups.iter().zip(&references).zip(&summary.handouts)
    {
        let finished: Vec<Outcome> = members
            .iter()
            .filter_map(|&i| saves[i].1.game.state().outcome)
            .collect();
        let share = |o: Outcome| {
            let n = finished.iter().filter(|&&f| f == o).count();
            if finished.is_empty() {
                0.0
            } else {
                n as f64 / finished.len() as f64
            }
        };
        let [history, restraint] = reference_series(reference);
        let class = Shares {
            label: format!("This class ({} finished)", finished.len()),
            class: "s-class",
            shares: Outcome::ALL.iter().map(|&o| share(o)).collect(),
        };
        let _ = write!(
            b,
            "<h3>{}</h3><p>{}</p>",
            scenario_label(scenario),
            html(&Handout::sentence(handout.as_ref(), scenario))
        );
        let unfinished = members.len() - finished.len();
        if unfinished > 0 {
            let _ = write!(
                b,
                "<p>{unfinished} of the class's {} campaigns {} still in progress and not \
                 counted.</p>",
                members.len(),
                if unfinished == 1 { "is" } else { "are" }
            );
        }
        b.push_str(&figure(&charts::outcome_chart(
            scenario,
            &[class, history, restraint],
            None,
        )));
        let campaigns: Vec<usize> = members.clone();
        let members = || members.iter().map(|&i| &summary.rows[i]);
        b.push_str(&table_section(
            "Exposure by member at the end",
            EXPOSURE_MEANING,
            &exposure_table(scenario, members()),
        ));
        if let Some(table) = predictions_table(scenario, members()) {
            b.push_str(&table_section(
                "Predictions by week",
                PREDICTIONS_MEANING,
                &table,
            ));
        }
        b.push_str(&overlays(
            scenario,
            campaigns.iter().map(|&i| (&summary.rows[i], &saves[i].1)),
        ));
    }
    b.push_str("</section>\n<section class=\"campaigns\"><h2>Campaigns</h2>");
    for (i, (file, saved)) in saves.iter().enumerate() {
        b.push_str(&save_section(i, file, saved, &summary.rows[i]));
    }
    b.push_str("</section>\n");
    page("Class report", &b)
}

/// One save of a class page, on a page of its own in print: what it is, every figure of
/// its row, its US tracks, its turning points, and its orders beside the historical record.
fn save_section(index: usize, file: &str, saved: &Saved, row: &SaveRow) -> String {
    let game = &saved.game;
    let state = game.state();
    let outcome = state.outcome.map_or_else(
        || "In progress".to_owned(),
        |o| game.scenario.outcome_name(o),
    );
    let mut flag = match saved.integrity {
        Integrity::Sealed => String::new(),
        other => format!(" <span class=\"flag\">{}</span>", integrity_word(other)),
    };
    if saved.rules.warning().is_some() {
        let _ = write!(
            flag,
            " <span class=\"flag\">{}</span>",
            html(&saved.rules.cell())
        );
    }
    let states: Vec<&State> = game.states().collect();
    let d = Debrief::new(game).with_prepared(saved.prepared);
    let mut details = String::from("<dl class=\"details\">");
    for (heading, cell) in ClassSummary::headings().into_iter().zip(row.shown_cells()) {
        let _ = write!(
            details,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            html(heading),
            html(&cell)
        );
    }
    details.push_str("</dl>");
    let predictions = d
        .predictions_summary()
        .map_or_else(String::new, |p| format!("<p>Predictions: {}</p>", html(&p)));
    format!(
        "<section class=\"save\" id=\"save-{}\"><h3>{}{flag}</h3><p class=\"meta\">Pair {} of \
         the summary · {} — {}, {} of {} weeks; seed {}.</p>\n{details}{}{predictions}\
         <h4>Turning points</h4>{}<h4>Orders beside what the axis did</h4>{}</section>\n",
        index + 1,
        html(&saved.name),
        index + 1,
        html(file),
        html(&outcome),
        game.turns.len(),
        game.scenario.calendar.turns,
        game.seed,
        us_figure(&game.scenario, &states),
        turning_points(&d),
        weeks_table(&d, false)
    )
}

/// The class summary to project and print: one row per save with the pair, where it
/// started, how far it got, its outcome and four key figures; every other figure is with
/// each campaign below (and in the CSV). A save not sealed, or whose rules differ, is
/// flagged beside its name.
fn compact_table(summary: &ClassSummary) -> String {
    let capacity = match summary.scenarios.as_slice() {
        [(sc, _)] => sc.meter_name(Meter::HamasCapacity),
        _ => "Capacity".to_owned(),
    };
    let mut t = format!(
        "<table class=\"compact\"><thead><tr><th>#</th><th>Pair</th><th>Start</th>\
         <th>Weeks</th><th>Outcome</th><th>US entry</th><th>{}</th><th>Cohesion</th>\
         <th>Deniable</th></tr></thead><tbody>",
        html(&capacity)
    );
    for (i, row) in summary.rows.iter().enumerate() {
        let mut flags = String::new();
        if row.integrity != Integrity::Sealed {
            let _ = write!(
                flags,
                " <span class=\"flag\">{}</span>",
                integrity_word(row.integrity)
            );
        }
        if row.rules.warning().is_some() {
            flags.push_str(" <span class=\"flag\">rules differ</span>");
        }
        let meter = |m: Meter| m.format(row.meters[m as usize]);
        let _ = write!(
            t,
            "<tr><td class=\"num\">{}</td><td>{}{flags}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            i + 1,
            html(&row.name),
            row.start,
            row.turns,
            html(&row.outcome),
            meter(Meter::UsEntry),
            meter(Meter::HamasCapacity),
            meter(Meter::Cohesion),
            row.deniable_share
                .map_or_else(|| "—".to_owned(), |d| format!("{:.0}%", 100.0 * d))
        );
    }
    t.push_str("</tbody></table>");
    t
}

/// The class over the weeks: every pair of one scenario on the focus member's capacity, on
/// US pressure on Israel and on the rungs the US climbed, the prepared weeks shaded.
fn overlays<'a>(sc: &Scenario, pairs: impl Iterator<Item = (&'a SaveRow, &'a Saved)>) -> String {
    let pairs: Vec<(&SaveRow, &Saved)> = pairs.collect();
    let prepared = pairs.iter().map(|(_, s)| s.prepared).max().unwrap_or(0);
    let line = |f: &dyn Fn(&State) -> f64| -> Vec<charts::PairLine> {
        pairs
            .iter()
            .map(|(row, saved)| charts::PairLine {
                label: html(&row.name),
                values: saved.game.states().map(f).collect(),
            })
            .collect()
    };
    let rungs = sc.us_ladder.len() as f64;
    let weeks = sc.calendar.turns;
    let mut b = String::from("<h4>The class over the weeks</h4><div class=\"overlays\">");
    for (title, lines, scale) in [
        (
            sc.meter_name(Meter::HamasCapacity),
            line(&|s| s.meter(Meter::HamasCapacity)),
            (100.0, ""),
        ),
        (
            Meter::UsPressure.name().to_owned(),
            line(&|s| s.meter(Meter::UsPressure)),
            (100.0, ""),
        ),
        (
            "US rungs climbed, both tracks".to_owned(),
            line(&|s| s.us_rungs.iter().map(|&r| f64::from(r)).sum()),
            (rungs.max(1.0), ""),
        ),
    ] {
        let _ = write!(
            b,
            "<figure><figcaption>{}</figcaption>{}</figure>",
            html(&title),
            charts::overlay_chart(&title, &lines, scale, weeks, prepared)
        );
    }
    b.push_str("</div>");
    b
}

/// A plain-text table of a class page under a heading and a sentence on what it shows:
/// its first row is the head, and its cells after the first column are right-aligned.
fn table_section(heading: &str, meaning: &str, table: &[Vec<String>]) -> String {
    let mut t =
        format!("<h4>{heading}</h4><p>{meaning}</p><div class=\"wide\"><table class=\"summary\">");
    for (i, row) in table.iter().enumerate() {
        let (open, close, cell) = if i == 0 {
            ("<thead><tr>", "</tr></thead><tbody>", "th")
        } else {
            ("<tr>", "</tr>", "td")
        };
        t.push_str(open);
        for (k, c) in row.iter().enumerate() {
            let class = if i > 0 && k > 0 { " class=\"num\"" } else { "" };
            let _ = write!(t, "<{cell}{class}>{}</{cell}>", html(c));
        }
        t.push_str(close);
    }
    t.push_str("</tbody></table></div>");
    t
}

/// A scenario as a heading names it: title, id and version, escaped.
fn scenario_label(scenario: &Scenario) -> String {
    format!(
        "{} (<code>{}</code>, version {})",
        html(&scenario.meta.title),
        html(&scenario.meta.id),
        html(&scenario.meta.version)
    )
}

/// What the reference bars are, played `from` where they begin (HTML), and how to get the
/// same numbers from `arenas sim`.
fn reference_text(from: &str) -> String {
    format!(
        "<p>The share of campaigns ending in each outcome. The engine plays the scenario's \
         historical course and restraint (every member holds every week) {REFERENCE_RUNS} \
         times each with seed {REFERENCE_SEED}, {from}. <code>arenas sim --history --runs \
         {REFERENCE_RUNS} --seed {REFERENCE_SEED}</code> gives the same historical shares for \
         a bundled scenario, and with <code>--from HANDOUT</code> from a handout.</p>"
    )
}

fn meter_grid(sc: &Scenario, values: &dyn Fn(Meter) -> Vec<f64>) -> String {
    let weeks = sc.calendar.turns;
    let mut grid = String::from("<div class=\"meters\">");
    for &m in Meter::ALL {
        let _ = write!(
            grid,
            "<figure><figcaption>{}</figcaption>{}</figure>",
            html(&sc.meter_name(m)),
            charts::meter_chart(m, &sc.meter_name(m), &values(m), weeks)
        );
    }
    grid.push_str("</div>\n");
    grid
}

/// The US track chart, captioned, with the names of each track's rungs under it.
fn us_figure(scenario: &Scenario, states: &[&State]) -> String {
    let tracks: Vec<String> = UsTrack::ALL
        .iter()
        .map(|&t| {
            let rungs: Vec<String> = scenario
                .us_track(t)
                .enumerate()
                .map(|(n, i)| format!("{} {}", n + 1, html(&scenario.us_ladder[i].name)))
                .collect();
            let rungs = if rungs.is_empty() {
                "no rungs".to_owned()
            } else {
                rungs.join(" · ")
            };
            format!("{}: {rungs}", t.name())
        })
        .collect();
    format!(
        "<figure class=\"us\"><figcaption>Rungs of the US response in effect at the start and \
         after each week</figcaption>{}<p>{}.</p></figure>\n",
        charts::us_track_chart(scenario, states),
        tracks.join(". ")
    )
}

/// A debrief's turning points as a list.
fn turning_points(d: &Debrief) -> String {
    if d.turning_points.is_empty() {
        return "<p>None in the weeks played.</p>".to_owned();
    }
    let mut b = String::from("<ul class=\"points\">");
    for p in &d.turning_points {
        let _ = write!(
            b,
            "<li><strong>Week {} ({})</strong>: {}</li>",
            p.turn,
            p.date,
            html(&p.text)
        );
    }
    b.push_str("</ul>");
    b
}

/// A debrief's weeks: the orders given beside what the axis did, with the week's
/// historical note when `notes`.
fn weeks_table(d: &Debrief, notes: bool) -> String {
    if d.weeks.is_empty() {
        return "<p>No week has been played yet.</p>".to_owned();
    }
    let mut b = String::from(
        "<div class=\"wide\"><table class=\"weeks\"><thead><tr><th>Week</th><th>Date</th>\
         <th>Orders given</th><th>What the axis did</th>",
    );
    if notes {
        b.push_str("<th>Note</th>");
    }
    b.push_str("</tr></thead><tbody>");
    for w in &d.weeks {
        let _ = write!(
            b,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
            w.turn,
            w.date,
            html(&w.player),
            html(&w.historical),
        );
        if notes {
            let _ = write!(b, "<td>{}</td>", html(&w.note));
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table></div>");
    b
}

/// A chart alone in a figure.
fn figure(svg: &str) -> String {
    format!("<figure>{svg}</figure>\n")
}

/// The whole document around a body; `title` is escaped already.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width, \
         initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}
