//! What the greffe enters on a dossier and what bounds it, checked before anything is
//! written: dates (a pièce is not older than its pourvoi nor in the future, a pourvoi not
//! older than the decision it attacks, a corrected date keeps the year of the n° de
//! pourvoi), the chambre of an orientation, the motif of a redistribution, the reception of
//! a penal dossier, the séance a dossier is set down for.

use crate::refusal::Refusal;
use chrono::{Datelike, NaiveDate};

/// A pièce being filed, dated `date`, on a pourvoi of `date_pourvoi`.
pub fn check_piece_date(date: NaiveDate, date_pourvoi: NaiveDate) -> Result<(), Refusal> {
    if date < date_pourvoi {
        return Err(Refusal::invalid(
            "date_piece",
            "Date de la pièce : antérieure au pourvoi.",
        ));
    }
    Ok(())
}

/// A pièce's date corrected from `old` to `new`.
pub fn check_piece_correction(
    old: NaiveDate,
    new: NaiveDate,
    date_pourvoi: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if new == old {
        return Err(Refusal::invalid(
            "date_piece",
            "Date de la pièce : c'est déjà cette date.",
        ));
    }
    if new < date_pourvoi || new > today {
        return Err(Refusal::invalid(
            "date_piece",
            "Date de la pièce : ni future, ni antérieure au pourvoi.",
        ));
    }
    Ok(())
}

/// The pourvoi n° `numero` (`YY-NN.NNN`) re-dated from `old` to `new`, against a decision of
/// `decision_date`.
pub fn check_pourvoi_correction(
    old: NaiveDate,
    new: NaiveDate,
    decision_date: NaiveDate,
    numero: &str,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if new == old {
        return Err(Refusal::invalid(
            "date_pourvoi",
            "Date du pourvoi : c'est déjà cette date.",
        ));
    }
    if new < decision_date || new > today {
        return Err(Refusal::invalid(
            "date_pourvoi",
            "Date du pourvoi : ni future, ni antérieure à la décision attaquée.",
        ));
    }
    if numero.get(..2) != Some(format!("{:02}", new.year() % 100).as_str()) {
        return Err(Refusal::invalid(
            "date_pourvoi",
            "Date du pourvoi : l'année doit rester celle du n° de pourvoi.",
        ));
    }
    Ok(())
}

/// The chambre a pourvoi of `matiere` is oriented to, and its formation.
pub fn check_orientation(matiere: &str, chambre: &str, formation: &str) -> Result<(), Refusal> {
    if !super::chambres_for(matiere).iter().any(|(c, _)| *c == chambre) {
        return Err(Refusal::invalid(
            "chambre",
            if matiere == "penal" {
                "Un pourvoi pénal est orienté vers la chambre criminelle."
            } else {
                "Un pourvoi civil est orienté vers une chambre civile, commerciale ou sociale."
            },
        ));
    }
    if !super::FORMATIONS.iter().any(|(f, _)| *f == formation) {
        return Err(Refusal::invalid("formation", "Formation : choisissez dans la liste."));
    }
    Ok(())
}

/// The motif of a distribution (`motif` trimmed); a new distribution must give one.
pub fn check_distribution_motif(motif: &str, redistribution: bool) -> Result<(), Refusal> {
    if redistribution && motif.is_empty() {
        return Err(Refusal::invalid(
            "motif",
            "Motif : obligatoire pour une nouvelle distribution.",
        ));
    }
    if motif.chars().count() > 300 {
        return Err(Refusal::invalid("motif", "Motif : 300 caractères au plus."));
    }
    Ok(())
}

/// The reception of the dossier from the juridiction (art. 567-2 CPP: penal pourvois).
pub fn check_reception(matiere: &str, date: NaiveDate, date_pourvoi: NaiveDate) -> Result<(), Refusal> {
    if matiere != "penal" {
        return Err(Refusal::invalid(
            "date_reception",
            "La réception du dossier concerne les pourvois pénaux.",
        ));
    }
    if date < date_pourvoi {
        return Err(Refusal::invalid(
            "date_reception",
            "Date de réception : antérieure au pourvoi.",
        ));
    }
    Ok(())
}

