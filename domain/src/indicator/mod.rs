//! Pilotage: every indicator described as data (`IndicatorId`: what it counts, its unit,
//! its categories with their labels and order), the filters a dashboard is cut by
//! (`filters`), the months and steps of time (`period`), delay bands and the sentences under a
//! title (`bands`), and the roll-up of monthly cells into the table a chart and an export
//! show (`table`).

pub mod bands;
pub mod filters;
pub mod period;
pub mod table;

pub use bands::*;
pub use filters::*;
pub use period::*;
pub use table::*;

use serde::{Deserialize, Serialize};

/// Which records an indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Source {
    /// Affaires of the audiences held in the period (tribunal correctionnel).
    Audiences,
    /// Pourvois registered in the period (Cour de cassation).
    Pourvois,
}

/// How an indicator is drawn by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum ChartKind {
    /// One bar per period, stacked by series.
    StackedBar,
    /// One line per series over the periods.
    Line,
    /// One bar per series: the distribution over the whole window.
    Distribution,
}

code_enum! {
    /// The indicators of the pilotage, in display order: code (in URLs, exports and the
    /// `stat_cell` table) and title.
    pub enum IndicatorId {
        Affaires = ("affaires", "Affaires audiencées, jugées et renvoyées"),
        Renvois = ("renvois", "Renvois par motif"),
        Decisions = ("decisions", "Décisions par sens"),
        Nature = ("nature", "Nature des jugements"),
        DelaiJugement = ("delai_jugement", "Délai de la poursuite au jugement"),
        Peines = ("peines", "Peines prononcées par nature"),
        QuantumEmprisonnement = ("quantum_emprisonnement", "Quantum d'emprisonnement prononcé"),
        MontantAmendes = ("montant_amendes", "Montant des amendes prononcées"),
        HeuresTig = ("heures_tig", "Heures de travail d'intérêt général prononcées"),
        AudiencesTenues = ("audiences_tenues", "Audiences tenues"),
        DureeAudiences = ("duree_audiences", "Durée des audiences"),
        PourvoisEntres = ("pourvois_entres", "Pourvois enregistrés"),
        PourvoisStade = ("pourvois_stade", "Stock de pourvois par stade et ancienneté"),
        PourvoisSortis = ("pourvois_sortis", "Pourvois jugés (sorties)"),
        DelaiTraitement = ("delai_traitement", "Durée de traitement des pourvois"),
        Echeances = ("echeances", "Délais de procédure respectés ou dépassés"),
        ChargeMagistrats = ("charge_magistrats", "Charge des magistrats"),
    }
}

/// One indicator, described as data: what it counts and along which dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Indicator {
    pub id: IndicatorId,
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
    /// Its title.
    pub fn label(&self) -> &'static str {
        self.id.label()
    }

    /// Whether the indicator tells a month's activity and goes in the monthly report. The
    /// stock by stade and the magistrats' workload describe the dossiers as they are today,
    /// not what a month brought: they stay on the dashboard.
    pub fn in_monthly_report(&self) -> bool {
        !matches!(self.id, IndicatorId::PourvoisStade | IndicatorId::ChargeMagistrats)
    }
}

