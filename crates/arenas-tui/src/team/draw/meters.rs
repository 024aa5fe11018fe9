//! The public meters: a strip of "name value" items on a compact screen, a panel of the
//! meters, the US tracks and the ladder rung on a large one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use arenas_core::engine::{Meter, Scenario, UsTrack};
use arenas_core::team::SeatView;
use arenas_files::text::clean;

use crate::theme::Theme;
use crate::views::{fit, panel};

/// The public meters as items "name value", flowed into as few lines as `width` allows.
pub(super) fn meter_strip(
    view: &SeatView<'_>,
    sc: &Scenario,
    t: Theme,
    width: usize,
) -> Vec<TextLine<'static>> {
    let mut items: Vec<(String, String)> = Meter::ALL
        .iter()
        .map(|&m| (sc.meter_short(m), m.format(view.public.meters[m])))
        .collect();
    for (track, label) in [
        (UsTrack::Forces, "US forces"),
        (UsTrack::Escalation, "US escal."),
    ] {
        let n = sc.us_track(track).count();
        items.push((
            label.to_owned(),
            format!("{}/{n}", view.public.us_rungs[track as usize]),
        ));
    }
    let (rung, _) = sc.ladder_rung(view.public.meters[Meter::Escalation]);
    items.push(("Ladder".to_owned(), format!("{rung}/{}", sc.ladder.len())));
    let mut lines = Vec::new();
    let mut spans: Vec<Span> = vec![Span::raw(" ")];
    let mut used = 1;
    for (name, value) in items {
        let w = name.width() + 1 + value.width();
        if used > 1 && used + 3 + w > width {
            lines.push(TextLine::from(std::mem::replace(
                &mut spans,
                vec![Span::raw(" ")],
            )));
            used = 1;
        }
        if used > 1 {
            spans.push(Span::styled(" · ", t.dim()));
            used += 3;
        }
        spans.push(Span::styled(format!("{name} "), t.dim()));
        spans.push(Span::styled(value, t.title()));
        used += w;
    }
    lines.push(TextLine::from(spans));
    lines
}

pub(super) fn meters(frame: &mut Frame, area: Rect, view: &SeatView<'_>, sc: &Scenario, t: Theme) {
    let block = panel(t, "Meters", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let name_w = 24;
    let rest = usize::from(inner.width).saturating_sub(name_w);
    let mut lines: Vec<TextLine> = Meter::ALL
        .iter()
        .map(|&m| {
            TextLine::from(vec![
                Span::raw(fit(&sc.meter_name(m), name_w)),
                Span::styled(format!("{:>7}", m.format(view.public.meters[m])), t.title()),
            ])
        })
        .collect();
    for (track, label) in [
        (UsTrack::Forces, "US forces track"),
        (UsTrack::Escalation, "US escalation track"),
    ] {
        let climbed = view.public.us_rungs[track as usize];
        let n = sc.us_track(track).count();
        let name = usize::from(climbed)
            .checked_sub(1)
            .and_then(|c| sc.us_track(track).nth(c))
            .map_or_else(
                || "no step yet".to_owned(),
                |i| clean(&sc.us_ladder[i].name),
            );
        let style = if climbed > 0 { t.warn() } else { t.text() };
        lines.push(TextLine::from(vec![
            Span::styled(fit(label, name_w), t.dim()),
            Span::styled(fit(&format!("{climbed}/{n} {name}"), rest), style),
        ]));
    }
    let (rung, rung_name) = sc.ladder_rung(view.public.meters[Meter::Escalation]);
    lines.push(TextLine::from(vec![
        Span::styled(fit("Ladder rung", name_w), t.dim()),
        Span::raw(fit(
            &format!("{rung}/{} {}", sc.ladder.len(), clean(rung_name)),
            rest,
        )),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
}
