//! Turn resolution: orders → meters → draws → end conditions → next brief.
//!
//! Every formula reads its coefficients from the scenario's model; every contribution to a
//! meter goes through the [`Recorder`] with the rule it comes from.

use rand::Rng;

use super::explain::{Happening, Recorder};
use super::meters::{Meter, Meters, Origin};
use super::model::{
    Claim, Condition, Effects, Gauge, MAX_EVENTS, MAX_FACTIONS, MAX_FRONTS, MAX_INTENSITY, Order,
    Outcome, Principle, Rule, Scenario, Task,
};
use super::risk::evenness;
use super::state::State;

/// A meter being changed: its contributions are summed, then clamped to its scale once.
struct Tally {
    meter: Option<Meter>,
    sum: f64,
}

impl Tally {
    fn new(meter: Meter) -> Tally {
        Tally {
            meter: Some(meter),
            sum: 0.0,
        }
    }

    /// A tally that records nothing (capacity of members other than the focus).
    fn silent() -> Tally {
        Tally {
            meter: None,
            sum: 0.0,
        }
    }

    fn add<R: Recorder>(
        &mut self,
        rec: &mut R,
        label: &str,
        rule: &str,
        principle: Principle,
        value: f64,
    ) {
        self.sum += value;
        if R::ENABLED
            && value != 0.0
            && let Some(m) = self.meter
        {
            rec.factor(m, label, rule, principle, value);
        }
    }

    fn rule<R: Recorder>(
        &mut self,
        rec: &mut R,
        label: &str,
        rule_id: &str,
        rule: &Rule,
        amount: f64,
    ) {
        self.add(rec, label, rule_id, rule.principle, rule.weight * amount);
    }

    /// Applies the sum to `value`, clamped to `0..=max`, recording the clamp as a factor.
    fn settle<R: Recorder>(self, rec: &mut R, value: &mut f64, max: f64) {
        let raw = *value + self.sum;
        let clamped = raw.clamp(0.0, max);
        if let Some(m) = self.meter
            && clamped != raw
        {
            rec.factor(
                m,
                "limit of the scale",
                "bounds",
                Principle::External,
                clamped - raw,
            );
        }
        *value = clamped;
    }
}

/// Starts a campaign: the initial state, after the brief of turn 1.
pub fn start<R: Recorder, G: Rng>(scenario: &Scenario, rng: &mut G, rec: &mut R) -> State {
    let init = &scenario.initial;
    let n = scenario.factions.len();
    let mut state = State {
        turn: 1,
        meters: Meters::default(),
        capacity: scenario.factions.iter().map(|f| f.capacity).collect(),
        tension: scenario.fronts.iter().map(|f| f.tension).collect(),
        us_rung: 0,
        us_posture: init.us_posture,
        us_harm: 0.0,
        operation: init.operation,
        last_act: vec![None; n],
        streak: vec![0; n],
        fired: 0,
        outcome: None,
    };
    for &(meter, value) in &init.meters.0 {
        state.meters[meter] = value;
    }
    state.sync_focus(scenario);
    state.meters[Meter::UsIntervention] = us_probability(
        scenario,
        &UsInputs::at_rest(&state),
        &mut super::explain::Silent,
    );
    brief(scenario, &mut state, rng, rec);
    state
}

/// What this turn's orders add up to, measured in one pass over them.
#[derive(Default)]
struct Measures {
    /// Effective intensity of each faction: intensity share × capacity share, 0–1.
    effect: [f64; MAX_FACTIONS],
    /// Exposure of each faction: effect × visibility, lowered by deniability.
    exposure: [f64; MAX_FACTIONS],
    /// Push of each front's orders on its tension.
    front_push: [f64; MAX_FRONTS],
    /// Patron resupply sent to each front.
    resupply: [f64; MAX_FRONTS],
    active: usize,
    push: f64,
    deniable: f64,
    traced: f64,
    novel: f64,
    pattern: f64,
    harm: f64,
    watched: f64,
    diversion: f64,
    strain: f64,
    support: f64,
}

