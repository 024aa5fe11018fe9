//! What the adversary remembers of the axis' acts: novelty and patterns.

use super::super::state::State;
use super::Turn;

/// Remembers each member's act for novelty and patterns next turn.
pub(super) fn remember(turn: &Turn, state: &mut State) {
    let orders = turn.orders;
    for (i, o) in orders.iter().enumerate() {
        if o.is_active() {
            state.streak[i] = if state.repeats(i, o) {
                state.streak[i].saturating_add(1)
            } else {
                1
            };
            state.last_act[i] = Some((o.front, o.task));
        } else {
            state.streak[i] = 0;
        }
    }
}
