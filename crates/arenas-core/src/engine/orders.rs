//! Whether an order is legal and what it costs: the one decision the engine, the game log,
//! the plan and save loaders and every front-end's order editor share.

use crate::engine::{Claim, FactionIdx, FrontIdx, FrontSet, MAX_INTENSITY, Order, Scenario, Task};

/// Why an order, or a turn's orders, are not allowed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrderProblem {
    #[error("intensity {intensity} is above the maximum of {MAX_INTENSITY}")]
    Intensity { intensity: u8 },
    #[error("{faction} may not use task `{task}`; allowed: {}", allowed.join(", "))]
    Task {
        faction: String,
        task: &'static str,
        allowed: Vec<&'static str>,
    },
    #[error("{faction} may not act on front `{front}`")]
    Front { faction: String, front: String },
    #[error("{faction}'s acts are always traced to Tehran: it cannot claim or deny them")]
    Claim { faction: String },
    #[error("the orders cost {cost} coordination points; the budget is {budget}")]
    OverBudget { cost: u32, budget: u32 },
}

impl OrderProblem {
    /// The order field the problem is about (`intensity`, `task` or `front`), if one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            OrderProblem::Intensity { .. } => Some("intensity"),
            OrderProblem::Task { .. } => Some("task"),
            OrderProblem::Front { .. } => Some("front"),
            OrderProblem::Claim { .. } => Some("claim"),
            OrderProblem::OverBudget { .. } => None,
        }
    }
}

/// Which rule an illegal order breaks.
#[derive(Clone, Copy)]
enum Fault {
    Intensity,
    Task,
    Front,
    Claim,
}

impl Scenario {
    /// Checks one faction's order and returns what it costs in coordination points.
    #[inline]
    pub fn check_order(&self, faction: FactionIdx, order: &Order) -> Result<u32, OrderProblem> {
        let f = &self.factions[faction];
        match self.fault(faction, order) {
            None => Ok(self.order_cost(faction, order)),
            Some(Fault::Intensity) => Err(OrderProblem::Intensity {
                intensity: order.intensity,
            }),
            Some(Fault::Task) => Err(OrderProblem::Task {
                faction: f.id.clone(),
                task: order.task.id(),
                allowed: self.allowed_tasks(faction).map(Task::id).collect(),
            }),
            Some(Fault::Front) => Err(OrderProblem::Front {
                faction: f.id.clone(),
                front: self
                    .fronts
                    .get(order.front)
                    .map_or_else(|| order.front.to_string(), |fr| fr.id.clone()),
            }),
            Some(Fault::Claim) => Err(OrderProblem::Claim {
                faction: f.id.clone(),
            }),
        }
    }

    /// Whether one faction's order is legal: [`Scenario::check_order`] without its cost or
    /// the words of its problem, so that it allocates nothing.
    #[inline]
    pub fn order_is_legal(&self, faction: FactionIdx, order: &Order) -> bool {
        self.fault(faction, order).is_none()
    }

    /// What makes an order illegal, if anything.
    #[inline]
    fn fault(&self, faction: FactionIdx, order: &Order) -> Option<Fault> {
        let f = &self.factions[faction];
        if order.intensity > MAX_INTENSITY {
            Some(Fault::Intensity)
        } else if order.task == Task::Hold {
            None
        } else if !f.may_do(order.task) {
            Some(Fault::Task)
        } else if !f.may_act_on(order.front) || order.front >= self.fronts.len() {
            Some(Fault::Front)
        } else if order.claim == Claim::Claimed && !f.offers_claim() {
            Some(Fault::Claim)
        } else {
            None
        }
    }

    /// Checks a turn's orders (one per faction, missing ones hold): each must be legal and
    /// together they must fit the budget. Returns their cost, or the first problem with the
    /// faction it concerns (`None` for the budget).
    pub fn check_orders(
        &self,
        orders: &[Order],
    ) -> Result<u32, (Option<FactionIdx>, OrderProblem)> {
        let mut cost = 0;
        for (i, o) in orders.iter().enumerate().take(self.factions.len()) {
            cost += self.check_order(i, o).map_err(|p| (Some(i), p))?;
        }
        let budget = self.model.budget;
        if cost > budget {
            return Err((None, OrderProblem::OverBudget { cost, budget }));
        }
        Ok(cost)
    }

    /// Coordination points an order costs (nothing when it does nothing).
    #[inline]
    pub fn order_cost(&self, faction: FactionIdx, order: &Order) -> u32 {
        if !order.is_active() {
            return 0;
        }
        let per_level = self.model.tasks.get(order.task).cost;
        let off_home = match self.factions[faction].home {
            Some(home) if home != order.front => self.model.off_home_cost,
            _ => 0,
        };
        (per_level + off_home) * u32::from(order.intensity)
    }

    /// Coordination points a turn's orders cost.
    pub fn orders_cost(&self, orders: &[Order]) -> u32 {
        orders
            .iter()
            .enumerate()
            .map(|(i, o)| self.order_cost(i, o))
            .sum()
    }

    /// The tasks a faction may be given, hold first.
    pub fn allowed_tasks(&self, faction: FactionIdx) -> impl Iterator<Item = Task> + '_ {
        std::iter::once(Task::Hold).chain(self.factions[faction].tasks.iter().copied())
    }

    /// The fronts a faction may act on, in scenario order.
    pub fn allowed_fronts(&self, faction: FactionIdx) -> Vec<FrontIdx> {
        match &self.factions[faction].fronts {
            FrontSet::Any => (0..self.fronts.len()).collect(),
            FrontSet::Only(list) => list.clone(),
        }
    }

    /// The intensities an active order may take.
    pub fn allowed_intensities() -> std::ops::RangeInclusive<u8> {
        1..=MAX_INTENSITY
    }
}
