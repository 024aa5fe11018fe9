//! The debrief as a Markdown document for the instructor. Every text from the campaign
//! passes through [`markdown`], so a scenario's or a save's text shows as written: no HTML,
//! no links, no broken tables.

use super::Debrief;
use super::numbers::format_meter;
use arenas_files::text::markdown;

impl Debrief {
    /// The whole debrief as a Markdown document for the instructor.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let push = |md: &mut String, line: &str| {
            md.push_str(line);
            md.push('\n');
        };
        push(
            &mut md,
            &format!(
                "# Debrief: {} — {}",
                markdown(&self.title),
                markdown(&self.outcome_title)
            ),
        );
        push(&mut md, "");
        let unit = self.unit;
        let turn = unit.heading();
        push(
            &mut md,
            &format!(
                "Scenario {} (version {}), seed {}; {} of {} played.",
                code(&self.scenario_id),
                markdown(&self.scenario_version),
                self.seed,
                self.turns_played,
                unit.count(usize::from(self.turns_total))
            ),
        );
        push(&mut md, "");

        push(&mut md, "## Outcome");
        push(&mut md, "");
        match self.outcome {
            Some(o) => push(
                &mut md,
                &format!(
                    "**{}** ({}). {}",
                    markdown(&self.outcome_title),
                    code(o.id()),
                    markdown(&self.meaning)
                ),
            ),
            None => push(
                &mut md,
                &format!(
                    "**{}**. {}",
                    markdown(&self.outcome_title),
                    markdown(&self.meaning)
                ),
            ),
        }
        push(&mut md, "");

        push(&mut md, "## The ceasefire");
        push(&mut md, "");
        let chances: Vec<String> = self.ceasefire.iter().map(|&c| super::percent(c)).collect();
        push(
            &mut md,
            &format!(
                "Chance of a ceasefire at the start, then each {}: {}.",
                unit.noun,
                chances.join(", ")
            ),
        );
        push(&mut md, "");
        push(&mut md, &markdown(&self.ceasefire_story));
        push(&mut md, "");

        push(&mut md, "## Meters");
        push(&mut md, "");
        push(
            &mut md,
            &format!(
                "Values at each orders phase: at the start, then after each {0}'s resolution \
                 (including the next {0}'s brief).",
                unit.noun
            ),
        );
        push(&mut md, "");
        let mut header = format!("| {turn} | As of |");
        let mut rule = String::from("|---|---|");
        for (m, _) in &self.series {
            header.push_str(&format!(" {} |", markdown(self.meter_name(*m))));
            rule.push_str("---:|");
        }
        push(&mut md, &header);
        push(&mut md, &rule);
        for (i, date) in self.series_dates.iter().enumerate() {
            let week = if i == 0 {
                "Start".to_owned()
            } else {
                i.to_string()
            };
            let mut row = format!("| {week} | {date} |");
            for (m, values) in &self.series {
                let cell = values
                    .get(i)
                    .map_or_else(|| "—".to_owned(), |&v| format_meter(*m, v));
                row.push_str(&format!(" {cell} |"));
            }
            push(&mut md, &row);
        }
        push(&mut md, "");

        push(&mut md, "## Turning points");
        push(&mut md, "");
        if self.turning_points.is_empty() {
            push(
                &mut md,
                &format!(
                    "No {} stood out: nothing decisive happened in the {} played.",
                    unit.noun, unit.plural
                ),
            );
        }
        for p in &self.turning_points {
            push(
                &mut md,
                &format!(
                    "- **{} ({}):** {}",
                    unit.title(p.turn),
                    p.date,
                    markdown(&p.text)
                ),
            );
        }
        push(&mut md, "");

        push(&mut md, &format!("## {turn} by {}", unit.noun));
        push(&mut md, "");
        if self.weeks.is_empty() {
            push(&mut md, &format!("No {} has been played yet.", unit.noun));
        } else {
            push(
                &mut md,
                "Orders read \"member: task intensity (attribution)\", intensity 1–3; the front \
                 is named when it is not the member's home front, and the patron's acts, always \
                 traced to Tehran, carry no attribution.",
            );
            push(&mut md, "");
            push(
                &mut md,
                &format!("| {turn} | Date | Your orders | What the axis did | Note |"),
            );
            push(&mut md, "|---:|---|---|---|---|");
            for w in &self.weeks {
                push(
                    &mut md,
                    &format!(
                        "| {} | {} | {} | {} | {} |",
                        w.turn,
                        w.date,
                        if w.player == w.historical {
                            "same as the axis".to_owned()
                        } else {
                            markdown(&w.player)
                        },
                        markdown(&w.historical),
                        markdown(&w.note)
                    ),
                );
            }
        }
        push(&mut md, "");

        md.push_str(&self.predictions_markdown());
        md.push_str(&self.coordination_markdown());
        push(&mut md, "## Discussion questions");
        push(&mut md, "");
        for (i, q) in self.questions.iter().enumerate() {
            push(&mut md, &format!("{}. {}", i + 1, markdown(q)));
        }
        md
    }
}

impl Debrief {
    /// The room's coordination as a section, for a campaign a room played; empty otherwise.
    fn coordination_markdown(&self) -> String {
        let Some(c) = &self.coordination else {
            return String::new();
        };
        let mut md = format!(
            "## Coordination\n\nPlayed by {}; the operations room held by {}. \"Followed\" counts \
             the weeks a member gave the order the operations room proposed; \"had it \
             followed\" is the forecast change in the chance of the best outcome had it done so \
             in the weeks it did not ({} rollouts each, the same draws for both).\n\n",
            markdown(&c.room),
            markdown(&c.operations),
            super::WHAT_IF_ROLLOUTS
        );
        md.push_str(
            "| Member | Held by | Followed | Points used | Deadlines missed | Had it followed |\n",
        );
        md.push_str("|---|---|---|---|---:|---|\n");
        for row in &c.rows {
            let cells: Vec<String> = row.cells().iter().map(|c| markdown(c)).collect();
            md.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        md.push('\n');
        md
    }
}

/// An id as a code span. Ids hold only ASCII letters, digits, `_`, `-` and `.`; anything
/// else, which could end the span, is dropped rather than trusted.
fn code(id: &str) -> String {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    format!("`{id}`")
}
