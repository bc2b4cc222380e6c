//! Pilotage: indicator definitions (data, not code), the filters a dashboard is cut by, and
//! the roll-up of pre-aggregated monthly cells into the table a chart and an export show.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Which records an indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// Affaires of the audiences held in the period (tribunal correctionnel).
    Audiences,
    /// Pourvois registered in the period (Cour de cassation).
    Pourvois,
}

/// How an indicator is drawn by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartKind {
    /// One bar per period, stacked by series.
    StackedBar,
    /// One line per series over the periods.
    Line,
    /// One bar per series: the distribution over the whole window.
    Distribution,
}

/// One indicator, described as data: what it counts and along which dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub id: &'static str,
    pub label: &'static str,
    /// How the figure is computed, in words, for the user.
    pub formula: &'static str,
    pub unit: &'static str,
    pub source: Source,
    /// What the categories of the indicator are (first dimension besides time).
    pub category: &'static str,
    pub chart: ChartKind,
    /// Stored units per unit shown: 60 for a duration kept in minutes and shown in hours.
    pub scale: i64,
}

impl Indicator {
    /// Whether the indicator tells a month's activity and goes in the monthly report. The
    /// stock by stade and the magistrats' workload describe the dossiers as they are today,
    /// not what a month brought: they stay on the dashboard.
    pub fn in_monthly_report(&self) -> bool {
        !matches!(self.id, "pourvois_stade" | "charge_magistrats")
    }
}

/// Dimensions every indicator can be cut by.
pub const DIMENSIONS: [&str; 4] = ["juridiction", "chambre", "période", "catégorie"];

