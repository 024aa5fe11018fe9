//! The forecast: where this turn's orders are likely to lead, as the rollouts come in.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{fit, overlay_area, panel, wrapped_labelled};
use crate::app::{App, ForecastRun};
use crate::theme::Theme;
use arenas_core::engine::{Meter, Outcome, TurnUnit};
use arenas_sim::forecast::{Outlook, Spread};

/// Draws the forecast overlay.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let rect = overlay_area(area);
    frame.render_widget(Clear, rect);
    let Some(run) = &app.forecast else { return };
    let Some(outlook) = &run.outlook else { return };
    let unit = app.turn_unit();
    let title = format!("Forecast of {}'s orders", unit.label(run.turn));
    let block = panel(t, &title, true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let previous = app
        .previous
        .as_ref()
        .filter(|p| p.turn == run.turn)
        .and_then(|p| p.outlook.as_ref());

    let compared = previous.is_some();
    // Under a limited forecast: the forecasts used and allowed.
    let limited = app.play().and_then(|p| {
        p.forecasts_left()
            .map(|_| (p.classwork.forecasts_used, p.teaching().limit))
    });
    let head_lines = head_lines(t, (run, outlook), unit, (compared, limited), inner.width);
    let head_rows = u16::try_from(head_lines.len()).unwrap_or(u16::MAX);
    let [head, odds, spreads] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Length(9),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head_lines), head);
    frame.render_widget(
        Paragraph::new(odds_lines(app, t, outlook, previous, odds.width)),
        odds,
    );
    let [us, cap] = if spreads.width >= 100 {
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(spreads)
    } else {
        Layout::vertical([Constraint::Length(4), Constraint::Fill(1)]).areas(spreads)
    };
    frame.render_widget(Paragraph::new(entry_lines(t, outlook, us.width)), us);
    let capacity = app.play().map_or_else(
        || "Capacity at the end".to_owned(),
        |p| {
            format!(
                "{} at the end",
                p.game.scenario.meter_name(Meter::HamasCapacity)
            )
        },
    );
    frame.render_widget(
        Paragraph::new(spread_lines(
            t,
            &capacity,
            &outlook.hamas_capacity,
            cap.width,
            "",
        )),
        cap,
    );
}

