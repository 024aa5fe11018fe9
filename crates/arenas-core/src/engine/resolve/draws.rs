//! The turn's random draws, taken all at once at the start of the turn: the same number
//! every turn, so the stream never depends on what the orders were.

use rand::Rng;

use crate::engine::MAX_FACTIONS;

/// A standard normal draw (Box–Muller on two uniforms, clipped at ±3 so that no single
/// turn is freakish).
pub(super) fn normal<G: Rng>(rng: &mut G) -> f64 {
    let u1: f64 = rng.random();
    let u2: f64 = rng.random();
    let r = libm::sqrt(-2.0 * libm::log(1.0 - u1));
    (r * libm::cos(std::f64::consts::TAU * u2)).clamp(-3.0, 3.0)
}

/// A multiplicative shock with mean 1 and spread `sigma` (lognormal).
pub(super) fn shock(z: f64, sigma: f64) -> f64 {
    libm::exp(sigma * z - 0.5 * sigma * sigma)
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
            comply[i] = rng.random();
            alone[i] = rng.random();
        }
        Draws {
            comply,
            alone,
            operation: normal(rng),
            drift: normal(rng),
            humanitarian: normal(rng),
            us_pressure: normal(rng),
            retaliation: normal(rng),
            climb: [rng.random(), rng.random()],
            stand_down: [rng.random(), rng.random()],
            miscalculation: rng.random(),
            ceasefire: rng.random(),
        }
    }
}
