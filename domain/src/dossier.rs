//! The life of a Cour de cassation dossier after registration: orientation, distribution,
//! inventory of pièces (and the deadlines they close or start), the arrêt and its import
//! from Judilibre.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
pub const SOLUTIONS: [(&str, &str); 7] = [
    ("cassation", "Cassation"),
    ("cassation_partielle", "Cassation partielle"),
    ("rejet", "Rejet"),
    ("irrecevabilite", "Irrecevabilité"),
    ("decheance", "Déchéance"),
    ("non_lieu", "Non-lieu à statuer"),
    ("desistement", "Désistement"),
];

/// Largest pièce accepted (bytes).
pub const MAX_PIECE_BYTES: usize = 10 * 1024 * 1024;

/// The French sentence for a refused upload's code (see the upload handler).
pub fn upload_error(code: &str) -> &'static str {
    match code {
        "taille" => "Fichier trop volumineux : 10 Mo au plus.",
        "type" => {
            "Type de fichier refusé : seuls les documents PDF, ODT et DOCX sont acceptés (le contenu du fichier a été vérifié)."
        }
        "doublon" => "Ce fichier est déjà à l'inventaire du dossier : il n'a pas été ajouté une seconde fois.",
        "nature" => "Type de pièce : choisissez dans la liste.",
        "date" => "Date de la pièce : date invalide, future ou antérieure au pourvoi.",
        "deposant" => "Déposant : champ obligatoire (200 caractères au plus).",
        "fichier" => "Fichier : choisissez un fichier non vide.",
        "droits" => "Vous ne pouvez pas déposer ce type de pièce.",
        "affectation" => {
            "Ce dossier ne vous est pas distribué : seul le magistrat désigné dépose le rapport, le projet d'arrêt ou l'avis."
        }
        "formulaire" => "Formulaire d'envoi illisible : réessayez.",
        _ => "La pièce n'a pas pu être enregistrée : réessayez.",
    }
}

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

/// MIME type of a pièce found from its bytes: PDF, ODF text, or Office Open XML document.
/// Anything else (whatever its name says) is `None`.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    // ODF: the first entry is "mimetype", stored, holding the media type.
    const ODT: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";
    if bytes.get(30..30 + ODT.len()) == Some(ODT) {
        return Some("application/vnd.oasis.opendocument.text");
    }
    // OOXML: the archive names [Content_Types].xml and a word/ part.
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if has(b"[Content_Types].xml") && has(b"word/document.xml") {
        return Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }
    None
}

/// What adding a pièce of `nature` does to the deadlines of a pourvoi of `matiere`: the rules
/// it satisfies (closed), and the rules it starts from the pièce's date.
pub fn piece_effects(matiere: &str, nature: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match (matiere, nature) {
        ("civil", "memoire_ampliatif") => (&["cpc-978"], &["cpc-982"]),
        ("civil", "memoire_defense") => (&["cpc-982"], &[]),
        ("penal", "memoire_ampliatif") => (&["cpp-585-1", "cpp-567-2-memoire"], &[]),
        ("penal", "memoire_personnel") => (&["cpp-584"], &[]),
        ("penal", "avis_ag") => (&["cpp-585-2"], &[]),
        _ => (&[], &[]),
    }
}

/// The rules that the receipt of a penal dossier from the lower court closes and starts: for
/// a détenu, the Cour's three months and, unless it is already in, the demandeur's mémoire
/// within one month (art. 567-2 CPP).
pub fn reception_effects(detenu: bool, memoire_filed: bool) -> (&'static [&'static str], &'static [&'static str]) {
    let starts: &'static [&'static str] = match (detenu, memoire_filed) {
        (false, _) => &[],
        (true, true) => &["cpp-567-2"],
        (true, false) => &["cpp-567-2", "cpp-567-2-memoire"],
    };
    (&["cpp-586"], starts)
}

/// Roles that may add each nature of pièce: the greffe any, a conseiller his rapport and
/// projet d'arrêt, an avocat général his avis.
/// The function a pièce of `nature` belongs to, when it is the work of one magistrat of the
/// dossier: the rapport and the projet d'arrêt the conseiller rapporteur's, the avis the
/// avocat général's.
pub fn assigned_function(nature: &str) -> Option<&'static str> {
    match nature {
        "rapport" | "projet_arret" => Some("rapporteur"),
        "avis_ag" => Some("avocat_general"),
        _ => None,
    }
}

pub fn may_file(role: crate::role::Role, nature: &str) -> bool {
    use crate::role::Role;
    match role {
        Role::Greffier => true,
        Role::MagistratSiege => matches!(nature, "rapport" | "projet_arret"),
        Role::MagistratParquet => nature == "avis_ag",
        _ => false,
    }
}

