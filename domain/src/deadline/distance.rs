//! Délais de distance (art. 643 CPC): where the parties live, and what it adds to a civil
//! delay.

use serde::{Deserialize, Serialize};

/// Whose residence adds the délais de distance of art. 643 CPC to a civil delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Distance {
    /// Not extended (criminal matters: Crim. 7 févr. 2018; delays the Cour itself must meet).
    None,
    Demandeur,
    Defendeur,
}

/// Where a party lives, for the délais de distance (art. 643 CPC, the Cour de cassation
/// sitting in métropole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub enum Residence {
    #[default]
    Metropole,
    /// Guadeloupe, Guyane, Martinique, La Réunion, Mayotte, Saint-Barthélemy, Saint-Martin,
    /// Saint-Pierre-et-Miquelon, Polynésie française, Wallis-et-Futuna, Nouvelle-Calédonie,
    /// TAAF: one more month.
    OutreMer,
    /// Abroad: two more months.
    Etranger,
}

impl Residence {
    pub const ALL: [Residence; 3] = [Residence::Metropole, Residence::OutreMer, Residence::Etranger];

    /// Stable identifier stored in the database and sent by forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Residence::Metropole => "metropole",
            Residence::OutreMer => "outre-mer",
            Residence::Etranger => "etranger",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Residence::Metropole => "France métropolitaine",
            Residence::OutreMer => "Outre-mer",
            Residence::Etranger => "Étranger",
        }
    }

    /// « demeurant à l'étranger »
    pub fn phrase(self) -> &'static str {
        match self {
            Residence::Metropole => "demeurant en France métropolitaine",
            Residence::OutreMer => "demeurant outre-mer",
            Residence::Etranger => "demeurant à l'étranger",
        }
    }

    /// Months added by art. 643 CPC.
    pub fn extra_months(self) -> u32 {
        match self {
            Residence::Metropole => 0,
            Residence::OutreMer => 1,
            Residence::Etranger => 2,
        }
    }
}

/// Where the parties of a pourvoi live, for the délais de distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub struct Parties {
    pub demandeur: Residence,
    pub defendeur: Residence,
}

impl Parties {
    /// The residence that extends a delay of `distance`.
    pub fn residence(self, distance: Distance) -> Residence {
        match distance {
            Distance::None => Residence::Metropole,
            Distance::Demandeur => self.demandeur,
            Distance::Defendeur => self.defendeur,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::tests::d;
    use crate::deadline::*;
    use crate::juridiction::Calendar;
    use Calendar::Metropole as M;

    /// (rule, from, residence, due): art. 643 CPC on civil delays only.
    #[test]
    fn delais_de_distance() {
        use Residence::{Etranger, Metropole as Home, OutreMer};
        for (id, from, residence, due, why) in [
            (
                "cpc-978",
                "2026-01-14",
                Home,
                "2026-05-15",
                "no distance: Ascension → 15 May",
            ),
            (
                "cpc-978",
                "2026-01-14",
                OutreMer,
                "2026-06-15",
                "demandeur outre-mer: 5 months, 14 June (Sunday) → 15",
            ),
            (
                "cpc-978",
                "2026-01-14",
                Etranger,
                "2026-07-15",
                "demandeur abroad: 6 months, 14 July → 15",
            ),
            (
                "cpc-982",
                "2025-12-31",
                Etranger,
                "2026-04-30",
                "défendeur abroad: 4 months from 31 Dec counted at once → 30 April, not 28",
            ),
            (
                "cpc-612",
                "2026-03-13",
                OutreMer,
                "2026-06-15",
                "3 months: 13 June (Saturday) → Monday 15",
            ),
            (
                "cpp-585-1",
                "2026-01-31",
                Etranger,
                "2026-03-02",
                "criminal: no délai de distance (Crim. 7 févr. 2018)",
            ),
            (
                "cpp-568",
                "2026-03-02",
                Etranger,
                "2026-03-13",
                "criminal pourvoi: none either",
            ),
        ] {
            let got = compute_for(rule(id).unwrap(), d(from), M, residence);
            assert_eq!(got.due, d(due), "{id} from {from} ({why}): {:#?}", got.steps);
            let text = got.steps.join("\n");
            assert_eq!(
                text.contains("art. 643 CPC"),
                residence != Home && id.starts_with("cpc"),
                "{id}: {text}"
            );
        }
    }
}
