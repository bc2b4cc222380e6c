//! Hearings: audiences, their rôle, affaires and their preparation, and progress.

use crate::decision::{Decision, FormerQualification, Renvoi};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_enum! {
    /// State of an affaire on a rôle: stored by code, sent by name (as the API always did).
    pub enum EtatAffaire by_name {
        AJuger = ("a_juger", "À juger"),
        Jugee = ("jugee", "Jugée"),
        Renvoyee = ("renvoyee", "Renvoyée"),
    }
}

impl EtatAffaire {
    /// The state of an affaire after a decision on one of its prévenus: judged once every
    /// prévenu has one (`decided`: one flag per prévenu), still to judge otherwise.
    pub fn after_decision(decided: impl IntoIterator<Item = bool>) -> EtatAffaire {
        if decided.into_iter().all(|d| d) {
            EtatAffaire::Jugee
        } else {
            EtatAffaire::AJuger
        }
    }
}

/// Progress of a rôle: how many affaires are judged, adjourned, or still to be called.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PourvoiSummary {
    pub id: String,
    pub numero: String,
    pub matiere: String,
    pub chambre: Option<String>,
    pub stade: crate::pourvoi::Stade,
    pub date_pourvoi: String,
    pub demandeur: String,
}

/// Headline figures for the DSGJ and chef de juridiction home page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Headline {
    pub audiences_a_venir: i64,
    pub affaires_jugees: i64,
    pub affaires_renvoyees: i64,
    pub affaires_restantes: i64,
    pub pourvois_en_stock: i64,
    /// When the figures were computed (Europe/Paris, for display).
    pub computed_at: String,
}

/// Preparation checklist items (key, label).
pub const CHECKLIST_ITEMS: [(&str, &str); 6] = [
    ("b1", "Bulletin n° 1 reçu"),
    ("citations", "Citations et convocations délivrées"),
    ("avocat", "Avocat avisé"),
    ("esr", "Enquête sociale rapide reçue"),
    ("extraction", "Extraction demandée"),
    ("interprete", "Interprète requis"),
];

/// Label of a checklist item.
pub fn checklist_label(key: &str) -> &str {
    CHECKLIST_ITEMS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or(key)
}

/// The preparation checklist of an affaire: the items that apply, done or not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Checklist(pub BTreeMap<String, bool>);

impl Checklist {
    /// Items that apply to a new affaire; a détenu adds the enquête sociale and the extraction.
    pub fn for_affaire(detenu: bool) -> Self {
        let mut items: Vec<&str> = vec!["b1", "citations", "avocat"];
        if detenu {
            items.extend(["esr", "extraction"]);
        }
        Self(items.into_iter().map(|k| (k.to_owned(), false)).collect())
    }

    /// A seeded checklist, all done or none.
    pub fn seeded(done: bool, detenu: bool) -> Self {
        let mut c = Self::for_affaire(detenu);
        c.0.values_mut().for_each(|v| *v = done);
        c
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }

    /// Reads the stored form; an unreadable value is an empty checklist.
    pub fn from_json(s: &str) -> Self {
        Self(serde_json::from_str(s).unwrap_or_default())
    }

    /// (done, total)
    pub fn count(&self) -> (usize, usize) {
        (self.0.values().filter(|v| **v).count(), self.0.len())
    }

    pub fn is_ready(&self) -> bool {
        self.0.values().all(|v| *v)
    }
}

/// Formation of an audience.
/// Most audiences one list shows: a period holding more shows its first ones, and says so.
pub const MAX_AUDIENCES_LISTED: usize = 500;

pub const FORMATIONS: [(&str, &str); 2] = [("juge_unique", "Juge unique"), ("collegiale", "Collégiale")];

/// Label of a formation code.
pub fn formation_label(code: &str) -> &str {
    FORMATIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}

