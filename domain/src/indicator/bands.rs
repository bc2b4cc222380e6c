//! Delay bands and the sentences under an indicator's title: quantile bands, mean
//! durations, hearing time.

use super::table::Table;

/// One band of a delay: its category code, its label, and the number of days it stays
/// below (excluded); the last band has no bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub code: &'static str,
    pub label: &'static str,
    pub below_days: Option<i64>,
}

const fn band(code: &'static str, label: &'static str, below_days: Option<i64>) -> Band {
    Band {
        code,
        label,
        below_days,
    }
}

/// The band of a record whose starting date is unknown.
pub const UNKNOWN_BAND: &str = "inconnu";

/// Bands of the delay from poursuite to jugement, shortest first, then the unknown.
pub const DELAI_BANDS: [Band; 6] = [
    band("m00", "Moins d'un mois", Some(31)),
    band("m01", "1 à 3 mois", Some(92)),
    band("m03", "3 à 6 mois", Some(183)),
    band("m06", "6 à 12 mois", Some(366)),
    band("m12", "Plus de 12 mois", None),
    band(UNKNOWN_BAND, "Date de poursuite inconnue", None),
];

/// Bands of the time from the pourvoi to the arrêt, shortest first.
pub const TRAITEMENT_BANDS: [Band; 5] = [
    band("s06", "Moins de 6 mois", Some(183)),
    band("s12", "6 à 12 mois", Some(366)),
    band("s18", "12 à 18 mois", Some(548)),
    band("s24", "18 à 24 mois", Some(731)),
    band("s99", "Plus de 24 mois", None),
];

/// The band of a delay of `days` (`None`: its start is unknown).
pub fn band_of(bands: &[Band], days: Option<i64>) -> &'static str {
    let Some(days) = days else {
        return UNKNOWN_BAND;
    };
    bands
        .iter()
        .filter(|b| b.code != UNKNOWN_BAND)
        .find(|b| b.below_days.is_none_or(|below| days < below))
        .map_or(UNKNOWN_BAND, |b| b.code)
}

/// Outcomes of a procedural deadline (category code, label).
pub const ECHEANCE_ISSUES: [(&str, &str); 4] = [
    ("respectee", "Close dans le délai"),
    ("hors_delai", "Close après l'échéance"),
    ("ouverte", "Encore ouverte"),
    ("close", "Close (date inconnue)"),
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
pub fn band_summary(table: &Table, bands: &[Band], what: &str) -> Option<String> {
    let counts: Vec<(&str, i64)> = bands
        .iter()
        .filter(|b| b.code != UNKNOWN_BAND)
        .map(|Band { code, .. }| {
            let n = table
                .series
                .iter()
                .position(|s| s.key == *code)
                .map(|s| table.serie_total(s))
                .unwrap_or(0);
            (*code, n)
        })
        .collect();
    let label = |code: &str| bands.iter().find(|b| b.code == code).map(|b| b.label.to_lowercase());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delay_falls_in_one_band() {
        assert_eq!(band_of(&DELAI_BANDS, Some(0)), "m00");
        assert_eq!(band_of(&DELAI_BANDS, Some(30)), "m00");
        assert_eq!(band_of(&DELAI_BANDS, Some(31)), "m01");
        assert_eq!(band_of(&DELAI_BANDS, Some(365)), "m06");
        assert_eq!(band_of(&DELAI_BANDS, Some(366)), "m12");
        assert_eq!(band_of(&DELAI_BANDS, None), UNKNOWN_BAND);
        assert_eq!(band_of(&TRAITEMENT_BANDS, Some(731)), "s99");
        assert_eq!(band_of(&TRAITEMENT_BANDS, Some(182)), "s06");
    }
    use crate::indicator::tests::{cell, filtres};
    use crate::indicator::{indicator, roll_up};

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
    fn the_mean_processing_time_is_given_in_months_and_days() {
        assert_eq!(mean_duration(Some(304.4)), "Durée moyenne : 10,0 mois (304 jours).");
        assert_eq!(mean_duration(None), "");
    }
}