/// A magistrat who may be assigned a dossier, with his current open workload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidat {
    pub id: i64,
    pub nom: String,
    /// Open dossiers he is assigned in this function.
    pub en_cours: i64,
}

/// The people a dossier may be distributed to; the first of each list is the suggestion
/// (lightest open workload, then name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectationView {
    pub fonction: String,
    pub nom: String,
    pub debut: String,
    pub fin: Option<String>,
    pub par: String,
    pub motif: String,
}

/// One pièce of the inventory (without its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceView {
    pub id: String,
    pub nature: String,
    pub date_piece: String,
    pub deposant: String,
    pub nom_fichier: String,
    pub mime: String,
    pub taille: i64,
    pub sha256: String,
    pub par: String,
}

/// The arrêt of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArretView {
    pub solution: String,
    pub date_arret: String,
    pub formation: String,
    pub ecli: String,
    pub source: String,
    pub sommaire: String,
}

/// An arrêt as typed by the greffe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArretForm {
    pub solution: String,
    pub date_arret: String,
    pub formation: String,
}

/// A checked arrêt, typed or imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidArret {
    pub numeros: Vec<String>,
    pub solution: &'static str,
    pub date_arret: NaiveDate,
    pub formation: String,
    pub ecli: String,
    pub sommaire: String,
    pub source: &'static str,
}

fn code_in(list: &[(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    list.iter().find(|(c, _)| *c == code).map(|(c, _)| *c)
}

impl ArretForm {
    /// Checks the form for the pourvoi numbered `numero`, registered on `depuis`.
    pub fn validate(&self, numero: &str, depuis: NaiveDate, today: NaiveDate) -> Result<ValidArret, (String, String)> {
        let solution = code_in(&SOLUTIONS, &self.solution)
            .ok_or_else(|| ("solution".to_owned(), "Solution : choisissez dans la liste.".to_owned()))?;
        let date_arret = crate::dates::parse_iso(&self.date_arret)
            .filter(|d| *d <= today && *d >= depuis)
            .ok_or_else(|| {
                (
                    "date_arret".to_owned(),
                    "Date de l'arrêt : date invalide, future ou antérieure au pourvoi.".to_owned(),
                )
            })?;
        let formation = code_in(&FORMATIONS, &self.formation).ok_or_else(|| {
            (
                "formation".to_owned(),
                "Formation : choisissez dans la liste.".to_owned(),
            )
        })?;
        Ok(ValidArret {
            numeros: vec![numero.to_owned()],
            solution,
            date_arret,
            formation: formation.to_owned(),
            ecli: String::new(),
            sommaire: String::new(),
            source: "saisie",
        })
    }
}

/// Reads a decision in the Judilibre API format (labels or internal codes; missing keys and
/// nulls tolerated where they are not needed). Errors are French sentences.
pub fn parse_judilibre(json: &str) -> Result<ValidArret, String> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("Fichier illisible : JSON invalide ({e})."))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::trim).unwrap_or("");
    let jurisdiction = s("jurisdiction").to_lowercase();
    if !(jurisdiction == "cc" || jurisdiction == "cour de cassation") {
        return Err(format!(
            "Ce fichier n'est pas une décision de la Cour de cassation (juridiction « {} »).",
            s("jurisdiction")
        ));
    }
    let kind = s("type").to_lowercase();
    if !(kind == "arret" || kind == "arrêt") {
        return Err(format!("Ce fichier n'est pas un arrêt (type « {} »).", s("type")));
    }
    let mut numeros: Vec<String> = v
        .get("numbers")
        .and_then(|n| n.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(|x| x.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    if numeros.is_empty() && !s("number").is_empty() {
        numeros.push(s("number").to_owned());
    }
    if numeros.is_empty() {
        return Err("Le fichier ne donne aucun numéro de pourvoi.".into());
    }
    if let Some(bad) = numeros.iter().find(|n| !crate::pourvoi::valid_numero(n)) {
        return Err(format!("Numéro de pourvoi « {bad} » invalide dans le fichier."));
    }
    let solution =
        judilibre_solution(s("solution")).ok_or_else(|| format!("Solution « {} » inconnue.", s("solution")))?;
    let date_arret = crate::dates::parse_iso(s("decision_date"))
        .ok_or_else(|| format!("Date de décision « {} » invalide.", s("decision_date")))?;
    let formation = match s("formation").to_lowercase().as_str() {
        "fs" | "formation de section" => "fs",
        "fr" | "formation restreinte" => "fr",
        "fp" | "formation plénière de chambre" => "fp",
        _ => "",
    };
    Ok(ValidArret {
        numeros,
        solution,
        date_arret,
        formation: formation.to_owned(),
        ecli: s("ecli").to_owned(),
        sommaire: s("summary").to_owned(),
        source: "judilibre",
    })
}

/// Our solution code for a Judilibre solution (code or label).
fn judilibre_solution(raw: &str) -> Option<&'static str> {
    let l = raw.to_lowercase();
    let l = l.trim();
    Some(match l {
        "rejet" => "rejet",
        "cassation" | "cassation sans renvoi" => "cassation",
        "cassation partielle" | "cassation_partielle" | "cassation partielle sans renvoi" => "cassation_partielle",
        "irrecevabilite" | "irrecevabilité" => "irrecevabilite",
        "decheance" | "déchéance" => "decheance",
        "non-lieu à statuer" | "non lieu à statuer" | "nonlieu" | "non_lieu" => "non_lieu",
        "desistement" | "désistement" => "desistement",
        _ => return None,
    })
}

