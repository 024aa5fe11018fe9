//! What a forecast's rollouts play after the plan: the plan's last week again, or each
//! member holding.

use arenas_core::engine::{Order, Policy, Scenario, Schedule, State};

/// How a forecast continues after the turn being planned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FollowUp {
    /// The same orders every remaining turn.
    #[default]
    RepeatPlan,
    /// Every member holds from the next turn on.
    Restraint,
    /// What the axis actually did in each remaining week.
    History,
}

impl FollowUp {
    /// Every follow-up, in display order.
    pub const ALL: [FollowUp; 3] = [FollowUp::RepeatPlan, FollowUp::Restraint, FollowUp::History];

    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            FollowUp::RepeatPlan => "Repeat this plan",
            FollowUp::Restraint => "Restraint",
            FollowUp::History => "Historical course",
        }
    }

    /// One line on what the follow-up does.
    pub fn description(self) -> &'static str {
        match self {
            FollowUp::RepeatPlan => "the same orders every remaining turn",
            FollowUp::Restraint => "every member holds after this turn",
            FollowUp::History => "what the axis actually did in the remaining turns",
        }
    }

    /// The next follow-up in display order (wrapping), for a key that cycles them.
    pub fn next(self) -> FollowUp {
        match self {
            FollowUp::RepeatPlan => FollowUp::Restraint,
            FollowUp::Restraint => FollowUp::History,
            FollowUp::History => FollowUp::RepeatPlan,
        }
    }
}

/// This turn's orders, then a follow-up to the end of the campaign: an engine [`Policy`].
#[derive(Clone, Debug, PartialEq)]
pub struct Continuation {
    turn: u16,
    orders: Vec<Order>,
    then: Schedule,
}

impl Continuation {
    /// `orders` on turn `turn`; on every other turn, what `follow_up` gives (the historical
    /// course gives week `t`'s orders on turn `t`, its last week's past its end).
    pub fn new(
        scenario: &Scenario,
        turn: u16,
        orders: Vec<Order>,
        follow_up: FollowUp,
    ) -> Continuation {
        let then = match follow_up {
            FollowUp::RepeatPlan => Schedule::constant(orders.clone()),
            FollowUp::Restraint => Schedule::constant(scenario.all_hold()),
            FollowUp::History => scenario.historical_course(),
        };
        Continuation { turn, orders, then }
    }
}

impl Policy for Continuation {
    fn orders(&mut self, _: &Scenario, state: &State) -> &[Order] {
        if state.turn == self.turn {
            &self.orders
        } else {
            self.then.turn(state.turn)
        }
    }

    fn reads_look_ahead(&self) -> bool {
        false
    }
}
