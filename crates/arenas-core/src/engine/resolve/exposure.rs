//! Exposure: how evenly this turn's exposure falls on the members (the risk distribution),
//! and the exposure the adversary remembers of each member.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::risk::evenness;
use super::super::state::State;
use super::super::vocabulary::Principle;
use super::Turn;

/// Risk distribution, a level computed afresh from this turn's exposure; and each member's
/// remembered exposure, which retaliation reads.
pub(super) fn risk_distribution<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let (n, m) = (turn.n, turn.m);
    let exposure = &m.exposure[..n];
    let label = if m.active != 0 {
        state.meters[Meter::RiskDistribution] = evenness(exposure);
        "spread of this turn's exposure over the members"
    } else {
        "no member exposed this turn: unchanged"
    };
    if R::ENABLED {
        rec.factor(
            Meter::RiskDistribution,
            label,
            "risk.evenness",
            Principle::RiskDistribution,
            state.meters[Meter::RiskDistribution],
            m.active,
        );
    }
    let memory = turn.model.retaliation.memory;
    for (stock, now) in state.exposure.iter_mut().zip(exposure) {
        *stock = *stock * memory + now;
    }
}
