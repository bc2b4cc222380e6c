//! Hearings as summarised on home pages: an audience and the progress of its rôle.

use serde::{Deserialize, Serialize};

/// State of an affaire on a rôle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EtatAffaire {
    AJuger,
    Jugee,
    Renvoyee,
}

impl EtatAffaire {
    pub fn as_str(self) -> &'static str {
        match self {
            EtatAffaire::AJuger => "a_juger",
            EtatAffaire::Jugee => "jugee",
            EtatAffaire::Renvoyee => "renvoyee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [EtatAffaire::AJuger, EtatAffaire::Jugee, EtatAffaire::Renvoyee]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

/// Progress of a rôle: how many affaires are judged, adjourned, or still to be called.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub jugees: i64,
    pub renvoyees: i64,
    pub restantes: i64,
}

impl Progress {
    /// Counts the states of a rôle.
    pub fn of(etats: impl IntoIterator<Item = EtatAffaire>) -> Self {
        etats.into_iter().fold(Self::default(), |mut p, e| {
            match e {
                EtatAffaire::AJuger => p.restantes += 1,
                EtatAffaire::Jugee => p.jugees += 1,
                EtatAffaire::Renvoyee => p.renvoyees += 1,
            }
            p
        })
    }

    pub fn total(&self) -> i64 {
        self.jugees + self.renvoyees + self.restantes
    }

    /// Share of affaires dealt with (judged or adjourned), in whole percent, rounded down.
    pub fn percent_done(&self) -> i64 {
        match self.total() {
            0 => 0,
            t => (self.jugees + self.renvoyees) * 100 / t,
        }
    }
}

/// One audience as listed on the greffier's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceSummary {
    pub id: String,
    /// ISO date `YYYY-MM-DD`.
    pub date: String,
    pub heure_debut: String,
    pub chambre: String,
    pub formation: String,
    pub president: String,
    pub prevues: i64,
    pub progress: Progress,
}

/// One pourvoi as listed on the magistrat's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PourvoiSummary {
    pub id: String,
    pub numero: String,
    pub matiere: String,
    pub chambre: Option<String>,
    pub stade: String,
    pub date_pourvoi: String,
    pub demandeur: String,
}

/// Headline figures for the DSGJ and chef de juridiction home page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub audiences_a_venir: i64,
    pub affaires_jugees: i64,
    pub affaires_renvoyees: i64,
    pub affaires_restantes: i64,
    pub pourvois_en_stock: i64,
    /// When the figures were computed (Europe/Paris, for display).
    pub computed_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use EtatAffaire::*;

    #[test]
    fn progress_counts_each_state() {
        let p = Progress::of([AJuger, Jugee, Jugee, Renvoyee, AJuger, AJuger]);
        assert_eq!(
            p,
            Progress {
                jugees: 2,
                renvoyees: 1,
                restantes: 3
            }
        );
        assert_eq!(p.total(), 6);
        assert_eq!(p.percent_done(), 50);
    }

    #[test]
    fn progress_of_empty_role_is_zero() {
        assert_eq!(Progress::of([]).percent_done(), 0);
    }

    #[test]
    fn percent_rounds_down() {
        assert_eq!(Progress::of([Jugee, AJuger, AJuger]).percent_done(), 33);
    }

    #[test]
    fn etat_round_trip() {
        for e in [AJuger, Jugee, Renvoyee] {
            assert_eq!(EtatAffaire::parse(e.as_str()), Some(e));
        }
        assert_eq!(EtatAffaire::parse("autre"), None);
    }
}