/// Every indicator of the pilotage page, in display order.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "affaires",
        label: "Affaires audiencées, jugées et renvoyées",
        formula: "Nombre d'affaires inscrites au rôle des audiences tenues dans la période, selon leur état : jugée, renvoyée ou encore à juger.",
        unit: "affaires",
        source: Source::Audiences,
        category: "État",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "renvois",
        label: "Renvois par motif",
        formula: "Nombre de renvois décidés aux audiences tenues dans la période, par motif de renvoi.",
        unit: "renvois",
        source: Source::Audiences,
        category: "Motif",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: "decisions",
        label: "Décisions par sens",
        formula: "Nombre de décisions rendues sur l'action publique (une par prévenu) aux audiences de la période, selon la prévention : culpabilité, relaxe, relaxe partielle…",
        unit: "décisions",
        source: Source::Audiences,
        category: "Sens",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "nature",
        label: "Nature des jugements",
        formula: "Nombre de décisions par nature du jugement (contradictoire, contradictoire à signifier, défaut, itératif défaut) ; la part de défaut s'en déduit.",
        unit: "décisions",
        source: Source::Audiences,
        category: "Nature",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: "delai_jugement",
        label: "Délai de la poursuite au jugement",
        formula: "Affaires jugées aux audiences de la période, par tranche de délai entre la date de poursuite et la date de l'audience ; la médiane et le 9e décile se lisent dans la répartition.",
        unit: "affaires",
        source: Source::Audiences,
        category: "Délai",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: "peines",
        label: "Peines prononcées par nature",
        formula: "Nombre de peines prononcées aux audiences tenues dans la période (une décision peut en prononcer plusieurs), par nature : emprisonnement ferme ou avec sursis, amende, jours-amende, TIG…",
        unit: "peines",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: "quantum_emprisonnement",
        label: "Quantum d'emprisonnement prononcé",
        formula: "Somme des durées d'emprisonnement prononcées aux audiences tenues dans la période (ferme, avec sursis, sursis probatoire), en mois.",
        unit: "mois",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "montant_amendes",
        label: "Montant des amendes prononcées",
        formula: "Somme des amendes prononcées aux audiences tenues dans la période, en euros ; des jours-amende comptent pour leur nombre multiplié par le montant journalier.",
        unit: "euros",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "heures_tig",
        label: "Heures de travail d'intérêt général prononcées",
        formula: "Somme des durées de travail d'intérêt général prononcées aux audiences tenues dans la période, en heures.",
        unit: "heures",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::Line,
        scale: 1,
    },
    Indicator {
        id: "audiences_tenues",
        label: "Audiences tenues",
        formula: "Nombre d'audiences de la période closes au chronomètre d'audience (leur durée est connue), par formation.",
        unit: "audiences",
        source: Source::Audiences,
        category: "Formation",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "duree_audiences",
        label: "Durée des audiences",
        formula: "Temps effectivement siégé aux audiences closes de la période, de l'ouverture à la clôture, suspensions déduites, par formation, en heures (arrondies) ; la durée moyenne d'une audience et le nombre d'affaires jugées par heure sont donnés sous le titre.",
        unit: "heures",
        source: Source::Audiences,
        category: "Formation",
        chart: ChartKind::StackedBar,
        scale: 60,
    },
    Indicator {
        id: "pourvois_entres",
        label: "Pourvois enregistrés",
        formula: "Nombre de pourvois enregistrés dans la période (date de la déclaration), par matière.",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Matière",
        chart: ChartKind::Line,
        scale: 1,
    },
    Indicator {
        id: "pourvois_stade",
        label: "Stock de pourvois par stade et ancienneté",
        formula: "Pourvois enregistrés dans la période, selon leur stade actuel (enregistré, orienté, distribué, instruit, audiencé, arrêt rendu) : ceux qui ne sont pas au stade de l'arrêt forment le stock, daté par leur mois d'enregistrement.",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Stade",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "pourvois_sortis",
        label: "Pourvois jugés (sorties)",
        formula: "Nombre de pourvois sur lesquels un arrêt a été rendu dans la période (date de l'arrêt), par solution : cassation, rejet, irrecevabilité, déchéance…",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Solution",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "delai_traitement",
        label: "Durée de traitement des pourvois",
        formula: "Pourvois jugés dans la période, par tranche de durée entre la déclaration de pourvoi et l'arrêt ; la médiane, le 9e décile et la durée moyenne sont donnés sous le titre.",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Durée",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: "echeances",
        label: "Délais de procédure respectés ou dépassés",
        formula: "Échéances de procédure (art. 978 et 982 CPC, 567-2, 584, 585-1, 585-2 et 586 CPP…) venant à terme dans la période, selon leur issue : close au plus tard à l'échéance, close après l'échéance, ou encore ouverte.",
        unit: "échéances",
        source: Source::Pourvois,
        category: "Issue",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: "charge_magistrats",
        label: "Charge des magistrats",
        formula: "Dossiers en cours (sans arrêt) distribués à chaque conseiller rapporteur et avocat général, selon le mois d'enregistrement du pourvoi : sur toute la période, le total d'un magistrat est sa charge actuelle.",
        unit: "dossiers",
        source: Source::Pourvois,
        category: "Magistrat",
        chart: ChartKind::Distribution,
        scale: 1,
    },
];

/// Bands of the delay from poursuite to jugement (category code, label), shortest first.
pub const DELAI_BANDS: [(&str, &str); 6] = [
    ("m00", "Moins d'un mois"),
    ("m01", "1 à 3 mois"),
    ("m03", "3 à 6 mois"),
    ("m06", "6 à 12 mois"),
    ("m12", "Plus de 12 mois"),
    ("inconnu", "Date de poursuite inconnue"),
];

/// Bands of the time from the pourvoi to the arrêt (category code, label), shortest first.
pub const TRAITEMENT_BANDS: [(&str, &str); 5] = [
    ("s06", "Moins de 6 mois"),
    ("s12", "6 à 12 mois"),
    ("s18", "12 à 18 mois"),
    ("s24", "18 à 24 mois"),
    ("s99", "Plus de 24 mois"),
];

/// Outcomes of a procedural deadline (category code, label).
pub const ECHEANCE_ISSUES: [(&str, &str); 4] = [
    ("respectee", "Close dans le délai"),
    ("hors_delai", "Close après l'échéance"),
    ("ouverte", "Encore ouverte"),
    ("close", "Close (date inconnue)"),
];

