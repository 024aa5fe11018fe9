//! The coordination section of a room's debrief page.

use super::table_section;
use crate::debrief::{Debrief, WHAT_IF_ROLLOUTS};
use arenas_files::text::html;

/// The room's coordination as a section of the page; empty for a campaign played alone.
pub(super) fn section(d: &Debrief) -> String {
    let Some(c) = &d.coordination else {
        return String::new();
    };
    let mut table = vec![
        [
            "Member",
            "Held by",
            "Followed",
            "Points used",
            "Deadlines missed",
            "Had it followed",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    table.extend(c.rows.iter().map(|r| r.cells().to_vec()));
    let meaning = format!(
        "Played by {}; the operations room held by {}. Followed: the weeks a member gave the \
         order the operations room proposed. Had it followed: the forecast change in the chance \
         of the best outcome had it done so in the weeks it did not ({WHAT_IF_ROLLOUTS} \
         rollouts each, the same draws for both).",
        html(&c.room),
        html(&c.operations)
    );
    format!(
        "<section><h2>Coordination</h2>{}</section>\n",
        table_section("Members and the operations room", &meaning, &table)
    )
}
