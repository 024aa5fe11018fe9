//! Risk distribution: how evenly this turn's exposure falls on the members.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::model::Principle;
use super::super::risk::evenness;
use super::super::state::State;
use super::Turn;

/// Risk distribution, a level computed afresh from this turn's exposure; returns the largest
/// single exposure.
pub(super) fn risk_distribution<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) -> f64 {
    let (n, m) = (turn.n, &turn.m);
    let exposure = &m.exposure[..n];
    let label = if m.active > 0 {
        state.meters[Meter::RiskDistribution] = evenness(exposure);
        "spread of this turn's exposure over the members"
    } else {
        "no member exposed this turn: unchanged"
    };
    rec.factor(
        Meter::RiskDistribution,
        label,
        "risk.evenness",
        Principle::RiskDistribution,
        state.meters[Meter::RiskDistribution],
    );
    exposure.iter().copied().fold(0.0, f64::max)
}