impl Measures {
    /// Measures `orders`, writing into `valid` the orders that count (the rest hold).
    fn of(
        scenario: &Scenario,
        state: &State,
        orders: &[Order],
        valid: &mut [Order; MAX_FACTIONS],
    ) -> Measures {
        let mut m = Measures::default();
        let focus_front = scenario.focus_front();
        let claimed_share = scenario.model.ambiguity.claimed_share;
        for (i, f) in scenario.factions.iter().enumerate() {
            let order = orders.get(i).copied().unwrap_or(Order::HOLD);
            let usable = order.is_active() && scenario.check_order(i, &order).is_ok();
            if !usable {
                continue;
            }
            valid[i] = order;
            let t = scenario.model.tasks.get(order.task);
            let front = &scenario.fronts[order.front];
            let e = f64::from(order.intensity)
                * state.capacity[i]
                * (1.0 / (100.0 * MAX_INTENSITY as f64));
            if e <= 0.0 {
                continue;
            }
            let link = f.public_link;
            let (deniability, traced) = match order.claim {
                Claim::Claimed => (1.0, link + (1.0 - link) * claimed_share),
                Claim::Deniable => {
                    m.deniable += e * f.autonomy * (1.0 - link);
                    (1.0 - f.autonomy * (1.0 - link), link)
                }
            };
            m.effect[i] = e;
            m.exposure[i] = e * t.visibility * deniability;
            m.active += 1;
            m.traced += e * t.visibility * traced;
            if state.repeats(i, &order) {
                m.pattern += e * f64::from(state.streak[i].min(3)) / 3.0;
            } else {
                m.novel += 1.0;
            }
            m.push += e * t.ladder;
            m.front_push[order.front] += e * t.ladder;
            m.harm += e * t.us_harm * front.us_presence;
            m.watched += e * t.threat * f.us_watch;
            m.strain += e * t.ladder * f.domestic_constraint;
            if order.front != focus_front {
                m.diversion += e * t.diversion * front.diversion;
            }
            if f.home != Some(focus_front) {
                m.support += e;
            }
            if order.task == Task::Resupply {
                m.resupply[order.front] += e;
            }
        }
        m
    }
}

