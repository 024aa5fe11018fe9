//! The engine's vocabulary: the small types and bounds every part of it names — indices
//! of fronts and factions, claims, the principles rules illustrate, outcomes, the US
//! tracks. It uses nothing else of the engine, so the files that need these words do not
//! depend on each other through it.

use serde::{Deserialize, Serialize};

/// Index of a front in `Scenario::fronts`.
pub type FrontIdx = usize;
/// Index of a faction in `Scenario::factions`.
pub type FactionIdx = usize;

/// Most fronts a scenario may define.
pub const MAX_FRONTS: usize = 16;
/// Most factions a scenario may define.
pub const MAX_FACTIONS: usize = 16;
/// Most events a scenario may define (each fires at most once, tracked in a bit set).
pub const MAX_EVENTS: usize = 128;
/// Most turns a campaign may last.
pub const MAX_TURNS: u16 = 104;
/// Highest order intensity.
pub const MAX_INTENSITY: u8 = 3;

keyed_enum! {
    /// Whether an act is owned publicly.
    Claim {
        /// Publicly owned.
        Claimed = "claimed",
        /// Left unattributed.
        Deniable = "deniable",
    }
}

keyed_enum! {
    /// The operations room's principles and constraints, which every rule illustrates.
    Principle {
        /// Deterrence through limited engagements.
        Deterrence = "deterrence",
        /// Ambiguity in retaliation.
        Ambiguity = "ambiguity",
        /// Collective action in critical periods.
        CollectiveAction = "collective_action",
        /// Task allocation by threat.
        TaskAllocation = "task_allocation",
        /// Risk distribution among members.
        RiskDistribution = "risk_distribution",
        /// A direct clash with the US is an existential threat for Iran.
        UsRedLine = "us_red_line",
        /// Hizballah fears a domestic backlash in Lebanon.
        DomesticBacklash = "domestic_backlash",
        /// Voices in Tehran warn against being dragged into war.
        TehranCaution = "tehran_caution",
        /// Hamas expects more help as it is degraded.
        HamasExpectations = "hamas_expectations",
        /// Forces outside the room's control: Israel, the US, the wider world.
        External = "external",
    }
}

keyed_enum! {
    /// How a campaign ends.
    Outcome {
        /// Ceasefire with the focus member's capacity above the threshold.
        CeasefirePreserved = "ceasefire_preserved",
        /// Ceasefire after the focus member was worn down.
        CeasefireDegraded = "ceasefire_degraded",
        /// The focus member's capacity collapsed before any ceasefire.
        HamasDegraded = "hamas_degraded",
        /// The US reached the top of its response ladder.
        UsDirectConfrontation = "us_direct_confrontation",
        /// The escalation ladder reached its top.
        RegionalWar = "regional_war",
        /// Axis cohesion broke.
        AxisFractured = "axis_fractured",
        /// The turn limit came with none of the above.
        Stalemate = "stalemate",
    }
}

impl Principle {
    /// The principle as the room states it.
    pub fn statement(self) -> &'static str {
        match self {
            Principle::Deterrence => "Deterrence through limited engagements",
            Principle::Ambiguity => "Ambiguity in retaliation",
            Principle::CollectiveAction => "Collective action in critical periods",
            Principle::TaskAllocation => "Task allocation by threat",
            Principle::RiskDistribution => "Risk distribution among members",
            Principle::UsRedLine => "A direct clash with the US is an existential threat",
            Principle::DomesticBacklash => "Hizballah fears a domestic backlash in Lebanon",
            Principle::TehranCaution => "Voices in Tehran warn against being dragged into war",
            Principle::HamasExpectations => "Hamas expects more help as it is degraded",
            Principle::External => "Forces outside the room's control",
        }
    }
}

impl Outcome {
    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::CeasefirePreserved => "Ceasefire, capacity preserved",
            Outcome::CeasefireDegraded => "Ceasefire, capacity degraded",
            Outcome::HamasDegraded => "Hamas degraded",
            Outcome::UsDirectConfrontation => "US direct confrontation",
            Outcome::RegionalWar => "Regional war",
            Outcome::AxisFractured => "Axis fractured",
            Outcome::Stalemate => "Stalemate",
        }
    }

    /// Whether the outcome is one of the catastrophes the room exists to avoid.
    pub fn is_catastrophe(self) -> bool {
        matches!(self, Outcome::UsDirectConfrontation | Outcome::RegionalWar)
    }
}

keyed_enum! {
    /// The two tracks of the US response.
    UsTrack {
        /// The answer to harm against US forces: warnings, strikes on militias.
        Forces = "forces",
        /// The answer to escalation against Israel and to Tehran's visibility: strikes on
        /// Hizballah, direct confrontation.
        Escalation = "escalation",
    }
}

impl UsTrack {
    /// The track's name in sentences and headings ("Escalation track").
    pub fn name(self) -> &'static str {
        match self {
            UsTrack::Forces => "Forces track",
            UsTrack::Escalation => "Escalation track",
        }
    }

    /// The track's name where room is tight ("Escalation").
    pub fn short(self) -> &'static str {
        match self {
            UsTrack::Forces => "Forces",
            UsTrack::Escalation => "Escalation",
        }
    }
}
