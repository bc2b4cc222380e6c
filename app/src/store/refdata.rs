//! Reference data embedded in the binary (see `data/`): juridictions, Mistral Pénal lists,
//! NATINF codes. Loading is idempotent.

use super::entities::{juridiction, natinf, referentiel};
use super::{StoreError, StoreResult};
use crate::domain::juridiction::{COUR_DE_CASSATION, Calendar, kind_from_label};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::collections::{BTreeSet, HashMap};

const STRUCTURE: &str = include_str!("../../../data/referentiels/structure.csv");
const NATINF: &str = include_str!("../../../data/natinf/natinf_subset.csv");

/// The reference lists, by the name used in the `referentiel` table.
pub const LISTS: &[(&str, &str)] = &[
    (
        "categorie_penale",
        include_str!("../../../data/referentiels/categorie_penale.csv"),
    ),
    (
        "decision_prevention",
        include_str!("../../../data/referentiels/decision_prevention.csv"),
    ),
    (
        "decision_sanction",
        include_str!("../../../data/referentiels/decision_sanction.csv"),
    ),
    (
        "forme_juridique",
        include_str!("../../../data/referentiels/forme_juridique.csv"),
    ),
    (
        "lien_juridique",
        include_str!("../../../data/referentiels/lien_juridique.csv"),
    ),
    (
        "lien_social",
        include_str!("../../../data/referentiels/lien_social.csv"),
    ),
    (
        "modalite_participation",
        include_str!("../../../data/referentiels/modalite_participation.csv"),
    ),
    (
        "mode_comparution",
        include_str!("../../../data/referentiels/mode_comparution.csv"),
    ),
    (
        "mode_convocation",
        include_str!("../../../data/referentiels/mode_convocation.csv"),
    ),
    (
        "mode_poursuite",
        include_str!("../../../data/referentiels/mode_poursuite.csv"),
    ),
    (
        "modulation_peine",
        include_str!("../../../data/referentiels/modulation_peine.csv"),
    ),
    (
        "nationalite",
        include_str!("../../../data/referentiels/nationalite.csv"),
    ),
    ("pays", include_str!("../../../data/referentiels/pays.csv")),
    (
        "renvoi_motif",
        include_str!("../../../data/referentiels/renvoi_motif.csv"),
    ),
    (
        "situation_familiale",
        include_str!("../../../data/referentiels/situation_familliale.csv"),
    ),
    (
        "statut_personne",
        include_str!("../../../data/referentiels/statut_personne.csv"),
    ),
];

/// Rows of an embedded CSV file (header skipped); embedded files are known to parse.
pub fn rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("embedded reference CSV is well-formed (checked by unit tests)"))
        .map(|r| r.iter().map(|f| f.trim().to_owned()).collect())
        .collect()
}

/// One court of `structure.csv` with its parent appellate court's code resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Court {
    pub code: String,
    pub libelle: String,
    pub kind: &'static str,
    pub cour_appel_code: Option<String>,
}

/// Parses `structure.csv`. Its `cour_appel_id` is the source's serial id of the parent;
/// those ids, sorted, match the appellate courts in file order (see `data/referentiels/SOURCE.md`).
pub fn courts() -> Vec<Court> {
    let rows = rows(STRUCTURE);
    let cours: Vec<&Vec<String>> = rows.iter().filter(|r| r[4].is_empty()).collect();
    let serials: BTreeSet<i64> = rows.iter().filter_map(|r| r[4].parse().ok()).collect();
    let parent: HashMap<i64, String> = serials.into_iter().zip(cours.iter().map(|r| r[0].clone())).collect();
    rows.iter()
        .map(|r| Court {
            code: r[0].clone(),
            libelle: r[1].clone(),
            kind: if r[4].is_empty() { "CA" } else { kind_from_label(&r[1]) },
            cour_appel_code: r[4].parse().ok().and_then(|id: i64| parent.get(&id).cloned()),
        })
        .collect()
}