/// Resolves one turn in place: applies the orders, runs the check draws, ends the campaign
/// or moves to the next turn and runs its brief. Orders a faction may not give count as
/// holding; a missing order holds.
pub fn step<R: Recorder, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    orders: &[Order],
    rng: &mut G,
    rec: &mut R,
) {
    if state.is_over() {
        return;
    }
    let model = &scenario.model;
    let n = scenario.factions.len();
    let focus_front = scenario.focus_front();
    let mut valid = [Order::HOLD; MAX_FACTIONS];
    let m = Measures::of(scenario, state, orders, &mut valid);
    let orders = &valid[..n];

    // Ambiguity.
    let am = &model.ambiguity;
    let mut t = Tally::new(Meter::Ambiguity);
    t.rule(
        rec,
        "deniable acts by autonomous members",
        "ambiguity.deniable",
        &am.deniable,
        m.deniable,
    );
    t.rule(
        rec,
        "acts traced to Tehran",
        "ambiguity.attribution",
        &am.attribution,
        -m.traced,
    );
    if m.active >= 2 && n >= 2 {
        let share = (m.active - 1) as f64 / (n - 1) as f64;
        t.rule(
            rec,
            "many actors at once",
            "ambiguity.many_actors",
            &am.many_actors,
            share,
        );
    }
    t.rule(
        rec,
        "unpredictable moves",
        "ambiguity.novelty",
        &am.novelty,
        m.novel / n as f64,
    );
    t.rule(
        rec,
        "repeated patterns learned",
        "ambiguity.pattern",
        &am.pattern,
        -m.pattern,
    );
    t.rule(
        rec,
        "drift toward the baseline",
        "ambiguity.drift",
        &am.drift,
        am.baseline - state.meters[Meter::Ambiguity],
    );
    let ambiguity_before = state.meters[Meter::Ambiguity];
    t.settle(rec, &mut state.meters[Meter::Ambiguity], 100.0);

    // Risk distribution: a level, computed afresh from this turn's exposure.
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
    let max_exposure = exposure.iter().copied().fold(0.0, f64::max);

    // Escalation ladder and front tension.
    let es = &model.escalation;
    let mut t = Tally::new(Meter::Escalation);
    t.rule(
        rec,
        "pressure from this turn's orders",
        "escalation.push",
        &es.push,
        m.push,
    );
    let p = state.meters[Meter::Escalation] / 100.0;
    t.rule(
        rec,
        "restraint lets the ladder settle",
        "escalation.restraint",
        &es.restraint,
        -4.0 * p * (1.0 - p),
    );
    t.settle(rec, &mut state.meters[Meter::Escalation], 100.0);
    for (tension, push) in state.tension.iter_mut().zip(m.front_push) {
        let q = *tension / 100.0;
        *tension = (*tension + es.front_push * push - es.front_decay * 4.0 * q * (1.0 - q))
            .clamp(0.0, 100.0);
    }

    // US intervention: harm to US assets accumulates with memory.
    state.us_harm = state.us_harm * model.us.harm_memory + m.harm;
    let inputs = UsInputs {
        harm: state.us_harm,
        watched: m.watched,
        // The US judges attribution on what it knew when the turn began.
        ambiguity: ambiguity_before,
        escalation: state.meters[Meter::Escalation],
        max_exposure,
        posture: state.us_posture,
    };
    state.meters[Meter::UsIntervention] = us_probability(scenario, &inputs, rec);

    // Israel's operation against the focus front, and members' capacity.
    let cm = &model.capacity;
    let diverted = (cm.diversion.weight * m.diversion).min(cm.max_diversion);
    let restrained =
        (cm.pressure.weight * state.meters[Meter::InternationalPressure] / 100.0).clamp(0.0, 1.0);
    let operation = state.operation;
    let effective_operation = operation * (1.0 - diverted) * (1.0 - restrained);
    for (i, faction) in scenario.factions.iter().enumerate() {
        let mut t = if i == scenario.focus {
            Tally::new(Meter::HamasCapacity)
        } else {
            Tally::silent()
        };
        if faction.home == Some(focus_front) {
            let loss = cm.operation.weight * operation;
            t.add(
                rec,
                "Israel's operation in Gaza",
                "capacity.operation",
                cm.operation.principle,
                -loss,
            );
            t.add(
                rec,
                "attention diverted by other fronts",
                "capacity.diversion",
                cm.diversion.principle,
                loss * diverted,
            );
            t.add(
                rec,
                "operation restrained by international pressure",
                "capacity.pressure",
                cm.pressure.principle,
                loss * (1.0 - diverted) * restrained,
            );
        }
        if m.effect[i] > 0.0 {
            let attrition = model.tasks.get(orders[i].task).attrition;
            t.rule(
                rec,
                "capacity spent acting",
                "capacity.action",
                &cm.action,
                -m.effect[i] * attrition,
            );
        } else {
            let room = 1.0 - state.capacity[i] / 100.0;
            t.rule(
                rec,
                "standing down to recover",
                "capacity.recovery",
                &cm.recovery,
                room,
            );
        }
        if let (Some(home), Some(_)) = (faction.home, faction.tier) {
            t.rule(
                rec,
                "patron resupply",
                "capacity.resupply",
                &cm.resupply,
                m.resupply[home],
            );
        }
        t.settle(rec, &mut state.capacity[i], 100.0);
    }
    state.sync_focus(scenario);

    // International pressure.
    let pm = &model.pressure;
    let mut t = Tally::new(Meter::InternationalPressure);
    t.rule(
        rec,
        "humanitarian toll of the Gaza operation",
        "pressure.humanitarian",
        &pm.humanitarian,
        operation,
    );
    t.rule(
        rec,
        "axis escalation shifts attention",
        "pressure.axis_escalation",
        &pm.axis_escalation,
        -m.push,
    );
    t.settle(rec, &mut state.meters[Meter::InternationalPressure], 100.0);

    // Axis cohesion.
    let co = &model.cohesion;
    let mut t = Tally::new(Meter::Cohesion);
    let support_share = if co.support_target > 0.0 {
        (m.support / co.support_target).min(1.0)
    } else {
        1.0
    };
    let bleeding = -effective_operation * (1.0 - support_share);
    t.rule(
        rec,
        "Gaza bleeds while others hold back",
        "cohesion.bleeding",
        &co.bleeding,
        bleeding,
    );
    t.rule(
        rec,
        "members pushed against domestic limits",
        "cohesion.domestic",
        &co.domestic,
        -m.strain,
    );
    let unease = -((state.meters[Meter::Escalation] - 50.0) / 50.0).max(0.0);
    t.rule(
        rec,
        "Tehran's unease at the ladder",
        "cohesion.tehran",
        &co.tehran,
        unease,
    );
    t.rule(
        rec,
        "members acting together",
        "cohesion.collective",
        &co.collective,
        m.active as f64 / n as f64,
    );
    t.rule(
        rec,
        "patron support for Gaza",
        "cohesion.resupply",
        &co.resupply,
        m.resupply[focus_front],
    );
    t.settle(rec, &mut state.meters[Meter::Cohesion], 100.0);

    // Remember acts for novelty and patterns.
    for (i, o) in orders.iter().enumerate() {
        if o.is_active() {
            state.streak[i] = if state.repeats(i, o) {
                state.streak[i].saturating_add(1)
            } else {
                1
            };
            state.last_act[i] = Some((o.front, o.task));
        } else {
            state.streak[i] = 0;
        }
    }

    check(scenario, state, rng, rec);
}

