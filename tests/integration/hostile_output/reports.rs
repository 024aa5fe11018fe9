//! Reports neutralise formulas and show markup as text.

use super::*;

#[test]
fn reports_neutralise_formulas_and_show_markup_as_text() {
    let dir = TempDir::new("formulas");
    let names = [
        "=HYPERLINK(\"http://example.com/x\",\"open\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
    ];
    let saves: Vec<PathBuf> = names
        .iter()
        .enumerate()
        .map(|(i, name)| formula_save(&dir, &format!("s{i}.toml"), name))
        .collect();

    let csv = arenas(&[
        &"report",
        &"--format",
        &"csv",
        &saves[0],
        &saves[1],
        &saves[2],
        &saves[3],
    ]);
    assert_exit(&csv, 0);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let header = reader.headers().expect("a header").clone();
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            header
                .iter()
                .map(String::from)
                .zip(r.expect("a record").iter().map(String::from))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4);
    for (row, name) in rows.iter().zip(names) {
        assert_eq!(row["name"], format!("'{name}"), "{row:?}");
        // Numbers stay numbers.
        for column in [
            "turns",
            "deniable_share",
            "escalation_0_100",
            "us_entry_pct",
            "total_intensity",
        ] {
            assert!(row[column].parse::<f64>().is_ok(), "{column}: {row:?}");
        }
    }

    let class = arenas(&[&"report", &saves[0], &saves[1]]);
    assert_exit(&class, 0);
    let class = stdout(&class);
    // Every row of every table has as many cells as its header.
    let mut width = None;
    for line in class.lines() {
        if !line.starts_with("| ") {
            width = None;
            continue;
        }
        let w = *width.get_or_insert(cells(line).len());
        assert_eq!(cells(line).len(), w, "{line}");
    }

    let debrief = arenas(&[&"report", &saves[0]]);
    assert_exit(&debrief, 0);
    let md = stdout(&debrief);
    assert!(!md.contains('<') && !md.contains('>'), "raw HTML:\n{md}");
    assert!(
        md.starts_with(
            "# Debrief: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; — "
        ),
        "{md}"
    );
    assert!(md.contains("a\\|b: "), "{md}");
    let week_rows: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| Week | Date |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(week_rows.len(), 2 + 3, "{md}");
    for row in week_rows {
        assert_eq!(cells(row).len(), 5, "{row}");
    }
}
