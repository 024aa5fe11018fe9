//! What a room says: a channel for the whole room and a private line between each member
//! and the operations room. Messages are kept with their week.

use super::{Seat, TeamError};
use crate::engine::FactionIdx;

/// The longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 200;

/// The most messages a room keeps from one week: a bound on what a room can store.
pub const MAX_MESSAGES_PER_WEEK: usize = 400;

/// Where a message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// The whole room.
    Room,
    /// The private line between a member (by faction index) and the operations room.
    Private(FactionIdx),
}

impl Line {
    /// Whether a seat may read what is said on this line.
    pub fn reaches(self, seat: Seat) -> bool {
        match self {
            Line::Room => true,
            Line::Private(m) => seat == Seat::Operations || seat == Seat::Member(m),
        }
    }

    /// Whether a seat may speak on this line.
    pub fn open_to(self, seat: Seat) -> bool {
        self.reaches(seat)
    }
}

/// Something a seat said.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The week it was said in.
    pub turn: u16,
    pub from: Seat,
    pub line: Line,
    pub text: String,
}

/// Checks a message's text: not empty (after trimming) and not too long. Returns it
/// trimmed.
pub(super) fn checked(text: &str) -> Result<String, TeamError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TeamError::Empty);
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(TeamError::TooLong {
            max: MAX_MESSAGE_CHARS,
        });
    }
    Ok(text.to_owned())
}