/// Stades of a pourvoi (code, label), in procedural order.
pub const STADES: [(&str, &str); 6] = [
    ("enregistre", "Enregistré"),
    ("oriente", "Orienté"),
    ("distribue", "Distribué"),
    ("instruit", "Instruit"),
    ("audience", "Audiencé"),
    ("arret", "Arrêt rendu"),
];

/// The band holding quantile `q` (0.5 for the median) of a distribution given as counts per
/// band in order; `None` when there is nothing to count.
pub fn quantile_band<'a>(counts: &[(&'a str, i64)], q: f64) -> Option<&'a str> {
    let total: i64 = counts.iter().map(|c| c.1).sum();
    if total == 0 {
        return None;
    }
    let target = (q * total as f64).ceil().max(1.0) as i64;
    let mut seen = 0;
    counts.iter().find_map(|(band, n)| {
        seen += n;
        (seen >= target).then_some(*band)
    })
}

/// Median and 9th-decile bands of a table whose series are `bands` (in order), over the
/// records `what` names, e.g. "affaire(s) jugée(s) dont la date de poursuite est connue".
pub fn band_summary(table: &Table, bands: &[(&str, &str)], what: &str) -> Option<String> {
    let counts: Vec<(&str, i64)> = bands
        .iter()
        .filter(|(code, _)| *code != "inconnu")
        .map(|(code, _)| {
            let n = table
                .series
                .iter()
                .position(|s| s.key == *code)
                .map(|s| table.serie_total(s))
                .unwrap_or(0);
            (*code, n)
        })
        .collect();
    let label = |code: &str| bands.iter().find(|b| b.0 == code).map(|b| b.1.to_lowercase());
    let median = label(quantile_band(&counts, 0.5)?)?;
    let p90 = label(quantile_band(&counts, 0.9)?)?;
    let n: i64 = counts.iter().map(|c| c.1).sum();
    Some(format!("Médiane : {median} ; 9e décile : {p90} (sur {n} {what})."))
}

/// Median and 9th-decile bands of the delay from poursuite to jugement.
pub fn delay_summary(table: &Table) -> Option<String> {
    band_summary(
        table,
        &DELAI_BANDS,
        "affaire(s) jugée(s) dont la date de poursuite est connue",
    )
}

/// The mean processing time in words: months with one decimal, and days.
pub fn mean_duration(days: Option<f64>) -> String {
    match days {
        Some(d) if d >= 0.0 => format!(
            "Durée moyenne : {} mois ({} jours).",
            format!("{:.1}", d / 30.44).replace('.', ","),
            d.round() as i64
        ),
        _ => String::new(),
    }
}

/// `minutes` as hours and minutes ("3 h 05").
pub fn hours_minutes(minutes: i64) -> String {
    format!("{} h {:02}", minutes / 60, minutes % 60)
}

/// The hearing time sentence: total and mean sitting time, and affaires judged per hour.
pub fn sitting_summary(minutes: i64, audiences: i64, jugees: i64) -> Option<String> {
    if audiences == 0 || minutes <= 0 {
        return None;
    }
    let per_hour = jugees as f64 * 60.0 / minutes as f64;
    Some(format!(
        "{} siégées en {audiences} audience(s), soit {} en moyenne ; {jugees} affaire(s) jugée(s) à ces audiences, soit {} par heure d'audience.",
        hours_minutes(minutes),
        hours_minutes(minutes / audiences),
        format!("{per_hour:.1}").replace('.', ",")
    ))
}

/// Series colours: DSFR "425" tones (bleu France, rouge Marianne, vert succès, café crème,
/// glycine, menthe, moutarde, cumulus, terre battue, bourgeon), in series order.
pub const PALETTE: [&str; 10] = [
    "#000091", "#c9191e", "#18753c", "#716043", "#a558a0", "#00796b", "#956d00", "#417dc4", "#b34000", "#447049",
];

/// The indicator with identifier `id`.
pub fn indicator(id: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.id == id)
}

/// A month as `YYYYMM` (202611 is November 2026): the grain of pre-aggregation.
pub type Mois = i32;

/// Parses `YYYY-MM` (the value of an `<input type="month">`).
pub fn parse_mois(s: &str) -> Option<Mois> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    ((1900..=2200).contains(&y) && (1..=12).contains(&m) && s.trim().len() == 7).then_some(y * 100 + m)
}

