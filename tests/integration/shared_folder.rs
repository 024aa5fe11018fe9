//! Saves in a folder a class shares: campaigns never write over each other, nothing is
//! replaced unasked, planted links are not followed, names keep their letters, and a
//! failed autosave is always shown. Sessions run over the real file system.

use crate::common;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use arenas::save::{self, Minter, Replace};
use arenas::tui::app::{App, Msg, Overlay, Screen};
use arenas::tui::input::{Input, Key, KeyCode};
use arenas::tui::runner::Runner;
use arenas::tui::store::{FsStore, Store};
use arenas::tui::theme::Theme;
use common::TempDir;

fn key(c: char) -> Msg {
    let code = match c {
        '\n' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\x08' => KeyCode::Backspace,
        c => KeyCode::Char(c),
    };
    Msg::Input(Input::Key(Key::from(code)))
}

fn press(session: &mut Runner<FsStore>, keys: &str) {
    for c in keys.chars() {
        session.send(key(c));
    }
}

fn store(dir: &Path) -> FsStore {
    FsStore::new(dir.to_path_buf(), dir.join("no-scenarios"))
}

/// A session resuming the save at `file`, with campaign ids from `ids`.
fn resume(dir: &Path, file: &Path, ids: u64) -> Runner<FsStore> {
    let saved = save::load_file(file).expect("the save loads");
    let store = store(dir);
    let app = App::resuming(Theme::MONO, store.location(), saved).with_id_seed(ids);
    Runner::new(app, store)
}

