//! Offline hearings: the audience snapshot a browser keeps, the outbox of changes made
//! without network, their local effect on the snapshot, and the sync exchange.
//!
//! Every change is a [`Mutation`] with a client-generated id. The server applies each id at
//! most once; the browser removes a mutation only once the server confirmed it. Versions
//! chain: each queued change on an affaire expects the version the previous one produces.

use crate::account::CurrentUser;
use crate::decision::{Decision, Renvoi};
use crate::hearing::{AffaireDetail, AudienceDetail, EtatAffaire, NoteVersion, Progress, RenvoiOutcome, RenvoiView};
use serde::{Deserialize, Serialize};

/// Most mutations sent in one sync request.
pub const SYNC_BATCH: usize = 100;

/// One audience taken offline, as the server gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OfflineAudience {
    pub audience: AudienceDetail,
    pub affaires: Vec<AffaireDetail>,
    /// Each affaire's note versions, newest first.
    pub notes: Vec<(String, Vec<NoteVersion>)>,
    pub motifs: Vec<String>,
    /// When it was taken, Europe/Paris local time.
    pub prise_le: String,
    /// Removed from the browser after this instant (milliseconds since 1970)…
    pub garder_jusqu_au: i64,
    /// …or this long after everything typed on it reached the server.
    pub delai_apres_synchro_ms: i64,
}

/// What the browser keeps, encrypted: who took it and the audiences taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Snapshot {
    pub user: CurrentUser,
    pub audiences: Vec<OfflineAudience>,
}

impl Snapshot {
    /// Adds or replaces an audience.
    pub fn put(&mut self, a: OfflineAudience) {
        self.audiences.retain(|x| x.audience.id != a.audience.id);
        self.audiences.push(a);
    }

    pub fn audience(&self, id: &str) -> Option<&OfflineAudience> {
        self.audiences.iter().find(|a| a.audience.id == id)
    }

    pub fn affaire(&self, id: &str) -> Option<&AffaireDetail> {
        self.audiences.iter().flat_map(|a| &a.affaires).find(|a| a.id == id)
    }

    fn affaire_mut(&mut self, id: &str) -> Option<(&mut OfflineAudience, usize)> {
        let a = self
            .audiences
            .iter_mut()
            .find(|a| a.affaires.iter().any(|x| x.id == id))?;
        let i = a.affaires.iter().position(|x| x.id == id)?;
        Some((a, i))
    }

    /// Note versions of an affaire, newest first (empty when none or not cached).
    pub fn notes(&self, affaire_id: &str) -> Option<Vec<NoteVersion>> {
        self.audiences
            .iter()
            .flat_map(|a| &a.notes)
            .find(|(id, _)| id == affaire_id)
            .map(|(_, v)| v.clone())
            .or_else(|| self.affaire(affaire_id).map(|_| Vec::new()))
    }

    /// Drops the audiences past their keeping date, except those with changes still queued.
    /// Returns whether anything was dropped.
    pub fn purge(&mut self, now_ms: i64, outbox: &Outbox) -> bool {
        let before = self.audiences.len();
        self.audiences
            .retain(|a| a.garder_jusqu_au > now_ms || outbox.items.iter().any(|m| m.audience_id == a.audience.id));
        self.audiences.len() != before
    }

    /// After a full sync: every audience is kept at most its delay from `now_ms`.
    pub fn synced(&mut self, now_ms: i64) {
        for a in &mut self.audiences {
            a.garder_jusqu_au = a.garder_jusqu_au.min(now_ms.saturating_add(a.delai_apres_synchro_ms));
        }
    }

    /// Motifs de renvoi of any cached audience.
    pub fn motifs(&self) -> Vec<String> {
        self.audiences.first().map(|a| a.motifs.clone()).unwrap_or_default()
    }

    /// The latest note version number and text of an affaire (0 and empty when none).
    pub fn latest_note(&self, affaire_id: &str) -> (i64, String) {
        self.notes(affaire_id)
            .and_then(|v| v.first().map(|n| (n.version, n.texte.clone())))
            .unwrap_or((0, String::new()))
    }