/// `YYYY-MM` of a month.
pub fn format_mois(m: Mois) -> String {
    format!("{:04}-{:02}", m / 100, m % 100)
}

/// The month after `m`.
pub fn next_mois(m: Mois) -> Mois {
    if m % 100 == 12 { (m / 100 + 1) * 100 + 1 } else { m + 1 }
}

/// The same month one year earlier.
pub fn year_before(m: Mois) -> Mois {
    m - 100
}

const MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
];

/// Width of the periods a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Pas {
    #[default]
    Mois,
    Trimestre,
    Annee,
}

impl Pas {
    pub fn as_str(self) -> &'static str {
        match self {
            Pas::Mois => "mois",
            Pas::Trimestre => "trimestre",
            Pas::Annee => "annee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Pas::Mois, Pas::Trimestre, Pas::Annee]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Pas::Mois => "Mois",
            Pas::Trimestre => "Trimestre",
            Pas::Annee => "Année",
        }
    }

    /// The period holding month `m`, as the first month of that period.
    pub fn period_of(self, m: Mois) -> Mois {
        let (y, mo) = (m / 100, m % 100);
        match self {
            Pas::Mois => m,
            Pas::Trimestre => y * 100 + ((mo - 1) / 3) * 3 + 1,
            Pas::Annee => y * 100 + 1,
        }
    }

    /// Label of the period starting at month `start`.
    pub fn period_label(self, start: Mois) -> String {
        let (y, mo) = (start / 100, start % 100);
        match self {
            Pas::Mois => format!("{} {y}", MONTHS[(mo - 1) as usize]),
            Pas::Trimestre => format!("T{} {y}", (mo - 1) / 3 + 1),
            Pas::Annee => y.to_string(),
        }
    }
}

/// What the series of a table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
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
            self.indicateur = INDICATORS[0].id.into();
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

/// Number of months from `du` to `au`, both included.
pub fn months_between(du: Mois, au: Mois) -> i32 {
    (au / 100 - du / 100) * 12 + (au % 100 - du % 100) + 1
}

/// One pre-aggregated count: an indicator's category in one month, juridiction and chambre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub mois: Mois,
    pub juridiction_id: i64,
    pub chambre: String,
    pub categorie: String,
    pub n: i64,
}

/// One series of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Serie {
    pub key: String,
    pub label: String,
    pub hidden: bool,
}

/// One period (column) of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periode {
    /// First month of the period.
    pub start: Mois,
    /// Last month of the period, within the window.
    pub end: Mois,
    pub label: String,
}

/// What a chart draws and the data table shows: series × periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub periods: Vec<Periode>,
    pub series: Vec<Serie>,
    /// `values[s][p]`: series `s` in period `p`.
    pub values: Vec<Vec<i64>>,
    /// Totals of visible series per period one year before, when compared.
    pub previous: Option<Vec<i64>>,
}

impl Table {
    /// Total of visible series in period `p`.
    pub fn period_total(&self, p: usize) -> i64 {
        self.series
            .iter()
            .zip(&self.values)
            .filter(|(s, _)| !s.hidden)
            .map(|(_, v)| v[p])
            .sum()
    }

    /// Total of series `s` over the window.
    pub fn serie_total(&self, s: usize) -> i64 {
        self.values[s].iter().sum()
    }

    /// Total of visible series over the window.
    pub fn total(&self) -> i64 {
        (0..self.periods.len()).map(|p| self.period_total(p)).sum()
    }
}

/// The periods of the window `du..=au` at step `pas` (a period cut by the window ends with it).
pub fn periods(du: Mois, au: Mois, pas: Pas) -> Vec<Periode> {
    let mut out: Vec<Periode> = Vec::new();
    let mut m = du;
    while m <= au {
        let start = pas.period_of(m);
        match out.last_mut() {
            Some(last) if last.start == start => last.end = m,
            _ => out.push(Periode {
                start,
                end: m,
                label: pas.period_label(start),
            }),
        }
        m = next_mois(m);
    }
    out
}

