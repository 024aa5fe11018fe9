//! The campaign screen: header, map, meters, orders, event log.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr;

use super::{change_style, fit, footer, panel, status};
use crate::app::{App, Panel, Play, Screen};
use crate::layout::{self, Column};
use crate::map::MapView;
use arenas_core::engine::aims::{Verdict, assess};
use arenas_core::engine::glossary::{Field, field_note};
use arenas_core::engine::numbers::fixed;
use arenas_core::engine::{Meter, Scenario, State, Task, UsTrack, compliance, us_entry};
use arenas_files::text::clean;

/// Draws the campaign screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, play: &Play) {
    draw_titled(frame, area, app, play, "ARENAS");
}

/// Draws the campaign screen with `badge` at the head (the replay marks itself).
pub fn draw_titled(frame: &mut Frame, area: Rect, app: &App, play: &Play, badge: &str) {
    let l = super::campaign_layout(app, area);
    header(frame, l.header, app, play, badge);
    aims(frame, l.aims, app, play);
    // The log in full takes the panels' place: nothing is drawn under it.
    if super::log::area(&l, play) == l.log {
        map(frame, l.map, app, play);
        meters(frame, l.meters, app, play);
        orders(frame, l.orders, app, play);
    }
    super::log::draw(frame, &l, app, play);
    status(frame, l.status, app);
    footer(frame, l.footer, app);
}

