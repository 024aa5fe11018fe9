//! What `arenas balance` prints, and the plan file it writes.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Balance, Plan, Scored};
use arenas_core::engine::{Outcome, Scenario};
use arenas_files::text::clean;

/// Orders that apply from turn `from` until the next entry (active orders only; the other
/// members hold), as in a plan file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    pub from: u16,
    pub orders: Vec<OrderEntry>,
}

/// One member's order, by ids.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrderEntry {
    pub faction: String,
    pub front: String,
    pub task: &'static str,
    pub intensity: u8,
    /// `claimed` or `deniable`; none for a member whose acts are always traced (the
    /// patron), which has no claim to make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<&'static str>,
}

/// A plan's entries: identical consecutive weeks collapsed into one.
pub fn entries(scenario: &Scenario, plan: &Plan) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (t, week) in plan.iter().enumerate() {
        if t > 0 && plan[t - 1] == *week {
            continue;
        }
        let orders: Vec<OrderEntry> = week
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_active())
            .map(|(f, o)| OrderEntry {
                faction: clean(&scenario.factions[f].id),
                front: clean(scenario.fronts.get(o.front).map_or("", |x| &x.id)),
                task: o.task.id(),
                intensity: o.intensity,
                claim: scenario.factions[f].offers_claim().then(|| o.claim.id()),
            })
            .collect();
        // Weeks that differ only in inactive orders read the same.
        if out.last().is_some_and(|e| e.orders == orders) {
            continue;
        }
        out.push(Entry {
            from: u16::try_from(t + 1).unwrap_or(u16::MAX),
            orders,
        });
    }
    out
}