/// The series key of a cell under ventilation `par`.
fn serie_key(c: &Cell, par: Ventilation) -> String {
    match par {
        Ventilation::Categorie => c.categorie.clone(),
        Ventilation::Juridiction => c.juridiction_id.to_string(),
        Ventilation::Chambre => c.chambre.clone(),
    }
}

/// Rolls monthly cells up into a table. `label` names a series key (category code, juridiction
/// id or chambre); `order` lists keys that come first, in that order (the rest by key).
/// Cells outside the window are ignored; `previous` are the cells of the window one year before.
pub fn roll_up(
    cells: &[Cell],
    previous: Option<&[Cell]>,
    f: &ValidFiltres,
    order: &[String],
    label: &dyn Fn(&str) -> String,
) -> Table {
    let periods = periods(f.du, f.au, f.pas);
    let index_of = |m: Mois| periods.iter().position(|p| p.start <= m && m <= p.end);
    let mut by_key: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for c in cells {
        if let Some(p) = index_of(c.mois) {
            by_key
                .entry(serie_key(c, f.par))
                .or_insert_with(|| vec![0; periods.len()])[p] += c.n;
        }
    }
    let mut keys: Vec<String> = order.iter().filter(|k| by_key.contains_key(*k)).cloned().collect();
    keys.extend(by_key.keys().filter(|k| !order.contains(k)).cloned());
    let series: Vec<Serie> = keys
        .iter()
        .map(|k| Serie {
            key: k.clone(),
            label: label(k),
            hidden: f.masquer.contains(k),
        })
        .collect();
    let values: Vec<Vec<i64>> = keys.iter().map(|k| by_key[k].clone()).collect();
    let previous = previous.map(|cells| {
        let mut totals = vec![0; periods.len()];
        for c in cells {
            if f.masquer.contains(&serie_key(c, f.par)) {
                continue;
            }
            if let Some(p) = index_of(c.mois + 100) {
                totals[p] += c.n;
            }
        }
        totals
    });
    let scale = f.indicator.scale.max(1);
    let shown = |v: i64| (v + scale / 2).div_euclid(scale);
    Table {
        periods,
        series,
        values: values.into_iter().map(|v| v.into_iter().map(shown).collect()).collect(),
        previous: previous.map(|p| p.into_iter().map(shown).collect()),
    }
}

/// Lines of a CSV export: UTF-8 with a byte-order mark (spreadsheets then read accents right),
/// `;` separated as French spreadsheets expect, one row per period and one column per series.
pub fn to_csv(table: &Table, indicator: &Indicator) -> String {
    let mut out = String::from("\u{feff}");
    let mut header = vec!["Période".to_owned()];
    header.extend(table.series.iter().filter(|s| !s.hidden).map(|s| s.label.clone()));
    header.push(format!("Total ({})", indicator.unit));
    if table.previous.is_some() {
        header.push("Total N-1".into());
    }
    out.push_str(&csv_row(&header));
    for (p, period) in table.periods.iter().enumerate() {
        let mut row = vec![period.label.clone()];
        for (s, serie) in table.series.iter().enumerate() {
            if !serie.hidden {
                row.push(table.values[s][p].to_string());
            }
        }
        row.push(table.period_total(p).to_string());
        if let Some(prev) = &table.previous {
            row.push(prev[p].to_string());
        }
        out.push_str(&csv_row(&row));
    }
    out
}

fn csv_row(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    format!("{}\r\n", quoted.join(";"))
}

/// Everything a dashboard shows for one set of filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub indicator_id: String,
    pub table: Table,
    /// The chart, drawn on the server as SVG.
    pub svg: String,
    /// Local time the figures were counted (they include every entry made until then).
    pub computed_at: String,
    /// A sentence that sums the figures up (the median band of a delay, say).
    pub summary: Option<String>,
    /// The filters as applied (defaults filled in).
    pub filtres: Filtres,
}

/// One indicator's figures in one chambre for the monthly report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSection {
    pub indicator: String,
    pub unit: String,
    /// (category label, count), in the indicator's order.
    pub lines: Vec<(String, i64)>,
    pub total: i64,
}