/// Age bands of the stock (months since the pourvoi): code, label, lower bound in months.
pub const TRANCHES: [(&str, &str, u32); 5] = [
    ("0-3", "Moins de 3 mois", 0),
    ("3-6", "3 à 6 mois", 3),
    ("6-12", "6 mois à 1 an", 6),
    ("12-24", "1 à 2 ans", 12),
    ("24+", "Plus de 2 ans", 24),
];

/// The stock of open dossiers: counts by chambre × stade × age band.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stock {
    /// (chambre code or "" when not oriented, stade, tranche, count)
    pub cellules: Vec<(String, String, String, i64)>,
    pub total: i64,
}

/// Search criteria over the pourvois (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// One pourvoi in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LignePourvoi {
    pub id: String,
    pub numero: String,
    pub chambre: String,
    pub stade: String,
    pub date_pourvoi: String,
    pub demandeur: String,
    pub defendeur: String,
    pub avocats: String,
}

/// Results of a search: the first lines and how many matched in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resultats {
    pub lignes: Vec<LignePourvoi>,
    pub total: i64,
}

/// Most lines a search returns.
pub const MAX_RESULTATS: u64 = 200;

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tache {
    pub pourvoi_id: String,
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

/// What a search by party or avocat reads: demandeur, défendeur and avocats folded into one
/// text (one column to match, on every backend, with no function call per row).
pub fn search_key(demandeur: &str, defendeur: &str, avocats: &str) -> String {
    fold(&format!("{demandeur} | {defendeur} | {avocats}"))
}

/// Checks a request for a certificat de non-pourvoi: the juridiction and the number of the
/// decision (trimmed, required), its date (ISO, not after `today`). French error per field.
pub fn certificate_request(
    juridiction: &str,
    date: &str,
    numero: &str,
    today: NaiveDate,
) -> Result<(String, NaiveDate, String), (&'static str, &'static str)> {
    let (juridiction, numero) = (juridiction.trim(), numero.trim());
    if juridiction.is_empty() || juridiction.chars().count() > 300 {
        return Err(("juridiction", "Juridiction : champ obligatoire."));
    }
    if numero.is_empty() || numero.chars().count() > 100 {
        return Err(("numero", "N° de la décision : champ obligatoire."));
    }
    let date = crate::dates::parse_iso(date)
        .filter(|d| *d <= today)
        .ok_or(("date", "Date de la décision : date invalide ou future."))?;
    Ok((juridiction.to_owned(), date, numero.to_owned()))
}

/// A pièce a distributed dossier still waits for before it can be audiencé.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceAttendue {
    pub pourvoi_id: String,
    pub numero: String,
    pub chambre: String,
    /// What is missing ("Rapport du conseiller rapporteur"…).
    pub piece: String,
    /// Who is to file it.
    pub auteur: String,
}

/// The pièces missing from a distributed dossier: the rapport and the avis, which make it
/// "instruit". `(nature, label)` of each, in that order.
pub fn missing_pieces(has_rapport: bool, has_avis: bool) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !has_rapport {
        out.push(("rapport", "Rapport du conseiller rapporteur"));
    }
    if !has_avis {
        out.push(("avis_ag", "Avis de l'avocat général"));
    }
    out
}

/// A task list: open deadlines due within 30 days (or overdue), pièces awaited from the
/// magistrats, and dossiers ready for audiencement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taches {
    /// Whose tasks: "Mes dossiers" or a chambre's label.
    pub portee: String,
    pub echeances: Vec<Tache>,
    pub attendues: Vec<PieceAttendue>,
    pub prets: Vec<LignePourvoi>,
}

