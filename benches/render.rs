//! Drawing speed: one frame of the campaign screen, two weeks in (so the event log and the
//! sparklines have content), at three terminal sizes. Targets (median): 80x24 under
//! 0.25 ms, 160x48 under 0.5 ms, 240x70 under 1 ms, and at each size no more than the
//! reference: a screen filled with plain text by one ratatui paragraph.
//!
//! Each iteration is one `Terminal::draw`, as the game's loop does every tick: the widgets
//! render into a fresh buffer, which is diffed against the last frame and flushed.

use std::hint::black_box;

use arenas::tui::App;
use arenas::tui::app::Screen;
use arenas::tui::input::{Input, Key, KeyCode};
use arenas::tui::runner::Runner;
use arenas::tui::store::MemoryStore;
use arenas::tui::theme::Theme;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};
use ratatui::widgets::Paragraph;

const SIZES: [(u16, u16); 3] = [(80, 24), (160, 48), (240, 70)];

/// The campaign two committed turns in (each autosaved in memory).
fn campaign() -> App {
    let scenario = arenas::scenario::default_scenario();
    let app = App::playing(Theme::COLOUR, "memory".into(), scenario, 3);
    let mut session = Runner::new(app, MemoryStore::new());
    for _ in 0..2 {
        session.input(Input::Key(Key::from(KeyCode::Char('c'))));
    }
    let app = session.app;
    assert!(
        matches!(app.screen, Screen::Campaign(_)),
        "the campaign ended before its third week"
    );
    app
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_campaign");
    for (w, h) in SIZES {
        let mut app = campaign();
        app.size = Rect::new(0, 0, w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        group.bench_function(format!("{w}x{h}"), |b| {
            b.iter(|| {
                let frame = terminal.draw(|f| arenas::tui::draw(f, black_box(&app)));
                frame.expect("draw");
            })
        });
    }
    group.finish();
}

/// The reference: every cell of the screen written with plain text, one line per row.
fn reference(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_reference");
    for (w, h) in SIZES {
        let text: Text = (0..h)
            .map(|row| {
                let line: String = (0..w)
                    .map(|col| char::from(b'a' + ((row + col) % 26) as u8))
                    .collect();
                Line::from(line)
            })
            .collect();
        let page = Paragraph::new(text);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        group.bench_function(format!("{w}x{h}"), |b| {
            b.iter(|| {
                let frame = terminal.draw(|f| f.render_widget(black_box(&page), f.area()));
                frame.expect("draw");
            })
        });
    }
    group.finish();
}

criterion_group!(benches, reference, render);
criterion_main!(benches);
