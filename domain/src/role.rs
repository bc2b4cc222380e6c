//! Roles and what each may do.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user's role; every user has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Role {
    Greffier,
    MagistratSiege,
    MagistratParquet,
    Dsgj,
    ChefJuridiction,
    Admin,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 6] = [
        Role::Greffier,
        Role::MagistratSiege,
        Role::MagistratParquet,
        Role::Dsgj,
        Role::ChefJuridiction,
        Role::Admin,
    ];

    /// Stable identifier stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Greffier => "greffier",
            Role::MagistratSiege => "magistrat_siege",
            Role::MagistratParquet => "magistrat_parquet",
            Role::Dsgj => "dsgj",
            Role::ChefJuridiction => "chef_juridiction",
            Role::Admin => "admin",
        }
    }

    /// French label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Greffier => "Greffier",
            Role::MagistratSiege => "Magistrat du siège",
            Role::MagistratParquet => "Magistrat du parquet",
            Role::Dsgj => "Directeur des services de greffe",
            Role::ChefJuridiction => "Chef de juridiction",
            Role::Admin => "Administrateur",
        }
    }

    /// Roles that read hearing and dossier data of their juridiction.
    pub const READ_CASES: &'static [Role] = &[
        Role::Greffier,
        Role::MagistratSiege,
        Role::MagistratParquet,
        Role::Dsgj,
        Role::ChefJuridiction,
    ];

    /// Roles that read the indicators of their juridiction (and, for a chef de cour, its TJs).
    pub const READ_INDICATORS: &'static [Role] = &[Role::Dsgj, Role::ChefJuridiction, Role::Admin];

    /// Who creates and organises audiences and their rôle (import, order, preparation).
    pub const ORGANISE_HEARINGS: &'static [Role] = &[Role::Greffier, Role::Dsgj, Role::ChefJuridiction];

    /// Who records what happens at the hearing: decisions, renvois, chrono.
    pub const RECORD_HEARINGS: &'static [Role] = &[Role::Greffier, Role::MagistratSiege];

    /// Administration of users and the audit log.
    pub const ADMIN: &'static [Role] = &[Role::Admin];
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            let known: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("rôle inconnu « {s} » (attendu : {})", known.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_identifier() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn unknown_role_is_refused_in_french() {
        let err = "juge".parse::<Role>().unwrap_err();
        assert!(err.contains("rôle inconnu"), "{err}");
    }
}
