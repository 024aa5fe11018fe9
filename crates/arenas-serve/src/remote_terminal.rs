//! A student's screen on the server: ratatui draws into bytes for the client's terminal,
//! at the size the client reported, never asking the server's own terminal anything.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{
    Clear, ClearType as Wipe, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::Color;
use ratatui::{TerminalOptions, Viewport};

/// Bytes written for the client, shared by the backend that writes them and the screen
/// that takes them.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn put(&self, bytes: &[u8]) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.put(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A crossterm backend writing into memory, with the remote terminal's size.
pub struct RemoteBackend {
    inner: CrosstermBackend<Sink>,
    size: Size,
    cursor: Position,
}

impl Backend for RemoteBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // SSH does not tell whether the client's terminal shows 24-bit colour (OpenSSH
        // forwards no COLORTERM), so such colours go out as their nearest of the 256 that
        // every colour terminal has.
        let cells: Vec<(u16, u16, Cell)> = content
            .map(|(x, y, cell)| {
                let mut cell = cell.clone();
                cell.fg = indexed(cell.fg);
                cell.bg = indexed(cell.bg);
                (x, y, cell)
            })
            .collect();
        self.inner.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A 24-bit colour as the nearest colour of the xterm 256-colour cube or grey ramp; other
/// colours as they are.
fn indexed(colour: Color) -> Color {
    let Color::Rgb(r, g, b) = colour else {
        return colour;
    };
    // The cube's levels are 0, 95, 135, 175, 215, 255.
    let level = |v: u8| -> u8 {
        if v < 48 {
            0
        } else if v < 115 {
            1
        } else {
            (v - 35) / 40
        }
    };
    let value = |l: u8| if l == 0 { 0 } else { 55 + 40 * i32::from(l) };
    let (lr, lg, lb) = (level(r), level(g), level(b));
    let cube = 16 + 36 * lr + 6 * lg + lb;
    let distance = |(x, y, z): (i32, i32, i32)| {
        (x - i32::from(r)).pow(2) + (y - i32::from(g)).pow(2) + (z - i32::from(b)).pow(2)
    };
    let cube_distance = distance((value(lr), value(lg), value(lb)));
    // The grey ramp: 24 steps from 8 to 238.
    let mean = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let step = u8::try_from((mean.saturating_sub(3) / 10).min(23)).unwrap_or(23);
    let grey = 8 + 10 * i32::from(step);
    if distance((grey, grey, grey)) < cube_distance {
        Color::Indexed(232 + step)
    } else {
        Color::Indexed(cube)
    }
}

/// One remote terminal: what its client shows, drawn as bytes.
pub struct RemoteTerminal {
    terminal: Terminal<RemoteBackend>,
    sink: Sink,
    area: Rect,
}

/// The widest and tallest screen drawn: a client may claim any size, and each cell costs
/// memory twice over (this and the last frame), so the largest screen is bounded (about
/// 5 MiB).
const MAX_WIDTH: u16 = 400;
const MAX_HEIGHT: u16 = 150;

/// The screen drawn for a client that claims `width` × `height` cells.
pub fn area(width: u16, height: u16) -> Rect {
    Rect::new(0, 0, width.clamp(1, MAX_WIDTH), height.clamp(1, MAX_HEIGHT))
}

impl RemoteTerminal {
    /// A screen of `width` × `height` cells; its first bytes switch the client's terminal
    /// to the alternate screen, hide the cursor and ask for mouse clicks.
    pub fn new(width: u16, height: u16) -> io::Result<RemoteTerminal> {
        let rect = area(width, height);
        let mut out = Sink::default();
        queue!(
            out,
            EnterAlternateScreen,
            Hide,
            EnableMouseCapture,
            Clear(Wipe::All)
        )?;
        let backend = RemoteBackend {
            inner: CrosstermBackend::new(out.clone()),
            size: rect.as_size(),
            cursor: Position::ORIGIN,
        };
        let terminal = Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: Viewport::Fixed(rect),
            },
        )?;
        Ok(RemoteTerminal {
            terminal,
            sink: out,
            area: rect,
        })
    }

    /// Follows the client's window: the next frame is drawn whole at the new size.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        let rect = area(width, height);
        self.area = rect;
        self.terminal.backend_mut().size = rect.as_size();
        self.terminal.resize(rect)
    }

    /// Forgets what the client shows: the next frame is drawn whole, after a clear (for
    /// when frames were dropped on the way).
    pub fn repaint(&mut self) -> io::Result<()> {
        queue!(self.sink, Clear(Wipe::All))?;
        self.terminal.resize(self.area)
    }

    /// Draws a frame and returns the bytes that bring the client's screen to it (only what
    /// changed since the last frame); empty when nothing did.
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame<'_>)) -> io::Result<Vec<u8>> {
        self.terminal.draw(render)?;
        Ok(self.sink.take())
    }

    /// The bytes that give the client's terminal back as it was: the main screen, the
    /// cursor shown, no mouse reports; then `farewell` on its own lines.
    pub fn restore(&mut self, farewell: &str) -> io::Result<Vec<u8>> {
        let mut out = self.sink.take();
        queue!(out, DisableMouseCapture, Show, LeaveAlternateScreen)?;
        for line in farewell.lines() {
            write!(out, "{line}\r\n")?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_colours_go_out_as_their_nearest_of_256() {
        assert_eq!(indexed(Color::Rgb(255, 140, 0)), Color::Indexed(208));
        assert_eq!(indexed(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(indexed(Color::Rgb(255, 255, 255)), Color::Indexed(231));
        assert_eq!(indexed(Color::Rgb(40, 48, 64)), Color::Indexed(236));
        assert_eq!(indexed(Color::Cyan), Color::Cyan);
    }

    /// A word on a 24-bit background.
    fn hello(f: &mut ratatui::Frame<'_>) {
        let style = ratatui::style::Style::new().bg(Color::Rgb(40, 48, 64));
        f.render_widget(
            ratatui::widgets::Paragraph::new("hello").style(style),
            f.area(),
        );
    }

    #[test]
    fn a_frame_has_no_24_bit_colour_and_follows_a_resize() {
        let mut terminal = RemoteTerminal::new(30, 5).expect("terminal");
        let first = terminal.draw(hello).expect("frame");
        let text = String::from_utf8_lossy(&first);
        assert!(text.contains("hello"), "{text:?}");
        assert!(
            !text.contains("48;2;"),
            "a 24-bit colour went out: {text:?}"
        );
        assert!(text.contains("48;5;236"), "{text:?}");
        // Nothing changed: no cell is sent again (only the style reset and cursor state).
        let same = terminal.draw(hello).expect("frame");
        assert!(
            !String::from_utf8_lossy(&same).contains("hello"),
            "{same:?}"
        );
        assert!(same.len() < 40, "{same:?}");
        terminal.resize(40, 6).expect("resize");
        let again = terminal
            .draw(|f| f.render_widget(ratatui::widgets::Paragraph::new("hello"), f.area()))
            .expect("frame");
        assert!(String::from_utf8_lossy(&again).contains("hello"));
    }
}
