//! The instructor's HTML class report: one page for a class of 30 saves, as
//! `arenas report --format html` builds it once the saves are read. Target: under 1 s
//! (the page runs the scenario's reference forecasts once, then draws each save).

use std::hint::black_box;

use arenas::save::{self, Saved};
use criterion::{Criterion, criterion_group, criterion_main};

/// The saves shipped with the project (campaigns in progress) and a finished one, repeated
/// under new file names to make a class of 30.
fn class() -> Vec<(String, Saved)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("saves");
    let mut shipped: Vec<Saved> = std::fs::read_dir(&dir)
        .expect("the saves folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .chain([root.join("tests/golden/finished-v3.toml")])
        .filter_map(|path| save::load_file(&path).ok())
        .collect();
    shipped.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!shipped.is_empty(), "no save in {}", dir.display());
    (0..30)
        .map(|i| {
            let saved = shipped[i % shipped.len()].clone();
            (format!("pair-{:02}.toml", i + 1), saved)
        })
        .collect()
}

fn report(c: &mut Criterion) {
    let saves = class();
    let files = arenas::class_summary::ClassFiles {
        given: saves.len(),
        ..Default::default()
    };
    let mut group = c.benchmark_group("report_html");
    group.sample_size(10);
    group.bench_function("class_of_30", |b| {
        b.iter(|| {
            black_box(arenas::html_report::class_page(
                black_box(&saves),
                files.clone(),
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
