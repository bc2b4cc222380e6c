//! Import of a rôle exported by another tool: CSV (`;` or `,`) or JSON, one line per
//! prévenu × infraction. Parsing checks every line and reports each bad one with its number
//! and a French reason; nothing is kept from a file that has any.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Columns of the import file, in the order of the example file.
pub const COLUMNS: [&str; 11] = [
    "numero_parquet",
    "rang",
    "nom",
    "prenom",
    "date_naissance",
    "statut",
    "mode_poursuite",
    "mode_comparution",
    "natinf",
    "qualification",
    "date_faits",
];

/// Largest file accepted, in lines.
pub const MAX_LINES: usize = 100_000;
/// Bad lines listed in a report; the total is always given.
pub const MAX_LISTED_ERRORS: usize = 500;

/// Prévenu statuts accepted (code, label).
pub const STATUTS: [(&str, &str); 4] = [
    ("libre", "Libre"),
    ("detenu", "Détenu"),
    ("controle_judiciaire", "Sous contrôle judiciaire"),
    ("arse", "Assigné à résidence sous surveillance électronique"),
];

/// Label of a statut code.
pub fn statut_label(code: &str) -> &str {
    STATUTS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}

/// The reference lists an import is checked against.
#[derive(Debug, Clone, Default)]
pub struct ImportRefs {
    /// NATINF code → qualification.
    pub natinf: HashMap<String, String>,
    pub modes_poursuite: HashSet<String>,
    pub modes_comparution: HashSet<String>,
}

/// A bad line and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LineError {
    pub ligne: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedInfraction {
    pub natinf_code: Option<String>,
    pub qualification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedPrevenu {
    pub nom: String,
    pub prenom: String,
    pub date_naissance: Option<NaiveDate>,
    pub statut: String,
    pub mode_poursuite: String,
    pub mode_comparution: String,
    pub infractions: Vec<ImportedInfraction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedAffaire {
    pub numero_parquet: String,
    pub rang: Option<u32>,
    pub date_faits: Option<NaiveDate>,
    pub prevenus: Vec<ImportedPrevenu>,
}

/// The outcome of parsing a file: the affaires in file order, or the bad lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub affaires: Vec<ImportedAffaire>,
    pub lines: usize,
    pub errors: Vec<LineError>,
}

/// What an import did or would do, for the dry run and the confirmation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportReport {
    pub lignes: usize,
    pub affaires_creees: usize,
    pub affaires_existantes: usize,
    pub prevenus_crees: usize,
    pub infractions_creees: usize,
    /// `numero_parquet` of each affaire, in rôle order, with "nouvelle" or "déjà au rôle".
    pub apercu: Vec<(String, String)>,
    pub erreurs: Vec<LineError>,
    pub erreurs_total: usize,
    /// True when the import was written (confirmation without errors).
    pub enregistre: bool,
}

/// One raw line, column name → value.
type Row = HashMap<String, String>;

fn parse_date(value: &str) -> Option<NaiveDate> {
    crate::dates::parse_fr_or_iso(value)
}

fn parse_statut(value: &str) -> Option<&'static str> {
    let v = value.trim().to_lowercase();
    let v = v.as_str();
    match v {
        "libre" => Some("libre"),
        "detenu" | "détenu" | "detenue" | "détenue" => Some("detenu"),
        "controle_judiciaire" | "contrôle judiciaire" | "controle judiciaire" | "cj" => Some("controle_judiciaire"),
        "arse" => Some("arse"),
        _ => None,
    }
}

