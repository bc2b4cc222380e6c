//! The président's visa of the notes d'audience (art. 453 CPP): the greffier signs them, the
//! président vises them within three days of each audience (deadline rule `cpp-453`). A visa
//! covers the notes as they stood: one changed afterwards needs a new visa.

use serde::{Deserialize, Serialize};

/// The deadline rule of the visa.
pub const RULE: &str = "cpp-453";

/// The notes of an audience at one moment: each affaire's latest note version, in a stable
/// order (`affaire:version,…`); what a visa covers.
pub fn fingerprint(notes: &[(String, i64)]) -> String {
    let mut notes: Vec<String> = notes.iter().map(|(a, v)| format!("{a}:{v}")).collect();
    notes.sort();
    notes.join(",")
}

/// Where the visa of an audience's notes stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Statut {
    /// No note taken yet: nothing to visa.
    SansNote,
    AViser,
    Vise,
    /// A note changed after the visa.
    ARenouveler,
}

impl Statut {
    /// From the notes as they stand and those the last visa covered.
    pub fn of(current: &str, last_visa: Option<&str>) -> Self {
        match last_visa {
            _ if current.is_empty() => Statut::SansNote,
            None => Statut::AViser,
            Some(v) if v == current => Statut::Vise,
            Some(_) => Statut::ARenouveler,
        }
    }

    /// Whether the président has something to do.
    pub fn pending(self) -> bool {
        matches!(self, Statut::AViser | Statut::ARenouveler)
    }

    pub fn label(self) -> &'static str {
        match self {
            Statut::SansNote => "aucune note à viser",
            Statut::AViser => "à viser",
            Statut::Vise => "visées",
            Statut::ARenouveler => "modifiées depuis le visa : à viser de nouveau",
        }
    }
}

/// A visa given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Visa {
    pub president: String,
    /// Europe/Paris local time.
    pub le: String,
    /// Notes covered (affaires with a note).
    pub notes: i32,
}

/// The visa of one audience's notes, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VisaView {
    pub audience_id: String,
    /// `YYYY-MM-DD`
    pub audience_date: String,
    pub chambre: String,
    pub president: String,
    /// Whether the président has a Greffe account (his visa is given here, or on paper).
    pub president_inscrit: bool,
    pub statut: Statut,
    /// Last day for the visa, `YYYY-MM-DD`, and why (steps of the deadline).
    pub echeance: String,
    pub retard: bool,
    pub dernier: Option<Visa>,
    /// Whether the reader is the président who vises these notes.
    pub par_moi: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visa_covers_the_notes_as_they_stood() {
        let v1 = fingerprint(&[("b".into(), 1), ("a".into(), 2)]);
        assert_eq!(v1, "a:2,b:1", "order-independent");
        assert_eq!(Statut::of("", None), Statut::SansNote);
        assert_eq!(Statut::of(&v1, None), Statut::AViser);
        assert_eq!(Statut::of(&v1, Some(&v1)), Statut::Vise);
        let v2 = fingerprint(&[("a".into(), 3), ("b".into(), 1)]);
        assert_eq!(Statut::of(&v2, Some(&v1)), Statut::ARenouveler);
        assert!(Statut::ARenouveler.pending() && Statut::AViser.pending());
        assert!(!Statut::Vise.pending() && !Statut::SansNote.pending());
    }
}