/// A string as a TOML basic string, quotes and escapes included.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The plan file of a scored plan (the format `arenas sim --plan` reads).
pub fn plan_file(balance: &Balance, plan: &Scored) -> String {
    let mut out = format!(
        "# Found by `arenas balance` for scenario `{}` (seed {}, {} evaluations of {} campaigns).\n\
         # {}\n# Re-checked score {:.3} on {} campaigns (seed {}).\n",
        balance.scenario,
        balance.seed,
        balance.evaluations,
        balance.runs,
        balance.formula,
        plan.check.score,
        plan.check.runs,
        plan.check.seed
    );
    for entry in &plan.plan {
        let _ = write!(out, "\n[[turn]]\nfrom = {}\norders = [", entry.from);
        for o in &entry.orders {
            let claim = o
                .claim
                .map_or_else(String::new, |c| format!(", claim = {}", quoted(c)));
            let _ = write!(
                out,
                "\n  {{ faction = {}, front = {}, task = {}, intensity = {}{claim} }},",
                quoted(&o.faction),
                quoted(&o.front),
                quoted(o.task),
                o.intensity,
            );
        }
        out += if entry.orders.is_empty() {
            "]\n"
        } else {
            "\n]\n"
        };
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// The report for people.
pub fn to_text(b: &Balance) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "arenas balance: {} ({})", b.scenario, b.title);
    let _ = writeln!(
        out,
        "search: {} of {} plan evaluations, {} campaigns each (seed {}); budget {} points a turn",
        b.evaluations, b.budget, b.runs, b.seed, b.turn_budget
    );
    let _ = writeln!(
        out,
        "re-check: {} campaigns on a fresh seed ({})",
        b.check_runs, b.check_seed
    );
    let _ = writeln!(out, "{}\n", b.formula);
    let plans: Vec<&Scored> = std::iter::once(&b.best).chain(&b.references).collect();
    outcomes_table(&mut out, &plans);
    out += "\nshape                     ";
    for p in &plans {
        let _ = write!(out, "{:>11}", p.name);
    }
    out += "\n";
    let row = |out: &mut String, label: &str, f: &dyn Fn(&Scored) -> String| {
        let _ = write!(out, "{label:<26}");
        for p in &plans {
            let _ = write!(out, "{:>11}", f(p));
        }
        out.push('\n');
    };
    row(&mut out, "members active per week", &|p| {
        format!("{:.1}/{}", p.shape.active_per_week, p.shape.members)
    });
    row(&mut out, "active orders", &|p| {
        p.shape.active_orders.to_string()
    });
    for (i, level) in ["intensity 1", "intensity 2", "intensity 3"]
        .iter()
        .enumerate()
    {
        row(&mut out, level, &|p| pct(p.shape.intensity_mix[i]));
    }
    row(&mut out, "deniable", &|p| pct(p.shape.deniable_share));
    row(&mut out, "harass_us orders", &|p| {
        p.shape.harassment.orders.to_string()
    });
    row(&mut out, "harass_us mean intensity", &|p| {
        format!("{:.1}", p.shape.harassment.mean_intensity)
    });
    row(&mut out, "repeats last week", &|p| pct(p.shape.repetition));
    row(&mut out, "highest turn cost", &|p| {
        p.shape.max_turn_cost.to_string()
    });
    row(&mut out, "weeks using 80% of points", &|p| {
        format!("{}/{}", p.shape.full_weeks, p.shape.weeks)
    });
    row(&mut out, "weeks with new orders", &|p| {
        format!("{}/{}", p.shape.changes, p.shape.weeks.saturating_sub(1))
    });
    out += "weeks active\n";
    for (i, m) in b.best.shape.exposure.iter().enumerate() {
        row(&mut out, &format!("  {}", m.name), &|p| {
            p.shape
                .exposure
                .get(i)
                .map_or_else(String::new, |m| m.weeks.to_string())
        });
    }
    out += "exposure share (approx.)\n";
    for (i, m) in b.best.shape.exposure.iter().enumerate() {
        row(&mut out, &format!("  {}", m.name), &|p| {
            p.shape
                .exposure
                .get(i)
                .map_or_else(String::new, |m| pct(m.share))
        });
    }
    out += "fronts used (member-weeks)\n";
    for p in &plans {
        let used: Vec<String> = p
            .shape
            .fronts
            .iter()
            .map(|f| format!("{} {}", f.name, f.orders))
            .collect();
        let list = if used.is_empty() {
            "none".to_owned()
        } else {
            used.join(", ")
        };
        let _ = writeln!(out, "  {:<11} {list}", p.name);
    }
    out += "\nbest plan (other members hold)\n";
    let last = b.best.turns.len();
    for (i, entry) in b.best.plan.iter().enumerate() {
        let until = b
            .best
            .plan
            .get(i + 1)
            .map_or(last, |n| usize::from(n.from) - 1);
        let weeks = if usize::from(entry.from) >= until {
            format!("week {}", entry.from)
        } else {
            format!("weeks {}–{until}", entry.from)
        };
        let _ = writeln!(out, "  {weeks}");
        if entry.orders.is_empty() {
            out += "    all hold\n";
        }
        for o in &entry.orders {
            let claim = o.claim.unwrap_or("traced");
            let _ = writeln!(
                out,
                "    {:<16} {:<14} {:<15} {} {claim}",
                o.faction, o.front, o.task, o.intensity
            );
        }
    }
    out
}

fn outcomes_table(out: &mut String, plans: &[&Scored]) {
    let _ = write!(out, "{:<26}", "re-checked");
    for p in plans {
        let _ = write!(out, "{:>11}", p.name);
    }
    out.push('\n');
    let _ = write!(out, "{:<26}", "score");
    for p in plans {
        let _ = write!(out, "{:>11.3}", p.check.score);
    }
    out.push('\n');
    let _ = write!(out, "{:<26}", "score on search campaigns");
    for p in plans {
        let _ = write!(out, "{:>11.3}", p.search_score);
    }
    out.push('\n');
    for o in Outcome::ALL {
        let _ = write!(out, "{:<26}", o.id());
        for p in plans {
            let share = p.check.outcomes.get(o.id()).copied().unwrap_or(0.0);
            let _ = write!(out, "{:>11}", pct(share));
        }
        out.push('\n');
    }
}