/// Checks one line; `line` is its number as the user sees it.
fn check_row(
    row: &Row,
    refs: &ImportRefs,
    today: NaiveDate,
) -> Result<(String, Option<u32>, Option<NaiveDate>, ImportedPrevenu), String> {
    let get = |k: &str| row.get(k).map(|v| v.trim()).unwrap_or("");
    let numero = get("numero_parquet");
    if numero.is_empty() {
        return Err("le n° parquet est vide".into());
    }
    if numero.chars().count() > 40 {
        return Err("le n° parquet dépasse 40 caractères".into());
    }
    let rang = match get("rang") {
        "" => None,
        r => Some(
            r.parse::<u32>()
                .ok()
                .filter(|n| (1..=1_000).contains(n))
                .ok_or_else(|| format!("rang « {r} » invalide (nombre entier de 1 à 1000 attendu)"))?,
        ),
    };
    let nom = get("nom");
    let prenom = get("prenom");
    if nom.is_empty() {
        return Err("le nom du prévenu est vide".into());
    }
    if nom.chars().count() > 100 || prenom.chars().count() > 100 {
        return Err("nom ou prénom trop long (100 caractères au plus)".into());
    }
    let date_naissance = match get("date_naissance") {
        "" => None,
        d => {
            let date =
                parse_date(d).ok_or_else(|| format!("date de naissance « {d} » invalide (JJ/MM/AAAA attendu)"))?;
            if date >= today || date.year_ce().1 < 1900 {
                return Err(format!("date de naissance « {d} » impossible"));
            }
            Some(date)
        }
    };
    let statut = parse_statut(get("statut")).ok_or_else(|| {
        format!(
            "statut « {} » inconnu (libre, detenu, controle_judiciaire ou arse)",
            get("statut")
        )
    })?;
    let mode_poursuite = get("mode_poursuite");
    if !refs.modes_poursuite.contains(mode_poursuite) {
        return Err(format!("mode de poursuite « {mode_poursuite} » absent du référentiel"));
    }
    let mode_comparution = get("mode_comparution");
    if !mode_comparution.is_empty() && !refs.modes_comparution.contains(mode_comparution) {
        return Err(format!(
            "mode de comparution « {mode_comparution} » absent du référentiel"
        ));
    }
    let code = get("natinf");
    let qualification = get("qualification");
    let infraction = match (code, qualification) {
        ("", "") => return Err("ni code NATINF ni qualification".into()),
        ("", q) => ImportedInfraction {
            natinf_code: None,
            qualification: q.to_owned(),
        },
        (c, q) => {
            let known = refs.natinf.get(c).ok_or_else(|| {
                format!(
                    "code NATINF « {c} » inconnu du référentiel (laissez le code vide et saisissez la qualification)"
                )
            })?;
            ImportedInfraction {
                natinf_code: Some(c.to_owned()),
                qualification: if q.is_empty() { known.clone() } else { q.to_owned() },
            }
        }
    };
    let date_faits = match get("date_faits") {
        "" => None,
        d => {
            let date = parse_date(d).ok_or_else(|| format!("date des faits « {d} » invalide (JJ/MM/AAAA attendu)"))?;
            if date > today {
                return Err(format!("date des faits « {d} » dans le futur"));
            }
            Some(date)
        }
    };
    Ok((
        numero.to_owned(),
        rang,
        date_faits,
        ImportedPrevenu {
            nom: nom.to_uppercase(),
            prenom: prenom.to_owned(),
            date_naissance,
            statut: statut.to_owned(),
            mode_poursuite: mode_poursuite.to_owned(),
            mode_comparution: mode_comparution.to_owned(),
            infractions: vec![infraction],
        },
    ))
}

use chrono::Datelike;

/// What makes two lines the same: n° parquet, prévenu (nom, prénom, naissance), infraction.
type LineKey = (String, String, String, Option<NaiveDate>, Option<String>, String);