/// An audience as typed in the create / edit form (strings, as the browser sends them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AudienceForm {
    pub date: String,
    pub heure_debut: String,
    pub chambre: String,
    pub formation: String,
    pub president: String,
    #[serde(default)]
    pub assesseurs: String,
    pub ministere_public: String,
    pub greffier: String,
    pub prevues: String,
    pub maximum: String,
    pub duree_estimee_min: String,
}

/// A checked audience form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAudience {
    pub date: NaiveDate,
    pub heure_debut: String,
    pub chambre: String,
    pub formation: String,
    pub president: String,
    pub assesseurs: Option<String>,
    pub ministere_public: String,
    pub greffier: String,
    pub prevues: i32,
    pub maximum: i32,
    pub duree_estimee_min: i32,
}

impl AudienceForm {
    /// Checks the form; the error names the field (its `name`) and says why in French.
    pub fn validate(&self) -> Result<ValidAudience, (String, String)> {
        let err = |f: &str, m: &str| Err((f.to_owned(), m.to_owned()));
        let date = match crate::dates::parse_iso(&self.date) {
            Some(d) => d,
            None => return err("date", "Date invalide (JJ/MM/AAAA, entre 1900 et 2200)."),
        };
        let heure = match NaiveTime::parse_from_str(self.heure_debut.trim(), "%H:%M") {
            Ok(t) => t.format("%H:%M").to_string(),
            Err(_) => return err("heure_debut", "Heure invalide (HH:MM)."),
        };
        let required = |f: &str, v: &str, what: &str| -> Result<String, (String, String)> {
            let v = v.trim();
            if v.is_empty() {
                Err((f.to_owned(), format!("{what} : champ obligatoire.")))
            } else if v.chars().count() > 200 {
                Err((f.to_owned(), format!("{what} : 200 caractères au plus.")))
            } else {
                Ok(v.to_owned())
            }
        };
        let chambre = required("chambre", &self.chambre, "Chambre")?;
        if !FORMATIONS.iter().any(|(c, _)| *c == self.formation) {
            return err("formation", "Formation inconnue.");
        }
        let president = required("president", &self.president, "Président")?;
        let assesseurs = self.assesseurs.trim();
        if self.formation == "collegiale" && assesseurs.is_empty() {
            return err("assesseurs", "Une formation collégiale comporte deux assesseurs.");
        }
        let ministere_public = required("ministere_public", &self.ministere_public, "Ministère public")?;
        let greffier = required("greffier", &self.greffier, "Greffier")?;
        let number = |f: &str, v: &str, lo: i32, hi: i32, what: &str| -> Result<i32, (String, String)> {
            v.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| (lo..=hi).contains(n))
                .ok_or_else(|| (f.to_owned(), format!("{what} : nombre entier de {lo} à {hi}.")))
        };
        let prevues = number("prevues", &self.prevues, 0, 500, "Affaires prévues")?;
        let maximum = number("maximum", &self.maximum, 1, 500, "Maximum d'affaires")?;
        if prevues > maximum {
            return err("prevues", "Le nombre d'affaires prévues dépasse le maximum.");
        }
        let duree = number(
            "duree_estimee_min",
            &self.duree_estimee_min,
            0,
            1_440,
            "Durée estimée (minutes)",
        )?;
        Ok(ValidAudience {
            date,
            heure_debut: heure,
            chambre,
            formation: self.formation.clone(),
            president,
            assesseurs: (!assesseurs.is_empty()).then(|| assesseurs.to_owned()),
            ministere_public,
            greffier,
            prevues,
            maximum,
            duree_estimee_min: duree,
        })
    }
}

/// One affaire as a line of the rôle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AffaireLine {
    pub id: String,
    pub rang: i32,
    pub numero_parquet: String,
    pub etat: EtatAffaire,
    pub version: i64,
    /// "NOM Prénom" of each prévenu, with "(détenu)" when so.
    pub prevenus: Vec<String>,
    pub infractions: Vec<String>,
    /// Checklist (done, total).
    pub preparation: (usize, usize),
    /// Date of the audience this affaire was adjourned from, if any.
    pub renvoyee_du: Option<String>,
}

