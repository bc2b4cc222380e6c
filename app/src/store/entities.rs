//! sea-orm entities; they never leave `store/`.

macro_rules! no_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}
        impl ActiveModelBehavior for ActiveModel {}
    };
}

pub mod juridiction {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "juridiction")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub code: String,
        pub libelle: String,
        pub kind: String,
        pub cour_appel_id: Option<i64>,
        pub calendar: String,
    }
    no_relations!();
}

pub mod user {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "app_user")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub email: String,
        pub display_name: String,
        pub role: String,
        pub juridiction_id: i64,
        pub password_hash: String,
        pub active: bool,
        pub created_at: DateTimeUtc,
        /// Chambre of a Cour de cassation magistrat (`civ1`, `crim`…); `None` serves every chambre.
        pub chambre: Option<String>,
    }
    no_relations!();
}

pub mod session {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "app_session")]
    pub struct Model {
        /// SHA-256 of the cookie token: a database leak gives no usable session.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: i64,
        pub created_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
        pub ip: String,
    }
    no_relations!();
}

pub mod audit_log {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub at: DateTimeUtc,
        pub user_id: Option<i64>,
        pub actor: Option<String>,
        pub juridiction_id: Option<i64>,
        pub action: String,
        pub entity: String,
        pub entity_id: Option<String>,
        pub ip: String,
        pub success: bool,
        pub detail: Option<String>,
    }
    no_relations!();
}

pub mod referentiel {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "referentiel")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub list: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub position: i32,
        pub code: String,
        pub libelle: String,
        pub mnemo: Option<String>,
    }
    no_relations!();
}

pub mod natinf {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "natinf")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub code: String,
        pub nature: String,
        pub qualification: String,
        pub defined_by: Option<String>,
        pub punished_by: Option<String>,
    }
    no_relations!();
}

pub mod audience {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audience")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub juridiction_id: i64,
        pub date: Date,
        pub heure_debut: String,
        pub chambre: String,
        pub formation: String,
        pub president: String,
        pub assesseurs: Option<String>,
        pub ministere_public: String,
        pub greffier: String,
        pub greffier_id: Option<i64>,
        pub prevues: i32,
        pub maximum: i32,
        pub duree_estimee_min: i32,
        pub debut_reel: Option<DateTimeUtc>,
        pub fin_reel: Option<DateTimeUtc>,
        pub version: i64,
        /// JSON array of [start, end] UTC instants of suspensions (end null while suspended).
        pub suspensions: String,
        /// Time actually sitting, suspensions excluded; set when the audience is closed.
        pub minutes_siegees: Option<i64>,
    }
    no_relations!();
}

pub mod affaire {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "affaire")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub audience_id: String,
        pub juridiction_id: i64,
        pub numero_parquet: String,
        pub rang: i32,
        pub etat: String,
        pub date_faits: Option<Date>,
        pub date_poursuite: Option<Date>,
        pub version: i64,
        pub origine_id: Option<String>,
        /// JSON object: checklist item → done.
        pub checklist: String,
        pub scelles: String,
    }
    no_relations!();
}

pub mod prevenu {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "prevenu")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub affaire_id: String,
        pub nom: String,
        pub prenom: String,
        pub date_naissance: Option<Date>,
        pub statut: String,
        pub mode_poursuite: String,
        pub mode_comparution: String,
        /// Language of the interpreter needed, empty when none.
        pub interprete: String,
        pub avocat: String,
        /// Presence at the hearing: empty (not called yet), present, absent, represente.
        pub presence: String,
    }
    no_relations!();
}

pub mod infraction {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "infraction")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub prevenu_id: String,
        pub natinf_code: Option<String>,
        pub qualification: String,
        /// JSON array of former qualifications.
        pub historique: String,
    }
    no_relations!();
}

pub mod decision {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "decision")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub prevenu_id: String,
        /// `domain::decision::Sens` code ("" without any answer).
        pub sens: String,
        /// `domain::decision::Sanction` code ("" without sanction).
        pub sanction_code: String,
        pub nature: String,
        pub peines: String,
        pub rendue_le: DateTimeUtc,
        /// The whole structured decision, JSON.
        pub details: String,
    }
    no_relations!();
}

/// One peine of a decision, with its quantum, for counting and summing (the decision's JSON
/// stays the record of what was pronounced).
pub mod peine {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "peine")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub decision_id: String,
        pub rang: i32,
        pub nature: String,
        pub quantum: i64,
        pub unite: String,
    }
    no_relations!();
}

