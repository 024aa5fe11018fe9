//! The turn's random draws, taken all at once at the start of the turn: the same number
//! every turn, so the stream never depends on what the orders were.

use rand::Rng;

use crate::engine::MAX_FACTIONS;

/// A standard normal draw, approximated by the sum of four uniforms cut from one 64-bit
/// word (Irwin–Hall, rescaled to mean 0 and variance 1). Its tails stop at ±3.46, so no
/// single turn is freakish, and it needs no transcendental function: cheap, and the same
/// bits on every machine.
pub(super) fn normal<G: Rng>(rng: &mut G) -> f64 {
    let word: u64 = rng.random();
    let sum: f64 = (0..4)
        .map(|i| ((word >> (16 * i)) & 0xffff) as f64 / 65_536.0)
        .sum();
    (sum - 2.0) * 3.0f64.sqrt()
}

/// Two uniforms on [0, 1) cut from one 64-bit word (32 bits each: plenty for a draw against
/// a probability).
fn pair<G: Rng>(rng: &mut G) -> (f64, f64) {
    let word: u64 = rng.random();
    let scale = 1.0 / 4_294_967_296.0;
    (
        (word >> 32) as f64 * scale,
        (word & 0xffff_ffff) as f64 * scale,
    )
}

/// A multiplicative shock with mean 1 and spread `sigma` (lognormal).
pub(super) fn shock(z: f64, sigma: f64) -> f64 {
    super::exp(sigma * z - 0.5 * sigma * sigma)
}

/// Everything random in a turn before its check phase.
pub(super) struct Draws {
    /// Whether each member carries out its order (uniform 0–1).
    pub(super) comply: [f64; MAX_FACTIONS],
    /// Whether a member left to bleed acts on its own (uniform 0–1).
    pub(super) alone: [f64; MAX_FACTIONS],
    /// The operation's toll this turn (standard normal).
    pub(super) operation: f64,
    /// The operation's drift (standard normal).
    pub(super) drift: f64,
    /// The humanitarian toll's effect on pressure (standard normal).
    pub(super) humanitarian: f64,
    /// What US pressure gains (standard normal).
    pub(super) us_pressure: f64,
    /// Retaliation (standard normal).
    pub(super) retaliation: f64,
    /// The check phase: climb and stand-down on each US track, miscalculation, ceasefire.
    pub(super) climb: [f64; 2],
    pub(super) stand_down: [f64; 2],
    pub(super) miscalculation: f64,
    pub(super) ceasefire: f64,
}

impl Draws {
    /// Takes a turn's draws for `n` members.
    pub(super) fn take<G: Rng>(rng: &mut G, n: usize) -> Draws {
        let mut comply = [0.0; MAX_FACTIONS];
        let mut alone = [0.0; MAX_FACTIONS];
        for i in 0..n {
            (comply[i], alone[i]) = pair(rng);
        }
        let (climb_forces, climb_escalation) = pair(rng);
        let (down_forces, down_escalation) = pair(rng);
        let (miscalculation, ceasefire) = pair(rng);
        Draws {
            comply,
            alone,
            operation: normal(rng),
            drift: normal(rng),
            humanitarian: normal(rng),
            us_pressure: normal(rng),
            retaliation: normal(rng),
            climb: [climb_forces, climb_escalation],
            stand_down: [down_forces, down_escalation],
            miscalculation,
            ceasefire,
        }
    }
}