/// Where an affaire stands in its rôle: the rôle's progress, how many affaires are ready, and
/// the affaires called just before and after it (id, numéro parquet). What an affaire's page
/// shows of its rôle, without the whole rôle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Voisins {
    pub progress: Progress,
    pub pretes: usize,
    pub precedente: Option<(String, String)>,
    pub suivante: Option<(String, String)>,
}

impl Voisins {
    /// Of affaire `id` in `role`, the rôle in its order: each affaire's id, numéro parquet,
    /// état and whether its preparation is complete.
    pub fn of<'a>(role: impl IntoIterator<Item = (&'a str, &'a str, EtatAffaire, bool)>, id: &str) -> Self {
        let role: Vec<_> = role.into_iter().collect();
        let at = role.iter().position(|(x, ..)| *x == id);
        let line = |i: Option<usize>| {
            i.and_then(|i| role.get(i))
                .map(|(x, numero, ..)| ((*x).to_owned(), (*numero).to_owned()))
        };
        Voisins {
            progress: Progress::of(role.iter().map(|(_, _, etat, _)| *etat)),
            pretes: role.iter().filter(|(.., ready)| *ready).count(),
            precedente: line(at.and_then(|i| i.checked_sub(1))),
            suivante: line(at.map(|i| i + 1)),
        }
    }

    /// Of affaire `id` in an audience already read whole (the browser's offline copy).
    pub fn in_audience(a: &AudienceDetail, id: &str) -> Self {
        Voisins {
            progress: a.progress,
            pretes: a.pretes,
            ..Voisins::of(
                a.affaires
                    .iter()
                    .map(|x| (x.id.as_str(), x.numero_parquet.as_str(), x.etat, false)),
                id,
            )
        }
    }
}

/// An audience opened: its details, its rôle and its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AudienceDetail {
    pub id: String,
    pub date: String,
    pub heure_debut: String,
    pub chambre: String,
    pub formation: String,
    pub president: String,
    pub assesseurs: Option<String>,
    pub ministere_public: String,
    pub greffier: String,
    pub prevues: i32,
    pub maximum: i32,
    pub duree_estimee_min: i32,
    pub debut_reel: Option<String>,
    pub fin_reel: Option<String>,
    /// Suspensions as displayed (start, end when resumed), Europe/Paris.
    pub suspensions: Vec<(String, Option<String>)>,
    pub suspendue: bool,
    /// Minutes actually spent hearing so far.
    pub minutes_siegees: i64,
    pub version: i64,
    pub progress: Progress,
    /// Affaires whose checklist is complete.
    pub pretes: usize,
    pub affaires: Vec<AffaireLine>,
}

/// One infraction of a prévenu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InfractionView {
    pub id: String,
    pub natinf_code: Option<String>,
    pub qualification: String,
    pub historique: Vec<FormerQualification>,
}

/// One prévenu with infractions and, once judged, the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PrevenuView {
    pub id: String,
    pub nom: String,
    pub prenom: String,
    pub date_naissance: Option<String>,
    pub statut: String,
    pub mode_poursuite: String,
    pub mode_comparution: String,
    pub interprete: String,
    pub avocat: String,
    pub presence: String,
    pub infractions: Vec<InfractionView>,
    pub decision: Option<Decision>,
}

/// A renvoi as recorded, with where the affaire went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenvoiView {
    pub renvoi: Renvoi,
    pub audience_cible_id: Option<String>,
    pub nouvelle_affaire_id: Option<String>,
}

