//! Help: the keys (from the binding table) and what the meters mean.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::{limit, overlay_area, panel, wrapped_labelled};
use crate::keys::BINDINGS;
use crate::layout;
use crate::theme::Theme;
use arenas_core::engine::METERS;

/// Draws the help overlay.
pub fn draw(frame: &mut Frame, area: Rect, theme: Theme, scroll: u16) {
    let rect = overlay_area(area);
    frame.render_widget(Clear, rect);
    let block = panel(theme, "Help — Esc closes", true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = wrapped_labelled(&lines(theme), usize::from(inner.width));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// How far the help in overlay `rect` scrolls.
pub fn scroll_limit(rect: Rect, theme: Theme) -> u16 {
    let inner = layout::inner(rect);
    let lines = wrapped_labelled(&lines(theme), usize::from(inner.width));
    limit(lines.len(), inner.height)
}

/// The help's lines, unwrapped.
fn lines(theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            "You are the joint operations room. Each turn, give every member an order —",
            theme.text(),
        ),
        Line::styled(
            "front, task, intensity 1–3, claimed or deniable — then commit the turn.",
            theme.text(),
        ),
        Line::styled(
            "Press g for the glossary: what each task does, costs and risks, claim and deny, \
             points, front tension, the ladders, the map marks and the aims, with the numbers \
             of the scenario in play. The line under the orders explains the selected field.",
            theme.dim(),
        ),
        Line::raw(""),
        Line::styled("Keys", theme.title()),
    ];
    let mut seen = Vec::new();
    for b in BINDINGS.iter().filter(|b| !b.keys.is_empty()) {
        let key = (b.label, b.hint);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<7}", b.label), theme.key()),
            Span::raw(format!("  {}", b.hint)),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(" Ctrl-C ", theme.key()),
        Span::raw("  leave at once"),
    ]));
    lines.push(Line::from(vec![
        Span::styled(" mouse  ", theme.key()),
        Span::raw("  a click selects a row or field"),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Meters", theme.title()));
    // Every meter of the table, in its order, named and explained as everywhere else.
    let name_w = METERS.iter().map(|m| m.name.width()).max().unwrap_or(0);
    for m in &METERS {
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<name_w$}  ", m.name), theme.title()),
            Span::raw(m.meaning),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Win: a ceasefire while Hamas keeps its capacity and the US stays out. Lose: US confrontation, regional war, a fractured axis, or a degraded Hamas. The line under the header gives the verdict: on track, at risk or failing, and why.",
        theme.dim(),
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use arenas_core::engine::Schedule;

    #[test]
    fn help_explains_every_meter_of_the_table_in_its_words() {
        let text: Vec<String> = wrapped_labelled(&lines(Theme::MONO), 200)
            .iter()
            .map(ToString::to_string)
            .collect();
        for m in &METERS {
            let explained = text
                .iter()
                .any(|l| l.trim_start().starts_with(m.name) && l.ends_with(m.meaning));
            assert!(explained, "{} is missing:\n{}", m.name, text.join("\n"));
        }
    }

    /// The texts a campaign of `sc` shows: the glossary, every order field's note and the
    /// log of campaigns played to their end under the historical course, restraint and
    /// limited strikes at full intensity on every home front.
    fn shown_texts(sc: &std::sync::Arc<arenas_core::engine::Scenario>) -> Vec<String> {
        use arenas_core::engine::glossary::{Field, field_note, glossary};
        use arenas_core::engine::{Claim, Order, Task};
        use arenas_core::game::Game;
        let mut texts = Vec::new();
        for e in glossary(sc).iter().flat_map(|s| &s.entries) {
            texts.extend([e.term.clone(), e.text.clone()]);
        }
        let pressure: Vec<Order> = sc
            .factions
            .iter()
            .map(|f| match (f.home, f.tasks.first()) {
                (Some(front), Some(&first)) => Order {
                    front,
                    task: if f.may_do(Task::LimitedStrike) {
                        Task::LimitedStrike
                    } else {
                        first
                    },
                    intensity: 3,
                    claim: Claim::Claimed,
                },
                _ => Order::HOLD,
            })
            .collect();
        let plans = [
            sc.historical_course(),
            Schedule::constant(sc.all_hold()),
            Schedule::constant(pressure),
        ];
        for seed in 0..12 {
            for plan in &plans {
                let mut game = Game::new(sc.clone(), seed);
                while !game.state().is_over() {
                    let mut orders = plan.turn(game.state().turn).to_vec();
                    if game.check(&orders).is_err() {
                        orders = sc.all_hold();
                    }
                    for (i, order) in orders.iter().enumerate() {
                        for field in [Field::Front, Field::Task, Field::Intensity, Field::Claim] {
                            texts.push(field_note(sc, game.state(), i, order, field));
                        }
                    }
                    if game.commit(orders).is_err() {
                        break;
                    }
                }
                for e in game.log() {
                    texts.extend([e.title, e.text]);
                }
            }
        }
        texts
    }

    #[test]
    fn no_text_shown_doubles_a_full_stop() {
        let bundled = arenas_files::scenario::default_scenario().scenario;
        // The same scenario with every name and label ending in a full stop of its own.
        let mut dotted = (*bundled).clone();
        let dot = |s: &mut String| {
            if !s.ends_with('.') {
                s.push('.');
            }
        };
        dotted.fronts.iter_mut().for_each(|f| {
            dot(&mut f.name);
            dot(&mut f.short);
        });
        dotted.factions.iter_mut().for_each(|f| {
            dot(&mut f.name);
            dot(&mut f.short);
        });
        dotted.us_ladder.iter_mut().for_each(|r| dot(&mut r.name));
        dotted.ladder.iter_mut().for_each(|r| dot(&mut r.name));
        let mut texts: Vec<String> = lines(Theme::MONO).iter().map(ToString::to_string).collect();
        texts.extend(shown_texts(&bundled));
        texts.extend(shown_texts(&std::sync::Arc::new(dotted)));
        for text in texts {
            let doubled = text.replace("...", "").replace('…', "").contains("..");
            assert!(!doubled, "a doubled full stop in: {text}");
        }
    }
}
