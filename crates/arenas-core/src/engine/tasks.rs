//! The tasks members may be given: one table says what each is called, how it is marked on
//! the map and what it does; the scenario's `[model.tasks]` says how strongly.
//!
//! Adding a task is one [`Task`] variant, one [`TASKS`] row, one [`TaskTable`] field (with
//! a migration step giving old files its coefficients) and the rules that read it.

use serde::{Deserialize, Serialize};

keyed_enum! {
    /// What a faction does this turn.
    Task {
        /// Stand down and recover.
        Hold = "hold",
        /// Rhetoric and mobilisation.
        Signal = "signal",
        /// Calibrated pressure on military positions of a front.
        LimitedStrike = "limited_strike",
        /// Pressure on US positions.
        HarassUs = "harass_us",
        /// Distant launches.
        LongRange = "long_range",
        /// Patron support to the members whose home front is the order's front.
        Resupply = "resupply",
        /// Open a front fully.
        Escalate = "escalate",
    }
}

/// Everything the game says about one task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskInfo {
    pub task: Task,
    /// Human name.
    pub name: &'static str,
    /// Name for tight places (at most 10 columns).
    pub short: &'static str,
    /// Mark on the map, followed by the intensity (`L2`).
    pub mark: &'static str,
    /// One sentence on what the task does.
    pub meaning: &'static str,
    /// The task in running text, as what a member does: "a limited strike", "opening a
    /// front fully".
    pub act: &'static str,
}

/// The tasks, in the order of [`Task::ALL`].
pub const TASKS: [TaskInfo; 7] = [
    TaskInfo {
        task: Task::Hold,
        name: "Hold",
        short: "Hold",
        mark: "",
        meaning: "Stand down: no cost, no exposure, and capacity recovers.",
        act: "holding",
    },
    TaskInfo {
        task: Task::Signal,
        name: "Signal",
        short: "Signal",
        mark: "S",
        meaning: "Rhetoric and visible mobilisation: cheap, little diversion, little risk.",
        act: "signalling",
    },
    TaskInfo {
        task: Task::LimitedStrike,
        name: "Limited strike",
        short: "Ltd strike",
        mark: "L",
        meaning: "Calibrated pressure on military positions of a front: diverts Israel's attention.",
        act: "a limited strike",
    },
    TaskInfo {
        task: Task::HarassUs,
        name: "Harass US",
        short: "Harass US",
        mark: "H",
        meaning: "Pressure on US positions in the region: raises the stakes for Washington.",
        act: "harassing US forces",
    },
    TaskInfo {
        task: Task::LongRange,
        name: "Long range",
        short: "Long range",
        mark: "LR",
        meaning: "Distant launches from an outer arena.",
        act: "a long-range launch",
    },
    TaskInfo {
        task: Task::Resupply,
        name: "Resupply",
        short: "Resupply",
        mark: "R",
        meaning: "Patron support to the members whose home front is the order's front.",
        act: "resupply",
    },
    TaskInfo {
        task: Task::Escalate,
        name: "Escalate",
        short: "Escalate",
        mark: "E",
        meaning: "Open a front fully: the strongest diversion and the strongest reactions.",
        act: "opening a front fully",
    },
];

impl Task {
    /// The task's row of [`TASKS`].
    pub fn info(self) -> &'static TaskInfo {
        &TASKS[self as usize]
    }

    /// Human name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Name for tight places (at most 10 columns).
    pub fn short_name(self) -> &'static str {
        self.info().short
    }
}

/// How one task acts on the world, per unit of effective intensity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct TaskModel {
    /// Coordination points per intensity level.
    #[cfg_attr(feature = "schema", schemars(range(max = 1000)))]
    pub cost: u32,
    /// How visible the act is (0–1): scales the member's exposure and the share traced to
    /// Tehran.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub visibility: f64,
    /// Escalation pushed onto the ladder and the order's front.
    pub ladder: f64,
    /// How much the act draws Israel's attention away from the focus front (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub diversion: f64,
    /// Harm to US assets, scaled by the front's US presence.
    pub us_harm: f64,
    /// How much the act alarms Washington when a watched member does it (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub threat: f64,
    /// Capacity the acting member spends (scaled by `capacity.action`).
    pub attrition: f64,
    /// How much the act, sustained and bounded, counts in Washington as pressure to end the
    /// war (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub leverage: f64,
}

const HOLD: TaskModel = TaskModel {
    cost: 0,
    visibility: 0.0,
    ladder: 0.0,
    diversion: 0.0,
    us_harm: 0.0,
    threat: 0.0,
    attrition: 0.0,
    leverage: 0.0,
};

/// Coefficients for every task but hold, one table each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskTable {
    /// Rhetoric and mobilisation.
    pub signal: TaskModel,
    /// Calibrated pressure on military positions of a front.
    pub limited_strike: TaskModel,
    /// Pressure on US positions.
    pub harass_us: TaskModel,
    /// Distant launches.
    pub long_range: TaskModel,
    /// Patron support to the members whose home front is the order's front.
    pub resupply: TaskModel,
    /// Opening a front fully.
    pub escalate: TaskModel,
}

impl TaskTable {
    /// The coefficients of one task; standing down has none, so `hold` gives zeros.
    pub fn get(&self, task: Task) -> &TaskModel {
        match task {
            Task::Hold => &HOLD,
            Task::Signal => &self.signal,
            Task::LimitedStrike => &self.limited_strike,
            Task::HarassUs => &self.harass_us,
            Task::LongRange => &self.long_range,
            Task::Resupply => &self.resupply,
            Task::Escalate => &self.escalate,
        }
    }
}
