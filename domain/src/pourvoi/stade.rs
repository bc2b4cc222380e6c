//! The stage machine of a pourvoi: where a dossier stands, and what each step of its
//! circuit (orientation, distribution, instruction, audiencement, arrêt) makes of it.

use crate::refusal::Refusal;

code_enum! {
    /// Where a pourvoi stands, in procedural order.
    pub enum Stade {
        Enregistre = ("enregistre", "Enregistré"),
        Oriente = ("oriente", "Orienté"),
        Distribue = ("distribue", "Distribué"),
        /// Rapport and avis filed: ready to be audiencé.
        Instruit = ("instruit", "Instruit"),
        Audience = ("audience", "Audiencé"),
        Arret = ("arret", "Arrêt rendu"),
    }
}

impl Stade {
    /// Whether the dossier is still in the stock (no arrêt yet).
    pub fn is_open(self) -> bool {
        self != Stade::Arret
    }

    /// The stages of the stock, in order.
    pub fn open() -> impl Iterator<Item = Stade> {
        Self::ALL.iter().copied().filter(|s| s.is_open())
    }

    /// Whether the dossier may be scheduled to a séance (rapport and avis are in).
    pub fn may_be_scheduled(self) -> bool {
        matches!(self, Stade::Instruit | Stade::Audience)
    }

    /// After an orientation to a chambre (`moved`: another chambre than before). A dossier
    /// newly oriented, or moved, waits for a distribution by its new chambre.
    pub fn oriented(self, moved: bool) -> Result<Stade, Refusal> {
        match self {
            Stade::Arret => Err(Refusal::state(
                "l'arrêt est rendu : le dossier ne peut plus être orienté",
            )),
            Stade::Enregistre => Ok(Stade::Oriente),
            _ if moved => Ok(Stade::Oriente),
            s => Ok(s),
        }
    }

    /// After a distribution (`oriented`: a chambre is set). A redistribution keeps the stage.
    pub fn distributed(self, oriented: bool) -> Result<Stade, Refusal> {
        if !oriented {
            return Err(Refusal::state(
                "orientez le dossier vers une chambre avant de le distribuer",
            ));
        }
        match self {
            Stade::Arret => Err(Refusal::state(
                "l'arrêt est rendu : le dossier ne peut plus être distribué",
            )),
            Stade::Enregistre | Stade::Oriente => Ok(Stade::Distribue),
            s => Ok(s),
        }
    }

    /// After a pièce was filed: a distributed dossier with both its rapport and its avis is
    /// instruit.
    pub fn after_pieces(self, has_rapport: bool, has_avis: bool) -> Stade {
        if self == Stade::Distribue && has_rapport && has_avis {
            Stade::Instruit
        } else {
            self
        }
    }

    /// After scheduling to a séance.
    pub fn scheduled(self) -> Result<Stade, Refusal> {
        if self.may_be_scheduled() {
            Ok(Stade::Audience)
        } else {
            Err(Refusal::state(
                "le dossier n'est pas en état d'être audiencé : le rapport et l'avis doivent être déposés",
            ))
        }
    }

    /// After the arrêt.
    pub fn decided(self) -> Stade {
        Stade::Arret
    }

    /// After its arrêt was rabattu: the dossier, instruit already, returns to the stock to be
    /// audiencé again.
    pub fn rabattu(self) -> Result<Stade, Refusal> {
        match self {
            Stade::Arret => Ok(Stade::Instruit),
            _ => Err(Refusal::state(
                "aucun arrêt n'est rendu sur ce pourvoi : il n'y a rien à rabattre",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Stade::{self, *};

    #[test]
    fn the_circuit_runs_in_order() {
        let s = Enregistre.oriented(false).unwrap();
        assert_eq!(s, Oriente);
        let s = s.distributed(true).unwrap();
        assert_eq!(s, Distribue);
        assert_eq!(s.after_pieces(true, false), Distribue);
        let s = s.after_pieces(true, true);
        assert_eq!(s, Instruit);
        let s = s.scheduled().unwrap();
        assert_eq!(s, Audience);
        assert_eq!(s.scheduled().unwrap(), Audience);
        assert_eq!(s.decided(), Arret);
    }

    #[test]
    fn a_move_to_another_chambre_sends_the_dossier_back_to_distribution() {
        for s in [Oriente, Distribue, Instruit, Audience] {
            assert_eq!(s.oriented(true).unwrap(), Oriente, "{s:?}");
        }
        assert_eq!(Instruit.oriented(false).unwrap(), Instruit);
        assert_eq!(Distribue.distributed(true).unwrap(), Distribue);
    }

    #[test]
    fn nothing_moves_a_decided_dossier_and_steps_are_not_skipped() {
        assert!(Arret.oriented(false).is_err());
        assert!(Arret.distributed(true).is_err());
        assert!(Enregistre.distributed(false).is_err());
        for s in [Enregistre, Oriente, Distribue, Arret] {
            assert!(s.scheduled().is_err(), "{s:?}");
        }
        assert_eq!(Oriente.after_pieces(true, true), Oriente);
        assert_eq!(Arret.rabattu().unwrap(), Instruit);
        assert!(Audience.rabattu().is_err());
    }

    #[test]
    fn codes_are_the_stored_ones() {
        let codes: Vec<_> = Stade::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(
            codes,
            ["enregistre", "oriente", "distribue", "instruit", "audience", "arret"]
        );
        assert_eq!(Stade::open().count(), 5);
        assert_eq!(Stade::parse("instruit"), Some(Instruit));
    }
}
