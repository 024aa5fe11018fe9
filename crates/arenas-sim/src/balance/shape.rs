//! The shape of a plan: who acts, where, how hard, how openly, how repetitively.

use serde::Serialize;

use super::Plan;
use arenas_core::engine::{Claim, MAX_INTENSITY, Order, Scenario, Task};
use arenas_files::text::clean;

/// What a plan looks like over the campaign (active orders: a task other than hold at
/// intensity 1 or more).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shape {
    /// Mean number of members acting each week.
    pub active_per_week: f64,
    /// Members of the scenario.
    pub members: usize,
    /// Active orders over the whole campaign.
    pub active_orders: u64,
    /// Fronts used: active orders (member-weeks) on each, most first.
    pub fronts: Vec<FrontUse>,
    /// Each member's share of the plan's exposure (see [`exposure`]), in scenario order.
    pub exposure: Vec<MemberShare>,
    /// Share of active orders at intensity 1, 2 and 3.
    pub intensity_mix: [f64; 3],
    /// Share of active orders left deniable, among members that may claim or deny.
    pub deniable_share: f64,
    /// Orders against US positions.
    pub harassment: Harassment,
    /// Share of active orders that repeat the member's front and task of the previous week.
    pub repetition: f64,
    /// The highest coordination cost of any turn.
    pub max_turn_cost: u32,
    /// Weeks whose orders differ from the week before (the first week not counted).
    pub changes: u64,
    /// Weeks that use at least [`FULL_WEEK`] of the week's coordination points.
    pub full_weeks: u64,
    /// Weeks of the plan.
    pub weeks: u64,
    /// Weeks in which the focus member (Hamas in the bundled scenario) acts.
    pub focus_weeks: u64,
}

/// Share of the week's points a week must use to count as full in [`Shape::full_weeks`].
pub const FULL_WEEK: f64 = 0.8;

/// Active orders on one front.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontUse {
    pub front: String,
    pub name: String,
    pub orders: u64,
}

/// One member's share of exposure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberShare {
    pub member: String,
    pub name: String,
    pub share: f64,
    /// Weeks in which the member acts.
    pub weeks: u64,
}

/// `harass_us` orders: how many, how hard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Harassment {
    pub orders: u64,
    pub mean_intensity: f64,
}

/// Approximate exposure of one order, by the engine's formula with the member's starting
/// capacity: intensity share × capacity × the task's visibility × deniability (1 when
/// claimed, 1 − autonomy · (1 − public link) when deniable).
pub fn exposure(scenario: &Scenario, faction: usize, order: &Order) -> f64 {
    if !order.is_active() {
        return 0.0;
    }
    let f = &scenario.factions[faction];
    let effect = f64::from(order.intensity) / f64::from(MAX_INTENSITY) * f.capacity / 100.0;
    let deniability = match order.claim {
        Claim::Claimed => 1.0,
        Claim::Deniable => 1.0 - f.autonomy * (1.0 - f.public_link),
    };
    effect * scenario.model.tasks.get(order.task).visibility * deniability
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

impl Shape {
    /// The shape of a plan for a scenario.
    pub fn of(scenario: &Scenario, plan: &Plan) -> Shape {
        let members = scenario.factions.len();
        let mut active = 0u64;
        let mut fronts = vec![0u64; scenario.fronts.len()];
        let mut exposure_of = vec![0.0; members];
        let mut levels = [0u64; 3];
        let mut deniable = 0u64;
        let mut claimable = 0u64;
        let mut harass = (0u64, 0u64);
        let mut repeats = 0u64;
        let mut max_turn_cost = 0;
        let mut weeks_of = vec![0u64; members];
        let mut full_weeks = 0;
        let budget = f64::from(scenario.model.budget);
        for (t, week) in plan.iter().enumerate() {
            let cost = scenario.orders_cost(week);
            max_turn_cost = max_turn_cost.max(cost);
            full_weeks += u64::from(f64::from(cost) >= FULL_WEEK * budget);
            for (f, order) in week.iter().enumerate().filter(|(_, o)| o.is_active()) {
                active += 1;
                if let Some(n) = weeks_of.get_mut(f) {
                    *n += 1;
                }
                if let Some(n) = fronts.get_mut(order.front) {
                    *n += 1;
                }
                if let Some(e) = exposure_of.get_mut(f) {
                    *e += exposure(scenario, f, order);
                }
                levels[usize::from(order.intensity.clamp(1, 3) - 1)] += 1;
                if scenario.factions[f].offers_claim() {
                    claimable += 1;
                    deniable += u64::from(order.claim == Claim::Deniable);
                }
                if order.task == Task::HarassUs {
                    harass.0 += 1;
                    harass.1 += u64::from(order.intensity);
                }
                let before = t.checked_sub(1).and_then(|p| plan[p].get(f));
                if before.is_some_and(|b| {
                    b.is_active() && b.front == order.front && b.task == order.task
                }) {
                    repeats += 1;
                }
            }
        }
        let total_exposure: f64 = exposure_of.iter().sum();
        let mut used: Vec<FrontUse> = fronts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| FrontUse {
                front: clean(&scenario.fronts[i].id),
                name: clean(&scenario.fronts[i].short),
                orders: *n,
            })
            .collect();
        used.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.front.cmp(&b.front)));
        let whole = active as f64;
        Shape {
            active_per_week: share(whole, plan.len() as f64),
            members,
            active_orders: active,
            fronts: used,
            exposure: scenario
                .factions
                .iter()
                .zip(exposure_of.iter().zip(&weeks_of))
                .map(|(f, (e, weeks))| MemberShare {
                    member: clean(&f.id),
                    name: clean(&f.short),
                    share: share(*e, total_exposure),
                    weeks: *weeks,
                })
                .collect(),
            intensity_mix: levels.map(|n| share(n as f64, whole)),
            deniable_share: share(deniable as f64, claimable as f64),
            harassment: Harassment {
                orders: harass.0,
                mean_intensity: share(harass.1 as f64, harass.0 as f64),
            },
            repetition: share(repeats as f64, whole),
            max_turn_cost,
            changes: plan.windows(2).filter(|w| w[0] != w[1]).count() as u64,
            full_weeks,
            weeks: plan.len() as u64,
            focus_weeks: weeks_of.get(scenario.focus).copied().unwrap_or(0),
        }
    }
}
