//! Monthly cells rolled up into the table a chart and an export show, its CSV, and the
//! dashboard, report and drill-down models.

use super::Indicator;
use super::filters::{Filtres, ValidFiltres, Ventilation};
use super::period::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One pre-aggregated count: an indicator's category in one month, juridiction and chambre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cell {
    pub mois: Mois,
    pub juridiction_id: i64,
    pub chambre: String,
    pub categorie: String,
    pub n: i64,
}

/// One series of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Serie {
    pub key: String,
    pub label: String,
    pub hidden: bool,
}

/// What a chart draws and the data table shows: series × periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec!["Période".to_owned()];
    header.extend(table.series.iter().filter(|s| !s.hidden).map(|s| s.label.clone()));
    header.push(format!("Total ({})", indicator.unit));
    if table.previous.is_some() {
        header.push("Total N-1".into());
    }
    let mut rows = vec![header];
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
        rows.push(row);
    }
    for row in &rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(row);
    }
    let body = w
        .into_inner()
        .map(String::from_utf8)
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    // A byte-order mark: spreadsheets then read the file as UTF-8.
    format!("\u{feff}{body}")
}

/// Everything a dashboard shows for one set of filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReportSection {
    pub indicator: String,
    pub unit: String,
    /// (category label, count), in the indicator's order.
    pub lines: Vec<(String, i64)>,
    pub total: i64,
}

/// The monthly report of one chambre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChambreReport {
    pub chambre: String,
    pub sections: Vec<ReportSection>,
}

/// The monthly report: one part per chambre, printed one page each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MonthlyReport {
    pub juridiction: String,
    pub mois: String,
    pub label: String,
    pub computed_at: String,
    pub chambres: Vec<ChambreReport>,
}

/// One record behind a figure (a drill-down line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