/// An affaire opened for preparation or judgment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AffaireDetail {
    pub id: String,
    pub audience_id: String,
    pub audience_date: String,
    pub numero_parquet: String,
    pub rang: i32,
    pub etat: EtatAffaire,
    pub version: i64,
    pub checklist: Checklist,
    pub scelles: String,
    pub prevenus: Vec<PrevenuView>,
    pub parties_civiles: Vec<PartieCivileView>,
    pub renvoi: Option<RenvoiView>,
    /// The affaire this one continues (renvoi), with its audience date.
    pub origine: Option<(String, String)>,
}

/// What a renvoi created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenvoiOutcome {
    pub audience_id: String,
    pub affaire_id: String,
    pub audience_creee: bool,
}

/// One saved version of a note d'audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NoteVersion {
    pub version: i64,
    pub texte: String,
    pub auteur: String,
    /// Europe/Paris local time.
    pub ecrite_le: String,
}

/// Presence of a prévenu at the hearing (code, label).
pub const PRESENCES: [(&str, &str); 3] = [
    ("present", "Présent"),
    ("absent", "Absent"),
    ("represente", "Représenté"),
];

/// Label of a presence code; empty code: not called yet.
pub fn presence_label(code: &str) -> &str {
    PRESENCES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("Non appelé")
}

/// A prévenu as typed in the preparation form. `id` is generated by the client (UUID), so a
/// form sent twice updates the same prévenu.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PrevenuInput {
    pub id: String,
    pub nom: String,
    pub prenom: String,
    /// ISO date or empty.
    pub date_naissance: String,
    pub statut: String,
    pub mode_poursuite: String,
    pub mode_comparution: String,
    pub interprete: String,
    pub avocat: String,
}

/// Whether `s` has the shape of a UUID (client-generated ids).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

impl PrevenuInput {
    /// Checks the fields that need no reference list; French error with the field name.
    pub fn validate(&self, today: NaiveDate) -> Result<Option<NaiveDate>, (String, String)> {
        let err = |f: &str, m: &str| Err((f.to_owned(), m.to_owned()));
        if !is_uuid(&self.id) {
            return err("id", "Identifiant invalide.");
        }
        if self.nom.trim().is_empty() {
            return err("nom", "Nom : champ obligatoire.");
        }
        for (f, v) in [
            ("nom", &self.nom),
            ("prenom", &self.prenom),
            ("interprete", &self.interprete),
            ("avocat", &self.avocat),
        ] {
            if v.chars().count() > 100 {
                return err(f, "100 caractères au plus.");
            }
        }
        if !crate::import::STATUTS.iter().any(|(c, _)| *c == self.statut) {
            return err("statut", "Statut inconnu.");
        }
        match self.date_naissance.trim() {
            "" => Ok(None),
            d => match crate::dates::parse_iso(d) {
                Some(date) if date < today => Ok(Some(date)),
                _ => err("date_naissance", "Date de naissance invalide."),
            },
        }
    }
}

/// A partie civile of an affaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PartieCivileView {
    pub id: String,
    pub nom: String,
    pub avocat: String,
}

/// The chrono of an audience: actual start, suspensions, end (UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Chrono {
    pub debut: Option<DateTime<Utc>>,
    pub suspensions: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    pub fin: Option<DateTime<Utc>>,
}

impl Chrono {
    pub fn is_suspended(&self) -> bool {
        self.suspensions.last().is_some_and(|(_, end)| end.is_none())
    }