pub mod renvoi {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "renvoi")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub affaire_id: String,
        pub motif: String,
        pub nouvelle_date: Date,
        pub audience_cible_id: Option<String>,
        pub mesure: String,
        pub observations: String,
        pub nouvelle_affaire_id: Option<String>,
        pub decide_le: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod pourvoi {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pourvoi")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub juridiction_id: i64,
        pub numero: String,
        pub matiere: String,
        pub chambre: Option<String>,
        pub date_pourvoi: Date,
        pub decision_juridiction: String,
        pub decision_date: Date,
        pub demandeur: String,
        pub defendeur: String,
        pub detenu: bool,
        pub stade: String,
        pub rapporteur_id: Option<i64>,
        pub avocat_general_id: Option<i64>,
        pub version: i64,
        pub decision_numero: String,
        /// Avocats aux Conseils, as typed.
        pub avocats: String,
        /// Formation of the chambre (`fs`, `fr`, `fp`…), empty until oriented.
        pub formation: String,
        /// The séance the dossier is scheduled to.
        pub seance_id: Option<String>,
        /// `deadline::Residence` ids, for the délais de distance.
        pub residence_demandeur: String,
        pub residence_defendeur: String,
    }
    no_relations!();
}

/// The words of a pourvoi's parties and avocats, folded (`pourvoi::search_words`), with the
/// pourvoi's date, number, stade and chambre: a search by name reads a range of this
/// table's key, in which the newest pourvois found are picked.
pub mod pourvoi_mot {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pourvoi_mot")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub juridiction_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub mot: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub date_pourvoi: Date,
        #[sea_orm(primary_key, auto_increment = false)]
        pub numero: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub pourvoi_id: String,
        /// The pourvoi's stade and chambre (`""` when none), for searches filtered by them.
        pub stade: String,
        pub chambre: String,
    }
    no_relations!();
}

pub mod note_audience {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "note_audience")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub affaire_id: String,
        pub version: i64,
        pub texte: String,
        pub auteur_id: i64,
        pub auteur: String,
        pub ecrite_le: DateTimeUtc,
    }
    no_relations!();
}

pub mod partie_civile {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partie_civile")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub affaire_id: String,
        pub nom: String,
        pub avocat: String,
    }
    no_relations!();
}

pub mod procedure_particuliere {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procedure_particuliere")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub juridiction_id: i64,
        /// `ProcedureKind` code.
        pub nature: String,
        pub pourvoi_id: Option<String>,
        /// A saisine's own number (`None` on a pourvoi).
        pub numero_saisine: Option<String>,
        pub matiere: String,
        pub origine: String,
        pub objet: String,
        pub date_saisine: Date,
        /// Its own deadline, when the law gives one.
        pub rule_id: Option<String>,
        pub due: Option<Date>,
        /// JSON array of the deadline's steps.
        pub steps: String,
        /// Rules of the pourvoi's deadlines it interrupted, comma-separated.
        pub interrompues: String,
        /// The outcome code once ended (`ProcedureKind::issues`); `None` while in progress.
        pub issue: Option<String>,
        pub date_fin: Option<Date>,
        pub acte: Option<String>,
        /// "saisie" (typed) or "judilibre" (imported); empty while in progress.
        pub source_fin: String,
        pub cree_par: i64,
        pub cree_par_nom: String,
        pub cree_le: DateTimeUtc,
        pub version: i64,
    }
    no_relations!();
}

pub mod document_emis {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "document_emis")]
    pub struct Model {
        /// The verification code printed on the document.
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub juridiction_id: i64,
        /// Document kind (`document::KINDS`).
        pub nature: String,
        /// The record it was made from (`kind/id`).
        pub objet: String,
        /// File name without extension.
        pub nom: String,
        /// "pdf" or "odt".
        pub format: String,
        /// SHA-256 of the file delivered, hex.
        pub sha256: String,
        pub taille: i64,
        pub emis_par: i64,
        pub emis_par_nom: String,
        pub emis_le: DateTimeUtc,
    }
    no_relations!();
}

pub mod modele_document {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "modele_document")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub juridiction_id: i64,
        /// Document kind (`document::KINDS`), or `commun` for every kind without its own.
        pub nature: String,
        /// 1, 2, … per juridiction and kind.
        pub version: i32,
        /// Typst source defining `render(data)`.
        pub source: String,
        pub commentaire: String,
        pub cree_par: i64,
        pub cree_par_nom: String,
        pub cree_le: DateTimeUtc,
    }
    no_relations!();
}

pub mod modele_en_vigueur {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "modele_en_vigueur")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub juridiction_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub nature: String,
        /// None: Greffe's default template.
        pub modele_id: Option<String>,
        pub depuis: DateTimeUtc,
        pub par_nom: String,
    }
    no_relations!();
}