impl IndicatorId {
    /// The closed list its categories come from, `(code, label)` in the order they are
    /// shown; empty when the data names them (renvoi motifs, magistrats).
    pub fn categories(self) -> Vec<(&'static str, &'static str)> {
        use IndicatorId as I;
        match self {
            I::Affaires => vec![("jugee", "Jugées"), ("renvoyee", "Renvoyées"), ("a_juger", "À juger")],
            I::Decisions => crate::decision::Sens::options().collect(),
            I::Nature => crate::decision::NatureJugement::ALL
                .iter()
                .map(|n| (n.code(), n.label()))
                .collect(),
            I::DelaiJugement => DELAI_BANDS.iter().map(|b| (b.code, b.label)).collect(),
            I::Peines | I::QuantumEmprisonnement | I::MontantAmendes | I::HeuresTig => {
                crate::decision::PeineNature::options().collect()
            }
            I::AudiencesTenues | I::DureeAudiences => crate::hearing::FORMATIONS.to_vec(),
            I::PourvoisEntres => vec![("civil", "Civile"), ("penal", "Pénale")],
            I::PourvoisStade => crate::pourvoi::Stade::options().collect(),
            I::PourvoisSortis => crate::pourvoi::SOLUTIONS.to_vec(),
            I::DelaiTraitement => TRAITEMENT_BANDS.iter().map(|b| (b.code, b.label)).collect(),
            I::Echeances => ECHEANCE_ISSUES.to_vec(),
            I::Renvois | I::ChargeMagistrats => Vec::new(),
        }
    }

    /// Whether its series follow the order of [`Self::categories`] (the others are shown
    /// largest first).
    pub fn ordered(self) -> bool {
        !matches!(
            self,
            IndicatorId::Renvois | IndicatorId::Decisions | IndicatorId::PourvoisEntres | IndicatorId::ChargeMagistrats
        )
    }

    /// The label of category `code`; `None` when the data names it (a renvoi motif is its
    /// own label, a magistrat is named from the accounts).
    pub fn category_label(self, code: &str) -> Option<&'static str> {
        self.categories().into_iter().find(|(c, _)| *c == code).map(|(_, l)| l)
    }
}

/// Dimensions every indicator can be cut by.
pub const DIMENSIONS: [&str; 4] = ["juridiction", "chambre", "période", "catégorie"];