/// A séance of a chambre as typed by the greffe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeanceForm {
    pub chambre: String,
    pub formation: String,
    pub date: String,
}

/// A checked séance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSeance {
    pub chambre: &'static str,
    pub formation: &'static str,
    pub date: NaiveDate,
}

impl SeanceForm {
    /// Checks the form: a known chambre and formation, a working day from `today` on.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidSeance, (String, String)> {
        use chrono::Datelike;
        let chambre = code_in(&CHAMBRES, &self.chambre)
            .ok_or_else(|| ("chambre".to_owned(), "Chambre : choisissez dans la liste.".to_owned()))?;
        let formation = code_in(&FORMATIONS, &self.formation).ok_or_else(|| {
            (
                "formation".to_owned(),
                "Formation : choisissez dans la liste.".to_owned(),
            )
        })?;
        let date = crate::dates::parse_iso(&self.date)
            .filter(|d| *d >= today)
            .ok_or_else(|| {
                (
                    "date".to_owned(),
                    "Date de la séance : date invalide ou passée.".to_owned(),
                )
            })?;
        if date.weekday().number_from_monday() > 5 {
            return Err((
                "date".to_owned(),
                "Date de la séance : un jour ouvrable (lundi à vendredi).".to_owned(),
            ));
        }
        Ok(ValidSeance {
            chambre,
            formation,
            date,
        })
    }
}

/// A séance with its rôle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeanceView {
    pub id: String,
    pub chambre: String,
    pub formation: String,
    pub date: String,
    /// The dossiers scheduled, by number, with their rapporteur and avocat général.
    pub role: Vec<(LignePourvoi, String, String)>,
}

/// A séance in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeanceLigne {
    pub id: String,
    pub chambre: String,
    pub formation: String,
    pub date: String,
    pub dossiers: i64,
}

/// A certificat de non-pourvoi, or the pourvois that prevent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificat {
    pub juridiction: String,
    pub date_decision: String,
    pub numero_decision: String,
    /// Numbers of the pourvois registered against the decision (none: the certificate is given).
    pub pourvois: Vec<String>,
    /// Date of issue (ISO) and who issued it.
    pub delivre_le: String,
    pub par: String,
    pub juridiction_delivrance: String,
}

/// An event on one of the user's dossiers (assigned or followed), made by someone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub pourvoi_id: String,
    pub numero: String,
    /// Europe/Paris local time.
    pub at: String,
    /// The same instant, RFC 3339 in UTC: what "read up to here" sends back.
    pub instant: String,
    pub acteur: String,
    pub detail: String,
    /// Made since the user last marked his notifications read.
    pub nouvelle: bool,
}

/// The latest events of the user's dossiers, newest first, and how many he has not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub non_lues: i64,
    pub evenements: Vec<Notification>,
}

/// Most notifications listed.
pub const NOTIFICATIONS_LIMIT: u64 = 50;

