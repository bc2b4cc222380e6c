//! Deterministic synthetic data (fixed seed): demo accounts for every role, hearings with
//! rôles, affaires, prévenus, NATINF infractions, decisions and renvois, and pourvois.
//! Idempotent: accounts are matched by e-mail, and a juridiction that already has
//! audiences (or pourvois) is left alone.

use super::accounts::{self, NewUser};
use super::entities::{
    affaire, affectation, arret, audience, decision, echeance, infraction, juridiction, peine, pourvoi, prevenu,
    renvoi, user,
};
use super::hearings::decisions::{decision_model, peine_models};
use super::refdata;
use super::{StoreError, StoreResult};
use crate::domain::account::Email;
use crate::domain::decision::{Decision, NatureJugement, Peine, Prevention, Sanction};
use crate::domain::hearing::{Checklist, EtatAffaire};
use crate::domain::juridiction::COUR_DE_CASSATION;
use crate::domain::pourvoi::Stade;
use crate::domain::role::Role;
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// Password of every demo account (printed by `make run`; never use demo data in production).
pub const DEMO_PASSWORD: &str = "greffe-demo-2026";

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Two tribunaux judiciaires and the Cour de cassation, a few hundred affaires.
    Demo,
    /// One tribunal judiciaire over five years (~40,000 affaires).
    Tribunal,
    /// Every first-instance court over five years (~2.5 million affaires, ~100,000 pourvois).
    National,
    /// The Cour de cassation alone with the national volume of pourvois (~100,000), for
    /// measuring the dossier side without seeding every tribunal.
    Cassation,
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "demo" => Ok(Self::Demo),
            "tribunal" => Ok(Self::Tribunal),
            "national" => Ok(Self::National),
            "cassation" => Ok(Self::Cassation),
            _ => Err(format!(
                "profil inconnu « {s} » (attendu : demo, tribunal, national, cassation)"
            )),
        }
    }
}

/// Juridictions that get demo accounts: TJ Lyon, TJ Strasbourg (Alsace-Moselle), Cour de cassation.
pub const DEMO_JURIDICTIONS: [(&str, &str); 3] =
    [("167", "lyon"), ("164", "strasbourg"), (COUR_DE_CASSATION, "cassation")];

/// One demo account.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub juridiction_code: &'static str,
    /// Chambre of a Cour de cassation magistrat du siège.
    pub chambre: Option<&'static str>,
}

const PRENOMS: [&str; 24] = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Emma", "Claire", "Nadia", "Sophie", "Aïcha",
    "Thomas", "Lucas", "Hugo", "Nicolas", "Karim", "Julien", "Mehdi", "Antoine", "Pierre", "Yanis", "Louis", "Paul",
];
const NOMS: [&str; 24] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
    "André", "Mercier",
];

/// Demo accounts: every role in each demo juridiction, plus extra magistrats at the Cour de cassation.
pub fn demo_accounts() -> Vec<DemoAccount> {
    let mut out = Vec::new();
    for (i, (code, slug)) in DEMO_JURIDICTIONS.iter().enumerate() {
        for (k, role) in Role::ALL.into_iter().enumerate() {
            out.push(DemoAccount {
                email: format!("{}.{slug}@demo.greffe.fr", role.as_str().replace('_', "-")),
                display_name: format!(
                    "{} {}",
                    PRENOMS[(i * 6 + k) % PRENOMS.len()],
                    NOMS[(i * 7 + k) % NOMS.len()]
                ),
                role,
                juridiction_code: code,
                chambre: (*code == COUR_DE_CASSATION && role == Role::MagistratSiege).then_some("civ1"),
            });
        }
    }
    for n in 2..=4 {
        out.push(DemoAccount {
            email: format!("conseiller{n}.cassation@demo.greffe.fr"),
            display_name: format!("{} {}", PRENOMS[n + 10], NOMS[n + 12]),
            role: Role::MagistratSiege,
            juridiction_code: COUR_DE_CASSATION,
            chambre: Some(["civ1", "crim", "soc"][n - 2]),
        });
    }
    out
}