/// A handout: the default scenario after `weeks` weeks of standing orders, saved in `dir`.
fn handout(dir: &Path, weeks: u16) -> std::path::PathBuf {
    let loaded = arenas::scenario::default_scenario();
    let mut game = arenas::game::Game::new(loaded.scenario.clone(), 7);
    for _ in 0..weeks {
        game.commit(game.standing_orders()).expect("commit");
    }
    let path = dir.join("handout.toml");
    let id = Minter::seeded(99).mint();
    save::save(
        &path,
        &game,
        &save::Lineage::of(id),
        &loaded.doc,
        "handout",
        Replace::No,
    )
    .expect("saved");
    path
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn campaign(session: &Runner<FsStore>) -> save::CampaignId {
    session.app.play().expect("play").campaign.clone()
}

fn status(session: &Runner<FsStore>) -> String {
    session
        .app
        .status
        .as_ref()
        .map_or_else(String::new, |s| s.text.clone())
}

#[test]
fn two_games_resuming_one_save_in_one_folder_keep_two_campaigns() {
    let tmp = TempDir::new("two-games");
    let dir = tmp.dir();
    let handout = handout(dir, 2);
    let original = save::load_file(&handout).expect("loads").campaign;
    let mut a = resume(dir, &handout, 1);
    let mut b = resume(dir, &handout, 2);
    assert_eq!(campaign(&a), original, "resuming keeps the campaign");
    assert_eq!(campaign(&b), original);

    // Pair A commits week 3 as it stands; pair B changes an order first.
    press(&mut a, "c");
    press(&mut b, "\nc");
    assert_eq!(campaign(&a), original);
    assert_ne!(campaign(&b), original, "B moves to a campaign of its own");
    assert!(
        status(&b).contains("Another game continued campaign"),
        "{}",
        status(&b)
    );
    // Both play on; each autosave keeps its own file.
    press(&mut a, "c");
    press(&mut b, "c");
    let saves = store(dir).list_saves();
    assert_eq!(
        saves.len(),
        3,
        "handout and two autosaves: {:?}",
        files(dir)
    );
    let by_campaign = |id: &save::CampaignId| {
        saves
            .iter()
            .map(|e| save::load_file(&e.path).expect("loads"))
            .find(|s| &s.campaign == id && s.name.starts_with("autosave"))
            .expect("an autosave of the campaign")
    };
    let (saved_a, saved_b) = (by_campaign(&campaign(&a)), by_campaign(&campaign(&b)));
    assert_eq!(saved_a.game.turns, a.app.play().expect("a").game.turns);
    assert_eq!(saved_b.game.turns, b.app.play().expect("b").game.turns);
    assert_ne!(saved_a.game.turns[2].orders, saved_b.game.turns[2].orders);
    // The handout is untouched.
    assert_eq!(
        save::load_file(&handout).expect("loads").game.turns.len(),
        2
    );

    // Resuming A's autosave later continues A's file, not a new one.
    let mut again = resume(dir, &saves_path(dir, &campaign(&a)), 3);
    press(&mut again, "c");
    assert_eq!(campaign(&again), campaign(&a));
    assert_eq!(store(dir).list_saves().len(), 3);
}

#[test]
fn pairs_given_one_handout_play_campaigns_of_their_own() {
    let tmp = TempDir::new("one-handout");
    let dir = tmp.dir();
    let file = handout(dir, 2);
    // Mark the handout's two weeks as prepared by the instructor.
    let plain = save::load_file(&file).expect("loads");
    fs::remove_file(&file).expect("remove");
    let lineage = save::Lineage {
        prepared: 2,
        ..save::Lineage::of(plain.campaign.clone())
    };
    save::save(
        &file,
        &plain.game,
        &lineage,
        &plain.doc,
        "handout",
        Replace::No,
    )
    .expect("saved");
    // Each pair in a folder of its own, as the class server gives them.
    let (one, two) = (TempDir::new("pair-one"), TempDir::new("pair-two"));
    let mut a = resume(one.dir(), &file, 1);
    let mut b = resume(two.dir(), &file, 1);
    assert_ne!(
        campaign(&a),
        plain.campaign,
        "a handout starts a campaign of its own"
    );
    assert_ne!(campaign(&a), campaign(&b));
    press(&mut a, "c");
    press(&mut b, "c");
    let autosave = |dir: &Path| {
        let saves = store(dir).list_saves();
        assert_eq!(saves.len(), 1, "{:?}", files(dir));
        save::load_file(&saves[0].path).expect("loads")
    };
    let (saved_a, saved_b) = (autosave(one.dir()), autosave(two.dir()));
    assert_eq!(saved_a.campaign, campaign(&a));
    assert_eq!(saved_b.campaign, campaign(&b));
    assert_eq!((saved_a.prepared, saved_a.game.turns.len()), (2, 3));
    // Resuming a pair's own save goes on in its campaign.
    let again = resume(one.dir(), &store(one.dir()).list_saves()[0].path, 2);
    assert_eq!(campaign(&again), campaign(&a));
}

fn saves_path(dir: &Path, id: &save::CampaignId) -> std::path::PathBuf {
    store(dir)
        .list_saves()
        .into_iter()
        .find(|e| e.path.to_string_lossy().contains(id.as_str()))
        .expect("the autosave")
        .path
}

#[test]
fn a_branch_of_a_finished_campaign_is_a_new_campaign_and_keeps_its_autosave() {
    let tmp = TempDir::new("branch");
    let dir = tmp.dir();
    let store = store(dir);
    let app = App::playing(
        Theme::MONO,
        store.location(),
        arenas::scenario::default_scenario(),
        5,
    )
    .with_id_seed(4);
    let mut s = Runner::new(app, store);
    while matches!(s.app.screen, Screen::Campaign(_)) {
        press(&mut s, "c");
    }
    let finished = s.app.play().expect("play").game.turns.len();
    press(&mut s, "b\n");
    assert!(
        status(&s).starts_with("Branched from week 1"),
        "{}",
        status(&s)
    );
    let loaded: Vec<_> = s
        .store
        .list_saves()
        .iter()
        .map(|e| save::load_file(&e.path).expect("loads"))
        .collect();
    assert_eq!(loaded.len(), 2);
    assert_ne!(loaded[0].campaign, loaded[1].campaign);
    let autosave = loaded
        .iter()
        .find(|l| l.name.starts_with("autosave"))
        .expect("autosave");
    assert_eq!(autosave.game.turns.len(), finished);
}

#[test]
fn a_named_save_never_replaces_a_file_without_the_players_yes() {
    let tmp = TempDir::new("named");
    let dir = tmp.dir();
    let handout = handout(dir, 1);
    let before = fs::read(&handout).expect("read");
    let mut s = resume(dir, &handout, 1);
    press(&mut s, "c");
    // Saving under the handout's name asks, naming the file; n keeps it.
    press(&mut s, "s");
    press(&mut s, &"\x08".repeat(60));
    press(&mut s, "Handout\n");
    assert_eq!(s.app.overlay, Some(Overlay::ConfirmReplace));
    assert!(
        status(&s).contains("handout.toml already exists"),
        "{}",
        status(&s)
    );
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("t");
    t.draw(|f| arenas::tui::draw(f, &s.app)).expect("draw");
    let shown = t.backend().to_string();
    assert!(
        shown.contains("Replace it?") && shown.contains("handout"),
        "{shown}"
    );
    press(&mut s, "n");
    assert_eq!(s.app.overlay, None);
    assert_eq!(fs::read(&handout).expect("read"), before);
    assert!(status(&s).contains("was kept as it is"), "{}", status(&s));
    // Asked again, y replaces it.
    press(&mut s, "s");
    press(&mut s, &"\x08".repeat(60));
    press(&mut s, "handout\ny");
    let now = save::load_file(&handout).expect("loads");
    assert_eq!(now.game.turns.len(), 2);
    assert!(status(&s).starts_with("Saved to"), "{}", status(&s));
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_is_not_followed() {
    let tmp = TempDir::new("symlink");
    let dir = tmp.dir();
    let victim = dir.join("victim.txt");
    fs::write(&victim, "precious").expect("write");
    let handout = handout(dir, 1);
    // Links where the old releases put their temporary files, and where the save goes.
    for n in 0..64 {
        let pid = std::process::id() + n;
        std::os::unix::fs::symlink(&victim, dir.join(format!(".class-a.toml.tmp-{pid}")))
            .expect("link");
    }
    std::os::unix::fs::symlink(&victim, dir.join("class-b.toml")).expect("link");
    let mut s = resume(dir, &handout, 1);
    press(&mut s, "s");
    press(&mut s, &"\x08".repeat(60));
    press(&mut s, "class A\n");
    assert!(save::load_file(&dir.join("class-a.toml")).is_ok());
    // A link at the save's own name is in the way: asked, and refused even on yes.
    press(&mut s, "s");
    press(&mut s, &"\x08".repeat(60));
    press(&mut s, "class B\n");
    assert_eq!(s.app.overlay, Some(Overlay::ConfirmReplace));
    press(&mut s, "y");
    assert!(status(&s).starts_with("Not saved"), "{}", status(&s));
    assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
    assert!(fs::symlink_metadata(dir.join("class-b.toml")).is_ok_and(|m| m.is_symlink()));
}

#[test]
fn names_keep_their_letters_in_any_script() {
    assert_eq!(save::file_name("élève 07"), "élève-07.toml");
    assert_eq!(save::file_name("مدرسة الأمل"), "مدرسة-الأمل.toml");
    assert_eq!(save::file_name("班级 三"), "班级-三.toml");
    assert_eq!(
        save::file_name("Class A / B\\C: ok?"),
        "class-a-b-c-ok.toml"
    );
    assert_eq!(save::file_name("../../etc/passwd"), "etc-passwd.toml");
    assert_eq!(save::file_name("\u{200b}\u{202e}\u{1b}[2J"), "2j.toml");
    assert_eq!(save::file_name("\u{200b}\u{2060}..."), "save.toml");
    assert_eq!(save::file_name(&"é".repeat(200)).chars().count(), 64 + 5);
}

#[test]
fn a_failed_autosave_is_shown_also_at_the_end() {
    let tmp = TempDir::new("failed");
    // The save folder is a file: every write fails.
    let blocked = tmp.path("blocked");
    fs::write(&blocked, "not a folder").expect("write");
    let store = store(&blocked);
    let app = App::playing(
        Theme::MONO,
        store.location(),
        arenas::scenario::default_scenario(),
        5,
    );
    let mut s = Runner::new(app, store);
    while matches!(s.app.screen, Screen::Campaign(_)) {
        press(&mut s, "c");
        let st = s.app.status.clone().expect("status");
        assert!(st.warning && st.text.contains("autosave failed"), "{st:?}");
    }
    assert!(matches!(s.app.screen, Screen::Debrief { .. }));
}

#[test]
fn stale_temporary_files_are_removed_when_the_folder_is_listed() {
    let tmp = TempDir::new("stale");
    let dir = tmp.dir();
    handout(dir, 1);
    let old = SystemTime::now() - Duration::from_secs(2 * 24 * 60 * 60);
    for name in [
        ".arenas-abc123.tmp",
        ".handout.toml.tmp-77",
        ".arenas-new.tmp",
    ] {
        let f = fs::File::create(dir.join(name)).expect("create");
        if name != ".arenas-new.tmp" {
            f.set_modified(old).expect("age it");
        }
    }
    assert_eq!(store(dir).list_saves().len(), 1);
    assert_eq!(files(dir), [".arenas-new.tmp", "handout.toml"]);
}