    /// Applies "ouvrir", "suspendre", "reprendre" or "clore" at `now`; French error otherwise.
    pub fn apply(&mut self, action: &str, now: DateTime<Utc>) -> Result<(), String> {
        match (action, self.debut, self.fin) {
            (_, _, Some(_)) => Err("L'audience est close.".into()),
            ("ouvrir", None, _) => {
                self.debut = Some(now);
                Ok(())
            }
            ("ouvrir", Some(_), _) => Err("L'audience a déjà commencé.".into()),
            (_, None, _) => Err("L'audience n'a pas commencé.".into()),
            ("suspendre", ..) if self.is_suspended() => Err("L'audience est déjà suspendue.".into()),
            ("suspendre", ..) => {
                self.suspensions.push((now, None));
                Ok(())
            }
            ("reprendre", ..) => match self.suspensions.last_mut() {
                Some((_, end @ None)) => {
                    *end = Some(now);
                    Ok(())
                }
                _ => Err("L'audience n'est pas suspendue.".into()),
            },
            ("clore", ..) => {
                if let Some((_, end @ None)) = self.suspensions.last_mut() {
                    *end = Some(now);
                }
                self.fin = Some(now);
                Ok(())
            }
            _ => Err(format!("Action inconnue : {action}.")),
        }
    }

    /// Time actually spent hearing: from start to end (or `now`), minus suspensions.
    pub fn sitting_time(&self, now: DateTime<Utc>) -> chrono::Duration {
        let Some(start) = self.debut else {
            return chrono::Duration::zero();
        };
        let end = self.fin.unwrap_or(now);
        let paused: chrono::Duration = self
            .suspensions
            .iter()
            .map(|(a, b)| b.unwrap_or(end) - *a)
            .fold(chrono::Duration::zero(), |acc, d| acc + d);
        end - start - paused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EtatAffaire::*;

    #[test]
    fn an_affaire_is_judged_once_every_prevenu_has_a_decision() {
        assert_eq!(EtatAffaire::after_decision([true, true]), Jugee);
        assert_eq!(EtatAffaire::after_decision([true, false]), AJuger);
        assert_eq!(EtatAffaire::after_decision([true]), Jugee);
        // An affaire without prévenu (none to decide) reads as judged, as before.
        assert_eq!(EtatAffaire::after_decision([]), Jugee);
    }

    #[test]
    fn an_affaire_knows_its_neighbours_in_the_role() {
        let role = [
            ("a", "P1", Jugee, true),
            ("b", "P2", Renvoyee, false),
            ("c", "P3", AJuger, true),
        ];
        let v = Voisins::of(role, "b");
        assert_eq!(v.precedente, Some(("a".into(), "P1".into())));
        assert_eq!(v.suivante, Some(("c".into(), "P3".into())));
        assert_eq!(
            (v.progress.jugees, v.progress.renvoyees, v.progress.restantes, v.pretes),
            (1, 1, 1, 2)
        );
        let first = Voisins::of(role, "a");
        assert_eq!(
            (first.precedente, first.suivante.map(|x| x.0)),
            (None, Some("b".into()))
        );
        let last = Voisins::of(role, "c");
        assert_eq!((last.precedente.map(|x| x.0), last.suivante), (Some("b".into()), None));
        // Not in the rôle (moved meanwhile): the rôle's figures, no neighbour.
        let gone = Voisins::of(role, "z");
        assert_eq!((gone.precedente, gone.suivante, gone.progress.total()), (None, None, 3));
    }

    #[test]
    fn states_travel_by_name_and_are_stored_by_code() {
        assert_eq!(serde_json::to_string(&AJuger).unwrap(), "\"AJuger\"");
        assert_eq!(serde_json::from_str::<EtatAffaire>("\"Renvoyee\"").unwrap(), Renvoyee);
        assert_eq!(serde_json::from_str::<EtatAffaire>("\"jugee\"").unwrap(), Jugee);
        assert_eq!(EtatAffaire::parse("a_juger"), Some(AJuger));
        assert_eq!(AJuger.label(), "À juger");
    }

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
    fn checklist_of_a_detenu_has_extraction_and_counts() {
        let mut c = Checklist::for_affaire(true);
        assert!(c.0.contains_key("extraction"));
        assert!(!Checklist::for_affaire(false).0.contains_key("extraction"));
        assert_eq!(c.count(), (0, 5));
        c.0.values_mut().for_each(|v| *v = true);
        assert!(c.is_ready());
        assert_eq!(Checklist::from_json(&c.to_json()), c);
        assert_eq!(Checklist::from_json("not json"), Checklist::default());
    }

    fn form() -> AudienceForm {
        AudienceForm {
            date: "2026-12-01".into(),
            heure_debut: "13:30".into(),
            chambre: "10e chambre".into(),
            formation: "juge_unique".into(),
            president: "Mme A".into(),
            assesseurs: String::new(),
            ministere_public: "M. B".into(),
            greffier: "Mme C".into(),
            prevues: "12".into(),
            maximum: "15".into(),
            duree_estimee_min: "240".into(),
        }
    }

    #[test]
    fn audience_form_checks_each_field() {
        assert!(form().validate().is_ok());
        let field = |f: AudienceForm| f.validate().unwrap_err().0;
        assert_eq!(
            field(AudienceForm {
                date: "31/02".into(),
                ..form()
            }),
            "date"
        );
        assert_eq!(
            field(AudienceForm {
                heure_debut: "25:00".into(),
                ..form()
            }),
            "heure_debut"
        );
        assert_eq!(
            field(AudienceForm {
                formation: "collegiale".into(),
                ..form()
            }),
            "assesseurs"
        );
        assert_eq!(
            field(AudienceForm {
                prevues: "20".into(),
                ..form()
            }),
            "prevues"
        );
        assert_eq!(
            field(AudienceForm {
                president: "  ".into(),
                ..form()
            }),
            "president"
        );
    }

    #[test]
    fn chrono_counts_sitting_time_without_suspensions() {
        let t = |h: u32, m: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 23, h, m, 0).unwrap();
        let mut c = Chrono::default();
        assert!(c.apply("suspendre", t(13, 0)).is_err(), "not started");
        c.apply("ouvrir", t(13, 30)).unwrap();
        assert!(c.apply("ouvrir", t(13, 31)).is_err());
        c.apply("suspendre", t(15, 0)).unwrap();
        assert!(c.is_suspended());
        assert!(c.apply("suspendre", t(15, 1)).is_err());
        c.apply("reprendre", t(15, 20)).unwrap();
        assert!(c.apply("reprendre", t(15, 21)).is_err());
        c.apply("suspendre", t(17, 0)).unwrap();
        c.apply("clore", t(17, 30)).unwrap();
        assert_eq!(c.suspensions[1].1, Some(t(17, 30)), "closing ends the suspension");
        assert_eq!(c.sitting_time(t(20, 0)).num_minutes(), 240 - 20 - 30);
        assert!(c.apply("reprendre", t(18, 0)).is_err(), "closed");
    }

