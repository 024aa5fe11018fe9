//! `arenas handout`: a save standing at the start of a chosen turn, its earlier turns
//! played by a plan and marked as prepared, so that reports count only the students' own.

use std::process::ExitCode;

use super::{Console, Folders, HandoutArgs, INVALID, errln, outln, print_diagnostics, shown};
use arenas_core::game::Game;
use arenas_files::save::{self, CampaignId, Lineage};
use arenas_files::text::clean;
use arenas_files::{plan, scenario};

pub(super) fn run(con: &mut Console, args: &HandoutArgs, folders: &Folders) -> ExitCode {
    if args.out.symlink_metadata().is_ok() {
        errln!(
            con,
            "{}:1:1: error: the file exists already\n  hint: pick a new name; nothing was \
             overwritten",
            shown(&args.out)
        );
        return ExitCode::from(INVALID);
    }
    let loaded = match scenario::resolve(&args.scenario, &folders.scenarios) {
        Ok(l) => l,
        Err(d) => return print_diagnostics(con, &d),
    };
    let sc = &loaded.scenario;
    let turns = sc.calendar.turns;
    if args.until > turns {
        errln!(
            con,
            "error: --until {} is past the scenario's last turn, {turns}\n  hint: give a turn \
             from 1 to {turns}",
            args.until
        );
        return ExitCode::from(INVALID);
    }
    let schedule = match &args.plan {
        Some(path) => match plan::load_file(path, sc) {
            Ok(s) => s,
            Err(d) => return print_diagnostics(con, &d),
        },
        None => sc.historical_course(),
    };
    let mut game = Game::new(sc.clone(), args.seed);
    while game.state().turn < args.until {
        if let Some(outcome) = game.state().outcome {
            errln!(
                con,
                "error: the campaign ended in turn {} ({}), before turn {}\n  hint: choose an \
                 earlier --until, another --seed or another plan",
                game.turns.len(),
                outcome.name(),
                args.until
            );
            return ExitCode::from(INVALID);
        }
        let orders = schedule.turn(game.state().turn).to_vec();
        if let Err(e) = game.commit(orders) {
            errln!(con, "error: turn {}: {e}", game.state().turn);
            return ExitCode::from(INVALID);
        }
    }
    if let Some(outcome) = game.state().outcome {
        errln!(
            con,
            "error: the campaign ended in turn {} ({}), before turn {}\n  hint: choose an \
             earlier --until, another --seed or another plan",
            game.turns.len(),
            outcome.name(),
            args.until
        );
        return ExitCode::from(INVALID);
    }
    let unit = sc.calendar.unit();
    let name = args.name.clone().unwrap_or_else(|| {
        format!(
            "{} handout from {}, {} (seed {})",
            sc.meta.id,
            unit.title(args.until).to_lowercase(),
            sc.calendar.date_of(args.until),
            args.seed
        )
    });
    // The same handout is the same campaign: its id comes from its seed and name.
    let lineage = Lineage {
        campaign: CampaignId::derived("prep", args.seed, &name),
        prepared: args.until - 1,
        classwork: Default::default(),
    };
    match save::save(
        &args.out,
        &game,
        &lineage,
        &loaded.doc,
        &name,
        save::Replace::No,
    ) {
        Ok(()) => {
            outln!(
                con,
                "{}: written: `{}` standing at the start of {} ({}), seed {}; {} prepared \
                 turns, left out of the students' statistics in reports. Students resume it \
                 with `arenas play --load {}`",
                shown(&args.out),
                clean(&sc.meta.id),
                unit.title(args.until).to_lowercase(),
                sc.calendar.date_of(args.until),
                args.seed,
                lineage.prepared,
                shown(&args.out)
            );
            ExitCode::SUCCESS
        }
        Err(e) => print_diagnostics(con, &save::write_error(&args.out, e)),
    }
}
