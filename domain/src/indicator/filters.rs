//! The filters of a dashboard: indicator, window, step, breakdown, scope; checked, and
//! carried in the URL query.

use super::period::*;
use super::{INDICATORS, Indicator, indicator};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the series of a table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub enum Ventilation {
    #[default]
    Categorie,
    Juridiction,
    Chambre,
}

impl Ventilation {
    pub fn as_str(self) -> &'static str {
        match self {
            Ventilation::Categorie => "categorie",
            Ventilation::Juridiction => "juridiction",
            Ventilation::Chambre => "chambre",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Ventilation::Categorie, Ventilation::Juridiction, Ventilation::Chambre]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// The filters of a dashboard, as they appear in the URL (`?indicateur=…&du=2026-01…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
pub struct Filtres {
    pub indicateur: String,
    /// A juridiction id; absent means the user's own (or all visible ones for a cour d'appel).
    pub juridiction: Option<i64>,
    pub chambre: Option<String>,
    /// First month, `YYYY-MM`.
    pub du: String,
    /// Last month, `YYYY-MM`.
    pub au: String,
    pub pas: String,
    pub par: String,
    /// Compare with the same periods one year before.
    pub n1: bool,
    /// Series hidden by the legend toggles (series keys).
    pub masquer: Vec<String>,
}

/// Longest window a dashboard may cover, in months.
pub const MAX_MONTHS: i32 = 120;

/// Filters once checked: months parsed, enums known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFiltres {
    pub indicator: &'static Indicator,
    pub juridiction: Option<i64>,
    pub chambre: Option<String>,
    pub du: Mois,
    pub au: Mois,
    pub pas: Pas,
    pub par: Ventilation,
    pub n1: bool,
    pub masquer: BTreeSet<String>,
}

impl Filtres {
    /// Defaults: the first indicator over the twelve months ending with `today_mois`.
    pub fn with_defaults(mut self, today_mois: Mois) -> Self {
        if self.indicateur.is_empty() {
            self.indicateur = INDICATORS[0].id.code().into();
        }
        if self.au.is_empty() {
            self.au = format_mois(today_mois);
        }
        if self.du.is_empty() {
            let au = parse_mois(&self.au).unwrap_or(today_mois);
            let mut du = year_before(au);
            du = next_mois(du);
            self.du = format_mois(du);
        }
        if self.pas.is_empty() {
            self.pas = Pas::Mois.as_str().into();
        }
        if self.par.is_empty() {
            self.par = Ventilation::Categorie.as_str().into();
        }
        self
    }

    /// Checks every filter; the error names the field and says what is wrong, in French.
    pub fn validate(&self) -> Result<ValidFiltres, (&'static str, String)> {
        let indicator = indicator(&self.indicateur)
            .ok_or_else(|| ("indicateur", format!("indicateur inconnu « {} »", self.indicateur)))?;
        let du = parse_mois(&self.du).ok_or(("du", "mois de début invalide (attendu AAAA-MM)".to_owned()))?;
        let au = parse_mois(&self.au).ok_or(("au", "mois de fin invalide (attendu AAAA-MM)".to_owned()))?;
        if du > au {
            return Err(("au", "le mois de fin précède le mois de début".into()));
        }
        if months_between(du, au) > MAX_MONTHS {
            return Err(("du", format!("la période ne peut dépasser {MAX_MONTHS} mois")));
        }
        let pas = Pas::parse(&self.pas).ok_or(("pas", "pas de temps inconnu".to_owned()))?;
        let par = Ventilation::parse(&self.par).ok_or(("par", "ventilation inconnue".to_owned()))?;
        let chambre = self
            .chambre
            .as_ref()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        Ok(ValidFiltres {
            indicator,
            juridiction: self.juridiction,
            chambre,
            du,
            au,
            pas,
            par,
            n1: self.n1,
            masquer: self.masquer.iter().cloned().collect(),
        })
    }

    /// Filters from query-string pairs (already percent-decoded); unknown keys are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = Filtres::default();
        for (k, v) in pairs {
            match k {
                "indicateur" => f.indicateur = v.into(),
                "juridiction" => f.juridiction = v.parse().ok(),
                "chambre" => f.chambre = Some(v.to_owned()).filter(|c| !c.is_empty()),
                "du" => f.du = v.into(),
                "au" => f.au = v.into(),
                "pas" => f.pas = v.into(),
                "par" => f.par = v.into(),
                "n1" => f.n1 = matches!(v, "1" | "on" | "true"),
                "masquer" if !v.is_empty() => f.masquer.push(v.into()),
                _ => {}
            }
        }
        f
    }

    /// The query string of these filters (for links and exports).
    pub fn query(&self) -> String {
        let mut parts = vec![
            format!("indicateur={}", encode(&self.indicateur)),
            format!("du={}", encode(&self.du)),
            format!("au={}", encode(&self.au)),
            format!("pas={}", encode(&self.pas)),
            format!("par={}", encode(&self.par)),
        ];
        if let Some(j) = self.juridiction {
            parts.push(format!("juridiction={j}"));
        }
        if let Some(c) = self.chambre.as_deref().filter(|c| !c.is_empty()) {
            parts.push(format!("chambre={}", encode(c)));
        }
        if self.n1 {
            parts.push("n1=1".into());
        }
        for m in &self.masquer {
            parts.push(format!("masquer={}", encode(m)));
        }
        parts.join("&")
    }
}

impl ValidFiltres {
    /// The drill-down address of series `key` over the months `start..=end` of the window
    /// (a period cut by the window starts with it).
    pub fn detail_href(&self, filtres: &Filtres, start: Mois, end: Mois, key: &str) -> String {
        let scope = Filtres {
            du: format_mois(start.max(self.du)),
            au: format_mois(end.min(self.au)),
            ..filtres.clone()
        };
        format!("/pilotage/detail?{}&serie={}", scope.query(), encode(key))
    }
}

/// Percent-encodes a query-string value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