/// A dossier of `chambre` set down for a séance of `seance_chambre` on `seance_date`.
pub fn check_seance(
    chambre: Option<&str>,
    seance_chambre: &str,
    seance_date: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if chambre != Some(seance_chambre) {
        return Err(Refusal::invalid(
            "seance",
            "Séance : le dossier est audiencé devant sa chambre.",
        ));
    }
    if seance_date < today {
        return Err(Refusal::invalid("seance", "Séance : cette séance est passée."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_piece_is_dated_between_its_pourvoi_and_today() {
        assert!(check_piece_date(d("2026-03-01"), d("2026-03-01")).is_ok());
        assert!(check_piece_date(d("2026-02-28"), d("2026-03-01")).is_err());
        let (pourvoi, today) = (d("2026-03-01"), d("2026-06-01"));
        assert!(check_piece_correction(d("2026-04-01"), d("2026-04-02"), pourvoi, today).is_ok());
        for new in ["2026-04-01", "2026-02-28", "2026-06-02"] {
            let err = check_piece_correction(d("2026-04-01"), d(new), pourvoi, today).unwrap_err();
            assert!(err.to_string().starts_with("Date de la pièce"), "{new}: {err}");
        }
    }

    #[test]
    fn a_corrected_pourvoi_keeps_the_year_of_its_number() {
        let (decision, today) = (d("2025-12-01"), d("2026-06-01"));
        let ok = check_pourvoi_correction(d("2026-01-10"), d("2026-01-05"), decision, "26-10.001", today);
        assert!(ok.is_ok());
        let year = check_pourvoi_correction(d("2026-01-10"), d("2025-12-20"), decision, "26-10.001", today);
        assert!(year.unwrap_err().to_string().contains("n° de pourvoi"));
        for new in ["2026-01-10", "2025-11-30", "2026-06-02"] {
            assert!(check_pourvoi_correction(d("2026-01-10"), d(new), decision, "26-10.001", today).is_err());
        }
        // A malformed number is refused, never sliced out of bounds.
        assert!(check_pourvoi_correction(d("2026-01-10"), d("2026-01-05"), decision, "2", today).is_err());
    }

    #[test]
    fn orientation_follows_the_matiere() {
        assert!(check_orientation("penal", "crim", "fs").is_ok());
        assert!(check_orientation("civil", "soc", "fr").is_ok());
        assert!(check_orientation("civil", "soc", "x").is_err());
        let civil = check_orientation("civil", "crim", "fr").unwrap_err();
        assert!(civil.to_string().starts_with("Un pourvoi civil"), "{civil}");
        let penal = check_orientation("penal", "civ1", "fr").unwrap_err();
        assert!(penal.to_string().contains("chambre criminelle"), "{penal}");
    }

    #[test]
    fn a_redistribution_gives_its_motif() {
        assert!(check_distribution_motif("", false).is_ok());
        assert!(check_distribution_motif("", true).is_err());
        assert!(check_distribution_motif("Déport", true).is_ok());
        assert!(check_distribution_motif(&"x".repeat(301), false).is_err());
    }

    #[test]
    fn reception_and_seance() {
        assert!(check_reception("penal", d("2026-03-02"), d("2026-03-01")).is_ok());
        assert!(check_reception("civil", d("2026-03-02"), d("2026-03-01")).is_err());
        assert!(check_reception("penal", d("2026-02-28"), d("2026-03-01")).is_err());
        let today = d("2026-06-01");
        assert!(check_seance(Some("crim"), "crim", today, today).is_ok());
        assert!(check_seance(Some("crim"), "civ1", today, today).is_err());
        assert!(check_seance(None, "crim", today, today).is_err());
        assert!(check_seance(Some("crim"), "crim", d("2026-05-31"), today).is_err());
    }
}