/// Groups checked lines into affaires and prévenus, catching duplicates and contradictions.
fn assemble(rows: Vec<(usize, Row)>, refs: &ImportRefs, today: NaiveDate) -> Parsed {
    let mut parsed = Parsed {
        lines: rows.len(),
        ..Parsed::default()
    };
    let mut by_numero: HashMap<String, (usize, usize)> = HashMap::new(); // numero → (index, first line)
    let mut seen: HashMap<LineKey, usize> = HashMap::new();
    for (line, row) in rows {
        let (numero, rang, date_faits, prevenu) = match check_row(&row, refs, today) {
            Ok(v) => v,
            Err(message) => {
                parsed.errors.push(LineError { ligne: line, message });
                continue;
            }
        };
        let inf = prevenu.infractions[0].clone();
        let key = (
            numero.clone(),
            prevenu.nom.clone(),
            prevenu.prenom.to_lowercase(),
            prevenu.date_naissance,
            inf.natinf_code.clone(),
            inf.qualification.to_lowercase(),
        );
        if let Some(first) = seen.get(&key) {
            parsed.errors.push(LineError {
                ligne: line,
                message: format!("ligne en double (même prévenu et même infraction qu'à la ligne {first})"),
            });
            continue;
        }
        seen.insert(key, line);
        let (idx, first_line) = match by_numero.get(&numero) {
            Some(&v) => v,
            None => {
                parsed.affaires.push(ImportedAffaire {
                    numero_parquet: numero.clone(),
                    rang,
                    date_faits,
                    prevenus: vec![],
                });
                let v = (parsed.affaires.len() - 1, line);
                by_numero.insert(numero.clone(), v);
                v
            }
        };
        let affaire = &mut parsed.affaires[idx];
        if affaire.rang != rang {
            parsed.errors.push(LineError {
                ligne: line,
                message: format!("rang différent de celui de l'affaire {numero} (ligne {first_line})"),
            });
            continue;
        }
        if affaire.date_faits.is_none() {
            affaire.date_faits = date_faits;
        }
        match affaire.prevenus.iter_mut().find(|p| {
            p.nom == prevenu.nom
                && p.prenom.eq_ignore_ascii_case(&prevenu.prenom)
                && p.date_naissance == prevenu.date_naissance
        }) {
            Some(p) => {
                if p.statut != prevenu.statut
                    || p.mode_poursuite != prevenu.mode_poursuite
                    || p.mode_comparution != prevenu.mode_comparution
                {
                    parsed.errors.push(LineError {
                        ligne: line,
                        message: format!(
                            "statut ou modes de poursuite et de comparution différents pour {} {} dans l'affaire {numero}",
                            prevenu.nom, prevenu.prenom
                        ),
                    });
                    continue;
                }
                p.infractions.push(inf);
            }
            None => affaire.prevenus.push(prevenu),
        }
    }
    // Ranks given in the file must not collide between affaires.
    let mut ranks: HashMap<u32, &str> = HashMap::new();
    for a in &parsed.affaires {
        if let Some(r) = a.rang
            && let Some(other) = ranks.insert(r, &a.numero_parquet)
        {
            let line = by_numero.get(&a.numero_parquet).map(|v| v.1).unwrap_or(0);
            parsed.errors.push(LineError {
                ligne: line,
                message: format!("rang {r} déjà donné à l'affaire {other}"),
            });
        }
    }
    parsed.errors.sort_by_key(|e| e.ligne);
    parsed
}

fn header_errors(headers: &[String]) -> Vec<LineError> {
    let missing: Vec<&str> = COLUMNS
        .iter()
        .filter(|c| !headers.iter().any(|h| h == *c))
        .copied()
        .collect();
    let unknown: Vec<&str> = headers
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()))
        .map(String::as_str)
        .collect();
    let mut errors = vec![];
    if !missing.is_empty() {
        errors.push(LineError {
            ligne: 1,
            message: format!("colonnes manquantes : {}", missing.join(", ")),
        });
    }
    if !unknown.is_empty() {
        errors.push(LineError {
            ligne: 1,
            message: format!("colonnes inconnues : {}", unknown.join(", ")),
        });
    }
    errors
}

fn too_long(lines: usize) -> Parsed {
    Parsed {
        lines,
        errors: vec![LineError {
            ligne: MAX_LINES + 1,
            message: format!("fichier trop long : {MAX_LINES} lignes au plus"),
        }],
        ..Parsed::default()
    }
}

