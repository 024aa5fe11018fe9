//! The plan space — every member's allowed orders each turn, within the turn's budget — and
//! the search over it: random starts, then hill climbing.

use std::collections::HashSet;

use rand::Rng;
use rand::seq::SliceRandom;

use super::{Error, Evaluator, Settings, score};
use crate::forecast::run_seed;
use arenas_core::engine::{
    Claim, FrontIdx, GameRng, MAX_INTENSITY, Order, Scenario, Task, rng_from_seed,
};

/// Orders of every member for every turn of the campaign: `plan[turn - 1][faction]`.
pub type Plan = Vec<Vec<Order>>;

/// Share of moves that copy a week's orders onto the following week(s).
const COPY_SHARE: f64 = 0.15;

/// The score a search gives up for a plan that spends every point of every week: a tie
/// breaker that keeps costly orders which change nothing out of the best plan.
const THRIFT: f64 = 0.003;

/// Keeps the seed of the search's own choices apart from the campaigns' seeds.
const SEARCH_SALT: u64 = 0x7365_6172_6368_0000;

/// What a scenario allows: each member's (front, task) pairs besides hold, and the budget.
pub struct Space<'a> {
    scenario: &'a Scenario,
    turns: usize,
    options: Vec<Vec<(FrontIdx, Task)>>,
    /// Only plans that give the same orders every week.
    fixed: bool,
}