/// Loads reference data, then the profile's accounts and cases. `progress` receives lines to print.
pub async fn run<C>(db: &C, profile: Profile, today: NaiveDate, progress: &mut dyn FnMut(String)) -> StoreResult<()>
where
    C: super::Db,
{
    refdata::load_juridictions(db).await?;
    refdata::load_lists(db).await?;
    progress("référentiels chargés".into());
    for account in demo_accounts() {
        let email = Email::parse(&account.email).map_err(|m| StoreError::invalid("email", m))?;
        if user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .count(db)
            .await?
            > 0
        {
            continue;
        }
        let juridiction_id = accounts::juridiction_id_by_code(db, account.juridiction_code)
            .await?
            .ok_or_else(|| StoreError::Defect("reference juridiction missing".into()))?;
        let id = accounts::create_user(
            db,
            NewUser {
                email: &email,
                display_name: &account.display_name,
                role: account.role,
                juridiction_id,
                password: DEMO_PASSWORD,
            },
        )
        .await?;
        if account.chambre.is_some() {
            super::accounts::set_chambre(db, id, account.chambre).await?;
        }
    }
    progress("comptes de démonstration prêts".into());

    let (tjs, audiences_per_tj, pourvois): (Vec<String>, usize, usize) = match profile {
        Profile::Demo => (vec!["167".into(), "164".into()], 24, 60),
        Profile::Tribunal => (vec!["167".into()], 3_300, 2_000),
        Profile::Cassation => (Vec::new(), 0, 100_000),
        Profile::National => (
            refdata::courts()
                .into_iter()
                .filter(|c| c.kind != "CA")
                .map(|c| c.code)
                .collect(),
            1_240,
            100_000,
        ),
    };
    let span_days = if profile == Profile::Demo { 60 } else { 5 * 365 };
    for (n, code) in tjs.iter().enumerate() {
        let j = juridiction::Entity::find()
            .filter(juridiction::Column::Code.eq(code.as_str()))
            .one(db)
            .await?
            .ok_or_else(|| StoreError::Defect("reference juridiction missing".into()))?;
        if audience::Entity::find()
            .filter(audience::Column::JuridictionId.eq(j.id))
            .count(db)
            .await?
            > 0
        {
            continue;
        }
        let greffier_id = greffier_of(db, j.id).await?;
        let mut rng = StdRng::seed_from_u64(0x6772_6566 ^ j.id as u64);
        hearings(db, &mut rng, &j, greffier_id, audiences_per_tj, span_days, today).await?;
        progress(format!(
            "{} : {} audiences ({}/{})",
            j.libelle,
            audiences_per_tj,
            n + 1,
            tjs.len()
        ));
    }
    seed_pourvois(db, pourvois, today, progress).await?;
    if profile == Profile::Demo {
        super::pourvois::procedures::seed_demo(db, today).await?;
        progress("procédures particulières de démonstration".into());
    }
    // Bulk inserts bypass the per-write refresh: recount the pilotage figures once.
    super::stats::rebuild(db).await?;
    progress("indicateurs de pilotage recalculés".into());
    // The planner's statistics after a bulk load; PostgreSQL also marks the pages all-visible
    // (VACUUM), so that the stock's index-only reads do not visit the rows.
    db.execute_unprepared(match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    })
    .await?;
    progress("statistiques du planificateur à jour".into());
    Ok(())
}

async fn greffier_of<C: ConnectionTrait>(db: &C, juridiction_id: i64) -> StoreResult<Option<i64>> {
    Ok(user::Entity::find()
        .filter(user::Column::JuridictionId.eq(juridiction_id))
        .filter(user::Column::Role.eq(Role::Greffier.as_str()))
        .one(db)
        .await?
        .map(|u| u.id))
}

