//! Pilotage: indicators for DSGJ, chefs de juridiction and admins, counted from the data as
//! entered (pre-aggregated on write), with charts, drill-down and exports.

use crate::domain::indicator::{Dashboard, Detail, Filtres};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The dashboard for `filtres` (defaults filled in): table, chart and the choices of filters.
#[server(prefix = "/api", endpoint = "tableau_de_bord", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn tableau_de_bord(filtres: Filtres) -> Result<Dashboard, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_INDICATORS).await?;
    server::dashboard(&req.state.db, &user, filtres)
        .await
        .map_err(guard::fail)
}

/// The records behind one figure: series `serie` (a category, a juridiction id or a chambre,
/// as the dashboard is cut) over months `du..=au` of the dashboard's window.
#[server(prefix = "/api", endpoint = "tableau_de_bord_detail", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn detail_indicateur(filtres: Filtres, serie: Option<String>) -> Result<Detail, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_INDICATORS).await?;
    server::detail(&req.state.db, &user, filtres, serie)
        .await
        .map_err(guard::fail)
}

/// What the filter form offers: juridictions the user may read, chambres met in their data,
/// and the default window (the last twelve months).
#[server(prefix = "/api", endpoint = "tableau_de_bord_choix", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn criteres() -> Result<Choices, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_INDICATORS).await?;
    server::choices(&req.state.db, &user).await.map_err(guard::fail)
}

/// The monthly report of one juridiction (the user's own when absent): every indicator of
/// the month's activity (hearings and pourvois) for month `mois` (`YYYY-MM`), one part per
/// chambre.
#[server(prefix = "/api", endpoint = "rapport_mensuel", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn rapport_mensuel(
    mois: String,
    juridiction: Option<i64>,
) -> Result<crate::domain::indicator::MonthlyReport, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_INDICATORS).await?;
    server::monthly_report(&req.state.db, &user, &mois, juridiction)
        .await
        .map_err(guard::fail)
}