impl<'a> Space<'a> {
    /// The plan space of a scenario, from its own legality rule
    /// ([`Scenario::order_problem`]).
    pub fn new(scenario: &'a Scenario) -> Space<'a> {
        let options = (0..scenario.factions.len())
            .map(|f| {
                let mut allowed = Vec::new();
                for &task in Task::ALL.iter().filter(|t| **t != Task::Hold) {
                    for front in 0..scenario.fronts.len() {
                        let order = Order {
                            front,
                            task,
                            intensity: 1,
                            claim: Claim::Deniable,
                        };
                        if scenario.check_order(f, &order).is_ok() {
                            allowed.push((front, task));
                        }
                    }
                }
                allowed
            })
            .collect();
        Space {
            scenario,
            turns: usize::from(scenario.calendar.turns.max(1)),
            options,
            fixed: false,
        }
    }

    /// The part of the space where every week has the same orders: the best plan with no
    /// decisions after the first week, to measure what timing is worth.
    pub fn fixed(scenario: &'a Scenario) -> Space<'a> {
        Space {
            fixed: true,
            ..Space::new(scenario)
        }
    }

    /// A plan's score as the search compares it: of two plans that score alike, the one
    /// that spends fewer coordination points is the better advice (at most [`THRIFT`] of
    /// the score for a plan that spends the whole budget every week).
    fn judged(&self, score: f64, plan: &Plan) -> f64 {
        let spent: u32 = plan.iter().map(|w| self.scenario.orders_cost(w)).sum();
        let most = f64::from(self.scenario.model.budget.max(1)) * plan.len().max(1) as f64;
        score - THRIFT * f64::from(spent) / most
    }

    /// Whether the space holds only plans with the same orders every week.
    pub fn is_fixed(&self) -> bool {
        self.fixed
    }

    /// Every member holds every turn.
    pub fn restraint(&self) -> Plan {
        vec![self.scenario.all_hold(); self.turns]
    }

    /// The scenario's historical course, turn by turn (what `sim --history` plays).
    pub fn historical(&self) -> Plan {
        let course = self.scenario.historical_course();
        (1..=self.turns)
            .map(|t| {
                let mut week = self.scenario.all_hold();
                let turn = u16::try_from(t).unwrap_or(u16::MAX);
                for (slot, order) in week.iter_mut().zip(course.turn(turn)) {
                    *slot = *order;
                }
                week
            })
            .collect()
    }

    /// Why a plan breaks the scenario's rules (turn, 1-based, and problem), if it does.
    pub fn problem(&self, plan: &Plan) -> Option<(usize, String)> {
        if plan.len() != self.turns {
            return Some((0, format!("{} turns instead of {}", plan.len(), self.turns)));
        }
        if self.fixed
            && let Some(t) = plan.windows(2).position(|w| w[0] != w[1])
        {
            return Some((t + 2, "orders differ from the week before".into()));
        }
        for (t, week) in plan.iter().enumerate() {
            if week.len() != self.scenario.factions.len() {
                return Some((t + 1, "one order per member is needed".into()));
            }
            if let Err((_, problem)) = self.scenario.check_orders(week) {
                return Some((t + 1, problem.to_string()));
            }
        }
        None
    }

    /// A plan's legality as a result.
    pub fn check(&self, plan: &Plan) -> Result<(), Error> {
        match self.problem(plan) {
            Some((turn, problem)) => Err(Error::Illegal { turn, problem }),
            None => Ok(()),
        }
    }

    fn within_budget(&self, week: &[Order]) -> bool {
        self.scenario.orders_cost(week) <= self.scenario.model.budget
    }

    /// A random allowed order for member `f` (hold when it may do nothing else).
    fn random_order(&self, rng: &mut GameRng, f: usize) -> Order {
        let options = &self.options[f];
        if options.is_empty() {
            return Order::HOLD;
        }
        let (front, task) = options[rng.random_range(0..options.len())];
        Order {
            front,
            task,
            intensity: rng.random_range(1..=MAX_INTENSITY),
            claim: self.random_claim(rng, f),
        }
    }

    /// A random week: each member acts with even odds, lowered until the week fits the budget.
    fn random_week(&self, rng: &mut GameRng) -> Vec<Order> {
        let mut week = self.scenario.all_hold();
        let mut members: Vec<usize> = (0..week.len()).collect();
        members.shuffle(rng);
        for f in members {
            if !rng.random_bool(0.5) {
                continue;
            }
            week[f] = self.random_order(rng, f);
            while !self.within_budget(&week) {
                week[f] = lowered(week[f]);
            }
        }
        week
    }

    /// A random start: one to three phases, each a random week repeated.
    pub fn random_plan(&self, rng: &mut GameRng) -> Plan {
        let most = if self.fixed { 1 } else { 3 };
        let phases = rng.random_range(1..=most).min(self.turns);
        let mut cuts: Vec<usize> = (1..self.turns).collect();
        cuts.shuffle(rng);
        cuts.truncate(phases - 1);
        cuts.sort_unstable();
        cuts.push(self.turns);
        let mut plan = Vec::with_capacity(self.turns);
        for end in cuts {
            let week = self.random_week(rng);
            plan.resize(end, week);
        }
        plan
    }

    /// Claimed or deniable at even odds, for a member that has the choice.
    fn random_claim(&self, rng: &mut GameRng, f: usize) -> Claim {
        if self.scenario.factions[f].offers_claim() && rng.random_bool(0.5) {
            Claim::Claimed
        } else {
            Claim::Deniable
        }
    }

    /// A neighbour of a plan, or `None` when the drawn move changes nothing or breaks the
    /// budget: one member's order changed in one turn or a block of turns, or a week's
    /// orders copied onto the following week(s).
    pub fn neighbour(&self, rng: &mut GameRng, plan: &Plan) -> Option<Plan> {
        let turns = self.turns;
        let mut next = plan.clone();
        let touched = if self.fixed {
            let f = self.movable(rng)?;
            let order = self.mutate(rng, f, plan[0][f]);
            for week in &mut next {
                week[f] = order;
            }
            0..turns
        } else if turns > 1 && rng.random_bool(COPY_SHARE) {
            let t = rng.random_range(0..turns - 1);
            let end = block_end(rng, t + 1, turns);
            let week = next[t].clone();
            for slot in &mut next[t + 1..end] {
                slot.clone_from(&week);
            }
            t + 1..end
        } else {
            let f = self.movable(rng)?;
            let t = rng.random_range(0..turns);
            let end = block_end(rng, t, turns);
            let order = self.mutate(rng, f, plan[t][f]);
            for week in &mut next[t..end] {
                week[f] = order;
            }
            t..end
        };
        if next == *plan || !next[touched].iter().all(|w| self.within_budget(w)) {
            return None;
        }
        Some(next)
    }

    /// A member with something to do besides hold, at random.
    fn movable(&self, rng: &mut GameRng) -> Option<usize> {
        let movable: Vec<usize> = (0..self.options.len())
            .filter(|f| !self.options[*f].is_empty())
            .collect();
        movable
            .get(rng.random_range(0..movable.len().max(1)))
            .copied()
    }

    /// A change to one order: a new front and task, intensity, attribution, front or task
    /// alone, or hold.
    fn mutate(&self, rng: &mut GameRng, f: usize, order: Order) -> Order {
        if !order.is_active() {
            return self.random_order(rng, f);
        }
        let pick = |rng: &mut GameRng, keep: &dyn Fn(&(FrontIdx, Task)) -> bool| {
            let same: Vec<_> = self.options[f].iter().filter(|o| keep(o)).collect();
            same.get(rng.random_range(0..same.len().max(1)))
                .map(|(front, task)| Order {
                    front: *front,
                    task: *task,
                    ..order
                })
                .unwrap_or(order)
        };
        match rng.random_range(0..6) {
            0 => self.random_order(rng, f),
            1 => {
                let i = rng.random_range(1..MAX_INTENSITY);
                Order {
                    intensity: if i >= order.intensity { i + 1 } else { i },
                    ..order
                }
            }
            2 if self.scenario.factions[f].offers_claim() => Order {
                claim: match order.claim {
                    Claim::Claimed => Claim::Deniable,
                    Claim::Deniable => Claim::Claimed,
                },
                ..order
            },
            2 => order,
            3 => Order::HOLD,
            4 => pick(rng, &|o| o.1 == order.task && o.0 != order.front),
            _ => pick(rng, &|o| o.0 == order.front && o.1 != order.task),
        }
    }
}

/// The end (exclusive) of a block starting at `t`: one turn with even odds, otherwise up
/// to the end of the campaign.
fn block_end(rng: &mut GameRng, t: usize, turns: usize) -> usize {
    if t + 1 >= turns || rng.random_bool(0.5) {
        (t + 1).min(turns)
    } else {
        rng.random_range(t + 1..=turns)
    }
}

/// One level of intensity less; hold below 1.
fn lowered(order: Order) -> Order {
    if order.intensity <= 1 {
        Order::HOLD
    } else {
        Order {
            intensity: order.intensity - 1,
            ..order
        }
    }
}

/// The winner of a search with its score on the search's campaigns.
pub struct Found {
    pub plan: Plan,
    pub score: f64,
}

/// Random starts, then hill climbing from the best of them until the budget of evaluations
/// is spent. The legal plans of `seeds` (restraint first) are evaluated before the random
/// starts, so the winner never scores below them. A move is kept when it scores at least as
/// well as the current plan; plans already evaluated are not evaluated again.
pub fn climb(space: &Space, eval: &mut Evaluator, settings: &Settings, seeds: &[&Plan]) -> Found {
    let budget = settings.budget.max(1);
    let mut rng = rng_from_seed(run_seed(settings.seed ^ SEARCH_SALT, 0));
    let mut seen: HashSet<Plan> = HashSet::new();
    let mut starts: Vec<Plan> = seeds
        .iter()
        .filter(|p| space.problem(p).is_none())
        .map(|p| (*p).clone())
        .collect();
    let random_starts = (budget / 10).clamp(1, 40);
    for _ in 0..random_starts {
        starts.push(space.random_plan(&mut rng));
    }
    let mut best = Found {
        plan: space.restraint(),
        score: f64::NEG_INFINITY,
    };
    for plan in starts {
        if eval.done >= budget {
            break;
        }
        if !seen.insert(plan.clone()) {
            continue;
        }
        let s = score(&eval.totals(&plan));
        if space.judged(s, &plan) > space.judged(best.score, &best.plan) {
            best = Found { plan, score: s };
        }
    }
    // Moves that change nothing or break the budget are not evaluations; cap the draws.
    let mut draws = budget.saturating_mul(50);
    while eval.done < budget && draws > 0 {
        draws -= 1;
        let Some(next) = space.neighbour(&mut rng, &best.plan) else {
            continue;
        };
        if seen.contains(&next) {
            continue;
        }
        let s = score(&eval.totals(&next));
        seen.insert(next.clone());
        if space.judged(s, &next) >= space.judged(best.score, &best.plan) {
            best = Found {
                plan: next,
                score: s,
            };
        }
    }
    best
}
