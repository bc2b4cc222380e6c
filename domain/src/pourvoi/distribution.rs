//! Distribution of a dossier to a conseiller rapporteur and an avocat général.

use serde::{Deserialize, Serialize};

/// A magistrat who may be assigned a dossier, with his current open workload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Candidat {
    pub id: i64,
    pub nom: String,
    /// Open dossiers he is assigned in this function.
    pub en_cours: i64,
}

/// The people a dossier may be distributed to; the first of each list is the suggestion
/// (lightest open workload, then name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Candidats {
    pub rapporteurs: Vec<Candidat>,
    pub avocats_generaux: Vec<Candidat>,
}

/// Orders candidates so that the suggestion comes first.
pub fn rank(mut c: Vec<Candidat>) -> Vec<Candidat> {
    c.sort_by(|a, b| {
        a.en_cours
            .cmp(&b.en_cours)
            .then_with(|| a.nom.cmp(&b.nom))
            .then(a.id.cmp(&b.id))
    });
    c
}

/// One assignment of the dossier's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AffectationView {
    pub fonction: String,
    pub nom: String,
    pub debut: String,
    pub fin: Option<String>,
    pub par: String,
    pub motif: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_is_the_lightest_workload() {
        let c = |id, nom: &str, en_cours| Candidat {
            id,
            nom: nom.into(),
            en_cours,
        };
        let r = rank(vec![c(1, "B", 3), c(2, "A", 5), c(3, "C", 1), c(4, "A", 1)]);
        assert_eq!(r.iter().map(|x| x.id).collect::<Vec<_>>(), [4, 3, 1, 2]);
    }
}
