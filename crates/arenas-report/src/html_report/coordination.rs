//! The coordination section of a room's debrief page.

use std::fmt::Write;

use crate::debrief::{Debrief, WHAT_IF_ROLLOUTS};
use arenas_files::text::html;

/// The room's coordination as a section of the page; empty for a campaign played alone.
pub(super) fn section(d: &Debrief) -> String {
    let Some(c) = &d.coordination else {
        return String::new();
    };
    let meaning = format!(
        "Played by {}; the operations room held by {}. Followed: the weeks a member gave the \
         order the operations room proposed. Had it followed: the forecast change in the chance \
         of the best outcome had it done so in the weeks it did not ({WHAT_IF_ROLLOUTS} \
         rollouts each, the same draws for both).",
        html(&c.room),
        html(&c.operations)
    );
    let mut b = format!(
        "<section><h2>Coordination</h2><p>{meaning}</p><div class=\"wide\"><table \
         class=\"summary\"><thead><tr><th>Member</th><th>Held by</th><th>Followed</th>\
         <th>Points used</th><th>Deadlines missed</th><th>Had it followed</th></tr></thead>\
         <tbody>"
    );
    for row in &c.rows {
        b.push_str("<tr>");
        for (k, cell) in row.cells().iter().enumerate() {
            // The count of deadlines is the one column of numbers alone.
            let class = if k == 4 { " class=\"num\"" } else { "" };
            let _ = write!(b, "<td{class}>{}</td>", html(cell));
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table></div></section>\n");
    b
}
