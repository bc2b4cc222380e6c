//! Avis and notifications sent to the parties and their avocats: who receives which
//! document of which record, recorded when prepared (its letter then issued with a code) and
//! when sent, on a bordereau that lists what left the greffe, to whom, how and when.

use crate::hearing::AffaireDetail;
use crate::pourvoi::PourvoiDetail;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// What is sent.
    pub enum Nature {
        Convocation = ("convocation", "Convocation à l'audience de renvoi"),
        AvisFixation = ("avis-fixation", "Avis de fixation"),
        NotificationMemoire = ("notification-memoire", "Notification du mémoire ampliatif"),
        NotificationArret = ("notification-arret", "Notification de l'arrêt"),
    }
}

code_enum! {
    /// How it is sent.
    pub enum Mode {
        LettreRecommandee = ("lrar", "Lettre recommandée avec avis de réception"),
        LettreSimple = ("lettre", "Lettre simple"),
        Electronique = ("electronique", "Communication électronique (RPVA, e-barreau)"),
        Courriel = ("courriel", "Courriel"),
        MainPropre = ("main-propre", "Remise en main propre contre émargement"),
    }
}

/// Whether the nature is sent by the Cour de cassation's greffe (else by a tribunal's).
pub fn at_cassation(n: Nature) -> bool {
    n != Nature::Convocation
}

/// Who prepares and sends them: the Cour de cassation's greffiers; a tribunal's greffe
/// (greffiers, its direction), who also organise its audiences.
pub fn may_dispatch(role: crate::role::Role, cassation: bool) -> bool {
    use crate::role::Role;
    if cassation {
        role == Role::Greffier
    } else {
        Role::ORGANISE_HEARINGS.contains(&role)
    }
}

/// Someone a document is sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub nom: String,
    /// « Demandeur au pourvoi », « Avocat de M. X »…
    pub qualite: String,
    /// The prévenu a convocation is for (the document is his).
    pub prevenu_id: Option<String>,
    /// The mode it is usually sent by: electronically to avocats, by registered letter to
    /// the parties.
    pub mode: Mode,
}

fn avocats(list: &str) -> impl Iterator<Item = &str> {
    list.split([';', '\n']).map(str::trim).filter(|a| !a.is_empty())
}

fn party(nom: &str, qualite: &str) -> Option<Recipient> {
    (!nom.trim().is_empty()).then(|| Recipient {
        nom: nom.trim().to_owned(),
        qualite: qualite.to_owned(),
        prevenu_id: None,
        mode: Mode::LettreRecommandee,
    })
}

fn avocat(nom: &str, qualite: String) -> Recipient {
    Recipient {
        nom: nom.to_owned(),
        qualite,
        prevenu_id: None,
        mode: Mode::Electronique,
    }
}

/// Who receives `nature` for pourvoi `p`, or why it cannot be sent yet.
pub fn pourvoi_recipients(p: &PourvoiDetail, nature: Nature, fixed: bool) -> Result<Vec<Recipient>, String> {
    let ready = match nature {
        Nature::AvisFixation => fixed.then_some(()).ok_or("Ce pourvoi n'est fixé à aucune séance."),
        Nature::NotificationMemoire => memoire(p)
            .map(|_| ())
            .ok_or("Aucun mémoire ampliatif n'est au dossier."),
        Nature::NotificationArret => p.arret.as_ref().map(|_| ()).ok_or("Aucun arrêt n'est rendu."),
        Nature::Convocation => Err("Une convocation se prépare depuis l'affaire du tribunal."),
    };
    ready.map_err(str::to_owned)?;
    let mut out = Vec::new();
    // The demandeur filed the mémoire: it goes to the other side.
    if nature != Nature::NotificationMemoire {
        out.extend(party(&p.demandeur, "Demandeur au pourvoi"));
    }
    out.extend(party(&p.defendeur, "Défendeur au pourvoi"));
    out.extend(avocats(&p.avocats).map(|a| avocat(a, "Avocat aux Conseils".into())));
    if out.is_empty() {
        return Err("Ce pourvoi ne nomme aucune partie ni aucun avocat.".into());
    }
    Ok(once_each(out))
}

/// `list` with each (name, capacity) once.
fn once_each(list: Vec<Recipient>) -> Vec<Recipient> {
    let mut seen = std::collections::HashSet::new();
    list.into_iter()
        .filter(|r| seen.insert((r.nom.to_lowercase(), r.qualite.to_lowercase())))
        .collect()
}

