//! Civil dates for the campaign calendar (proleptic Gregorian, no time zones).

use std::fmt;

/// A calendar date, stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Date {
    /// The date for a year, month (1–12) and day (1–31); `None` when it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Days from civil, after Howard Hinnant's public-domain algorithm.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Year, month (1–12) and day of month.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// This date moved by a number of days.
    pub fn plus_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Days from `earlier` to this date.
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// Day and month, `9 Oct`.
    pub fn day_month(self) -> String {
        let (_, m, d) = self.ymd();
        format!("{d} {}", MONTHS[m as usize - 1])
    }

    /// ISO form, `2023-10-09`.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// What a turn is called, from the length of the scenario's turns: a week for 7 days, a
/// day for 1, a fortnight for 14, and a plain "turn" of N days otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TurnUnit {
    /// Days in a turn.
    pub days: u16,
    /// The noun for one turn, lower case: `week`, `day`, `fortnight` or `turn`.
    pub noun: &'static str,
    /// The noun for several turns.
    pub plural: &'static str,
}

impl TurnUnit {
    /// The unit for turns of `days` days.
    pub fn of(days: u16) -> TurnUnit {
        let (noun, plural) = match days {
            1 => ("day", "days"),
            7 => ("week", "weeks"),
            14 => ("fortnight", "fortnights"),
            _ => ("turn", "turns"),
        };
        TurnUnit { days, noun, plural }
    }

    /// A turn named in running text: `week 3`.
    pub fn label(self, turn: u16) -> String {
        format!("{} {turn}", self.noun)
    }

    /// A turn named at the start of a sentence or as a heading: `Week 3`.
    pub fn title(self, turn: u16) -> String {
        format!("{} {turn}", capitalised(self.noun))
    }

    /// The noun with a capital, for headings: `Week`.
    pub fn heading(self) -> String {
        capitalised(self.noun)
    }

    /// The plural with a capital, for headings: `Weeks`.
    pub fn plural_heading(self) -> String {
        capitalised(self.plural)
    }

    /// A number of turns: `1 week`, `3 weeks`.
    pub fn count(self, n: usize) -> String {
        format!("{n} {}", if n == 1 { self.noun } else { self.plural })
    }

    /// How long one turn lasts, in words: `a week`, `a day`, `a fortnight`, `3 days`.
    pub fn length(self) -> String {
        match self.noun {
            "turn" => format!("{} days", self.days),
            noun => format!("a {noun}"),
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Short human form, `9 Oct 2023`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{d} {} {y}", MONTHS[m as usize - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turn_words_follow_the_length_of_a_turn() {
        let week = TurnUnit::of(7);
        assert_eq!(week.title(3), "Week 3");
        assert_eq!(week.label(3), "week 3");
        assert_eq!(week.count(1), "1 week");
        assert_eq!(week.count(2), "2 weeks");
        assert_eq!(week.length(), "a week");
        assert_eq!(TurnUnit::of(1).title(5), "Day 5");
        assert_eq!(TurnUnit::of(1).count(4), "4 days");
        assert_eq!(TurnUnit::of(14).title(2), "Fortnight 2");
        assert_eq!(TurnUnit::of(14).length(), "a fortnight");
        let three = TurnUnit::of(3);
        assert_eq!(three.title(3), "Turn 3");
        assert_eq!(three.count(12), "12 turns");
        assert_eq!(three.length(), "3 days");
        assert_eq!(three.heading(), "Turn");
    }

    #[test]
    fn round_trips_and_formats() {
        let d = Date::from_ymd(2023, 10, 9).expect("valid date");
        assert_eq!(d.ymd(), (2023, 10, 9));
        assert_eq!(d.to_string(), "9 Oct 2023");
        assert_eq!(d.plus_days(7 * 12).iso(), "2024-01-01");
        assert_eq!(
            Date::from_ymd(2024, 2, 29).map(Date::iso).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(
            Date::from_ymd(2023, 11, 24).map(|x| x.days_since(d)),
            Some(46)
        );
    }
}
