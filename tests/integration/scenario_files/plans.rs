//! Plan files: located errors, budgets, turns, claims.

use super::*;

#[test]
fn plan_with_unknown_faction_names_the_turn() {
    let text = plan_with(
        "{ faction = \"hamaz\", front = \"gaza\", task = \"signal\", intensity = 1, claim = \"claimed\" }",
    );
    let d = plan_error(&text);
    assert_diag(
        &d,
        PLAN,
        plan_position(&text, "\"hamaz\""),
        "no faction has id `hamaz`",
    );
    assert!(d.message.starts_with("turn 4: "), "{d}");
}

#[test]
fn plan_with_intensity_7_points_at_the_intensity() {
    let text = plan_with(
        "{ faction = \"hizballah\", front = \"south_lebanon\", task = \"signal\", intensity = 7, claim = \"claimed\" }",
    );
    let d = plan_error(&text);
    assert_diag(
        &d,
        PLAN,
        plan_position(&text, "7, claim"),
        "intensity 7 is out of range",
    );
    assert!(d.message.starts_with("turn 4: "), "{d}");
}

#[test]
fn plan_with_a_task_not_allowed_points_at_the_task() {
    let text = plan_with(
        "{ faction = \"houthis\", front = \"yemen\", task = \"harass_us\", intensity = 1, claim = \"deniable\" }",
    );
    let d = plan_error(&text);
    assert_diag(
        &d,
        PLAN,
        plan_position(&text, "\"harass_us\""),
        "houthis may not use task `harass_us`",
    );
    assert!(d.message.starts_with("turn 4: "), "{d}");
}

#[test]
fn plan_over_budget_names_the_turn_and_the_cost() {
    let s = default_scenario();
    let mut orders = s.all_hold();
    for (faction, front, task) in OVER_BUDGET {
        let f = s
            .faction_index(faction)
            .expect("faction of the default scenario");
        let front = s.front_index(front).expect("front of the default scenario");
        orders[f] = Order {
            front,
            task,
            intensity: 3,
            claim: Claim::Deniable,
        };
        assert!(
            s.check_order(f, &orders[f]).is_ok(),
            "each order on its own is allowed"
        );
    }
    let cost = s.orders_cost(&orders);
    assert!(
        cost > s.model.budget,
        "the test plan must be over budget: {cost} <= {}",
        s.model.budget
    );

    let lines: Vec<String> = OVER_BUDGET
        .iter()
        .map(|(faction, front, task)| {
            format!("  {{ faction = \"{faction}\", front = \"{front}\", task = \"{}\", intensity = 3 }},", task.id())
        })
        .collect();
    let text = format!(
        "[[turn]]\nfrom = 1\norders = []\n\n[[turn]]\nfrom = 3\norders = [\n{}\n]\n",
        lines.join("\n")
    );
    let d = plan_error(&text);
    let message = format!(
        "turn 3: the orders cost {cost} coordination points; the budget is {}",
        s.model.budget
    );
    assert_diag(
        &d,
        PLAN,
        position(&text, "from = 3\norders = [", "["),
        &message,
    );
}

#[test]
fn plan_entries_must_have_increasing_turns() {
    let text = "[[turn]]\nfrom = 5\norders = []\n\n[[turn]]\nfrom = 5\norders = []\n";
    let d = plan_error(text);
    let at = position(text, "orders = []\n\n[[turn]]\nfrom = 5", "5");
    assert_diag(&d, PLAN, at, "increasing `from`");

    let text = "[[turn]]\nfrom = 6\norders = []\n\n[[turn]]\nfrom = 2\norders = []\n";
    let d = plan_error(text);
    assert_diag(&d, PLAN, plan_position(text, "2"), "increasing `from`");
}

#[test]
fn plan_turns_outside_the_campaign_are_refused() {
    for turn in [0, 13, 99] {
        let text = format!("[[turn]]\nfrom = {turn}\norders = []\n");
        let d = plan_error(&text);
        let at = position(&text, &format!("from = {turn}"), &turn.to_string());
        assert_diag(
            &d,
            PLAN,
            at,
            &format!("turn {turn} is outside the campaign (1–12)"),
        );
    }
}

#[test]
fn plan_syntax_errors_are_diagnostics() {
    for text in [
        "",
        "[[turn]]\nfrom = \"one\"\n",
        "[[turn]\nfrom = 1\n",
        "\u{0}\u{fffd}garbage",
    ] {
        let d = plan_errors(text).remove(0);
        assert_eq!(d.file, PLAN);
        assert!(d.line >= 1 && d.column >= 1 && d.hint.is_some(), "{d}");
    }
}

#[test]
fn the_patron_cannot_claim_or_deny_its_acts() {
    let text = "[[turn]]\nfrom = 1\norders = [\n  { faction = \"quds_force\", front = \"gaza\", \
                task = \"resupply\", intensity = 1, claim = \"claimed\" },\n]\n";
    let d = plan_errors(text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("always traced to Tehran"), "{d:?}");
    // Left out, the claim is the default and the order stands.
    let ok = text.replace(", claim = \"claimed\"", "");
    assert!(arenas::plan::parse(PLAN, &ok, &default_scenario()).is_ok());
}

#[test]
fn a_member_with_no_tasks_but_hold_lists_hold_alone() {
    let text = edited(
        "tasks = [\"signal\", \"harass_us\", \"long_range\", \"escalate\"]",
        "tasks = []",
    );
    let all = scenario_errors(&text);
    let task = all
        .iter()
        .find(|d| d.message.contains("iraqi_militias may not use task"))
        .unwrap_or_else(|| panic!("no task problem among:\n{}", list(&all)));
    assert!(task.message.ends_with("allowed: hold"), "{task}");
}