/// The monthly report of one chambre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChambreReport {
    pub chambre: String,
    pub sections: Vec<ReportSection>,
}

/// The monthly report: one part per chambre, printed one page each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyReport {
    pub juridiction: String,
    pub mois: String,
    pub label: String,
    pub computed_at: String,
    pub chambres: Vec<ChambreReport>,
}

/// One record behind a figure (a drill-down line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailRow {
    /// Page of the record (`/affaires/…` or `/pourvois/…`).
    pub href: String,
    pub numero: String,
    pub date: String,
    pub juridiction: String,
    pub chambre: String,
    pub categorie: String,
    /// What the record adds to a summed figure ("6 mois"), absent when records are counted.
    pub valeur: Option<String>,
}

/// The records behind one figure, capped at `DETAIL_LIMIT` lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
    pub title: String,
    /// How many records.
    pub total: i64,
    /// The figure they make when the indicator sums a value ("1 234 mois").
    pub somme: Option<String>,
    pub rows: Vec<DetailRow>,
}

/// Most lines a drill-down lists.
pub const DETAIL_LIMIT: u64 = 500;

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(mois: Mois, j: i64, chambre: &str, cat: &str, n: i64) -> Cell {
        Cell {
            mois,
            juridiction_id: j,
            chambre: chambre.into(),
            categorie: cat.into(),
            n,
        }
    }

    fn filtres(du: &str, au: &str, pas: &str, par: &str) -> ValidFiltres {
        Filtres {
            indicateur: "affaires".into(),
            du: du.into(),
            au: au.into(),
            pas: pas.into(),
            par: par.into(),
            ..Default::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn months_parse_and_step() {
        assert_eq!(parse_mois("2026-11"), Some(202611));
        assert_eq!(parse_mois("2026-13"), None);
        assert_eq!(parse_mois("26-11"), None);
        assert_eq!(parse_mois("2026-1"), None);
        assert_eq!(next_mois(202612), 202701);
        assert_eq!(months_between(202511, 202610), 12);
        assert_eq!(format_mois(202601), "2026-01");
    }

    #[test]
    fn periods_cut_by_the_window() {
        let q = periods(202602, 202608, Pas::Trimestre);
        let spans: Vec<_> = q.iter().map(|p| (p.start, p.end, p.label.as_str())).collect();
        assert_eq!(
            spans,
            [
                (202601, 202603, "T1 2026"),
                (202604, 202606, "T2 2026"),
                (202607, 202608, "T3 2026")
            ]
        );
        assert_eq!(periods(202511, 202602, Pas::Annee).len(), 2);
        assert_eq!(periods(202611, 202611, Pas::Mois)[0].label, "nov. 2026");
    }

    #[test]
    fn defaults_cover_the_last_twelve_months() {
        let f = Filtres::default().with_defaults(202611);
        assert_eq!((f.du.as_str(), f.au.as_str()), ("2025-12", "2026-11"));
        assert_eq!(f.indicateur, "affaires");
        assert!(f.validate().is_ok());
    }

    #[test]
    fn bad_filters_are_refused_in_french() {
        let base = Filtres::default().with_defaults(202611);
        let bad = Filtres {
            au: "2024-01".into(),
            ..base.clone()
        };
        assert_eq!(bad.validate().unwrap_err().0, "au");
        let bad = Filtres {
            du: "2000-01".into(),
            ..base.clone()
        };
        assert!(bad.validate().unwrap_err().1.contains("120 mois"));
        let bad = Filtres {
            indicateur: "inconnu".into(),
            ..base
        };
        assert!(bad.validate().unwrap_err().1.contains("inconnu"));
    }

    #[test]
    fn roll_up_sums_months_into_quarters_by_category() {
        let cells = [
            cell(202601, 1, "1re", "jugee", 3),
            cell(202602, 1, "2e", "jugee", 4),
            cell(202602, 1, "1re", "renvoyee", 2),
            cell(202604, 2, "1re", "jugee", 5),
            cell(202512, 1, "1re", "jugee", 100), // outside the window
        ];
        let f = filtres("2026-01", "2026-06", "trimestre", "categorie");
        let order = vec!["a_juger".to_owned(), "renvoyee".to_owned(), "jugee".to_owned()];
        let t = roll_up(&cells, None, &f, &order, &|k| k.to_uppercase());
        assert_eq!(
            t.series.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            ["renvoyee", "jugee"]
        );
        assert_eq!(t.values, vec![vec![2, 0], vec![7, 5]]);
        assert_eq!(t.period_total(0), 9);
        assert_eq!(t.total(), 14);
        assert_eq!(t.series[1].label, "JUGEE");
    }

    #[test]
    fn roll_up_by_juridiction_or_chambre_and_hidden_series() {
        let cells = [
            cell(202601, 1, "1re", "jugee", 3),
            cell(202601, 2, "2e", "jugee", 4),
            cell(202601, 2, "1re", "renvoyee", 1),
        ];
        let mut f = filtres("2026-01", "2026-01", "mois", "juridiction");
        let t = roll_up(&cells, None, &f, &[], &|k| format!("TJ {k}"));
        assert_eq!(t.values, vec![vec![3], vec![5]]);
        f.par = Ventilation::Chambre;
        f.masquer.insert("2e".into());
        let t = roll_up(&cells, None, &f, &[], &|k| k.into());
        assert_eq!(t.values, vec![vec![4], vec![4]]);
        assert!(t.series[1].hidden);
        assert_eq!(t.total(), 4, "a hidden series is left out of totals");
    }

    #[test]
    fn comparison_shifts_last_year_onto_this_years_periods() {
        let f = filtres("2026-01", "2026-03", "mois", "categorie");
        let previous = [cell(202501, 1, "", "jugee", 7), cell(202503, 1, "", "renvoyee", 2)];
        let t = roll_up(&[], Some(&previous), &f, &[], &|k| k.into());
        assert_eq!(t.previous, Some(vec![7, 0, 2]));
    }

    #[test]
    fn quantile_bands_of_a_distribution() {
        let counts = [("m00", 2), ("m01", 3), ("m03", 4), ("m06", 1)];
        assert_eq!(quantile_band(&counts, 0.5), Some("m01"));
        assert_eq!(quantile_band(&counts, 0.9), Some("m03"));
        assert_eq!(quantile_band(&counts, 1.0), Some("m06"));
        assert_eq!(quantile_band(&[("m00", 0)], 0.5), None);
        // One affaire: it is its own median.
        assert_eq!(quantile_band(&[("m00", 0), ("m12", 1)], 0.5), Some("m12"));
    }

    #[test]
    fn the_delay_summary_names_the_median_and_ninth_decile_bands() {
        let cells = [
            cell(202601, 1, "", "m00", 5),
            cell(202601, 1, "", "m01", 3),
            cell(202602, 1, "", "m06", 2),
            cell(202602, 1, "", "inconnu", 40),
        ];
        let mut f = filtres("2026-01", "2026-02", "mois", "categorie");
        f.indicator = indicator("delai_jugement").unwrap();
        let t = roll_up(&cells, None, &f, &[], &|k| k.into());
        assert_eq!(
            delay_summary(&t).unwrap(),
            "Médiane : moins d'un mois ; 9e décile : 6 à 12 mois (sur 10 affaire(s) jugée(s) dont la date de poursuite est connue)."
        );
    }

    #[test]
    fn minutes_are_shown_as_rounded_hours() {
        let cells = [
            cell(202601, 1, "", "collegiale", 89),
            cell(202601, 1, "", "collegiale", 1),
            cell(202602, 1, "", "collegiale", 29),
            cell(202602, 1, "", "juge_unique", 150),
        ];
        let mut f = filtres("2026-01", "2026-02", "mois", "categorie");
        f.indicator = indicator("duree_audiences").unwrap();
        let t = roll_up(&cells, Some(&cells[..1]), &f, &[], &|k| k.into());
        // 90 min → 2 h (half up), 29 min → 0 h, 150 min → 3 h; the year before: 89 min → 1 h.
        assert_eq!(t.values, vec![vec![2, 0], vec![0, 3]]);
        assert_eq!(t.previous, Some(vec![0, 0]), "this year's cells are not last year's");
        let previous = [cell(202501, 1, "", "collegiale", 89)];
        let t = roll_up(&cells, Some(&previous), &f, &[], &|k| k.into());
        assert_eq!(t.previous, Some(vec![1, 0]));
    }

    #[test]
    fn the_sitting_summary_gives_the_mean_and_affaires_per_hour() {
        assert_eq!(
            sitting_summary(600, 4, 25).unwrap(),
            "10 h 00 siégées en 4 audience(s), soit 2 h 30 en moyenne ; 25 affaire(s) jugée(s) à ces audiences, soit 2,5 par heure d'audience."
        );
        assert_eq!(sitting_summary(0, 0, 3), None);
        assert_eq!(hours_minutes(185), "3 h 05");
    }

    #[test]
    fn the_processing_time_summary_reads_its_own_bands() {
        let cells = [
            cell(202601, 1, "civ1", "s06", 1),
            cell(202601, 1, "civ1", "s12", 6),
            cell(202601, 1, "civ1", "s24", 3),
        ];
        let mut f = filtres("2026-01", "2026-01", "mois", "categorie");
        f.indicator = indicator("delai_traitement").unwrap();
        let t = roll_up(&cells, None, &f, &[], &|k| k.into());
        assert_eq!(
            band_summary(&t, &TRAITEMENT_BANDS, "pourvoi(s) jugé(s)").unwrap(),
            "Médiane : 6 à 12 mois ; 9e décile : 18 à 24 mois (sur 10 pourvoi(s) jugé(s))."
        );
    }

    #[test]
    fn the_mean_processing_time_is_given_in_months_and_days() {
        assert_eq!(mean_duration(Some(304.4)), "Durée moyenne : 10,0 mois (304 jours).");
        assert_eq!(mean_duration(None), "");
    }

    #[test]
    fn every_indicator_is_unique_and_shows_whole_units() {
        let mut ids: Vec<&str> = INDICATORS.iter().map(|i| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), INDICATORS.len());
        assert!(INDICATORS.iter().all(|i| i.scale >= 1 && !i.formula.is_empty()));
    }

    #[test]
    fn csv_has_bom_semicolons_and_one_row_per_period() {
        let cells = [cell(202601, 1, "", "jugee", 3), cell(202602, 1, "", "a;b", 1)];
        let f = filtres("2026-01", "2026-02", "mois", "categorie");
        let t = roll_up(&cells, None, &f, &[], &|k| k.into());
        let csv = to_csv(&t, indicator("affaires").unwrap());
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "Période;\"a;b\";jugee;Total (affaires)");
        assert_eq!(lines[1], "janv. 2026;0;3;3");
        assert_eq!(lines[2], "févr. 2026;1;0;1");
    }

    #[test]
    fn a_drill_down_covers_its_period_within_the_window() {
        let base = Filtres {
            du: "2026-02".into(),
            ..Filtres::default().with_defaults(202606)
        };
        let f = base.validate().unwrap();
        let href = f.detail_href(&base, 202601, 202603, "a b");
        assert!(href.starts_with("/pilotage/detail?"));
        assert!(href.contains("du=2026-02&au=2026-03"), "{href}");
        assert!(href.ends_with("&serie=a%20b"));
    }

    #[test]
    fn query_string_round_trips_the_filters() {
        let f = Filtres {
            chambre: Some("1re chambre".into()),
            n1: true,
            juridiction: Some(7),
            ..Filtres::default().with_defaults(202611)
        };
        let q = f.query();
        assert!(q.contains("chambre=1re%20chambre"));
        assert!(q.contains("juridiction=7"));
        assert!(q.contains("n1=1"));
        let back = Filtres::from_pairs([
            ("indicateur", "affaires"),
            ("juridiction", "7"),
            ("chambre", "1re chambre"),
            ("du", f.du.as_str()),
            ("au", f.au.as_str()),
            ("pas", "mois"),
            ("par", "categorie"),
            ("n1", "1"),
            ("inconnu", "x"),
        ]);
        assert_eq!(back, f);
    }
}
