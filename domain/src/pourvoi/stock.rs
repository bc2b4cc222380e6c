//! The live stock, the search over the pourvois, and the task lists.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Age bands of the stock (months since the pourvoi): code, label, lower bound in months.
pub const TRANCHES: [(&str, &str, u32); 5] = [
    ("0-3", "Moins de 3 mois", 0),
    ("3-6", "3 à 6 mois", 3),
    ("6-12", "6 mois à 1 an", 6),
    ("12-24", "1 à 2 ans", 12),
    ("24+", "Plus de 2 ans", 24),
];

/// The stock of open dossiers: counts by chambre × stade × age band.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stock {
    /// (chambre code or "" when not oriented, stade, tranche, count)
    pub cellules: Vec<(String, super::Stade, String, i64)>,
    pub total: i64,
}

/// Search criteria over the pourvois (all optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Recherche {
    /// Pourvoi number (or its start), party or avocat name.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub chambre: String,
    #[serde(default)]
    pub stade: String,
    #[serde(default)]
    pub tranche: String,
    /// The page of results, from 1 (absent: the first).
    #[serde(default = "first_page")]
    pub page: u32,
}

impl Default for Recherche {
    fn default() -> Self {
        Recherche {
            q: String::new(),
            chambre: String::new(),
            stade: String::new(),
            tranche: String::new(),
            page: 1,
        }
    }
}

fn first_page() -> u32 {
    1
}

/// One pourvoi in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LignePourvoi {
    pub id: String,
    pub numero: String,
    pub chambre: String,
    pub stade: super::Stade,
    pub date_pourvoi: String,
    pub demandeur: String,
    pub defendeur: String,
    pub avocats: String,
}

/// Results of a search: one page of lines and how many matched in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Resultats {
    pub lignes: Vec<LignePourvoi>,
    pub total: i64,
}

/// Whether a search text is a pourvoi number or its start (listed by number; any other
/// search lists the newest first).
pub fn by_number(q: &str) -> bool {
    let q = q.trim();
    !q.is_empty() && q.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.')
}

/// Lines on a page of results.
pub const PAR_PAGE: u32 = 50;

/// The last page a search may ask for (500,000 results).
pub const MAX_PAGE: u32 = 10_000;

/// How many pages `total` results fill (at least one).
pub fn pages(total: i64) -> u32 {
    let n = (total.max(0) as u64).div_ceil(u64::from(PAR_PAGE)).max(1);
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The page numbers a pagination bar shows around `page` out of `last`: the first, the
/// last, and the two on each side of the current one; `None` where numbers are skipped.
pub fn page_links(page: u32, last: u32) -> Vec<Option<u32>> {
    let mut shown = vec![1, last];
    shown.extend((page.saturating_sub(2)..=page.saturating_add(2)).filter(|n| (1..=last).contains(n)));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() * 2);
    for n in shown {
        if out
            .last()
            .is_some_and(|prev: &Option<u32>| prev.is_some_and(|p| p + 1 < n))
        {
            out.push(None);
        }
        out.push(Some(n));
    }
    out
}

/// When an open deadline falls, relative to today.
pub fn quand(due: NaiveDate, today: NaiveDate) -> &'static str {
    match (due - today).num_days() {
        d if d < 0 => "retard",
        0 => "aujourdhui",
        1..=7 => "semaine",
        _ => "plus_tard",
    }
}

/// Groups of the task list: code and heading.
pub const QUAND: [(&str, &str); 4] = [
    ("retard", "En retard"),
    ("aujourdhui", "Aujourd'hui"),
    ("semaine", "Dans les 7 jours"),
    ("plus_tard", "Dans les 30 jours"),
];

/// One deadline in a task list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tache {
    /// The dossier; for a saisine of its own (a QPC transmitted, an avis), empty.
    pub pourvoi_id: String,
    /// The special procedure whose deadline this is, if it is one.
    #[serde(default)]
    pub procedure_id: Option<String>,
    pub numero: String,
    pub chambre: String,
    pub label: String,
    pub basis: String,
    pub lapse: String,
    pub due: String,
    pub quand: String,
}

/// `s` folded for searching: lower case, without accents or ligatures, so that "severine"
/// finds "Séverine" and "OEUVRAY" finds "Œuvray".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// The longest word kept for a search (a longer one is cut: its start still finds it).
pub const MAX_MOT: usize = 40;

/// The words of `s` for searching: folded, cut at every character that is not a letter or a
/// digit, each once, in order.
pub fn search_terms(s: &str) -> Vec<String> {
    let mut out: Vec<String> = fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_MOT).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What a search by party or avocat reads: the words of the demandeur, the défendeur and the
/// avocats. A search finds the pourvois where each of its words starts one of these.
pub fn search_words(demandeur: &str, defendeur: &str, avocats: &str) -> Vec<String> {
    search_terms(&format!("{demandeur} {defendeur} {avocats}"))
}

/// A task list: open deadlines due within 30 days (or overdue), pièces awaited from the
/// magistrats, and dossiers ready for audiencement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Taches {
    /// Whose tasks: "Mes dossiers" or a chambre's label.
    pub portee: String,
    pub echeances: Vec<Tache>,
    pub attendues: Vec<super::PieceAttendue>,
    pub prets: Vec<LignePourvoi>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_ignore_case_accents_and_ligatures() {
        assert_eq!(fold("Séverine ŒUVRAY-Müller"), "severine oeuvray-muller");
        assert_eq!(
            search_words("M. Émile ÇA", "Mme B", "SCP Çà, SCP Dupont-Œuvray"),
            ["b", "ca", "dupont", "emile", "m", "mme", "oeuvray", "scp"]
        );
        assert_eq!(search_terms("100%_ d'Artagnan"), ["100", "artagnan", "d"]);
        assert_eq!(search_terms(&"x".repeat(60))[0].len(), MAX_MOT);
    }

    #[test]
    fn results_are_paged() {
        assert_eq!(
            (pages(0), pages(1), pages(50), pages(51), pages(7_921)),
            (1, 1, 1, 2, 159)
        );
        assert_eq!(page_links(1, 1), [Some(1)]);
        assert_eq!(page_links(1, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(page_links(1, 159), [Some(1), Some(2), Some(3), None, Some(159)]);
        assert_eq!(
            page_links(80, 159),
            [
                Some(1),
                None,
                Some(78),
                Some(79),
                Some(80),
                Some(81),
                Some(82),
                None,
                Some(159)
            ]
        );
        // No gap is shown where no number is skipped.
        assert_eq!(
            page_links(4, 7),
            [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7)]
        );
        assert_eq!(page_links(159, 159), [Some(1), None, Some(157), Some(158), Some(159)]);
    }

    #[test]
    fn deadlines_fall_in_the_right_group() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-12-31");
        assert_eq!(quand(d("2026-12-30"), today), "retard");
        assert_eq!(quand(d("2026-12-31"), today), "aujourdhui");
        assert_eq!(quand(d("2027-01-01"), today), "semaine");
        assert_eq!(quand(d("2027-01-07"), today), "semaine");
        assert_eq!(quand(d("2027-01-08"), today), "plus_tard");
    }
}