/// Inserts the juridictions that are missing (by code), the Cour de cassation included.
pub async fn load_juridictions<C: super::Db>(db: &C) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    let mut ids: HashMap<String, i64> = juridiction::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|j| (j.code, j.id))
        .collect();
    let courts = courts();
    // Parents first, so that children can point at them.
    let ordered = courts
        .iter()
        .filter(|c| c.kind == "CA")
        .chain(courts.iter().filter(|c| c.kind != "CA"));
    for court in ordered {
        if ids.contains_key(&court.code) {
            continue;
        }
        let ca_code = court.cour_appel_code.as_deref().unwrap_or(&court.code);
        let calendar = Calendar::of_court(&court.code, ca_code);
        let model = juridiction::ActiveModel {
            code: Set(court.code.clone()),
            libelle: Set(court.libelle.clone()),
            kind: Set(court.kind.to_owned()),
            cour_appel_id: Set(court.cour_appel_code.as_ref().and_then(|c| ids.get(c).copied())),
            calendar: Set(calendar.as_str().to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ids.insert(model.code, model.id);
    }
    if !ids.contains_key(COUR_DE_CASSATION) {
        juridiction::ActiveModel {
            code: Set(COUR_DE_CASSATION.to_owned()),
            libelle: Set("Cour de cassation".to_owned()),
            kind: Set("CC".to_owned()),
            cour_appel_id: Set(None),
            calendar: Set(Calendar::Metropole.as_str().to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sets the holiday calendar of the juridiction `code` (say, an Alsace-Moselle court whose
/// seat keeps no Good Friday); returns its id and the calendar it had.
pub async fn set_calendar<C: super::Db>(db: &C, code: &str, calendar: Calendar) -> StoreResult<(i64, Calendar)> {
    let (_turn, txn) = super::write::begin(db).await?;
    let j = juridiction::Entity::find()
        .filter(juridiction::Column::Code.eq(code))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("juridiction"))?;
    let (id, before) = (j.id, Calendar::parse(&j.calendar));
    let mut a = sea_orm::IntoActiveModel::into_active_model(j);
    a.calendar = Set(calendar.as_str().to_owned());
    a.update(&txn).await?;
    txn.commit().await?;
    Ok((id, before))
}

/// Loads each reference list and the NATINF subset unless already present.
pub async fn load_lists<C: super::Db>(db: &C) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    for (list, text) in LISTS {
        let present = referentiel::Entity::find()
            .filter(referentiel::Column::List.eq(*list))
            .count(&txn)
            .await?;
        if present > 0 {
            continue;
        }
        let models = rows(text)
            .into_iter()
            .enumerate()
            .map(|(i, r)| referentiel::ActiveModel {
                list: Set((*list).to_owned()),
                position: Set(i as i32),
                code: Set(r[0].clone()),
                libelle: Set(r[1].clone()),
                mnemo: Set(r.get(2).filter(|m| !m.is_empty()).cloned()),
            });
        referentiel::Entity::insert_many(models).exec(&txn).await?;
    }
    if natinf::Entity::find().count(&txn).await? == 0 {
        let models: Vec<_> = natinf_rows()
            .into_iter()
            .map(|(code, nature, qualification, defined_by)| natinf::ActiveModel {
                code: Set(code),
                nature: Set(nature),
                qualification: Set(qualification),
                defined_by: Set(defined_by),
                punished_by: Set(None),
                ..Default::default()
            })
            .collect();
        for chunk in models.chunks(200) {
            natinf::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// NATINF rows: code (mostly digits, sometimes `23004 V2` or `XI6056`), nature,
/// qualification, defined_by.
pub fn natinf_rows() -> Vec<(String, String, String, Option<String>)> {
    rows(NATINF)
        .into_iter()
        .map(|r| {
            (
                r[0].clone(),
                r[1].clone(),
                r[2].clone(),
                Some(r[3].clone()).filter(|s| !s.is_empty()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_has_37_cours_and_168_first_instance_courts() {
        let courts = courts();
        assert_eq!(courts.len(), 205);
        assert_eq!(courts.iter().filter(|c| c.kind == "CA").count(), 37);
        assert!(
            courts
                .iter()
                .filter(|c| c.kind != "CA")
                .all(|c| c.cour_appel_code.is_some())
        );
    }

    #[test]
    fn parents_follow_the_documented_mapping() {
        let courts = courts();
        let parent = |libelle: &str| {
            let c = courts.iter().find(|c| c.libelle == libelle).unwrap();
            courts
                .iter()
                .find(|p| Some(&p.code) == c.cour_appel_code.as_ref())
                .unwrap()
                .libelle
                .clone()
        };
        assert_eq!(parent("Tribunal judiciaire de Bourg-en-Bresse"), "Cour d'Appel de Lyon");
        assert!(parent("Tribunal judiciaire de Strasbourg").contains("Colmar"));
        assert!(parent("Tribunal judiciaire de Metz").contains("Metz"));
    }

    #[test]
    fn the_outre_mer_calendar_codes_name_courts_of_those_territories() {
        use crate::domain::juridiction::{OUTRE_MER_COURTS, Territory};
        let courts = courts();
        for (code, territory) in OUTRE_MER_COURTS {
            let court = courts.iter().find(|c| c.code == code).expect(code);
            let seats: &[&str] = match territory {
                Territory::Guadeloupe => &["Basse-Terre", "Pointe-à-Pitre"],
                Territory::Martinique => &["Fort-de-France"],
                Territory::Guyane => &["Cayenne", "CAyenne"],
                Territory::LaReunion => &["Réunion", "Tribunal judiciaire de Saint-Pierre"],
                Territory::Mayotte => &["Mamoudzou"],
                Territory::SaintBarthelemy | Territory::SaintMartin => &[],
            };
            assert!(
                seats.iter().any(|s| court.libelle.contains(s)),
                "{code}: {} is not in {territory:?}",
                court.libelle
            );
        }
    }

    #[test]
    fn every_list_parses_and_natinf_has_1056_rows() {
        for (name, text) in LISTS {
            assert!(!rows(text).is_empty(), "{name}");
        }
        assert_eq!(rows(LISTS.iter().find(|l| l.0 == "renvoi_motif").unwrap().1).len(), 30);
        assert_eq!(natinf_rows().len(), 1056);
    }
}
