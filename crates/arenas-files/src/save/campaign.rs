//! Campaign identity. Every campaign gets an id when it starts; resuming keeps it, a branch
//! and a game started from a handout no one has played get new ones, and the autosave file is named after it, so two campaigns never write
//! over each other's autosave.

use std::fmt;

use rand::{Rng, SeedableRng, TryRngCore};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::classwork::Classwork;

/// Hex digits in a minted id.
const DIGITS: usize = 12;

/// The identity of one campaign: lowercase letters, digits and dashes, at most 32 of them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CampaignId(String);

impl CampaignId {
    /// The id as written in files and names.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id derived from what identifies a campaign that was not minted one: `kind`
    /// (`old` for saves written before campaigns had ids, `sim` for `arenas sim --save`),
    /// its seed and its name. The same campaign always gets the same id.
    pub fn derived(kind: &str, seed: u64, name: &str) -> CampaignId {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.to_le_bytes().iter().chain(name.as_bytes()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let kind: String = kind
            .chars()
            .filter(|c| c.is_ascii_lowercase())
            .take(8)
            .collect();
        CampaignId(format!("{kind}-{:0width$x}", h >> 16, width = DIGITS))
    }
}

impl fmt::Display for CampaignId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CampaignId {
    type Error = String;

    fn try_from(s: String) -> Result<CampaignId, String> {
        let ok = !s.is_empty()
            && s.len() <= 32
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(CampaignId(s))
        } else {
            Err(format!(
                "campaign id {:?} is not 1 to 32 lowercase letters, digits and dashes",
                crate::text::clean(&s)
            ))
        }
    }
}

impl From<CampaignId> for String {
    fn from(id: CampaignId) -> String {
        id.0
    }
}

/// Who a campaign is and how it began: its id, and how many of its first turns an
/// instructor played before handing it out; with the class's settings it is played under
/// and what its player did under them (forecasts used, predictions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lineage {
    pub campaign: CampaignId,
    pub prepared: u16,
    pub classwork: Classwork,
}

impl Lineage {
    /// A campaign whose every turn is the players' own, under the scenario's settings.
    pub fn of(campaign: CampaignId) -> Lineage {
        Lineage {
            campaign,
            prepared: 0,
            classwork: Classwork::default(),
        }
    }
}

/// Where new campaign ids come from: a generator seeded once from the operating system, so
/// ids differ between machines and runs; a fixed seed makes them repeatable in tests.
#[derive(Clone, Debug)]
pub struct Minter(ChaCha8Rng);

impl Minter {
    /// A minter seeded by the operating system (or, failing that, by the clock and process).
    pub fn from_os() -> Minter {
        let seed = rand::rngs::OsRng
            .try_next_u64()
            .unwrap_or_else(|_| clock_seed());
        Minter::seeded(seed)
    }

    /// A minter that gives the same ids for the same seed.
    pub fn seeded(seed: u64) -> Minter {
        Minter(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A new campaign id.
    pub fn mint(&mut self) -> CampaignId {
        let n: u64 = self.0.random();
        CampaignId(format!("{:0width$x}", n >> 16, width = DIGITS))
    }
}

fn clock_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ u64::from(std::process::id()).rotate_left(32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_ids_are_valid_distinct_and_repeatable_from_a_seed() {
        let mut a = Minter::seeded(7);
        let ids: Vec<CampaignId> = (0..100).map(|_| a.mint()).collect();
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), 100);
        for id in &ids {
            assert_eq!(CampaignId::try_from(id.to_string()).as_ref(), Ok(id));
            assert_eq!(id.as_str().len(), DIGITS);
        }
        assert_eq!(Minter::seeded(7).mint(), ids[0]);
        assert_ne!(Minter::from_os().mint(), Minter::from_os().mint());
    }

    #[test]
    fn ids_from_files_are_checked() {
        for bad in ["", "UPPER", "a/b", "x\u{1b}[2J", &"a".repeat(33)] {
            assert!(CampaignId::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
        let legacy = CampaignId::derived("old", 5, "autosave");
        assert!(legacy.as_str().starts_with("old-"));
        assert_eq!(legacy, CampaignId::derived("old", 5, "autosave"));
        assert_ne!(legacy, CampaignId::derived("old", 6, "autosave"));
        let odd = CampaignId::derived("Sim 9/", 1, "");
        assert_eq!(CampaignId::try_from(odd.to_string()), Ok(odd));
    }
}