pub mod bordereau {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "bordereau")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub juridiction_id: i64,
        pub annee: i32,
        /// Rank in the juridiction's year.
        pub rang: i32,
        /// `2026-0042`.
        pub numero: String,
        pub date_envoi: Date,
        /// `dispatch::Mode` code.
        pub mode: String,
        pub etabli_par: i64,
        pub etabli_par_nom: String,
        pub etabli_le: DateTimeUtc,
    }
    no_relations!();
}

pub mod envoi {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "envoi")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub juridiction_id: i64,
        /// `dispatch::Nature` code.
        pub nature: String,
        /// The pourvoi's or the affaire's id.
        pub objet: String,
        /// The prévenu a convocation is for.
        pub prevenu_id: Option<String>,
        /// The record's number as the greffe says it.
        pub dossier: String,
        pub destinataire: String,
        pub qualite: String,
        /// `dispatch::Mode` code.
        pub mode: String,
        pub prepare_le: DateTimeUtc,
        pub prepare_par: i64,
        pub prepare_par_nom: String,
        pub bordereau_id: Option<String>,
        pub envoye_le: Option<Date>,
        pub code_envoye: Option<String>,
    }
    no_relations!();
}

pub mod echeance {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "echeance")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub pourvoi_id: String,
        pub rule_id: String,
        pub depart: Date,
        pub due: Date,
        /// JSON array of the computation's steps ("why this date").
        pub steps: String,
        /// "ouverte" or "close".
        pub statut: String,
        /// Why a closed deadline was closed (the event that satisfied it).
        pub cloture: String,
        /// Date of the event that closed it (absent for deadlines closed before it was kept).
        pub close_le: Option<Date>,
    }
    no_relations!();
}

pub mod evenement {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "evenement")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub pourvoi_id: String,
        pub at: DateTimeUtc,
        pub acteur: String,
        pub nature: String,
        pub detail: String,
        /// Who made it (absent for events recorded before it was kept).
        pub acteur_id: Option<i64>,
    }
    no_relations!();
}

/// Until when a user has read the events of the dossiers he is assigned to or follows.
pub mod notification_lue {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification_lue")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        pub vues_le: DateTimeUtc,
    }
    no_relations!();
}

pub mod affectation {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "affectation")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub pourvoi_id: String,
        /// "rapporteur" or "avocat_general".
        pub fonction: String,
        pub user_id: i64,
        pub debut: DateTimeUtc,
        /// End of the assignment; `None` while current.
        pub fin: Option<DateTimeUtc>,
        pub par: String,
        pub motif: String,
    }
    no_relations!();
}

pub mod piece {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "piece")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub pourvoi_id: String,
        pub nature: String,
        pub date_piece: Date,
        pub deposant: String,
        pub nom_fichier: String,
        /// Type found in the content, not the name.
        pub mime: String,
        pub taille: i64,
        pub sha256: String,
        pub contenu: Vec<u8>,
        pub at: DateTimeUtc,
        pub par: String,
    }
    no_relations!();
}

pub mod suivi {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "suivi")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pourvoi_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
    }
    no_relations!();
}

pub mod arret {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "arret")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pourvoi_id: String,
        pub solution: String,
        pub date_arret: Date,
        pub formation: String,
        pub ecli: String,
        /// "saisie" (typed) or "judilibre" (imported).
        pub source: String,
        pub sommaire: String,
        pub at: DateTimeUtc,
    }
    no_relations!();
}

pub mod seance {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "seance")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub juridiction_id: i64,
        pub chambre: String,
        pub formation: String,
        pub date: Date,
        pub created_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod mutation {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "mutation")]
    pub struct Model {
        /// The browser's id for the change.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: i64,
        pub affaire_id: String,
        pub kind: String,
        pub outcome: String,
        pub applied_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod login_throttle {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "login_throttle")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub cle: String,
        /// The account typed (empty for an address key).
        pub email: String,
        pub adresse: String,
        /// Attempts counted since the key was last quiet or cleared by a success.
        pub echecs: i32,
        pub bloque_jusqu_a: Option<DateTimeUtc>,
        pub dernier_essai: DateTimeUtc,
    }
    no_relations!();
}

pub mod visa_notes {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "visa_notes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub audience_id: String,
        pub president_id: i64,
        pub president: String,
        pub vise_le: DateTimeUtc,
        /// `domain::visa::fingerprint` of the notes covered.
        pub empreinte: String,
        pub notes: i32,
    }
    no_relations!();
}
