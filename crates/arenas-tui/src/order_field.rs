//! Changing one field of an order to its next allowed value: the one editor the campaign
//! screen and the seats of a team room share.

use crate::layout::Column;
use arenas_core::engine::{Claim, Faction, FactionIdx, Order, Scenario, Task};

/// Faction `faction`'s order `current` with field `column` moved to its next allowed value
/// (wrapping); a first task sends a holding member to its home front at intensity 1. The
/// points it costs are the caller's to check. Refused, with the reason, when the field
/// cannot change.
pub(crate) fn next_value(
    sc: &Scenario,
    faction: FactionIdx,
    current: Order,
    column: Column,
) -> Result<Order, String> {
    let Some(f) = sc.factions.get(faction) else {
        return Ok(current);
    };
    let mut next = current;
    let home = f.home.unwrap_or(sc.focus_front());
    match column {
        Column::Task => {
            let tasks: Vec<Task> = sc.allowed_tasks(faction).collect();
            let i = tasks.iter().position(|t| *t == current.task).unwrap_or(0);
            next.task = tasks[(i + 1) % tasks.len()];
            if current.task == Task::Hold {
                next.intensity = 1;
                next.front = if f.may_act_on(current.front) && f.home.is_some() {
                    current.front
                } else {
                    home
                };
            }
            if next.task == Task::Hold {
                next.intensity = 0;
            }
        }
        Column::Front => {
            if current.task == Task::Hold {
                return Err(holds(f));
            }
            let fronts = sc.allowed_fronts(faction);
            let i = fronts.iter().position(|x| *x == current.front).unwrap_or(0);
            if let Some(&front) = fronts.get((i + 1) % fronts.len().max(1)) {
                next.front = front;
            }
        }
        Column::Intensity => {
            if current.task == Task::Hold {
                return Err(holds(f));
            }
            next.intensity = Scenario::allowed_intensities()
                .find(|i| *i > current.intensity)
                .unwrap_or(lowest_intensity());
        }
        Column::Claim => {
            if current.task == Task::Hold {
                return Err(holds(f));
            }
            if !f.offers_claim() {
                return Err(format!(
                    "{}'s acts are always traced to Tehran: there is nothing to claim or deny",
                    f.short
                ));
            }
            next.claim = match current.claim {
                Claim::Claimed => Claim::Deniable,
                Claim::Deniable => Claim::Claimed,
            };
        }
    }
    Ok(next)
}

/// The lowest intensity of an active order, where intensity wraps to rather than stopping
/// at a limit of points.
pub(crate) fn lowest_intensity() -> u8 {
    *Scenario::allowed_intensities().start()
}

/// Why a holding member's front, intensity or claim cannot change.
fn holds(faction: &Faction) -> String {
    format!(
        "{} {}: choose a task first",
        faction.short,
        faction.verb("holds", "hold")
    )
}