    /// Replaces an affaire (and its note versions) with the server's copy.
    pub fn refresh(&mut self, affaire: AffaireDetail, notes: Vec<NoteVersion>) {
        let id = affaire.id.clone();
        if let Some((a, i)) = self.affaire_mut(&id) {
            a.affaires[i] = affaire;
            a.notes.retain(|(x, _)| *x != id);
            a.notes.push((id, notes));
            recount(a);
        }
    }

    /// Applies a queued change to the local copy, as the server will. Unknown affaires are
    /// left alone.
    pub fn apply(&mut self, m: &Mutation, auteur: &str) {
        let Some((a, i)) = self.affaire_mut(&m.affaire_id) else {
            return;
        };
        match &m.op {
            Operation::Note { base, texte } => {
                let id = m.affaire_id.clone();
                let pos = a.notes.iter().position(|(x, _)| *x == id).unwrap_or_else(|| {
                    a.notes.push((id, Vec::new()));
                    a.notes.len() - 1
                });
                let versions = &mut a.notes[pos].1;
                // A merged note stands for the local versions above its base.
                versions.retain(|n| n.version <= *base);
                if versions.first().is_some_and(|n| n.texte == *texte) {
                    return;
                }
                versions.insert(
                    0,
                    NoteVersion {
                        version: base + 1,
                        texte: texte.clone(),
                        auteur: auteur.to_owned(),
                        ecrite_le: m.cree_le.clone(),
                    },
                );
            }
            Operation::Decision {
                version,
                prevenu_id,
                decision,
            } => {
                let aff = &mut a.affaires[i];
                aff.version = version + 1;
                if let Some(p) = aff.prevenus.iter_mut().find(|p| p.id == *prevenu_id) {
                    p.decision = Some(decision.clone());
                }
                aff.etat = EtatAffaire::after_decision(aff.prevenus.iter().map(|p| p.decision.is_some()));
            }
            Operation::Renvoi { version, renvoi } => {
                let aff = &mut a.affaires[i];
                aff.version = version + 1;
                aff.etat = EtatAffaire::Renvoyee;
                aff.renvoi = Some(RenvoiView {
                    renvoi: renvoi.clone(),
                    audience_cible_id: None,
                    nouvelle_affaire_id: None,
                });
            }
        }
        recount(a);
    }
}

/// Brings an audience's rôle lines and progress in line with its affaires.
fn recount(a: &mut OfflineAudience) {
    for line in &mut a.audience.affaires {
        if let Some(x) = a.affaires.iter().find(|x| x.id == line.id) {
            line.etat = x.etat;
            line.version = x.version;
        }
    }
    a.audience.progress = Progress::of(a.audience.affaires.iter().map(|l| l.etat));
}

/// A change made in the browser, waiting for the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Mutation {
    /// Client-generated UUID: the server applies it once.
    pub id: String,
    pub audience_id: String,
    pub affaire_id: String,
    /// When it was made, Europe/Paris local time as shown.
    pub cree_le: String,
    pub op: Operation,
    /// Sent at least once: the server may already have it, so it must not change any more.
    #[serde(default)]
    pub envoyee: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Operation {
    /// A new version of the note on top of note version `base`.
    Note { base: i64, texte: String },
    /// A decision on one prévenu, on top of affaire version `version`.
    Decision {
        version: i64,
        prevenu_id: String,
        decision: Decision,
    },
    /// A renvoi, on top of affaire version `version`.
    Renvoi { version: i64, renvoi: Renvoi },
}

impl Operation {
    /// Short French label, for the waiting list and the conflict screen.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Note { .. } => "Note d'audience",
            Self::Decision { .. } => "Décision",
            Self::Renvoi { .. } => "Renvoi",
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Note { .. } => "note",
            Self::Decision { .. } => "decision",
            Self::Renvoi { .. } => "renvoi",
        }
    }
}

/// The queue of changes, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Outbox {
    pub items: Vec<Mutation>,
}