/// See [`criteres`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Choices {
    pub juridictions: Vec<(i64, String)>,
    /// (code, label) of each chambre.
    pub chambres: Vec<(String, String)>,
    pub du: String,
    pub au: String,
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::charts;
    use crate::domain::account::CurrentUser;
    use crate::domain::indicator::{
        Indicator, IndicatorId, Source, Table, ValidFiltres, Ventilation, format_mois, roll_up, to_csv, year_before,
    };
    use crate::domain::role::Role;
    use crate::store::{self, AppState, stats};
    use axum::extract::{Query, State};
    use axum::response::{IntoResponse, Response};
    use http::{HeaderMap, HeaderValue, StatusCode, header};
    use sea_orm::DatabaseConnection;
    use std::collections::HashMap;

    /// The juridictions a dashboard covers, and the labels of those the user may choose.
    async fn scope(
        db: &DatabaseConnection,
        user: &CurrentUser,
        f: &ValidFiltres,
    ) -> Result<(Vec<i64>, Vec<(i64, String)>), AppError> {
        let visible: Vec<(i64, String)> = super::super::guard::visible_juridictions(db, user)
            .await?
            .into_iter()
            .map(|j| (j.id, j.libelle))
            .collect();
        let js = match f.juridiction {
            // Another juridiction's figures answer exactly like a missing juridiction.
            Some(j) if !visible.iter().any(|(id, _)| *id == j) => return Err(AppError::Forbidden),
            Some(j) => vec![j],
            None => visible.iter().map(|(id, _)| *id).collect(),
        };
        Ok((js, visible))
    }

    fn check(filtres: Filtres) -> Result<(Filtres, ValidFiltres), AppError> {
        let today = stats::mois(crate::api::guard::today());
        let filtres = filtres.with_defaults(today);
        let valid = filtres
            .validate()
            .map_err(|(field, m)| AppError::validation(field, m))?;
        Ok((filtres, valid))
    }

    /// Names of the magistrats of juridictions `js`, by user id (the categories of
    /// `charge_magistrats`).
    async fn magistrats(
        db: &DatabaseConnection,
        indicator: &Indicator,
        js: &[i64],
    ) -> Result<HashMap<String, String>, AppError> {
        if indicator.id != IndicatorId::ChargeMagistrats {
            return Ok(HashMap::new());
        }
        Ok(store::pourvois::user_names(db, js)
            .await?
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect())
    }

    /// Label of a series key of `indicator` cut by `par`; `people` names the magistrats.
    fn labeller(
        indicator: &Indicator,
        par: Ventilation,
        juridictions: &[(i64, String)],
        people: HashMap<String, String>,
    ) -> impl Fn(&str) -> String + use<> {
        let names: HashMap<String, String> = juridictions.iter().map(|(id, l)| (id.to_string(), l.clone())).collect();
        let id = indicator.id;
        move |k: &str| match par {
            Ventilation::Juridiction => names.get(k).cloned().unwrap_or_else(|| k.to_owned()),
            Ventilation::Chambre => crate::domain::pourvoi::chambre_label(k),
            Ventilation::Categorie => match id.category_label(k) {
                Some(label) => label.to_owned(),
                None if id == IndicatorId::ChargeMagistrats => {
                    people.get(k).cloned().unwrap_or_else(|| format!("Magistrat n° {k}"))
                }
                None if k.is_empty() => "Non renseigné".into(),
                None => k.to_owned(),
            },
        }
    }

    /// The order of `indicator`'s categories, when it has one.
    fn order(indicator: &Indicator) -> Vec<String> {
        if !indicator.id.ordered() {
            return Vec::new();
        }
        indicator
            .id
            .categories()
            .into_iter()
            .map(|(c, _)| c.to_owned())
            .collect()
    }

    /// The table of `f` over juridictions `js`.
    async fn table(
        db: &DatabaseConnection,
        f: &ValidFiltres,
        js: &[i64],
        visible: &[(i64, String)],
    ) -> Result<Table, AppError> {
        let id = f.indicator.id.code();
        let cells = stats::cells(db, id, js, f.chambre.as_deref(), f.du, f.au).await?;
        let previous = if f.n1 {
            Some(stats::cells(db, id, js, f.chambre.as_deref(), year_before(f.du), year_before(f.au)).await?)
        } else {
            None
        };
        let label = labeller(f.indicator, f.par, visible, magistrats(db, f.indicator, js).await?);
        Ok(roll_up(&cells, previous.as_deref(), f, &order(f.indicator), &label))
    }

    /// The sentence under an indicator's title, when it has one: quantile bands of a delay,
    /// hearing time per audience and per affaire, deadlines overdue today.
    async fn summary(
        db: &DatabaseConnection,
        f: &ValidFiltres,
        js: &[i64],
        table: &Table,
    ) -> Result<Option<String>, AppError> {
        use crate::domain::indicator::{TRAITEMENT_BANDS, band_summary, delay_summary, sitting_summary};
        // Over every series of the scope (hidden ones included): the ratio needs the affaires
        // of the same audiences, which have no formation.
        let sum = |id: &'static str, only: Option<&'static str>| async move {
            let cells = stats::cells(db, id, js, f.chambre.as_deref(), f.du, f.au).await?;
            Ok::<i64, AppError>(
                cells
                    .iter()
                    .filter(|c| only.is_none_or(|o| c.categorie == o))
                    .map(|c| c.n)
                    .sum(),
            )
        };
        let by_category = f.par == Ventilation::Categorie;
        Ok(match f.indicator.id {
            IndicatorId::DelaiJugement if by_category => delay_summary(table),
            IndicatorId::DelaiTraitement if by_category => {
                let (days, decided) = (
                    sum("traitement_jours", None).await?,
                    sum("pourvois_sortis", None).await?,
                );
                let mean = (decided > 0).then(|| days as f64 / decided as f64);
                band_summary(table, &TRAITEMENT_BANDS, "pourvoi(s) jugé(s)")
                    .map(|s| format!("{s} {}", crate::domain::indicator::mean_duration(mean)))
            }
            IndicatorId::DureeAudiences => {
                let minutes = sum("duree_audiences", None).await?;
                let audiences = sum("audiences_tenues", None).await?;
                let jugees = sum("jugees_siegees", None).await?;
                sitting_summary(minutes, audiences, jugees)
            }
            IndicatorId::Echeances => {
                // Open ones of past months are overdue (counted cells); of this month, those due
                // before today (one month read).
                let today = crate::api::guard::today();
                let this_month = stats::mois(today);
                let past = stats::cells(db, "echeances", js, f.chambre.as_deref(), f.du, f.au)
                    .await?
                    .iter()
                    .filter(|c| c.categorie == "ouverte" && c.mois < this_month)
                    .map(|c| c.n)
                    .sum::<i64>();
                let current = if (f.du..=f.au).contains(&this_month) {
                    stats::overdue_deadlines(db, js, f.chambre.as_deref(), this_month, this_month, today).await?
                } else {
                    0
                };
                let n = past + current;
                Some(format!(
                    "À ce jour, {n} échéance(s) de la période encore ouverte(s) sont dépassée(s)."
                ))
            }
            _ => None,
        })
    }

    pub async fn choices(db: &DatabaseConnection, user: &CurrentUser) -> Result<Choices, AppError> {
        let (filtres, f) = check(Filtres::default())?;
        let (js, juridictions) = scope(db, user, &f).await?;
        Ok(Choices {
            juridictions,
            chambres: stats::chambres(db, &js)
                .await?
                .into_iter()
                .map(|c| {
                    let label = crate::domain::pourvoi::chambre_label(&c);
                    (c, label)
                })
                .collect(),
            du: filtres.du,
            au: filtres.au,
        })
    }

    pub async fn monthly_report(
        db: &DatabaseConnection,
        user: &CurrentUser,
        mois: &str,
        juridiction: Option<i64>,
    ) -> Result<crate::domain::indicator::MonthlyReport, AppError> {
        use crate::domain::indicator::{ChambreReport, INDICATORS, MonthlyReport, Pas, ReportSection, parse_mois};
        use std::collections::BTreeMap;
        let today = stats::mois(crate::api::guard::today());
        let m = if mois.is_empty() {
            today
        } else {
            parse_mois(mois).ok_or_else(|| AppError::validation("mois", "mois invalide (attendu AAAA-MM)"))?
        };
        let target = juridiction.unwrap_or(user.juridiction_id);
        let visible = super::super::guard::visible_juridictions(db, user).await?;
        let Some(j) = visible.into_iter().find(|j| j.id == target) else {
            return Err(AppError::Forbidden);
        };
        let mut by_chambre: BTreeMap<String, Vec<ReportSection>> = BTreeMap::new();
        for ind in INDICATORS.iter().filter(|i| i.in_monthly_report()) {
            let cells = stats::cells(db, ind.id.code(), &[j.id], None, m, m).await?;
            let label = labeller(ind, Ventilation::Categorie, &[], HashMap::new());
            let order = order(ind);
            let mut per: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
            for c in cells {
                *per.entry(c.chambre).or_default().entry(c.categorie).or_default() += c.n;
            }
            for (chambre, counts) in per {
                let mut keys: Vec<&String> = order.iter().filter(|k| counts.contains_key(*k)).collect();
                keys.extend(counts.keys().filter(|k| !order.contains(k)));
                // In the unit shown (hours for a duration kept in minutes), rounded once per line.
                let scale = ind.scale.max(1);
                let lines: Vec<(String, i64)> = keys
                    .iter()
                    .map(|k| (label(k), (counts[*k] + scale / 2).div_euclid(scale)))
                    .collect();
                by_chambre.entry(chambre).or_default().push(ReportSection {
                    indicator: ind.label().into(),
                    unit: ind.unit.into(),
                    total: (counts.values().sum::<i64>() + scale / 2).div_euclid(scale),
                    lines,
                });
            }
        }
        // The Cour de cassation's chambres in their official order, pourvois not yet oriented
        // last; a tribunal's chambres by name.
        let rank = |c: &str| {
            let official = crate::domain::pourvoi::CHAMBRES.iter().position(|(code, _)| *code == c);
            (c.is_empty(), official.unwrap_or(usize::MAX), c.to_owned())
        };
        let mut chambres: Vec<(String, Vec<ReportSection>)> = by_chambre.into_iter().collect();
        chambres.sort_by_cached_key(|(c, _)| rank(c));
        Ok(MonthlyReport {
            juridiction: j.libelle,
            mois: format_mois(m),
            label: Pas::Mois.period_label(m),
            computed_at: crate::domain::dates::paris_time(chrono::Utc::now()),
            chambres: chambres
                .into_iter()
                .map(|(chambre, sections)| ChambreReport {
                    chambre: crate::domain::pourvoi::chambre_label(&chambre),
                    sections,
                })
                .collect(),
        })
    }

    pub async fn dashboard(
        db: &DatabaseConnection,
        user: &CurrentUser,
        filtres: Filtres,
    ) -> Result<Dashboard, AppError> {
        let (filtres, f) = check(filtres)?;
        let (js, visible) = scope(db, user, &f).await?;
        let table = table(db, &f, &js, &visible).await?;
        let title = format!(
            "{} — du {} au {}",
            f.indicator.label(),
            format_mois(f.du),
            format_mois(f.au)
        );
        let detail_href = |s: usize, p: Option<usize>| {
            let (start, end) = p.map_or((f.du, f.au), |p| (table.periods[p].start, table.periods[p].end));
            f.detail_href(&filtres, start, end, &table.series[s].key)
        };
        let svg = charts::render(&table, f.indicator, f.indicator.chart, &title, &detail_href);
        let summary = summary(db, &f, &js, &table).await?;
        Ok(Dashboard {
            indicator_id: f.indicator.id.code().into(),
            table,
            svg,
            computed_at: crate::domain::dates::paris_time(chrono::Utc::now()),
            summary,
            filtres,
        })
    }

    pub async fn detail(
        db: &DatabaseConnection,
        user: &CurrentUser,
        filtres: Filtres,
        serie: Option<String>,
    ) -> Result<Detail, AppError> {
        let (_, f) = check(filtres)?;
        let (js, visible) = scope(db, user, &f).await?;
        let serie = serie.filter(|s| !s.is_empty() || f.par != Ventilation::Juridiction);
        let juridiction = match (&serie, f.par) {
            (Some(s), Ventilation::Juridiction) => Some(
                s.parse::<i64>()
                    .map_err(|_| AppError::validation("serie", "juridiction invalide"))?,
            ),
            _ => None,
        };
        if juridiction.is_some_and(|j| !js.contains(&j)) {
            return Err(AppError::Forbidden);
        }
        let scope = stats::DetailScope {
            indicateur: f.indicator.id.code(),
            juridictions: &js,
            chambre: f.chambre.as_deref(),
            du: f.du,
            au: f.au,
            categorie: serie.as_deref().filter(|_| f.par == Ventilation::Categorie),
            juridiction,
            serie_chambre: serie.as_deref().filter(|_| f.par == Ventilation::Chambre),
        };
        let records = stats::detail(db, &scope).await?;
        let names: HashMap<i64, String> = visible.into_iter().collect();
        let people = magistrats(db, f.indicator, &js).await?;
        let label = labeller(f.indicator, Ventilation::Categorie, &[], people.clone());
        let sums = stats::sums(f.indicator.id.code());
        let unit = f.indicator.unit;
        let shown = |v: i64| {
            if f.indicator.scale == 60 {
                crate::domain::indicator::hours_minutes(v)
            } else {
                format!("{v} {unit}")
            }
        };
        let rows = records
            .rows
            .into_iter()
            .map(|(mut r, j, v)| {
                r.juridiction = names.get(&j).cloned().unwrap_or_default();
                r.categorie = label(&r.categorie);
                r.valeur = sums.then(|| shown(v));
                r
            })
            .collect();
        let what = match f.indicator.source {
            Source::Audiences => "affaires",
            Source::Pourvois => "pourvois",
        };
        let serie_label = serie
            .as_deref()
            .map(|s| {
                format!(
                    " — {}",
                    labeller(f.indicator, f.par, &names.into_iter().collect::<Vec<_>>(), people)(s)
                )
            })
            .unwrap_or_default();
        Ok(Detail {
            title: format!(
                "{}{} — {} du {} au {}",
                f.indicator.label(),
                serie_label,
                what,
                format_mois(f.du),
                format_mois(f.au)
            ),
            total: records.count,
            somme: sums.then(|| shown(records.sum)),
            rows,
        })
    }

    /// `GET /pilotage/export?format=csv|ods|svg&…filters`: the dashboard's data as CSV (UTF-8
    /// with BOM) or ODS, or its chart as SVG, as a download. Same session, role and juridiction checks as
    /// the server functions.
    pub async fn export(
        State(state): State<AppState>,
        headers: HeaderMap,
        Query(pairs): Query<Vec<(String, String)>>,
    ) -> Response {
        let user = match super::super::guard::header_user(&state, &headers).await {
            Ok(Some(u)) if u.has_role(Role::READ_INDICATORS) => u,
            Ok(Some(_)) => return (StatusCode::FORBIDDEN, "Accès refusé.").into_response(),
            Ok(None) => return (StatusCode::UNAUTHORIZED, "Session expirée : reconnectez-vous.").into_response(),
            Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "Erreur interne.").into_response(),
        };
        let format = pairs
            .iter()
            .find(|(k, _)| k == "format")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| "csv".into());
        let filtres = Filtres::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let d = match dashboard(&state.db, &user, filtres).await {
            Ok(d) => d,
            Err(e) => {
                return (
                    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
                    e.to_string(),
                )
                    .into_response();
            }
        };
        let Some(indicator) = crate::domain::indicator::indicator(&d.indicator_id) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let stem = format!("greffe-{}-{}-{}", indicator.id.code(), d.filtres.du, d.filtres.au);
        let (body, mime, ext): (Vec<u8>, _, _) = match format.as_str() {
            "csv" => (
                to_csv(&d.table, indicator).into_bytes(),
                "text/csv; charset=utf-8",
                "csv",
            ),
            "ods" => (
                crate::export::to_ods(&d.table, indicator),
                "application/vnd.oasis.opendocument.spreadsheet",
                "ods",
            ),
            "svg" => (
                standalone_svg(&d.svg).into_bytes(),
                "image/svg+xml; charset=utf-8",
                "svg",
            ),
            _ => return (StatusCode::BAD_REQUEST, "Format d'export inconnu (csv, ods ou svg).").into_response(),
        };
        let mut res = body.into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{stem}.{ext}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }

    /// The chart as a file of its own, with its XML declaration.
    fn standalone_svg(svg: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}")
    }
}