/// Parses a CSV export: header line with the column names, `;` or `,` as separator
/// (whichever the header uses), UTF-8 with or without BOM.
pub fn parse_csv(text: &str, refs: &ImportRefs, today: NaiveDate) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(_) => {
            return Parsed {
                errors: vec![LineError {
                    ligne: 1,
                    message: "en-tête illisible (fichier CSV UTF-8 attendu)".into(),
                }],
                ..Parsed::default()
            };
        }
    };
    let errors = header_errors(&headers);
    if !errors.is_empty() {
        return Parsed {
            errors,
            ..Parsed::default()
        };
    }
    let mut rows = vec![];
    let mut bad = vec![];
    for record in reader.records() {
        if rows.len() + bad.len() >= MAX_LINES {
            return too_long(rows.len() + bad.len() + 1);
        }
        match record {
            Ok(r) => {
                let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                if r.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if r.len() != headers.len() {
                    bad.push(LineError {
                        ligne: line,
                        message: format!("{} colonnes au lieu de {}", r.len(), headers.len()),
                    });
                    continue;
                }
                rows.push((line, headers.iter().cloned().zip(r.iter().map(str::to_owned)).collect()));
            }
            Err(e) => bad.push(LineError {
                ligne: e.position().map(|p| p.line() as usize).unwrap_or(0),
                message: "ligne illisible (guillemets ou encodage)".into(),
            }),
        }
    }
    let mut parsed = assemble(rows, refs, today);
    parsed.lines += bad.len();
    parsed.errors.extend(bad);
    parsed.errors.sort_by_key(|e| e.ligne);
    parsed
}

/// Parses a JSON export: an array of objects whose keys are the column names; values are
/// strings or numbers. The "line" of an error is the element's position, from 1.
pub fn parse_json(text: &str, refs: &ImportRefs, today: NaiveDate) -> Parsed {
    let items: Vec<serde_json::Map<String, serde_json::Value>> = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Parsed {
                errors: vec![LineError {
                    ligne: e.line(),
                    message: "JSON invalide : un tableau d'objets est attendu".into(),
                }],
                ..Parsed::default()
            };
        }
    };
    if items.len() > MAX_LINES {
        return too_long(items.len());
    }
    let mut rows = vec![];
    let mut bad = vec![];
    for (i, item) in items.into_iter().enumerate() {
        let unknown: Vec<&String> = item.keys().filter(|k| !COLUMNS.contains(&k.as_str())).collect();
        if !unknown.is_empty() {
            bad.push(LineError {
                ligne: i + 1,
                message: format!(
                    "clés inconnues : {}",
                    unknown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            });
            continue;
        }
        let row: Row = item
            .into_iter()
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k, s)
            })
            .collect();
        rows.push((i + 1, row));
    }
    let mut parsed = assemble(rows, refs, today);
    parsed.lines += bad.len();
    parsed.errors.extend(bad);
    parsed.errors.sort_by_key(|e| e.ligne);
    parsed
}

/// The example file offered for download (also the README's reference).
pub const EXAMPLE_CSV: &str = include_str!("../../public/modeles/role-exemple.csv");

#[cfg(test)]
mod tests {
    use super::*;