/// The mémoire ampliatif a notification is about: the latest one filed.
pub fn memoire(p: &PourvoiDetail) -> Option<&crate::pourvoi::PieceView> {
    p.pieces
        .iter()
        .filter(|x| x.nature == "memoire_ampliatif")
        .max_by(|a, b| a.date_piece.cmp(&b.date_piece))
}

/// Who is convoked to the audience of renvoi of affaire `a`: each prévenu, and his avocat.
pub fn convocation_recipients(a: &AffaireDetail) -> Result<Vec<Recipient>, String> {
    if a.origine.is_none() {
        return Err("Cette affaire ne vient pas d'un renvoi : il n'y a pas de convocation à envoyer.".into());
    }
    let mut out = Vec::new();
    for p in &a.prevenus {
        let nom = format!("{} {}", p.nom.to_uppercase(), p.prenom).trim().to_owned();
        if let Some(mut r) = party(&nom, "Prévenu") {
            r.prevenu_id = Some(p.id.clone());
            out.push(r);
        }
        for av in avocats(&p.avocat) {
            let mut r = avocat(av, format!("Avocat de {nom}"));
            r.prevenu_id = Some(p.id.clone());
            out.push(r);
        }
    }
    if out.is_empty() {
        return Err("Cette affaire n'a aucun prévenu.".into());
    }
    Ok(once_each(out))
}

/// The date a bordereau says the documents left: not in the future, nor more than 60 days
/// back (a date typed wrong, not a late entry).
pub fn sent_on(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let d = crate::dates::parse_iso(s).ok_or_else(|| format!("Date d'envoi invalide : « {s} » (AAAA-MM-JJ)."))?;
    if d > today {
        return Err("La date d'envoi ne peut pas être dans le futur.".into());
    }
    if (today - d).num_days() > 60 {
        return Err("La date d'envoi remonte à plus de 60 jours : vérifiez-la.".into());
    }
    Ok(d)
}

/// A bordereau's number: the year and its rank in the juridiction's year (`2026-0042`).
pub fn bordereau_number(year: i32, rank: i64) -> String {
    format!("{year}-{rank:04}")
}

/// One avis or notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EnvoiView {
    pub id: String,
    pub nature: Nature,
    /// The record: a pourvoi's or an affaire's id.
    pub objet: String,
    /// Its number as the greffe says it (n° de pourvoi, n° parquet).
    pub dossier: String,
    pub destinataire: String,
    pub qualite: String,
    pub mode: Mode,
    /// Prepared (Europe/Paris), by whom.
    pub prepare_le: String,
    pub prepare_par: String,
    /// Its letter's verification codes, when issued (the latest first).
    pub codes: Vec<String>,
    /// The code of the letter sent (the one issued last when the bordereau was made).
    pub code_envoye: Option<String>,
    /// Sent on (YYYY-MM-DD), on bordereau n°.
    pub envoye_le: Option<String>,
    pub bordereau: Option<String>,
}

/// A bordereau: what left the greffe on one day, by one mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BordereauView {
    pub id: String,
    pub numero: String,
    pub date_envoi: String,
    pub mode: Mode,
    pub etabli_par: String,
    pub envois: Vec<EnvoiView>,
}

/// The greffe's dispatches: waiting to be sent, sent, and the bordereaux.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Envois {
    pub a_envoyer: Vec<EnvoiView>,
    pub envoyes: Vec<EnvoiView>,
    pub bordereaux: Vec<BordereauView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avocats_are_listed_one_per_line_or_semicolon() {
        let v: Vec<&str> = avocats("SCP Durand, avocat aux Conseils; Me Ionescu\n\n").collect();
        assert_eq!(v, ["SCP Durand, avocat aux Conseils", "Me Ionescu"]);
    }

    #[test]
    fn a_date_sent_is_neither_future_nor_forgotten() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(sent_on("2026-12-07", today), Ok(today));
        assert!(sent_on("2026-12-08", today).unwrap_err().contains("futur"));
        assert!(sent_on("2026-10-01", today).unwrap_err().contains("60 jours"));
        assert!(sent_on("07/12/2026", today).is_err());
        assert!(sent_on("99999-01-01", today).is_err());
        assert_eq!(bordereau_number(2026, 42), "2026-0042");
    }

    #[test]
    fn each_nature_knows_its_court_and_its_labels() {
        assert!(!at_cassation(Nature::Convocation));
        assert!(at_cassation(Nature::NotificationArret));
        assert_eq!(Nature::parse("avis-fixation"), Some(Nature::AvisFixation));
        assert_eq!(
            Mode::parse("lrar").map(Mode::label),
            Some("Lettre recommandée avec avis de réception")
        );
    }
}