/// How far the rollouts are, the follow-up policy and what the change column compares (or,
/// under a limited forecast, how many forecasts are used), wrapped to `width`.
fn head_lines(
    t: Theme,
    (run, outlook): (&ForecastRun, &Outlook),
    unit: TurnUnit,
    (compared, limited): (bool, Option<(u16, u16)>),
    width: u16,
) -> Vec<Line<'static>> {
    let done = if outlook.is_complete() {
        "done".to_owned()
    } else {
        format!(
            "{:.0}%",
            100.0 * outlook.runs as f64 / outlook.total.max(1) as f64
        )
    };
    let lines = [
        Line::from(vec![
            Span::styled(
                format!(
                    "{} of {} rollouts ",
                    group(outlook.runs),
                    group(outlook.total)
                ),
                t.title(),
            ),
            Span::styled(format!("({done})"), t.dim()),
        ]),
        Line::from(vec![
            Span::styled("Then: ", t.dim()),
            Span::raw(format!(
                "{} — {}",
                run.follow_up.name(),
                run.follow_up.description()
            )),
            Span::styled(
                if limited.is_some() {
                    ""
                } else {
                    "  (p changes it)"
                },
                t.dim(),
            ),
        ]),
        Line::styled(
            if let Some((used, limit)) = limited {
                format!(
                    "Forecast {used} of the {limit} this class allows per campaign, of the plan \
                     as given."
                )
            } else if compared {
                format!(
                    "Change: against the previous plan forecast this {}.",
                    unit.noun
                )
            } else {
                format!(
                    "Forecast another plan this {} to see how the odds move.",
                    unit.noun
                )
            },
            t.dim(),
        ),
    ];
    wrapped_labelled(&lines, usize::from(width))
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn odds_lines(
    app: &App,
    t: Theme,
    outlook: &Outlook,
    previous: Option<&Outlook>,
    width: u16,
) -> Vec<Line<'static>> {
    let shifts = previous.map(|p| outlook.shifts(p));
    let changes: Vec<String> = (0..outlook.odds.len())
        .map(|i| match shifts.as_ref().and_then(|s| s.get(i)) {
            Some(s) if s.change.abs() >= 0.0005 => {
                let mark = if s.significant { "" } else { " (noise)" };
                format!(
                    "{}{:.1} pts{mark}",
                    if s.change > 0.0 { "+" } else { "−" },
                    100.0 * s.change.abs()
                )
            }
            Some(_) => "·".to_owned(),
            None => String::new(),
        })
        .collect();
    // The change column gets the room its widest entry needs; the bars take the rest.
    let change_w = changes.iter().map(|c| c.width()).max().unwrap_or(0).max(6);
    let fixed = 30 + 7 + 2 + 2 + 14 + 2 + 1;
    let bar_w = usize::from(width)
        .saturating_sub(fixed + change_w)
        .clamp(4, 40);
    let change_w = usize::from(width).saturating_sub(fixed + bar_w).max(1);
    let mut lines = vec![Line::styled(
        format!(
            "{:<30}{:>7}  {:<bar_w$}  {:>14}  {}",
            "outcome", "chance", "", "95% interval", "change"
        ),
        t.dim(),
    )];
    for (o, change) in outlook.odds.iter().zip(changes) {
        let filled = (o.probability * bar_w as f64).round() as usize;
        let bar = format!(
            "{}{}",
            "█".repeat(filled),
            "·".repeat(bar_w - filled.min(bar_w))
        );
        let style = if o.outcome.is_catastrophe() && o.probability > 0.0 {
            t.bad()
        } else if o.outcome == arenas_core::engine::Outcome::CeasefirePreserved {
            t.good()
        } else {
            t.text()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{:<30}", outcome_name(app, o.outcome))),
            Span::styled(format!("{:>6.1}%", 100.0 * o.probability), style),
            Span::raw("  "),
            Span::styled(bar, style),
            Span::styled(
                format!(
                    "  {:>14}  ",
                    format!("{:.1}–{:.1}%", 100.0 * o.low, 100.0 * o.high)
                ),
                t.dim(),
            ),
            Span::raw(fit(&change, change_w).trim_end().to_owned()),
        ]));
    }
    lines
}

/// Block characters for histograms, lowest to highest.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The share of rollouts in which the US entered the war: what the US entry meter
/// estimates, counted.
fn entry_lines(t: Theme, outlook: &Outlook, width: u16) -> Vec<Line<'static>> {
    let e = outlook.us_entry;
    let percent = |p: f64| format!("{:.0}%", 100.0 * p);
    vec![
        Line::styled("US entry by the end", t.title()),
        Line::raw(fit(
            &format!(
                "in {} of rollouts (95%: {}–{})",
                percent(e.probability),
                percent(e.low),
                percent(e.high)
            ),
            usize::from(width),
        )),
        Line::styled(
            fit(
                "the US climbed its escalation track: strikes on the watched member or worse",
                usize::from(width),
            ),
            t.dim(),
        ),
    ]
}

/// An outcome's name in the scenario being played.
fn outcome_name(app: &App, outcome: Outcome) -> String {
    app.play().map_or_else(
        || outcome.name().to_owned(),
        |p| p.game.scenario.outcome_name(outcome),
    )
}

fn spread_lines(t: Theme, title: &str, s: &Spread, width: u16, unit: &str) -> Vec<Line<'static>> {
    let most = s.bins.iter().copied().max().unwrap_or(0).max(1);
    let histogram: String = s
        .bins
        .iter()
        .map(|&b| {
            if b == 0 {
                ' '
            } else {
                BARS[((b * 7) / most) as usize]
            }
        })
        .collect();
    let q = s.quantiles;
    vec![
        Line::styled(title.to_owned(), t.title()),
        Line::from(vec![
            Span::styled("0 ", t.dim()),
            Span::styled(histogram, t.warn()),
            Span::styled(" 100", t.dim()),
            Span::raw(format!("   mean {:.1}{unit}", s.mean)),
        ]),
        Line::styled(
            fit(
                &format!(
                    "5% {:.0}{unit} · 25% {:.0}{unit} · median {:.0}{unit} · 75% {:.0}{unit} · 95% {:.0}{unit}",
                    q[0], q[1], q[2], q[3], q[4]
                ),
                usize::from(width),
            ),
            t.dim(),
        ),
    ]
}
