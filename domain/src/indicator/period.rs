//! Months (`YYYYMM`), the steps a dashboard cuts time by, and the periods of a window.

use serde::{Deserialize, Serialize};

/// A month as `YYYYMM` (202611 is November 2026): the grain of pre-aggregation.
pub type Mois = i32;

/// Parses `YYYY-MM` (the value of an `<input type="month">`).
pub fn parse_mois(s: &str) -> Option<Mois> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    ((1900..=2200).contains(&y) && (1..=12).contains(&m) && s.trim().len() == 7).then_some(y * 100 + m)
}

/// `YYYY-MM` of a month.
pub fn format_mois(m: Mois) -> String {
    format!("{:04}-{:02}", m / 100, m % 100)
}

/// The month after `m`.
pub fn next_mois(m: Mois) -> Mois {
    if m % 100 == 12 { (m / 100 + 1) * 100 + 1 } else { m + 1 }
}

/// The same month one year earlier.
pub fn year_before(m: Mois) -> Mois {
    m - 100
}

const MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
];

/// Width of the periods a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub enum Pas {
    #[default]
    Mois,
    Trimestre,
    Annee,
}

impl Pas {
    pub fn as_str(self) -> &'static str {
        match self {
            Pas::Mois => "mois",
            Pas::Trimestre => "trimestre",
            Pas::Annee => "annee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Pas::Mois, Pas::Trimestre, Pas::Annee]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Pas::Mois => "Mois",
            Pas::Trimestre => "Trimestre",
            Pas::Annee => "Année",
        }
    }

    /// The period holding month `m`, as the first month of that period.
    pub fn period_of(self, m: Mois) -> Mois {
        let (y, mo) = (m / 100, m % 100);
        match self {
            Pas::Mois => m,
            Pas::Trimestre => y * 100 + ((mo - 1) / 3) * 3 + 1,
            Pas::Annee => y * 100 + 1,
        }
    }

    /// Label of the period starting at month `start`.
    pub fn period_label(self, start: Mois) -> String {
        let (y, mo) = (start / 100, start % 100);
        match self {
            Pas::Mois => format!("{} {y}", MONTHS[(mo - 1) as usize]),
            Pas::Trimestre => format!("T{} {y}", (mo - 1) / 3 + 1),
            Pas::Annee => y.to_string(),
        }
    }
}

/// Number of months from `du` to `au`, both included.
pub fn months_between(du: Mois, au: Mois) -> i32 {
    (au / 100 - du / 100) * 12 + (au % 100 - du % 100) + 1
}

/// One period (column) of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Periode {
    /// First month of the period.
    pub start: Mois,
    /// Last month of the period, within the window.
    pub end: Mois,
    pub label: String,
}

/// The periods of the window `du..=au` at step `pas` (a period cut by the window ends with it).
pub fn periods(du: Mois, au: Mois, pas: Pas) -> Vec<Periode> {
    let mut out: Vec<Periode> = Vec::new();
    let mut m = du;
    while m <= au {
        let start = pas.period_of(m);
        match out.last_mut() {
            Some(last) if last.start == start => last.end = m,
            _ => out.push(Periode {
                start,
                end: m,
                label: pas.period_label(start),
            }),
        }
        m = next_mois(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_step() {
        assert_eq!(parse_mois("2026-11"), Some(202611));
        assert_eq!(parse_mois("2026-13"), None);
        assert_eq!(parse_mois("26-11"), None);
        assert_eq!(parse_mois("2026-1"), None);
        assert_eq!(next_mois(202612), 202701);
        assert_eq!(months_between(202511, 202610), 12);
        assert_eq!(format_mois(202601), "2026-01");
    }

    #[test]
    fn periods_cut_by_the_window() {
        let q = periods(202602, 202608, Pas::Trimestre);
        let spans: Vec<_> = q.iter().map(|p| (p.start, p.end, p.label.as_str())).collect();
        assert_eq!(
            spans,
            [
                (202601, 202603, "T1 2026"),
                (202604, 202606, "T2 2026"),
                (202607, 202608, "T3 2026")
            ]
        );
        assert_eq!(periods(202511, 202602, Pas::Annee).len(), 2);
        assert_eq!(periods(202611, 202611, Pas::Mois)[0].label, "nov. 2026");
    }
}
