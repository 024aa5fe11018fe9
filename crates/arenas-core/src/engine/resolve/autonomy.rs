//! Members' operational autonomy: an order against a member's interests or past its
//! domestic limits may be carried out at a lower intensity or refused, and a member left to
//! bleed may act on its own.

use super::draws::Draws;
use super::measures::Members;
use crate::engine::{
    Claim, FactionIdx, Happening, MAX_INTENSITY, Meter, Order, Recorder, Scenario, State, Task,
};

/// How likely a member is to carry out an order: in full, one intensity level lower, or not
/// at all. The three add up to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Compliance {
    pub full: f64,
    pub reduced: f64,
    pub refused: f64,
}

impl Compliance {
    const CERTAIN: Compliance = Compliance {
        full: 1.0,
        reduced: 0.0,
        refused: 0.0,
    };
}

/// How likely a faction is to carry out an order in the current state: a pure function of
/// the state and the order, shown before the turn is committed.
pub fn compliance(
    scenario: &Scenario,
    state: &State,
    faction: FactionIdx,
    order: &Order,
) -> Compliance {
    match reluctance(scenario, state, faction, order) {
        None => Compliance::CERTAIN,
        Some((x, reluctance)) => Compliance::of(super::exp(x), reluctance),
    }
}

impl Compliance {
    /// The compliance of a member that carries out an order in full with chance `full`, at
    /// `reluctance`.
    fn of(full: f64, reluctance: f64) -> Compliance {
        let refused = (1.0 - full) * reluctance / (1.0 + reluctance);
        Compliance {
            full,
            reduced: (1.0 - full - refused).max(0.0),
            refused,
        }
    }

    /// The draw below which an order is at least carried out at a lower intensity.
    fn carried(&self) -> f64 {
        self.full + self.reduced
    }
}

/// A member's reluctance to carry out an order, with the exponent of its chance of carrying
/// it out in full (−autonomy × reluctance); `None` when it carries it out for certain.
fn reluctance(
    scenario: &Scenario,
    state: &State,
    faction: FactionIdx,
    order: &Order,
) -> Option<(f64, f64)> {
    let f = &scenario.factions[faction];
    if !order.is_active() || f.autonomy <= 0.0 {
        return None;
    }
    let a = &scenario.model.autonomy;
    let level = f64::from(order.intensity) / f64::from(MAX_INTENSITY);
    let ladder = scenario.model.tasks.get(order.task).ladder;
    let unit = if a.ladder_unit > 0.0 {
        a.ladder_unit
    } else {
        1.0
    };
    let strain = f.domestic_constraint
        * level
        * (ladder / unit)
        * (0.5 + state.meter(Meter::Escalation) / 100.0);
    let off_home = if f.home.is_some_and(|h| h != order.front) {
        level
    } else {
        0.0
    };
    let low = if a.low_capacity > 0.0 {
        (1.0 - state.capacity[faction] / a.low_capacity).max(0.0) * level
    } else {
        0.0
    };
    let reluctance =
        a.strain.weight * strain + a.off_home.weight * off_home + a.depletion.weight * low;
    Some((-f.autonomy * reluctance, reluctance))
}

/// What a member does with an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Full,
    Reduced,
    Refused,
}

/// What a member does with an order by its draw `u` against its compliance, as
/// [`compliance`] gives it, with exponent `x` and reluctance `reluctance`. For −1 ≤ x ≤ 0
/// the Taylor polynomials of e^x of degrees 5 and 6 bound it from below and above (their
/// remainders alternate in sign), so the draw is compared with bounds first; only a draw
/// too close to a threshold for them to tell needs the exponential itself. `MARGIN` covers
/// the rounding of the polynomials, of the exponential (within an ulp of e^x) and of the
/// thresholds, so the choice is always the one the exact figures give.
fn choose(x: f64, reluctance: f64, u: f64) -> Choice {
    const MARGIN: f64 = 1e-12;
    if (-1.0..=0.0).contains(&x) {
        let x3 = x * x * x;
        let below = 1.0
            + x * (1.0 + x * (1.0 / 2.0 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0)))));
        let (low, high) = (below - MARGIN, below + x3 * x3 * (1.0 / 720.0) + MARGIN);
        if u < low {
            return Choice::Full;
        }
        if u >= high {
            // The threshold of carrying out at all rises with the chance in full.
            let lowest = Compliance::of(low, reluctance).carried() - MARGIN;
            let highest = Compliance::of(high, reluctance).carried() + MARGIN;
            if u < lowest {
                return Choice::Reduced;
            }
            if u >= highest {
                return Choice::Refused;
            }
        }
    }
    let c = Compliance::of(super::exp(x), reluctance);
    if u < c.full {
        Choice::Full
    } else if u < c.carried() {
        Choice::Reduced
    } else {
        Choice::Refused
    }
}