/// What the US weighs when deciding whether to intervene.
struct UsInputs {
    harm: f64,
    watched: f64,
    ambiguity: f64,
    escalation: f64,
    max_exposure: f64,
    posture: f64,
}

impl UsInputs {
    fn at_rest(state: &State) -> UsInputs {
        UsInputs {
            harm: state.us_harm,
            watched: 0.0,
            ambiguity: state.meters[Meter::Ambiguity],
            escalation: state.meters[Meter::Escalation],
            max_exposure: 0.0,
            posture: state.us_posture,
        }
    }
}

/// The US intervention probability in percent, recorded as a composition of named factors.
///
/// The logistic terms are converted to percentage points in proportion to their share of
/// the logit, so the factors keep their sign and add up exactly.
fn us_probability<R: Recorder>(scenario: &Scenario, x: &UsInputs, rec: &mut R) -> f64 {
    let us = &scenario.model.us;
    let terms: [(&str, &str, &Rule, f64); 6] = [
        (
            "harm to US assets (with memory)",
            "us.harm",
            &us.harm,
            x.harm,
        ),
        (
            "escalation by closely watched members",
            "us.watched_escalation",
            &us.watched_escalation,
            x.watched,
        ),
        (
            "attribution to Iran",
            "us.attribution",
            &us.attribution,
            1.0 - x.ambiguity / 100.0,
        ),
        (
            "height of the escalation ladder",
            "us.ladder",
            &us.ladder,
            x.escalation / 100.0,
        ),
        (
            "exposure concentrated on one member",
            "us.concentration",
            &us.concentration,
            x.max_exposure,
        ),
        ("US deterrent posture", "us.posture", &us.posture, x.posture),
    ];
    let base = us.base.clamp(1e-6, 1.0 - 1e-6);
    let dz: f64 = terms.iter().map(|(_, _, r, x)| r.weight * x).sum();
    // The logistic function shifted so that dz = 0 gives the base probability.
    let p = 100.0 * base / (base + (1.0 - base) * libm::exp(-dz));
    if !R::ENABLED {
        return p;
    }
    let p0 = 100.0 * base;
    rec.factor(
        Meter::UsIntervention,
        "base probability",
        "us.base",
        Principle::UsRedLine,
        p0,
    );
    let per_logit = if dz.abs() > 1e-12 { (p - p0) / dz } else { 0.0 };
    for (label, id, rule, x) in terms {
        let value = rule.weight * x * per_logit;
        if value != 0.0 {
            rec.factor(Meter::UsIntervention, label, id, rule.principle, value);
        }
    }
    p
}