/// Every indicator of the pilotage page, in display order.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: IndicatorId::Affaires,
        formula: "Nombre d'affaires inscrites au rôle des audiences tenues dans la période, selon leur état : jugée, renvoyée ou encore à juger.",
        unit: "affaires",
        source: Source::Audiences,
        category: "État",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::Renvois,
        formula: "Nombre de renvois décidés aux audiences tenues dans la période, par motif de renvoi.",
        unit: "renvois",
        source: Source::Audiences,
        category: "Motif",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::Decisions,
        formula: "Nombre de décisions rendues sur l'action publique (une par prévenu) aux audiences de la période, selon la prévention : culpabilité, relaxe, relaxe partielle…",
        unit: "décisions",
        source: Source::Audiences,
        category: "Sens",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::Nature,
        formula: "Nombre de décisions par nature du jugement (contradictoire, contradictoire à signifier, défaut, itératif défaut) ; la part de défaut s'en déduit.",
        unit: "décisions",
        source: Source::Audiences,
        category: "Nature",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::DelaiJugement,
        formula: "Affaires jugées aux audiences de la période, par tranche de délai entre la date de poursuite et la date de l'audience ; la médiane et le 9e décile se lisent dans la répartition.",
        unit: "affaires",
        source: Source::Audiences,
        category: "Délai",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::Peines,
        formula: "Nombre de peines prononcées aux audiences tenues dans la période (une décision peut en prononcer plusieurs), par nature : emprisonnement ferme ou avec sursis, amende, jours-amende, TIG…",
        unit: "peines",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::QuantumEmprisonnement,
        formula: "Somme des durées d'emprisonnement prononcées aux audiences tenues dans la période (ferme, avec sursis, sursis probatoire), en mois.",
        unit: "mois",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::MontantAmendes,
        formula: "Somme des amendes prononcées aux audiences tenues dans la période, en euros ; des jours-amende comptent pour leur nombre multiplié par le montant journalier.",
        unit: "euros",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::HeuresTig,
        formula: "Somme des durées de travail d'intérêt général prononcées aux audiences tenues dans la période, en heures.",
        unit: "heures",
        source: Source::Audiences,
        category: "Nature de peine",
        chart: ChartKind::Line,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::AudiencesTenues,
        formula: "Nombre d'audiences de la période closes au chronomètre d'audience (leur durée est connue), par formation.",
        unit: "audiences",
        source: Source::Audiences,
        category: "Formation",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::DureeAudiences,
        formula: "Temps effectivement siégé aux audiences closes de la période, de l'ouverture à la clôture, suspensions déduites, par formation, en heures (arrondies) ; la durée moyenne d'une audience et le nombre d'affaires jugées par heure sont donnés sous le titre.",
        unit: "heures",
        source: Source::Audiences,
        category: "Formation",
        chart: ChartKind::StackedBar,
        scale: 60,
    },
    Indicator {
        id: IndicatorId::PourvoisEntres,
        formula: "Nombre de pourvois enregistrés dans la période (date de la déclaration), par matière.",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Matière",
        chart: ChartKind::Line,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::PourvoisStade,
        formula: "Pourvois enregistrés dans la période, selon leur stade actuel (enregistré, orienté, distribué, instruit, audiencé, arrêt rendu) : ceux qui ne sont pas au stade de l'arrêt forment le stock, daté par leur mois d'enregistrement.",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Stade",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::PourvoisSortis,
        formula: "Nombre de pourvois sur lesquels un arrêt a été rendu dans la période (date de l'arrêt), par solution : cassation, rejet, irrecevabilité, déchéance…",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Solution",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::DelaiTraitement,
        formula: "Pourvois jugés dans la période, par tranche de durée entre la déclaration de pourvoi et l'arrêt ; la médiane, le 9e décile et la durée moyenne sont donnés sous le titre.",
        unit: "pourvois",
        source: Source::Pourvois,
        category: "Durée",
        chart: ChartKind::Distribution,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::Echeances,
        formula: "Échéances de procédure (art. 978 et 982 CPC, 567-2, 584, 585-1, 585-2 et 586 CPP…) venant à terme dans la période, selon leur issue : close au plus tard à l'échéance, close après l'échéance, ou encore ouverte.",
        unit: "échéances",
        source: Source::Pourvois,
        category: "Issue",
        chart: ChartKind::StackedBar,
        scale: 1,
    },
    Indicator {
        id: IndicatorId::ChargeMagistrats,
        formula: "Dossiers en cours (sans arrêt) distribués à chaque conseiller rapporteur et avocat général, selon le mois d'enregistrement du pourvoi : sur toute la période, le total d'un magistrat est sa charge actuelle.",
        unit: "dossiers",
        source: Source::Pourvois,
        category: "Magistrat",
        chart: ChartKind::Distribution,
        scale: 1,
    },
];

/// Series colours: DSFR "425" tones (bleu France, rouge Marianne, vert succès, café crème,
/// glycine, menthe, moutarde, cumulus, terre battue, bourgeon), in series order.
pub const PALETTE: [&str; 10] = [
    "#000091", "#c9191e", "#18753c", "#716043", "#a558a0", "#00796b", "#956d00", "#417dc4", "#b34000", "#447049",
];

/// The indicator with identifier `id`.
pub fn indicator(id: &str) -> Option<&'static Indicator> {
    let id = IndicatorId::parse(id)?;
    INDICATORS.iter().find(|i| i.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn cell(mois: Mois, j: i64, chambre: &str, cat: &str, n: i64) -> Cell {
        Cell {
            mois,
            juridiction_id: j,
            chambre: chambre.into(),
            categorie: cat.into(),
            n,
        }
    }

    pub(crate) fn filtres(du: &str, au: &str, pas: &str, par: &str) -> ValidFiltres {
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
    fn every_indicator_is_unique_and_shows_whole_units() {
        let mut ids: Vec<&str> = INDICATORS.iter().map(|i| i.id.code()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), INDICATORS.len());
        // One description per indicator, in the order of the list.
        assert!(INDICATORS.iter().map(|i| i.id).eq(IndicatorId::ALL.iter().copied()));
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