/// The room's aims against the scenario's thresholds, this turn's ceasefire chance and the
/// verdict with its reason, in one line: the verdict first, then as many aims as fit,
/// in words when the line is wide.
fn aims(frame: &mut Frame, area: Rect, app: &App, play: &Play) {
    let t = app.theme;
    let a = assess(&play.game.scenario, play.game.state(), &play.likely_ends());
    let wide = area.width >= 120;
    let style = match a.verdict {
        Verdict::OnTrack => t.good(),
        Verdict::AtRisk => t.warn(),
        Verdict::Failing => t.bad(),
    };
    let verdict = format!(" {}", a.verdict.title());
    let reason = if wide { &a.reason_long } else { &a.reason };
    let head = format!(": {}", clean(reason));
    let mut used = verdict.width() + head.width();
    let mut spans = vec![Span::styled(verdict, style), Span::raw(head)];
    // The ceasefire chance first: it is the only way to the best outcome.
    let last = a.aims.len().saturating_sub(1);
    let shown: Vec<_> = a.aims[last..].iter().chain(&a.aims[..last]).collect();
    // In words when every aim fits so, else in figures, as many as fit.
    let (first, sep) = ("  │ ", " · ");
    let all_long: usize = shown.iter().map(|aim| aim.long.width() + sep.width()).sum();
    let long = wide && used + all_long <= usize::from(area.width);
    for (i, aim) in shown.into_iter().enumerate() {
        let text = clean(if long { &aim.long } else { &aim.short });
        let gap = if i == 0 { first } else { sep };
        if used + gap.width() + text.width() > usize::from(area.width) {
            break;
        }
        used += gap.width() + text.width();
        spans.push(Span::styled(gap, t.dim()));
        let style = match aim.verdict {
            Verdict::OnTrack => t.text(),
            Verdict::AtRisk => t.warn(),
            Verdict::Failing => t.bad(),
        };
        spans.push(Span::styled(text, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// One sentence on the selected field's current value, for the status line when the
/// campaign screen has no news and the orders have the keys.
pub(super) fn note(app: &App) -> Option<String> {
    let play = match &app.screen {
        Screen::Campaign(play) | Screen::Replay { view: play, .. } => play,
        _ => return None,
    };
    let order = play.orders.get(play.row)?;
    if app.status.is_some() || play.focus != Panel::Orders {
        return None;
    }
    let field = match play.column {
        Column::Front => Field::Front,
        Column::Task => Field::Task,
        Column::Intensity => Field::Intensity,
        Column::Claim => Field::Claim,
    };
    let sc = &play.game.scenario;
    Some(field_note(sc, play.game.state(), play.row, order, field))
}

fn header(frame: &mut Frame, area: Rect, app: &App, play: &Play, badge: &str) {
    let t = app.theme;
    let sc = &play.game.scenario;
    let state = play.game.state();
    let left = play.cost();
    let budget = sc.model.budget;
    let spare = budget.saturating_sub(left);
    let points_text = |spare: u32| {
        if area.width >= 120 {
            format!("{spare} of {budget} points left")
        } else {
            format!("{spare}/{budget} pts left")
        }
    };
    let points = points_text(spare);
    let unit = sc.calendar.unit();
    let turn = format!(
        "{}/{} · {}",
        unit.title(state.turn),
        sc.calendar.turns,
        sc.calendar.date_of(state.turn)
    );
    // The title's room comes from the widest the turn and the points can be, so that it
    // keeps one form all campaign: the last turn, a two-digit day, the whole budget.
    let widest_turn = format!(
        "{}/{} · 00 Mon 0000",
        unit.title(sc.calendar.turns),
        sc.calendar.turns
    );
    // How much the forecast tells, when the class limits it.
    let mode = play
        .teaching()
        .label(play.classwork.forecasts_used, area.width >= 120);
    let mode_w = mode.as_ref().map_or(0, |m| m.width() + 3);
    let fixed = badge.width() + 3 + widest_turn.width() + points_text(budget).width() + 7 + mode_w;
    let title = fit(
        &clean(&sc.meta.title),
        usize::from(area.width).saturating_sub(fixed).max(8),
    );
    let mut spans = vec![
        Span::styled(format!(" {badge} "), t.key()),
        Span::raw(" "),
        Span::styled(title.trim_end().to_owned(), t.title()),
        Span::styled("  │ ", t.dim()),
        Span::raw(turn),
        Span::styled(" │ ", t.dim()),
        Span::styled(points, if left > budget { t.bad() } else { t.text() }),
    ];
    if let Some(mode) = mode {
        let exhausted = play.forecasts_left() == Some(0);
        spans.push(Span::styled(" │ ", t.dim()));
        spans.push(Span::styled(
            mode,
            if exhausted { t.warn() } else { t.text() },
        ));
    }
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(line), area);
}

fn map(frame: &mut Frame, area: Rect, app: &App, play: &Play) {
    let block = panel(app.theme, "Map", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let state = play.game.state();
    let view = MapView {
        scenario: &play.game.scenario,
        tension: &state.tension,
        orders: &play.orders,
        theme: app.theme,
    };
    frame.render_widget(view, inner);
}

/// Block characters for sparklines, lowest to highest.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The last `width` values as a row of block characters, full at `full_scale`.
pub(super) fn sparkline(values: &[f64], full_scale: f64, width: usize) -> String {
    let start = values.len().saturating_sub(width);
    values[start..]
        .iter()
        .map(|v| BARS[((v / full_scale).clamp(0.0, 1.0) * 7.0).round() as usize])
        .collect()
}

fn meters(frame: &mut Frame, area: Rect, app: &App, play: &Play) {
    let t = app.theme;
    let block = panel(t, "Meters", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let sc = &play.game.scenario;
    let state = play.game.state();
    let wide = inner.width >= 50;
    let (name_w, spark_w) = if wide {
        (22, usize::from(inner.width).saturating_sub(22 + 8 + 8 + 3))
    } else {
        (11, usize::from(inner.width).saturating_sub(11 + 6 + 6 + 3))
    };
    let previous = play
        .game
        .turns
        .len()
        .checked_sub(2)
        .map_or(&play.game.initial, |i| &play.game.turns[i].state);
    let mut lines: Vec<Line> = Meter::ALL
        .iter()
        .map(|&m| {
            let value = state.meter(m);
            let delta = if play.game.turns.is_empty() {
                0.0
            } else {
                value - previous.meter(m)
            };
            let history: Vec<f64> = play.game.states().map(|s| s.meter(m)).collect();
            let name = if wide {
                sc.meter_name(m)
            } else {
                sc.meter_short(m)
            };
            let arrow = if delta.abs() < 0.05 {
                "  ·   ".to_owned()
            } else {
                format!(
                    "{}{:>5}",
                    if delta > 0.0 { '▲' } else { '▼' },
                    short_delta(m, delta.abs())
                )
            };
            // The US entry estimate's range, where there is room for it beside the trend.
            let range = match m {
                Meter::UsEntry if wide => {
                    let e = us_entry(sc, state);
                    format!(" range {}–{}", fixed(e.low, 1), m.format(e.high))
                }
                _ => String::new(),
            };
            let range = if range.width() + 2 <= spark_w {
                range
            } else {
                String::new()
            };
            let spark_w = spark_w.saturating_sub(range.width());
            Line::from(vec![
                Span::raw(fit(&name, name_w)),
                Span::styled(format!("{:>7}", m.format(value)), t.title()),
                Span::raw(" "),
                Span::styled(arrow, change_style(t, delta, m.higher_is_better())),
                Span::raw(" "),
                Span::styled(sparkline(&history, m.full_scale(), spark_w), t.dim()),
                Span::styled(range, t.dim()),
            ])
        })
        .collect();
    let rest = usize::from(inner.width).saturating_sub(name_w);
    for track in [UsTrack::Forces, UsTrack::Escalation] {
        let climbed = state.us_rungs[track as usize];
        let label = match (track, wide) {
            (UsTrack::Forces, true) => "US forces track",
            (UsTrack::Escalation, true) => "US escalation track",
            (UsTrack::Forces, false) => "US forces",
            (UsTrack::Escalation, false) => "US escal.",
        };
        let style = if climbed > 0 { t.warn() } else { t.text() };
        lines.push(Line::from(vec![
            Span::styled(fit(label, name_w), t.dim()),
            Span::styled(fit(&track_status(sc, state, track, rest), rest), style),
        ]));
    }
    let (rung, rung_name) = sc.ladder_rung(state.meter(Meter::Escalation));
    let ladder = format!("{rung}/{} {}", sc.ladder.len(), clean(rung_name));
    lines.push(Line::from(vec![
        Span::styled(fit("Ladder rung", name_w), t.dim()),
        Span::raw(fit(&ladder, rest)),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A US track as the meters panel shows it in `width` columns: rungs climbed of its rungs,
/// with the name of the last one climbed, then its chance of a step in the coming turn if
/// the course holds, or that it can climb no further; the rung's name goes first when
/// room is short, and no name is ever cut.
fn track_status(sc: &Scenario, state: &State, track: UsTrack, width: usize) -> String {
    let k = track as usize;
    let count = sc.us_track(track).count();
    if count == 0 {
        return "none in this scenario".to_owned();
    }
    let climbed = usize::from(state.us_rungs[k]);
    let rungs = format!("{climbed}/{count}");
    let name = climbed
        .checked_sub(1)
        .and_then(|c| sc.us_track(track).nth(c))
        .map(|i| clean(&sc.us_ladder[i].name));
    let noun = sc.calendar.unit().noun;
    let chance = Meter::UsEntry.format(100.0 * state.us_next[k]);
    let (long, short) = if climbed >= count {
        ("top reached".to_owned(), "top".to_owned())
    } else {
        (format!("{chance} this {noun}"), format!("{chance}/{noun}"))
    };
    let named = |tail: &str| match &name {
        Some(n) => format!("{rungs} {n} · {tail}"),
        None => format!("{rungs} · {tail}"),
    };
    [named(&long), named(&short), format!("{rungs} · {long}")]
        .into_iter()
        .find(|s| s.width() <= width)
        .unwrap_or_else(|| format!("{rungs} · {short}"))
}

fn short_delta(meter: Meter, delta: f64) -> String {
    match meter {
        Meter::RiskDistribution => format!("{delta:.2}"),
        _ => format!("{delta:.1}"),
    }
}

fn orders(frame: &mut Frame, area: Rect, app: &App, play: &Play) {
    let t = app.theme;
    let focused = play.focus == Panel::Orders;
    let sc = &play.game.scenario;
    let total = sc.factions.len();
    let shown = layout::order_rows_shown(area);
    let first = layout::first_shown(play.row, total, shown);
    // When not every member fits, the title says which are shown.
    let title = if total > shown && shown > 0 {
        format!(
            "Orders {}–{} of {total}",
            first + 1,
            (first + shown).min(total)
        )
    } else {
        "Orders".to_owned()
    };
    let block = panel(t, &title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let columns = layout::order_columns(inner);
    let cell = |text: &str, i: usize| fit(text, usize::from(columns[i].1));
    let wide = inner.width >= 60;
    let mut lines = vec![Line::styled(
        [
            ("Faction", 0),
            ("Front", 1),
            ("Task", 2),
            ("I", 3),
            ("Claim", 4),
            ("Pts", 5),
        ]
        .map(|(h, i)| cell(h, i))
        .join(" "),
        t.dim(),
    )];
    let rows = sc.factions.iter().zip(&play.orders).enumerate();
    for (i, (faction, order)) in rows.skip(first).take(shown) {
        let holds = order.task == Task::Hold;
        let front = if holds {
            "—".to_owned()
        } else {
            clean(&sc.fronts[order.front].short)
        };
        let task = if wide {
            order.task.name()
        } else {
            order.task.short_name()
        };
        let intensity = if holds {
            "–".to_owned()
        } else {
            order.intensity.to_string()
        };
        let claim = match (holds, wide) {
            (true, _) => "–",
            // The patron's acts are always traced to Tehran: it has no choice to show.
            _ if !faction.offers_claim() => "–",
            (false, true) => order.claim.id(),
            (false, false) if order.claim == arenas_core::engine::Claim::Claimed => "claim",
            (false, false) => "deny",
        };
        let cost = sc.order_cost(i, order);
        let fields = [
            cell(&clean(&faction.short), 0),
            cell(&front, 1),
            cell(task, 2),
            cell(&intensity, 3),
            cell(claim, 4),
            format!(
                "{:>w$}",
                if cost == 0 {
                    "·".to_owned()
                } else {
                    cost.to_string()
                },
                w = usize::from(columns[5].1)
            ),
        ];
        let selected_row = focused && i == play.row;
        let mut spans = Vec::new();
        for (j, f) in fields.into_iter().enumerate() {
            if j > 0 {
                spans.push(Span::raw(" "));
            }
            let is_cell = selected_row && (1..=4).contains(&j) && Column::ALL[j - 1] == play.column;
            spans.push(if is_cell {
                Span::styled(f, t.selected_cell())
            } else {
                Span::raw(f)
            });
        }
        let line = Line::from(spans);
        lines.push(if selected_row {
            line.style(t.selected_row())
        } else {
            line
        });
    }
    let cost = play.cost();
    let budget = sc.model.budget;
    lines.push(Line::from(vec![
        Span::styled(
            format!("Cost {cost} of {budget} points"),
            if cost > budget { t.bad() } else { t.dim() },
        ),
        Span::styled(odds(play, wide), t.warn()),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// How likely the selected member is to carry out its order as given, when it may not.
fn odds(play: &Play, wide: bool) -> String {
    let sc = &play.game.scenario;
    let (Some(faction), Some(order)) = (sc.factions.get(play.row), play.orders.get(play.row))
    else {
        return String::new();
    };
    let c = compliance(sc, play.game.state(), play.row, order);
    if c.full >= 0.995 {
        return String::new();
    }
    let pct = |p: f64| (p * 100.0).round();
    let name = clean(&faction.short);
    if wide {
        format!(
            "   {name}: {:.0}% as given, {:.0}% lower, {:.0}% refused",
            pct(c.full),
            pct(c.reduced),
            pct(c.refused)
        )
    } else {
        format!("  {name} {:.0}% as given", pct(c.full))
    }
}