    #[test]
    fn prevenu_input_is_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let ok = PrevenuInput {
            id: "0b8f2c1e-1d2a-4c3b-9e8f-112233445566".into(),
            nom: "MARTIN".into(),
            statut: "libre".into(),
            date_naissance: "1990-02-01".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate(today), Ok(NaiveDate::from_ymd_opt(1990, 2, 1)));
        let field = |p: PrevenuInput| p.validate(today).unwrap_err().0;
        assert_eq!(
            field(PrevenuInput {
                id: "x".into(),
                ..ok.clone()
            }),
            "id"
        );
        assert_eq!(
            field(PrevenuInput {
                nom: " ".into(),
                ..ok.clone()
            }),
            "nom"
        );
        assert_eq!(
            field(PrevenuInput {
                statut: "?".into(),
                ..ok.clone()
            }),
            "statut"
        );
        assert_eq!(
            field(PrevenuInput {
                date_naissance: "2030-01-01".into(),
                ..ok.clone()
            }),
            "date_naissance"
        );
    }

    #[test]
    fn etat_round_trip() {
        for e in [AJuger, Jugee, Renvoyee] {
            assert_eq!(EtatAffaire::parse(e.code()), Some(e));
        }
        assert_eq!(EtatAffaire::parse("autre"), None);
    }
}
