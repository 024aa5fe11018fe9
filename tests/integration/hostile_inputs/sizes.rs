//! Huge files are refused in time.

use super::*;

#[test]
fn scenarios_with_40000_duplicate_entries_are_refused_within_a_second() {
    let _one = one_at_a_time();
    let dir = TempDir::new("many");
    let kinds = [
        (
            "event",
            "\n[[event]]\nid = \"dup\"\ntitle = \"t\"\ntext = \"x\"\nturn = 1\n",
            "duplicate id `dup`",
        ),
        (
            "ladder",
            "\n[[ladder]]\nname = \"rung\"\nfrom = 50.0\n",
            "the escalation ladder needs 1–10 rungs",
        ),
        (
            "week",
            "\n[[week]]\nturn = 1\nnote = \"n\"\n",
            "turn 1 has two entries",
        ),
    ];
    for (kind, entry, says) in kinds {
        let text = with_many(entry);
        let (result, took) = worked(|| scenario::parse("many.toml", &text));
        let d = result.expect_err("refused");
        assert!(took < DEADLINE, "{kind}: checking took {took:?}");
        assert!(
            d.0.iter().any(|d| d.message.contains(says)),
            "{kind}: no {says:?} in\n{d}"
        );
        assert!(
            d.0.len() <= MAX_SHOWN + 1,
            "{kind}: {} diagnostics",
            d.0.len()
        );

        let file = dir.write(&format!("{kind}.toml"), &text);
        let args = ["scenario".as_ref(), "check".as_ref(), file.as_os_str()];
        let (output, took) = run_worked(&args);
        assert_refused_in_time(&args, &output, took);
        assert!(stderr(&output).contains(says), "{kind}");
    }

    // The report names the first problems, then counts the rest.
    let text = with_many(kinds[0].1);
    let d = scenario::parse("many.toml", &text).expect_err("refused");
    let last = d.0.last().expect("diagnostics");
    assert!(
        last.message.starts_with("and ") && last.message.contains("more problems"),
        "{last}"
    );
}

#[test]
fn a_plan_with_40000_entries_is_refused_within_a_second() {
    let _one = one_at_a_time();
    let dir = TempDir::new("plan");
    let text = "[[turn]]\nfrom = 1\norders = []\n".repeat(MANY);
    let loaded = scenario::default_scenario();
    let (result, took) = worked(|| arenas::plan::parse("plan.toml", &text, &loaded.scenario));
    let d = result.expect_err("refused");
    assert!(took < DEADLINE, "checking took {took:?}");
    assert!(d.0[0].message.contains("40000 entries for 12 turns"), "{d}");
    assert!(d.0.len() <= MAX_SHOWN + 1, "{} diagnostics", d.0.len());

    let file = dir.write("plan.toml", &text);
    let args = ["sim".as_ref(), "--plan".as_ref(), file.as_os_str()];
    let (output, took) = run_worked(&args);
    assert_refused_in_time(&args, &output, took);
}