/// An event of a dossier as pushed live to the browsers that watch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    /// The event's id in the timeline (`id:` of the server-sent event).
    pub id: String,
    pub pourvoi_id: String,
    pub numero: String,
    pub juridiction_id: i64,
    /// Europe/Paris local time.
    pub at: String,
    pub acteur_id: i64,
    pub acteur: String,
    pub nature: String,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_ignore_case_accents_and_ligatures() {
        assert_eq!(fold("Séverine ŒUVRAY-Müller"), "severine oeuvray-muller");
        assert_eq!(search_key("M. Émile", "Mme B", "SCP Çà"), "m. emile | mme b | scp ca");
    }

    #[test]
    fn a_distributed_dossier_waits_for_the_rapport_and_the_avis() {
        assert_eq!(
            missing_pieces(false, false),
            [
                ("rapport", "Rapport du conseiller rapporteur"),
                ("avis_ag", "Avis de l'avocat général")
            ]
        );
        assert_eq!(missing_pieces(true, false), [("avis_ag", "Avis de l'avocat général")]);
        assert!(missing_pieces(true, true).is_empty());
    }

    const RESOLVED: &str = include_str!("../../server/tests/data/judilibre/sample_detail_resolved_652c0c2.json");
    const UNRESOLVED: &str = include_str!("../../server/tests/data/judilibre/sample_detail_unresolved_652c0c2.json");

    #[test]
    fn content_decides_the_type_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(sniff(&odt), Some("application/vnd.oasis.opendocument.text"));
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(sniff(&ods), None, "a spreadsheet is not a pièce");
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml....".to_vec();
        assert!(sniff(&docx).unwrap().contains("wordprocessingml"));
        assert_eq!(sniff(b"PK\x03\x04 just a zip"), None);
        assert_eq!(sniff(b"MZ\x90\x00 an executable named memoire.pdf"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn pieces_close_and_start_the_right_deadlines() {
        assert_eq!(
            piece_effects("civil", "memoire_ampliatif"),
            (&["cpc-978"][..], &["cpc-982"][..])
        );
        assert_eq!(piece_effects("civil", "memoire_defense").0, &["cpc-982"]);
        assert_eq!(
            piece_effects("penal", "memoire_ampliatif").0,
            &["cpp-585-1", "cpp-567-2-memoire"]
        );
        assert_eq!(piece_effects("civil", "rapport"), (&[][..], &[][..]));
        for m in ["civil", "penal"] {
            for (n, _) in NATURES {
                let (c, s) = piece_effects(m, n);
                for id in c.iter().chain(s) {
                    assert!(crate::deadline::rule(id).is_some(), "{id}");
                }
            }
        }
        assert_eq!(reception_effects(true, false).1, &["cpp-567-2", "cpp-567-2-memoire"]);
        assert_eq!(reception_effects(true, true).1, &["cpp-567-2"]);
        assert!(reception_effects(false, false).1.is_empty());
    }

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

    #[test]
    fn who_files_what() {
        use crate::role::Role;
        assert!(may_file(Role::Greffier, "memoire_ampliatif"));
        assert!(may_file(Role::MagistratSiege, "rapport"));
        assert!(!may_file(Role::MagistratSiege, "memoire_defense"));
        assert!(may_file(Role::MagistratParquet, "avis_ag"));
        assert!(!may_file(Role::Dsgj, "autre"));
    }

    #[test]
    fn judilibre_labels_and_codes_read_alike() {
        let a = parse_judilibre(RESOLVED).unwrap();
        let b = parse_judilibre(UNRESOLVED).unwrap();
        assert_eq!(a.numeros, ["19-60.222", "19-70.333"]);
        assert_eq!(a.solution, "rejet");
        assert_eq!(a.date_arret, NaiveDate::from_ymd_opt(2020, 11, 25).unwrap());
        assert_eq!(a.formation, "fs");
        assert_eq!(a.ecli, "ECLI:FR:CCASS:2020:SO01153");
        assert!(a.sommaire.starts_with("Aux termes"));
        assert_eq!(
            (b.numeros, b.solution, b.date_arret, b.formation),
            (a.numeros, a.solution, a.date_arret, a.formation)
        );
    }

    #[test]
    fn bad_judilibre_files_are_reported() {
        assert!(parse_judilibre("{").unwrap_err().contains("JSON invalide"));
        assert!(parse_judilibre("[]").unwrap_err().contains("Cour de cassation"));
        let v: serde_json::Value = serde_json::from_str(RESOLVED).unwrap();
        let with = |k: &str, x: serde_json::Value| {
            let mut v = v.clone();
            v[k] = x;
            parse_judilibre(&v.to_string()).unwrap_err()
        };
        assert!(with("solution", "Avis".into()).contains("Solution"));
        assert!(with("decision_date", serde_json::Value::Null).contains("Date"));
        assert!(with("numbers", serde_json::json!(["19-6O.222"])).contains("invalide"));
        assert!(with("type", "ordonnance".into()).contains("arrêt"));
        // Missing optional keys are fine.
        let mut lean = v.clone();
        for k in ["summary", "ecli", "formation", "zones", "files", "number"] {
            lean.as_object_mut().unwrap().remove(k);
        }
        assert!(parse_judilibre(&lean.to_string()).is_ok());
    }

    #[test]
    fn typed_arret_is_checked() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let f = ArretForm {
            solution: "rejet".into(),
            date_arret: "2026-11-20".into(),
            formation: "fr".into(),
        };
        assert!(f.validate("26-10.001", d("2026-01-01"), d("2026-11-23")).is_ok());
        let field = |f: ArretForm| f.validate("26-10.001", d("2026-01-01"), d("2026-11-23")).unwrap_err().0;
        assert_eq!(
            field(ArretForm {
                solution: "avis".into(),
                ..f.clone()
            }),
            "solution"
        );
        assert_eq!(
            field(ArretForm {
                date_arret: "2025-12-31".into(),
                ..f.clone()
            }),
            "date_arret"
        );
        assert_eq!(
            field(ArretForm {
                date_arret: "2026-11-24".into(),
                ..f.clone()
            }),
            "date_arret"
        );
        assert_eq!(
            field(ArretForm {
                formation: "x".into(),
                ..f
            }),
            "formation"
        );
    }
}