    fn refs() -> ImportRefs {
        ImportRefs {
            natinf: [
                ("11886", "CIRCULATION HORS VOIES"),
                ("11371", "CONDUITE BATEAU SANS PERMIS"),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect(),
            modes_poursuite: ["COPJ", "PV-CI"].into_iter().map(String::from).collect(),
            modes_comparution: ["CMP", "CMPAM"].into_iter().map(String::from).collect(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    const HEADER: &str = "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n";

    #[test]
    fn example_file_groups_lines_into_affaires() {
        let p = parse_csv(EXAMPLE_CSV, &refs(), today());
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.lines, 3);
        assert_eq!(p.affaires.len(), 2);
        let martin = &p.affaires[0].prevenus[0];
        assert_eq!(martin.infractions.len(), 2);
        assert_eq!(
            martin.infractions[0].qualification, "CIRCULATION HORS VOIES",
            "qualification taken from NATINF"
        );
        assert_eq!(martin.infractions[1].natinf_code, None, "free qualification");
        assert_eq!(p.affaires[1].prevenus[0].statut, "detenu");
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = format!(
            "{HEADER}\
             26/1;1;MARTIN;Paul;31/02/1990;libre;COPJ;CMP;11886;;\n\
             26/2;2;DURAND;Léa;;libre;COPJ;CMP;99999;;\n\
             26/3;3;PETIT;Jean;;libre;COPJ;CMP;11886;;01/01/2030\n\
             26/4;4;ROUX;Anne;;libre;XXX;CMP;11886;;\n\
             26/5;5;ROUX;Anne;;libre;COPJ;CMP;11886;;\n\
             26/5;5;ROUX;Anne;;libre;COPJ;CMP;11886;;\n\
             26/6;x;BLANC;Marc;;libre;COPJ;CMP;11886;;\n\
             26/7;7;;Marc;;libre;COPJ;CMP;11886;;\n\
             26/8;8;NOIR;Marc;;en fuite;COPJ;CMP;11886;;\n\
             26/9;9;NOIR;Marc;;libre;COPJ;CMP;11886\n"
        );
        let p = parse_csv(&text, &refs(), today());
        let lines: Vec<usize> = p.errors.iter().map(|e| e.ligne).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 7, 8, 9, 10, 11]);
        let msg = |l: usize| p.errors.iter().find(|e| e.ligne == l).unwrap().message.clone();
        assert!(msg(2).contains("date de naissance"));
        assert!(msg(3).contains("NATINF « 99999 » inconnu"));
        assert!(msg(4).contains("futur"));
        assert!(msg(5).contains("mode de poursuite"));
        assert!(msg(7).contains("double"));
        assert!(msg(8).contains("rang"));
        assert!(msg(9).contains("nom"));
        assert!(msg(10).contains("statut"));
        assert!(msg(11).contains("colonnes"));
    }

    #[test]
    fn wrong_columns_are_refused_at_line_one() {
        let p = parse_csv("parquet;nom\n1;X\n", &refs(), today());
        assert_eq!(p.errors.len(), 2);
        assert!(p.errors.iter().all(|e| e.ligne == 1));
        assert!(p.errors[0].message.contains("colonnes manquantes"));
        assert!(p.affaires.is_empty());
    }

    #[test]
    fn comma_separator_and_iso_dates_are_accepted() {
        let text = EXAMPLE_CSV.replace(';', ",").replace("12/03/1990", "1990-03-12");
        let text = text.replace("Outrage à personne dépositaire de l'autorité publique", "Outrage");
        let p = parse_csv(&text, &refs(), today());
        assert_eq!(p.errors, vec![]);
        assert_eq!(
            p.affaires[0].prevenus[0].date_naissance,
            NaiveDate::from_ymd_opt(1990, 3, 12)
        );
    }

    #[test]
    fn colliding_ranks_are_refused() {
        let text = format!("{HEADER}26/1;1;A;B;;libre;COPJ;CMP;11886;;\n26/2;1;C;D;;libre;COPJ;CMP;11886;;\n");
        let p = parse_csv(&text, &refs(), today());
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("rang 1"));
    }

    #[test]
    fn json_uses_element_positions() {
        let text = r#"[
            {"numero_parquet":"26/1","rang":1,"nom":"Martin","prenom":"Paul","date_naissance":"1990-03-12",
             "statut":"libre","mode_poursuite":"COPJ","mode_comparution":"CMP","natinf":11886,"qualification":"","date_faits":""},
            {"numero_parquet":"26/2","nom":"X","statut":"libre","mode_poursuite":"COPJ","natinf":"1","autre":"?"}
        ]"#;
        let p = parse_json(text, &refs(), today());
        assert_eq!(p.affaires.len(), 1);
        assert_eq!(p.affaires[0].prevenus[0].nom, "MARTIN");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].ligne, 2);
        assert!(p.errors[0].message.contains("autre"));
        assert!(
            parse_json("{", &refs(), today()).errors[0]
                .message
                .contains("JSON invalide")
        );
    }
}