/// The orders as members carry them out: each is kept, lowered or refused by its draw, and
/// a bleeding member held back may act on its own; a member in `seated` (played by a
/// person) does as its player decided. Returns the members who refused.
pub(super) fn carry_out<R: Recorder>(
    scenario: &Scenario,
    state: &State,
    orders: &mut [Order],
    seated: Members,
    draws: &Draws,
    rec: &mut R,
) -> Members {
    let mut refused: Members = 0;
    let a = &scenario.model.autonomy;
    for (i, order) in orders.iter_mut().enumerate() {
        if seated & (1 << i) != 0 {
            continue;
        }
        let f = &scenario.factions[i];
        if order.is_active() {
            // Carried out for certain when no reluctance: every draw is below 1.
            let Some((x, reluctance)) = reluctance(scenario, state, i, order) else {
                continue;
            };
            match choose(x, reluctance, draws.comply[i]) {
                Choice::Full => {}
                Choice::Reduced if order.intensity > 1 => {
                    order.intensity -= 1;
                    rec.happened(Happening::Reduced(i));
                }
                Choice::Reduced | Choice::Refused => {
                    *order = Order::HOLD;
                    refused |= 1 << i;
                    rec.happened(Happening::Refused(i));
                }
            }
            continue;
        }
        // Left to bleed: a member whose order is to hold, and which lost capacity last turn,
        // may strike on its own from its home front.
        let Some(home) = f.home else { continue };
        let bleeding = if a.bleed > 0.0 {
            (state.lost[i] / a.bleed).min(1.0)
        } else {
            0.0
        };
        let chance = a.self_action.weight * f.autonomy * bleeding;
        if draws.alone[i] >= chance {
            continue;
        }
        let own = [Task::LimitedStrike, Task::LongRange, Task::HarassUs]
            .into_iter()
            .find(|t| f.may_do(*t) && f.may_act_on(home));
        if let Some(task) = own {
            *order = Order {
                front: home,
                task,
                intensity: 1,
                claim: if f.offers_claim() {
                    Claim::Claimed
                } else {
                    Claim::Deniable
                },
            };
            rec.happened(Happening::ActedAlone(i));
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::{Choice, Compliance, choose};

    /// The choice the exact figures give.
    fn exact(x: f64, reluctance: f64, u: f64) -> Choice {
        let c = Compliance::of(super::super::exp(x), reluctance);
        if u < c.full {
            Choice::Full
        } else if u < c.full + c.reduced {
            Choice::Reduced
        } else {
            Choice::Refused
        }
    }

    #[test]
    fn the_bounds_never_change_a_choice_even_at_a_threshold() {
        let mut checked = 0;
        for i in 0..=600 {
            let x = -1.5 + f64::from(i) * 0.0025;
            let x = x.min(0.0);
            for reluctance in [0.0, 0.05, 0.4, 1.0, 3.0, 40.0] {
                let c = Compliance::of(super::super::exp(x), reluctance);
                let thresholds = [c.full, c.full + c.reduced];
                let mut draws = vec![0.0, 0.5, 0.999_999];
                for t in thresholds {
                    // Each threshold, the draws an ulp either side and a hair further off.
                    draws.extend([t, t.next_down(), t.next_up(), t - 1e-13, t + 1e-13]);
                    draws.extend([t - 1e-9, t + 1e-9, t - 1e-3, t + 1e-3]);
                }
                for u in draws.into_iter().filter(|u| (0.0..1.0).contains(u)) {
                    assert_eq!(choose(x, reluctance, u), exact(x, reluctance, u), "{x} {u}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 40_000, "{checked}");
    }
}
