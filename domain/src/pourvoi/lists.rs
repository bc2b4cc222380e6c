//! The Cour de cassation's closed lists: chambres, formations, natures of pièce, solutions.

/// Chambres of the Cour de cassation: code and label.
pub const CHAMBRES: [(&str, &str); 6] = [
    ("civ1", "Première chambre civile"),
    ("civ2", "Deuxième chambre civile"),
    ("civ3", "Troisième chambre civile"),
    ("com", "Chambre commerciale, financière et économique"),
    ("soc", "Chambre sociale"),
    ("crim", "Chambre criminelle"),
];

/// Formations of a chambre: code and label.
pub const FORMATIONS: [(&str, &str); 3] = [
    ("fr", "Formation restreinte"),
    ("fs", "Formation de section"),
    ("fp", "Formation plénière de chambre"),
];

/// Kinds of pièce in the inventory: code and label.
pub const NATURES: [(&str, &str); 7] = [
    ("memoire_ampliatif", "Mémoire ampliatif"),
    ("memoire_personnel", "Mémoire personnel"),
    ("memoire_defense", "Mémoire en défense"),
    ("rapport", "Rapport du conseiller"),
    ("avis_ag", "Avis de l'avocat général"),
    ("projet_arret", "Projet d'arrêt"),
    ("autre", "Autre pièce"),
];

/// Solutions of an arrêt: code and label.
pub const SOLUTIONS: [(&str, &str); 8] = [
    ("cassation", "Cassation"),
    ("cassation_partielle", "Cassation partielle"),
    ("rejet", "Rejet"),
    ("irrecevabilite", "Irrecevabilité"),
    ("decheance", "Déchéance"),
    ("non_lieu", "Non-lieu à statuer"),
    ("desistement", "Désistement"),
    ("non_admission", "Non-admission"),
];

/// Label of `code` in a code list, or the code itself.
pub fn label_of(list: &[(&'static str, &'static str)], code: &str) -> String {
    list.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| (*l).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The label of a chambre code of the Cour de cassation ("Non orienté" for none); any other
/// chambre (a tribunal's) is its own label.
pub fn chambre_label(code: &str) -> String {
    if code.is_empty() {
        "Non orienté".into()
    } else {
        label_of(&CHAMBRES, code)
    }
}

/// Chambres that may hear a pourvoi of `matiere`.
pub fn chambres_for(matiere: &str) -> &'static [(&'static str, &'static str)] {
    if matiere == "penal" {
        &CHAMBRES[5..]
    } else {
        &CHAMBRES[..5]
    }
}

pub(crate) fn code_in(list: &[(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    list.iter().find(|(c, _)| *c == code).map(|(c, _)| *c)
}