impl Outbox {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Queues `m`. A note typed on top of an unsent note of the same affaire replaces it (the
    /// text is a whole new version, not a diff), so a hearing's typing stays a few mutations.
    pub fn push(&mut self, m: Mutation) {
        if let Operation::Note { texte, .. } = &m.op
            && let Some(last) = self.items.last_mut()
            && last.affaire_id == m.affaire_id
            && !last.envoyee
            && let Operation::Note { texte: t, .. } = &mut last.op
        {
            *t = texte.clone();
            last.cree_le = m.cree_le;
            return;
        }
        self.items.push(m);
    }

    /// The next batch to send, in order; marks it sent.
    pub fn next_batch(&mut self) -> Vec<Mutation> {
        let n = self.items.len().min(SYNC_BATCH);
        for m in &mut self.items[..n] {
            m.envoyee = true;
        }
        self.items[..n].to_vec()
    }

    /// Removes the mutations the server confirmed.
    pub fn confirm(&mut self, ids: &[String]) {
        self.items.retain(|m| !ids.contains(&m.id));
    }

    /// Queued changes on an affaire.
    pub fn pending_for(&self, affaire_id: &str) -> usize {
        self.items.iter().filter(|m| m.affaire_id == affaire_id).count()
    }

    /// Rechains the queued changes of an affaire on top of the server's affaire version and
    /// note version, keeping their order (after a conflict was settled).
    pub fn rebase(&mut self, affaire_id: &str, version: i64, note: i64) {
        let (mut v, mut n) = (version, note);
        for m in self.items.iter_mut().filter(|m| m.affaire_id == affaire_id) {
            match &mut m.op {
                Operation::Note { base, .. } => {
                    *base = n;
                    n += 1;
                }
                Operation::Decision { version, .. } | Operation::Renvoi { version, .. } => {
                    *version = v;
                    v += 1;
                }
            }
        }
    }

    /// Drops one mutation (the greffier kept the server's version).
    pub fn discard(&mut self, id: &str) -> Option<Mutation> {
        let i = self.items.iter().position(|m| m.id == id)?;
        Some(self.items.remove(i))
    }
}

/// What the server did with one mutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Outcome {
    /// The note version it created (or the same, if the text was unchanged).
    Note(i64),
    Decision,
    Renvoi(RenvoiOutcome),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Applied {
    pub id: String,
    pub outcome: Outcome,
    /// Already applied by an earlier request (the confirmation was lost).
    pub deja: bool,
}

/// The server's current copy of an affaire, shown beside the greffier's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ServerCopy {
    pub affaire: AffaireDetail,
    pub notes: Vec<NoteVersion>,
}

/// Local storage keys: the schema version is part of each, so a release that changes what a
/// key holds writes new keys and reads the former ones once (`FORMER_KEYS`). Sealed ones hold
/// AES-GCM ciphertext only.
pub const KEY_SNAPSHOT: &str = "greffe.v1.hl.snapshot";
pub const KEY_OUTBOX: &str = "greffe.v1.hl.outbox";
/// Refusal awaiting the greffier's choice (sealed: it holds the server's copy).
pub const KEY_REFUSED: &str = "greffe.v1.hl.refus";
/// Unsealed, nothing personal: owner id, counts and times for the status line.
pub const KEY_STATUS: &str = "greffe.v1.hl.etat";
/// The greffier's quick phrases for the note d'audience (unsealed: no personal data).
pub const KEY_PHRASES: &str = "greffe.v1.phrases";
/// Every key Greffe writes starts with this.
pub const KEY_PREFIX: &str = "greffe.";

/// The sealed draft of the note d'audience of an affaire, typed between two saves.
pub fn draft_key(affaire_id: &str) -> String {
    format!("{}{affaire_id}", DRAFT_PREFIX)
}

const DRAFT_PREFIX: &str = "greffe.v1.note.";