/// A random version-4 UUID drawn from the seeded generator (deterministic).
/// A UUID v4 drawn from `rng`: the seed's ids are the same at every run.
pub(crate) fn uuid(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.r#gen::<u128>().to_be_bytes())
        .into_uuid()
        .to_string()
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

#[derive(Default)]
struct Batch {
    audiences: Vec<audience::ActiveModel>,
    affaires: Vec<affaire::ActiveModel>,
    prevenus: Vec<prevenu::ActiveModel>,
    infractions: Vec<infraction::ActiveModel>,
    decisions: Vec<decision::ActiveModel>,
    peines: Vec<peine::ActiveModel>,
    renvois: Vec<renvoi::ActiveModel>,
}

impl Batch {
    async fn flush<C: super::Db>(&mut self, db: &C) -> StoreResult<()> {
        let (_turn, txn) = super::write::begin(db).await?;
        macro_rules! insert {
            ($field:ident, $entity:path) => {
                for chunk in std::mem::take(&mut self.$field).chunks(400) {
                    <$entity>::insert_many(chunk.to_vec()).exec(&txn).await?;
                }
            };
        }
        insert!(audiences, audience::Entity);
        insert!(affaires, affaire::Entity);
        insert!(prevenus, prevenu::Entity);
        insert!(infractions, infraction::Entity);
        insert!(decisions, decision::Entity);
        insert!(peines, peine::Entity);
        insert!(renvois, renvoi::Entity);
        txn.commit().await?;
        Ok(())
    }
}

const CHAMBRES: [&str; 4] = [
    "10e chambre correctionnelle",
    "11e chambre correctionnelle",
    "Comparutions immédiates",
    "Juge unique",
];
const STATUTS: [&str; 6] = ["libre", "libre", "libre", "detenu", "controle_judiciaire", "libre"];
// Codes of the `mode_poursuite` and `mode_comparution` lists, motifs of `renvoi_motif`.
const POURSUITES: [&str; 5] = ["COPJ", "CPV", "PV-CI", "CD", "PV-CDD"];
const COMPARUTIONS: [&str; 4] = ["CMP", "CMPAM", "NCMP", "NCMPAM"];
const MOTIFS: [&str; 6] = [
    "à la demande des parties",
    "absence avis JAP",
    "absence enquête sociale rapide",
    "demande de délai pour préparer sa défense",
    "pour citation (témoin / partie civile)",
    "pour absence de bulletin N°1",
];

async fn hearings<C: super::Db>(
    db: &C,
    rng: &mut StdRng,
    j: &juridiction::Model,
    greffier_id: Option<i64>,
    count: usize,
    span_days: i64,
    today: NaiveDate,
) -> StoreResult<()> {
    let natinf = refdata::natinf_rows();
    let mut batch = Batch::default();
    // Future audiences take the last sixth of the count, past ones the rest.
    let future = (count / 6).max(1);
    let mut parquet_seq = 0u32;
    for i in 0..count {
        let mut date = if i < count - future {
            today - Duration::days(span_days - (i as i64 * span_days / (count - future) as i64))
        } else {
            today + Duration::days(((i - (count - future)) as i64 * 30 / future as i64).max(0))
        };
        while date.weekday().number_from_monday() > 5 {
            date += Duration::days(1);
        }
        let past = date < today;
        let audience_id = uuid(rng);
        let n_affaires: i32 = rng.gen_range(8..=16);
        let collegiale = rng.gen_bool(0.4);
        let mut sitting = None;
        batch.audiences.push(audience::ActiveModel {
            id: Set(audience_id.clone()),
            juridiction_id: Set(j.id),
            date: Set(date),
            heure_debut: Set(pick(rng, &["09:00", "13:30", "14:00"]).to_string()),
            chambre: Set(pick(rng, &CHAMBRES).to_string()),
            formation: Set(if collegiale { "collegiale" } else { "juge_unique" }.into()),
            president: Set(format!("{} {}", pick(rng, &PRENOMS), pick(rng, &NOMS))),
            assesseurs: Set(collegiale.then(|| format!("{}, {}", pick(rng, &NOMS), pick(rng, &NOMS)))),
            ministere_public: Set(format!("{} {}", pick(rng, &PRENOMS), pick(rng, &NOMS))),
            greffier: Set(format!("{} {}", pick(rng, &PRENOMS), pick(rng, &NOMS))),
            greffier_id: Set(greffier_id),
            prevues: Set(n_affaires),
            maximum: Set(n_affaires + 4),
            duree_estimee_min: Set(n_affaires * 20),
            debut_reel: Set(past.then(|| Utc.from_utc_datetime(&date.and_hms_opt(8, 2, 0).unwrap_or_default()))),
            fin_reel: Set(past.then(|| {
                let minutes = i64::from(n_affaires) * rng.gen_range(12..28);
                sitting = Some(minutes - 2);
                Utc.from_utc_datetime(&date.and_hms_opt(8, 0, 0).unwrap_or_default()) + Duration::minutes(minutes)
            })),
            minutes_siegees: Set(sitting),
            version: Set(1),
            suspensions: Set("[]".into()),
        });
        for rang in 1..=n_affaires {
            parquet_seq += 1;
            let affaire_id = uuid(rng);
            let etat = match (past, rng.gen_range(0..100)) {
                (false, _) => EtatAffaire::AJuger,
                (true, 0..78) => EtatAffaire::Jugee,
                (true, _) => EtatAffaire::Renvoyee,
            };
            let date_faits = date - Duration::days(rng.gen_range(20..700));
            batch.affaires.push(affaire::ActiveModel {
                id: Set(affaire_id.clone()),
                audience_id: Set(audience_id.clone()),
                juridiction_id: Set(j.id),
                numero_parquet: Set(format!("{}/{:06}", date_faits.year() % 100, parquet_seq)),
                rang: Set(rang),
                etat: Set(etat.code().into()),
                date_faits: Set(Some(date_faits)),
                date_poursuite: Set(Some(date_faits + Duration::days(rng.gen_range(5..200)))),
                version: Set(1),
                origine_id: Set(None),
                checklist: Set(Checklist::seeded(past || rng.gen_bool(0.4), rng.gen_bool(0.15)).to_json()),
                scelles: Set(String::new()),
            });
            if etat == EtatAffaire::Renvoyee {
                batch.renvois.push(renvoi::ActiveModel {
                    id: Set(uuid(rng)),
                    affaire_id: Set(affaire_id.clone()),
                    motif: Set(pick(rng, &MOTIFS).to_string()),
                    nouvelle_date: Set(date + Duration::days(rng.gen_range(28..120))),
                    audience_cible_id: Set(None),
                    mesure: Set("aucune".into()),
                    observations: Set(String::new()),
                    nouvelle_affaire_id: Set(None),
                    decide_le: Set(Some(
                        Utc.from_utc_datetime(&date.and_hms_opt(15, 0, 0).unwrap_or_default()),
                    )),
                });
            }
            for _ in 0..(if rng.gen_bool(0.2) { 2 } else { 1 }) {
                let prevenu_id = uuid(rng);
                batch.prevenus.push(prevenu::ActiveModel {
                    id: Set(prevenu_id.clone()),
                    affaire_id: Set(affaire_id.clone()),
                    nom: Set(pick(rng, &NOMS).to_uppercase()),
                    prenom: Set(pick(rng, &PRENOMS).to_string()),
                    date_naissance: Set(NaiveDate::from_ymd_opt(
                        rng.gen_range(1950..2007),
                        rng.gen_range(1..13),
                        rng.gen_range(1..29),
                    )),
                    statut: Set(pick(rng, &STATUTS).to_string()),
                    mode_poursuite: Set(pick(rng, &POURSUITES).to_string()),
                    mode_comparution: Set(pick(rng, &COMPARUTIONS).to_string()),
                    interprete: Set(String::new()),
                    avocat: Set(String::new()),
                    presence: Set(if past { "present" } else { "" }.into()),
                });
                let mut infraction_ids = vec![];
                for _ in 0..rng.gen_range(1..=2) {
                    let (code, _, qualification, _) = pick(rng, &natinf);
                    let id = uuid(rng);
                    infraction_ids.push(id.clone());
                    batch.infractions.push(infraction::ActiveModel {
                        id: Set(id),
                        prevenu_id: Set(prevenu_id.clone()),
                        natinf_code: Set(Some(code.clone())),
                        qualification: Set(qualification.clone()),
                        historique: Set("[]".into()),
                    });
                }
                if etat == EtatAffaire::Jugee {
                    let (decision, peines) = random_decision(rng, prevenu_id, infraction_ids, date);
                    batch.decisions.push(decision);
                    batch.peines.extend(peines);
                }
            }
        }
        if batch.affaires.len() >= 2_000 {
            batch.flush(db).await?;
        }
    }
    batch.flush(db).await
}

fn random_decision(
    rng: &mut StdRng,
    prevenu_id: String,
    infraction_ids: Vec<String>,
    date: NaiveDate,
) -> (decision::ActiveModel, Vec<peine::ActiveModel>) {
    let relaxe = rng.gen_bool(0.12);
    let peines = if relaxe {
        vec![]
    } else {
        match rng.gen_range(0..4) {
            0 => vec![
                Peine::EmprisonnementSursis {
                    mois: rng.gen_range(2..13),
                },
                Peine::Amende {
                    euros: rng.gen_range(2..20) * 50,
                },
            ],
            1 => vec![Peine::EmprisonnementFerme {
                mois: rng.gen_range(1..25),
            }],
            2 => vec![Peine::Tig {
                heures: rng.gen_range(2..28) * 10,
            }],
            _ => vec![Peine::JoursAmende {
                nombre: rng.gen_range(10..120),
                euros: rng.gen_range(5..30),
            }],
        }
    };
    let nature = *pick(
        rng,
        &[
            NatureJugement::C,
            NatureJugement::C,
            NatureJugement::C,
            NatureJugement::C,
            NatureJugement::Cas,
            NatureJugement::D,
            NatureJugement::Id,
        ],
    );
    let prevention = if relaxe {
        Prevention::Relaxe
    } else {
        Prevention::Culpabilite
    };
    let decision = Decision {
        preventions: infraction_ids.into_iter().map(|id| (id, prevention.clone())).collect(),
        sanction: (!relaxe).then_some(Sanction::Condamnation),
        peines,
        mandat_de_depot: false,
        execution_provisoire: false,
        interets_civils: vec![],
        nature,
    };
    let id = uuid(rng);
    let peines = peine_models(&id, &decision.peines);
    let model = decision_model(
        id,
        prevenu_id,
        &decision,
        Utc.from_utc_datetime(&date.and_hms_opt(15, 0, 0).unwrap_or_default()),
    );
    (model, peines)
}

async fn seed_pourvois<C: super::Db>(
    db: &C,
    count: usize,
    today: NaiveDate,
    progress: &mut dyn FnMut(String),
) -> StoreResult<()> {
    let ccass = accounts::juridiction_id_by_code(db, COUR_DE_CASSATION)
        .await?
        .ok_or_else(|| StoreError::Defect("reference juridiction missing".into()))?;
    if pourvoi::Entity::find()
        .filter(pourvoi::Column::JuridictionId.eq(ccass))
        .count(db)
        .await?
        > 0
    {
        return Ok(());
    }
    let members = |role: Role| {
        user::Entity::find()
            .filter(user::Column::JuridictionId.eq(ccass))
            .filter(user::Column::Role.eq(role.as_str()))
            .all(db)
    };
    let siege = members(Role::MagistratSiege).await?;
    let avocats: Vec<i64> = members(Role::MagistratParquet)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let courts: Vec<String> = refdata::courts().into_iter().map(|c| c.libelle).collect();
    let mut rng = StdRng::seed_from_u64(0x7075_7276);
    let mut rows = Vec::with_capacity(count);
    for n in 0..count {
        let date_pourvoi = today - Duration::days(rng.gen_range(1..(if count > 1_000 { 5 * 365 } else { 400 })));
        let penal = rng.gen_bool(0.33);
        let chambres: &[&str] = if penal {
            &["crim"]
        } else {
            &["civ1", "civ2", "civ3", "com", "soc"]
        };
        let stade = *pick(&mut rng, Stade::ALL);
        let assigned = !matches!(stade, Stade::Enregistre | Stade::Oriente);
        let chambre = (stade != Stade::Enregistre).then(|| pick(&mut rng, chambres).to_string());
        // A rapporteur of the chambre when there is one, else any conseiller.
        let of_chambre: Vec<i64> = siege
            .iter()
            .filter(|u| u.chambre.is_none() || u.chambre == chambre)
            .map(|u| u.id)
            .collect();
        let rapporteurs: Vec<i64> = if of_chambre.is_empty() {
            siege.iter().map(|u| u.id).collect()
        } else {
            of_chambre
        };
        rows.push(pourvoi::ActiveModel {
            id: Set(uuid(&mut rng)),
            juridiction_id: Set(ccass),
            numero: Set(format!(
                "{:02}-{:02}.{:03}",
                date_pourvoi.year() % 100,
                10 + n / 1000 % 90,
                n % 1000
            )),
            matiere: Set(if penal { "penal" } else { "civil" }.into()),
            formation: Set(if chambre.is_some() {
                pick(&mut rng, &["fr", "fs"]).to_string()
            } else {
                String::new()
            }),
            chambre: Set(chambre),
            seance_id: Set(None),
            residence_demandeur: Set("metropole".into()),
            residence_defendeur: Set("metropole".into()),
            date_pourvoi: Set(date_pourvoi),
            decision_juridiction: Set(pick(&mut rng, &courts).clone()),
            decision_date: Set(date_pourvoi - Duration::days(rng.gen_range(3..60))),
            demandeur: Set(format!(
                "{} {}",
                pick(&mut rng, &PRENOMS),
                pick(&mut rng, &NOMS).to_uppercase()
            )),
            defendeur: Set(format!(
                "{} {}",
                pick(&mut rng, &PRENOMS),
                pick(&mut rng, &NOMS).to_uppercase()
            )),
            detenu: Set(penal && rng.gen_bool(0.2)),
            stade: Set(stade.code().into()),
            rapporteur_id: Set(assigned.then(|| *pick(&mut rng, &rapporteurs))),
            avocat_general_id: Set(assigned.then(|| *pick(&mut rng, &avocats))),
            version: Set(1),
            decision_numero: Set(String::new()),
            avocats: Set(String::new()),
        });
    }
    // The number is unique per year prefix and sequence; drop the rare same-year collision.
    rows.sort_by_key(|r| r.numero.clone().unwrap());
    rows.dedup_by_key(|r| r.numero.clone().unwrap());
    let total = rows.len();
    let (echeances, arrets, affectations) = pourvoi_dependents(&rows, today);
    for (i, chunk) in rows.chunks(400).enumerate() {
        pourvoi::Entity::insert_many(chunk.to_vec()).exec(db).await?;
        if i % 50 == 49 {
            progress(format!("pourvois : {}/{total}", (i + 1) * 400));
        }
    }
    super::pourvois::search::index_words(
        db,
        rows.iter().map(|r| super::pourvois::search::Words {
            juridiction_id: ccass,
            pourvoi_id: r.id.clone().unwrap(),
            numero: r.numero.clone().unwrap(),
            date_pourvoi: r.date_pourvoi.clone().unwrap(),
            stade: r.stade.clone().unwrap(),
            chambre: r.chambre.clone().unwrap().unwrap_or_default(),
            words: crate::domain::pourvoi::search_words(r.demandeur.as_ref(), r.defendeur.as_ref(), r.avocats.as_ref()),
        }),
    )
    .await?;
    for chunk in echeances.chunks(400) {
        echeance::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    for chunk in arrets.chunks(400) {
        arret::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    for chunk in affectations.chunks(400) {
        affectation::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    progress(format!(
        "{total} pourvois, {} échéances, {} arrêts, {} affectations",
        echeances.len(),
        arrets.len(),
        affectations.len()
    ));
    Ok(())
}

type Dependents = (
    Vec<echeance::ActiveModel>,
    Vec<arret::ActiveModel>,
    Vec<affectation::ActiveModel>,
);

/// The deadlines, arrêts and assignments of seeded pourvois, consistent with their stade:
/// a decided pourvoi has its arrêt and every deadline closed, an instruit one its mémoires
/// filed; earlier ones have their deadlines open, or closed (mostly in time) once due.
fn pourvoi_dependents(rows: &[pourvoi::ActiveModel], today: NaiveDate) -> Dependents {
    use crate::domain::deadline;
    use crate::domain::juridiction::Calendar;
    use crate::domain::pourvoi::rules_started_by_registration;
    let mut rng = StdRng::seed_from_u64(0x6563_6865);
    let calendar = Calendar::parse("metropole");
    let at = |d: NaiveDate, h: u32| Utc.from_utc_datetime(&d.and_hms_opt(h, 0, 0).unwrap_or_default());
    let (mut echeances, mut arrets, mut affectations) = (Vec::new(), Vec::new(), Vec::new());
    for p in rows {
        let id = p.id.clone().unwrap();
        let date_pourvoi = p.date_pourvoi.clone().unwrap();
        let stade = super::pourvois::stade(&p.stade.clone().unwrap());
        let matiere = if p.matiere.clone().unwrap() == "penal" {
            "penal"
        } else {
            "civil"
        };
        let latest = today - Duration::days(1);
        let date_arret = (stade == Stade::Arret).then(|| {
            (date_pourvoi + Duration::days(rng.gen_range(60..720))).clamp(date_pourvoi, latest.max(date_pourvoi))
        });
        for rule_id in rules_started_by_registration(matiere) {
            let Some(rule) = deadline::rule(rule_id) else {
                continue;
            };
            let due = deadline::compute(rule, date_pourvoi, calendar).due;
            let filed = date_arret.is_some() || stade.may_be_scheduled();
            let closed = filed || (due < today && rng.gen_bool(0.75));
            let close_le = closed.then(|| {
                let d = if rng.gen_bool(0.85) {
                    due - Duration::days(rng.gen_range(0..30))
                } else {
                    due + Duration::days(rng.gen_range(1..45))
                };
                let last = date_arret.unwrap_or(today).min(today);
                d.clamp(date_pourvoi.min(last), last)
            });
            echeances.push(echeance::ActiveModel {
                id: Set(uuid(&mut rng)),
                pourvoi_id: Set(id.clone()),
                rule_id: Set(rule.id.to_owned()),
                depart: Set(date_pourvoi),
                due: Set(due),
                steps: Set("[]".into()),
                statut: Set(if closed { "close" } else { "ouverte" }.into()),
                cloture: Set(close_le
                    .map(|d| format!("diligence accomplie le {}", d.format("%d/%m/%Y")))
                    .unwrap_or_default()),
                close_le: Set(close_le),
            });
        }
        if let Some(d) = date_arret {
            let solution = match rng.gen_range(0..100) {
                0..50 => "rejet",
                50..70 => "irrecevabilite",
                70..90 => "cassation",
                90..95 => "cassation_partielle",
                95..98 => "decheance",
                _ => "desistement",
            };
            arrets.push(arret::ActiveModel {
                pourvoi_id: Set(id.clone()),
                solution: Set(solution.into()),
                date_arret: Set(d),
                formation: Set(p.formation.clone().unwrap()),
                ecli: Set(String::new()),
                source: Set("saisie".into()),
                sommaire: Set(String::new()),
                at: Set(at(d, 12)),
            });
        }
        for (fonction, user) in [
            ("rapporteur", p.rapporteur_id.clone().unwrap()),
            ("avocat_general", p.avocat_general_id.clone().unwrap()),
        ] {
            let Some(user) = user else { continue };
            let debut = (date_pourvoi + Duration::days(rng.gen_range(10..60))).min(today);
            affectations.push(affectation::ActiveModel {
                id: Set(uuid(&mut rng)),
                pourvoi_id: Set(id.clone()),
                fonction: Set(fonction.into()),
                user_id: Set(user),
                debut: Set(at(debut, 9)),
                fin: Set(None),
                par: Set("Reprise des données".into()),
                motif: Set(String::new()),
            });
        }
    }
    (echeances, arrets, affectations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_v4_shaped_and_deterministic() {
        let a = uuid(&mut StdRng::seed_from_u64(1));
        let b = uuid(&mut StdRng::seed_from_u64(1));
        assert_eq!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }

    #[test]
    fn demo_accounts_cover_every_role_in_each_juridiction() {
        let accounts = demo_accounts();
        for (code, _) in DEMO_JURIDICTIONS {
            for role in Role::ALL {
                assert!(
                    accounts.iter().any(|a| a.juridiction_code == code && a.role == role),
                    "{code} {role}"
                );
            }
        }
        let mut emails: Vec<_> = accounts.iter().map(|a| &a.email).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), accounts.len());
        assert!(accounts.iter().all(|a| Email::parse(&a.email).is_ok()));
    }
}