/// Check phase: US response, miscalculation and ceasefire draws, then end conditions.
fn check<R: Recorder, G: Rng>(scenario: &Scenario, state: &mut State, rng: &mut G, rec: &mut R) {
    let model = &scenario.model;
    // Four draws every turn, used or not, so the stream never depends on the branch taken.
    let us_draw: f64 = rng.random();
    let stand_down_draw: f64 = rng.random();
    let miscalculation_draw: f64 = rng.random();
    let ceasefire_draw: f64 = rng.random();

    let top = scenario.us_ladder.len() as u8;
    if us_draw < state.meters[Meter::UsIntervention] / 100.0 && state.us_rung < top {
        state.us_rung += 1;
        rec.happened(Happening::UsClimb(state.us_rung));
        let rung = &scenario.us_ladder[usize::from(state.us_rung) - 1];
        apply_effects(scenario, state, &rung.effects, &rung.name, "us.ladder", rec);
    } else if state.us_rung > 0
        && state.meters[Meter::UsIntervention] / 100.0 < model.us.stand_down_below
        && stand_down_draw < model.us.stand_down
    {
        state.us_rung -= 1;
        rec.happened(Happening::UsStandDown(state.us_rung));
    }

    let hottest = (0..state.tension.len())
        .max_by(|&a, &b| state.tension[a].total_cmp(&state.tension[b]))
        .unwrap_or(0);
    let hottest_tension = state.tension.get(hottest).copied().unwrap_or(0.0);
    let miscalculation = model.draws.miscalculation.weight * state.meters[Meter::Escalation]
        / 100.0
        * hottest_tension
        / 100.0;
    if miscalculation_draw < miscalculation {
        rec.happened(Happening::Miscalculation(hottest));
        let jump = model.draws.miscalculation_jump;
        let mut effects = Effects {
            tension: vec![(hottest, 2.0 * jump)],
            ..Effects::default()
        };
        effects.meters[Meter::Escalation] = jump;
        apply_effects(
            scenario,
            state,
            &effects,
            "miscalculation",
            "draws.miscalculation",
            rec,
        );
    }

    let floor = model.draws.ceasefire_floor;
    let ceasefire_chance = if floor < 100.0 {
        model.draws.ceasefire.weight
            * ((state.meters[Meter::InternationalPressure] - floor) / (100.0 - floor)).max(0.0)
    } else {
        0.0
    };
    let ceasefire = ceasefire_draw < ceasefire_chance;

    let v = &scenario.victory;
    let capacity = state.meter(Meter::HamasCapacity);
    let outcome = if top > 0 && state.us_rung >= top {
        Some(Outcome::UsDirectConfrontation)
    } else if state.meters[Meter::Escalation] >= v.regional_war {
        Some(Outcome::RegionalWar)
    } else if state.meters[Meter::Cohesion] <= v.cohesion_fracture {
        Some(Outcome::AxisFractured)
    } else if capacity <= v.capacity_collapse {
        Some(Outcome::HamasDegraded)
    } else if ceasefire {
        rec.happened(Happening::Ceasefire);
        Some(if capacity >= v.capacity_preserved {
            Outcome::CeasefirePreserved
        } else {
            Outcome::CeasefireDegraded
        })
    } else if state.turn >= scenario.calendar.turns {
        Some(Outcome::Stalemate)
    } else {
        None
    };
    match outcome {
        Some(o) => {
            state.outcome = Some(o);
            rec.happened(Happening::End(o));
        }
        None => {
            state.turn += 1;
            brief(scenario, state, rng, rec);
        }
    }
}

/// Brief phase: fires the scenario events due this turn.
fn brief<R: Recorder, G: Rng>(scenario: &Scenario, state: &mut State, rng: &mut G, rec: &mut R) {
    let count = scenario.events.len().min(MAX_EVENTS);
    let all = if count == MAX_EVENTS {
        u128::MAX
    } else {
        (1u128 << count) - 1
    };
    let mut pending = all & !state.fired;
    while pending != 0 {
        let i = pending.trailing_zeros() as usize;
        pending &= pending - 1;
        let event = &scenario.events[i];
        if event.turn.is_some_and(|t| t != state.turn)
            || !event.when.iter().all(|c| holds(state, c))
        {
            continue;
        }
        if event.chance < 1.0 && rng.random::<f64>() >= event.chance {
            continue;
        }
        state.fired |= 1u128 << i;
        rec.happened(Happening::Event(i));
        apply_effects(
            scenario,
            state,
            &event.effects,
            &event.title,
            &event.id,
            rec,
        );
    }
}

fn holds(state: &State, c: &Condition) -> bool {
    let value = match c.gauge {
        Gauge::Meter(m) => state.meter(m),
        Gauge::UsRung => f64::from(state.us_rung),
        Gauge::UsPosture => state.us_posture,
        Gauge::Operation => state.operation,
    };
    c.above.is_none_or(|a| value > a) && c.below.is_none_or(|b| value < b)
}

fn apply_effects<R: Recorder>(
    scenario: &Scenario,
    state: &mut State,
    e: &Effects,
    label: &str,
    rule: &str,
    rec: &mut R,
) {
    let p = Principle::External;
    for (meter, delta) in e.meters.iter() {
        if delta != 0.0 && meter.info().origin == Origin::Stock {
            let mut t = Tally::new(meter);
            t.add(rec, label, rule, p, delta);
            t.settle(rec, &mut state.meters[meter], meter.full_scale());
        }
    }
    state.us_posture = (state.us_posture + e.us_posture).clamp(0.0, 1.0);
    state.operation = (state.operation + e.operation).clamp(0.0, 1.0);
    for &(front, delta) in &e.tension {
        if let Some(t) = state.tension.get_mut(front) {
            *t = (*t + delta).clamp(0.0, 100.0);
        }
    }
    for &(faction, delta) in &e.capacity {
        if faction >= state.capacity.len() {
            continue;
        }
        let mut t = if faction == scenario.focus {
            Tally::new(Meter::HamasCapacity)
        } else {
            Tally::silent()
        };
        t.add(rec, label, rule, p, delta);
        t.settle(rec, &mut state.capacity[faction], 100.0);
    }
    state.sync_focus(scenario);
}