/// Keys of the first release (no version), and what they are now. Their content reads as is:
/// the snapshot's former state names are still understood.
pub const FORMER_KEYS: [(&str, &str); 5] = [
    ("greffe.hl.snapshot", KEY_SNAPSHOT),
    ("greffe.hl.outbox", KEY_OUTBOX),
    ("greffe.hl.refus", KEY_REFUSED),
    ("greffe.hl.etat", KEY_STATUS),
    ("greffe.phrases", KEY_PHRASES),
];

/// The current key of a key of the first release, if it is one (drafts included).
pub fn current_key(former: &str) -> Option<String> {
    if let Some((_, now)) = FORMER_KEYS.iter().find(|(old, _)| *old == former) {
        return Some((*now).to_owned());
    }
    former.strip_prefix("greffe.note.").map(draft_key)
}

/// The status line's facts, kept in clear (no personal data).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Status {
    /// User whose data the storage holds.
    pub user_id: Option<i64>,
    pub en_attente: usize,
    pub derniere_synchro: Option<String>,
    /// Audience ids taken offline.
    pub audiences: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_carry_their_version_and_former_ones_move_once() {
        for k in [KEY_SNAPSHOT, KEY_OUTBOX, KEY_REFUSED, KEY_STATUS, KEY_PHRASES] {
            assert!(k.starts_with(KEY_PREFIX) && k.contains(".v1."), "{k}");
        }
        assert_eq!(draft_key("a1"), "greffe.v1.note.a1");
        assert_eq!(current_key("greffe.hl.outbox").as_deref(), Some(KEY_OUTBOX));
        assert_eq!(current_key("greffe.note.a1").as_deref(), Some("greffe.v1.note.a1"));
        assert_eq!(current_key(KEY_OUTBOX), None);
        assert_eq!(current_key("autre.cle"), None);
    }
    use crate::decision::{MesureSurete, NatureJugement, Prevention, Sanction};

    fn note(id: &str, affaire: &str, base: i64, texte: &str) -> Mutation {
        Mutation {
            id: id.into(),
            audience_id: "a".into(),
            affaire_id: affaire.into(),
            cree_le: "10:00".into(),
            op: Operation::Note {
                base,
                texte: texte.into(),
            },
            envoyee: false,
        }
    }

    fn decision(id: &str, affaire: &str, version: i64) -> Mutation {
        Mutation {
            op: Operation::Decision {
                version,
                prevenu_id: "p".into(),
                decision: Decision {
                    preventions: vec![("i".into(), Prevention::Relaxe)],
                    sanction: Sanction::parse(""),
                    peines: vec![],
                    mandat_de_depot: false,
                    execution_provisoire: false,
                    interets_civils: vec![],
                    nature: NatureJugement::C,
                },
            },
            ..note(id, affaire, 0, "")
        }
    }

    fn renvoi(id: &str, affaire: &str, version: i64) -> Mutation {
        Mutation {
            op: Operation::Renvoi {
                version,
                renvoi: Renvoi {
                    motif: "m".into(),
                    nouvelle_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                    mesure: MesureSurete::Aucune,
                    observations: String::new(),
                },
            },
            ..note(id, affaire, 0, "")
        }
    }

    fn ids(o: &Outbox) -> Vec<&str> {
        o.items.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn keeps_order_and_coalesces_unsent_notes_of_the_same_affaire_only() {
        let mut o = Outbox::default();
        o.push(note("1", "x", 0, "a"));
        o.push(note("2", "x", 1, "ab"));
        assert_eq!(ids(&o), ["1"], "typing on an unsent note replaces its text");
        assert!(matches!(&o.items[0].op, Operation::Note { base: 0, texte } if texte == "ab"));
        o.push(decision("3", "x", 4));
        o.push(note("4", "x", 1, "abc"));
        o.push(note("5", "y", 0, "other"));
        o.push(renvoi("6", "y", 2));
        assert_eq!(
            ids(&o),
            ["1", "3", "4", "5", "6"],
            "a decision in between keeps both notes"
        );
    }

    #[test]
    fn a_sent_note_is_never_rewritten() {
        let mut o = Outbox::default();
        o.push(note("1", "x", 0, "a"));
        let batch = o.next_batch();
        assert_eq!(batch.len(), 1);
        assert!(batch[0].envoyee);
        o.push(note("2", "x", 1, "ab"));
        assert_eq!(ids(&o), ["1", "2"]);
        assert!(matches!(&o.items[0].op, Operation::Note { texte, .. } if texte == "a"));
    }

    #[test]
    fn batches_are_the_oldest_first_and_confirmed_ones_leave() {
        let mut o = Outbox::default();
        for i in 0..(SYNC_BATCH + 5) {
            o.push(decision(&i.to_string(), &format!("a{i}"), 1));
        }
        let batch = o.next_batch();
        assert_eq!(batch.len(), SYNC_BATCH);
        assert_eq!(batch[0].id, "0");
        assert_eq!(batch[SYNC_BATCH - 1].id, (SYNC_BATCH - 1).to_string());
        o.confirm(&batch.iter().map(|m| m.id.clone()).collect::<Vec<_>>());
        assert_eq!(o.len(), 5);
        assert_eq!(o.items[0].id, SYNC_BATCH.to_string());
        assert!(!o.items[0].envoyee);
        o.confirm(&["unknown".into()]);
        assert_eq!(o.len(), 5, "confirming an unknown id removes nothing");
    }

    #[test]
    fn rebase_rechains_versions_of_one_affaire_in_order() {
        let mut o = Outbox::default();
        o.push(decision("1", "x", 3));
        o.push(note("2", "x", 7, "t"));
        o.push(decision("3", "y", 9));
        o.push(renvoi("4", "x", 4));
        o.push(decision("5", "x", 5));
        o.rebase("x", 10, 20);
        let chain: Vec<(String, i64)> = o
            .items
            .iter()
            .map(|m| {
                let v = match &m.op {
                    Operation::Note { base, .. } => *base,
                    Operation::Decision { version, .. } | Operation::Renvoi { version, .. } => *version,
                };
                (m.id.clone(), v)
            })
            .collect();
        assert_eq!(
            chain,
            [
                ("1".into(), 10),
                ("2".into(), 20),
                ("3".into(), 9),
                ("4".into(), 11),
                ("5".into(), 12)
            ]
        );
        assert_eq!(o.discard("4").map(|m| m.id), Some("4".into()));
        assert_eq!(o.discard("4"), None);
        assert_eq!(o.pending_for("x"), 3);
    }

    fn snapshot() -> Snapshot {
        use crate::hearing::{AffaireLine, Checklist, PrevenuView};
        let prevenu = |id: &str| PrevenuView {
            id: id.into(),
            nom: "NOM".into(),
            prenom: "Prénom".into(),
            date_naissance: None,
            statut: "libre".into(),
            mode_poursuite: "COPJ".into(),
            mode_comparution: "CMP".into(),
            interprete: String::new(),
            avocat: String::new(),
            presence: String::new(),
            infractions: vec![],
            decision: None,
        };
        let affaire = |id: &str, prevenus: Vec<PrevenuView>| AffaireDetail {
            id: id.into(),
            audience_id: "a".into(),
            audience_date: "2026-11-24".into(),
            numero_parquet: format!("26/{id}"),
            rang: 1,
            etat: EtatAffaire::AJuger,
            version: 3,
            checklist: Checklist::default(),
            scelles: String::new(),
            prevenus,
            parties_civiles: vec![],
            renvoi: None,
            origine: None,
        };
        let line = |id: &str| AffaireLine {
            id: id.into(),
            rang: 1,
            numero_parquet: format!("26/{id}"),
            etat: EtatAffaire::AJuger,
            version: 3,
            prevenus: vec![],
            infractions: vec![],
            preparation: (0, 0),
            renvoyee_du: None,
        };
        let audience: AudienceDetail = serde_json::from_value(serde_json::json!({
            "id": "a", "date": "2026-11-24", "heure_debut": "13:30", "chambre": "10e", "formation": "collegiale",
            "president": "P", "assesseurs": null, "ministere_public": "MP", "greffier": "G", "prevues": 2,
            "maximum": 10, "duree_estimee_min": 60, "debut_reel": null, "fin_reel": null, "suspensions": [],
            "suspendue": false, "minutes_siegees": 0, "version": 1,
            "progress": { "jugees": 0, "renvoyees": 0, "restantes": 2 }, "pretes": 0, "affaires": []
        }))
        .unwrap();
        Snapshot {
            user: serde_json::from_value(serde_json::json!({ "id": 1, "email": "g@x.fr", "display_name": "Mme G",
                "role": "Greffier", "juridiction_id": 1, "juridiction_code": "TJ", "juridiction_libelle": "TJ" }))
            .unwrap(),
            audiences: vec![OfflineAudience {
                audience: AudienceDetail {
                    affaires: vec![line("x"), line("y")],
                    ..audience
                },
                affaires: vec![
                    affaire("x", vec![prevenu("p"), prevenu("q")]),
                    affaire("y", vec![prevenu("r")]),
                ],
                notes: vec![],
                motifs: vec!["m".into()],
                prise_le: String::new(),
                garder_jusqu_au: 1_000,
                delai_apres_synchro_ms: 100,
            }],
        }
    }

    #[test]
    fn local_changes_move_versions_states_and_the_progress_bar() {
        let mut s = snapshot();
        let mut d = decision("1", "x", 3);
        s.apply(&d, "Mme G");
        let x = s.affaire("x").unwrap();
        assert_eq!(
            (x.version, x.etat),
            (4, EtatAffaire::AJuger),
            "one prévenu of two decided"
        );
        if let Operation::Decision {
            prevenu_id, version, ..
        } = &mut d.op
        {
            *prevenu_id = "q".into();
            *version = 4;
        }
        s.apply(&d, "Mme G");
        assert_eq!(s.affaire("x").unwrap().etat, EtatAffaire::Jugee);
        s.apply(&renvoi("2", "y", 3), "Mme G");
        let a = &s.audience("a").unwrap().audience;
        assert_eq!(
            (a.progress.jugees, a.progress.renvoyees, a.progress.restantes),
            (1, 1, 0)
        );
        assert_eq!(a.affaires[1].etat, EtatAffaire::Renvoyee);
        assert_eq!(a.affaires[0].version, 5);

        // Notes: a merged (re-typed) note replaces the local version it stood for.
        s.apply(&note("3", "x", 0, "a"), "Mme G");
        s.apply(&note("3", "x", 0, "ab"), "Mme G");
        let notes = s.notes("x").unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!((notes[0].version, notes[0].texte.as_str()), (1, "ab"));
        assert_eq!(s.latest_note("x"), (1, "ab".into()));
        assert_eq!(s.notes("unknown"), None);
        assert_eq!(s.latest_note("y"), (0, String::new()));
    }

    #[test]
    fn audiences_leave_after_their_date_or_their_delay_but_never_with_changes_queued() {
        let mut s = snapshot();
        let mut queued = Outbox::default();
        queued.push(decision("1", "x", 3));
        assert!(!s.purge(5_000, &queued), "changes still queued keep it");
        s.synced(500);
        assert_eq!(
            s.audiences[0].garder_jusqu_au, 600,
            "sync shortens the keeping to the delay"
        );
        s.synced(10);
        assert_eq!(s.audiences[0].garder_jusqu_au, 110);
        assert!(!s.purge(100, &Outbox::default()));
        assert!(s.purge(110, &Outbox::default()));
        assert!(s.audiences.is_empty());
    }

    #[test]
    fn mutations_travel_as_tagged_json() {
        let m = note("1", "x", 2, "texte");
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains(r#""type":"note""#), "{json}");
        assert_eq!(serde_json::from_str::<Mutation>(&json).unwrap(), m);
        let old =
            r#"{"id":"1","audience_id":"a","affaire_id":"x","cree_le":"","op":{"type":"note","base":0,"texte":""}}"#;
        assert!(!serde_json::from_str::<Mutation>(old).unwrap().envoyee);
    }
}
