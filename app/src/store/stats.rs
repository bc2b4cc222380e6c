//! Pre-aggregated pilotage counts (`stat_cell`): one row per indicator, juridiction, month,
//! chambre and category. Every write that changes a count refreshes the buckets it touched
//! (one juridiction, chambre and month) inside its own transaction, so a figure includes an
//! entry made a second ago; `rebuild` recounts everything (after seeding) and `recount` is the
//! full GROUP BY the aggregates must always equal.

use super::{StoreError, StoreResult};
use crate::domain::indicator::{
    Band, Cell, DELAI_BANDS, DETAIL_LIMIT, DetailRow, IndicatorId, Mois, Source, TRAITEMENT_BANDS, UNKNOWN_BAND,
};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use std::collections::BTreeSet;

/// How one indicator is counted in SQL. Every column is qualified, so definitions can be
/// combined with filters.
struct Def {
    id: &'static str,
    source: Source,
    from: &'static str,
    date: &'static str,
    juridiction: &'static str,
    chambre: &'static str,
    categorie: Categorie,
    /// Which records count (a SQL condition), `1 = 1` for all.
    filter: &'static str,
    /// The figure each record adds (summed); `None` counts records.
    value: Option<&'static str>,
    /// That figure on PostgreSQL, when its SQL differs from SQLite's.
    value_pg: Option<&'static str>,
    /// Record id and number of the drill-down lines.
    record: (&'static str, &'static str),
    /// Page of a record, before its id.
    href: &'static str,
}

impl Def {
    fn categorie(&self, backend: DbBackend) -> String {
        match self.categorie {
            Categorie::Sql(sql) => sql.to_owned(),
            Categorie::Band { from, to, bands } => band_case(backend, from, to, bands),
        }
    }

    /// What one record adds, on `backend`; `None` when records are counted.
    fn value(&self, backend: DbBackend) -> Option<&'static str> {
        match (backend, self.value_pg) {
            (DbBackend::Postgres, Some(pg)) => Some(pg),
            _ => self.value,
        }
    }

    /// The aggregate of a group of records.
    fn measure(&self, backend: DbBackend) -> String {
        match self.value(backend) {
            Some(v) => format!("CAST(COALESCE(SUM({v}), 0) AS BIGINT)"),
            None => "COUNT(*)".into(),
        }
    }

    /// What one record adds.
    fn record_value(&self, backend: DbBackend) -> &'static str {
        self.value(backend).unwrap_or("1")
    }
}

/// What an indicator's categories are, in SQL.
#[derive(Clone, Copy)]
enum Categorie {
    /// A column or expression, the same on both backends.
    Sql(&'static str),
    /// The band (see `domain::indicator::bands`) of the days from date `from` to date `to`.
    Band {
        from: &'static str,
        to: &'static str,
        bands: &'static [Band],
    },
}

/// The band of the days from `from` to `to` (date columns), as one CASE written from the
/// domain's bands: a start that is missing falls in the unknown band, if the list has one.
fn band_case(backend: DbBackend, from: &str, to: &str, bands: &[Band]) -> String {
    let days = match backend {
        DbBackend::Postgres => format!("{to} - {from}"),
        _ => format!("julianday({to}) - julianday({from})"),
    };
    let mut sql = String::from("CASE");
    if bands.iter().any(|b| b.code == UNKNOWN_BAND) {
        sql.push_str(&format!(" WHEN {from} IS NULL THEN '{UNKNOWN_BAND}'"));
    }
    let mut last = UNKNOWN_BAND;
    for b in bands.iter().filter(|b| b.code != UNKNOWN_BAND) {
        match b.below_days {
            Some(below) => sql.push_str(&format!(" WHEN {days} < {below} THEN '{}'", b.code)),
            None => last = b.code,
        }
    }
    sql.push_str(&format!(" ELSE '{last}' END"));
    sql
}

/// Outcome of a deadline: still open, closed by its due date, closed after it (dates compare
/// as ISO text on SQLite and as dates on PostgreSQL).
const ECHEANCE_ISSUE: &str = "CASE WHEN e.statut = 'ouverte' THEN 'ouverte' \
     WHEN e.close_le IS NULL THEN 'close' WHEN e.close_le <= e.due THEN 'respectee' ELSE 'hors_delai' END";

const AFFAIRES: &str = "affaire a JOIN audience au ON au.id = a.audience_id";
const RENVOIS: &str = "renvoi r JOIN affaire a ON a.id = r.affaire_id JOIN audience au ON au.id = a.audience_id";
const DECISIONS: &str = "decision d JOIN prevenu p ON p.id = d.prevenu_id \
     JOIN affaire a ON a.id = p.affaire_id JOIN audience au ON au.id = a.audience_id";
const PEINES: &str = "peine pe JOIN decision d ON d.id = pe.decision_id JOIN prevenu p ON p.id = d.prevenu_id \
     JOIN affaire a ON a.id = p.affaire_id JOIN audience au ON au.id = a.audience_id";
const ARRETS: &str = "arret ar JOIN pourvoi po ON po.id = ar.pourvoi_id";

const fn audience_def(id: &'static str, from: &'static str, categorie: &'static str) -> Def {
    Def {
        id,
        source: Source::Audiences,
        from,
        date: "au.date",
        juridiction: "au.juridiction_id",
        chambre: "au.chambre",
        categorie: Categorie::Sql(categorie),
        filter: "1 = 1",
        value: None,
        value_pg: None,
        record: ("a.id", "a.numero_parquet"),
        href: "/affaires/",
    }
}

const fn peine_sum(id: &'static str, filter: &'static str) -> Def {
    Def {
        filter,
        value: Some("pe.quantum"),
        ..audience_def(id, PEINES, "pe.nature")
    }
}

/// Audiences closed (their sitting time is known), by formation.
const fn sitting_def(id: &'static str, value: Option<&'static str>) -> Def {
    Def {
        filter: "au.minutes_siegees IS NOT NULL",
        value,
        record: ("au.id", "'Audience de ' || au.heure_debut"),
        href: "/audiences/",
        ..audience_def(id, "audience au", "au.formation")
    }
}

const fn pourvoi_def(id: &'static str, categorie: &'static str) -> Def {
    Def {
        id,
        source: Source::Pourvois,
        from: "pourvoi po",
        date: "po.date_pourvoi",
        juridiction: "po.juridiction_id",
        chambre: "COALESCE(po.chambre, '')",
        categorie: Categorie::Sql(categorie),
        filter: "1 = 1",
        value: None,
        value_pg: None,
        record: ("po.id", "po.numero"),
        href: "/pourvois/",
    }
}

/// Every count kept in `stat_cell`: one per indicator, plus `jugees_siegees` (affaires judged
/// at audiences whose sitting time is known, for the affaires-per-hour figure) and
/// `traitement_jours` (days from pourvoi to arrêt, for the mean processing time). A count added
/// here needs a migration that queues the `stat_cell` backfill, so existing data is counted.
const DEFS: [Def; 19] = [
    audience_def(IndicatorId::Affaires.code(), AFFAIRES, "a.etat"),
    audience_def(IndicatorId::Renvois.code(), RENVOIS, "r.motif"),
    audience_def(IndicatorId::Decisions.code(), DECISIONS, "d.sens"),
    audience_def(IndicatorId::Nature.code(), DECISIONS, "d.nature"),
    Def {
        categorie: Categorie::Band {
            from: "a.date_poursuite",
            to: "au.date",
            bands: &DELAI_BANDS,
        },
        filter: "a.etat = 'jugee'",
        ..audience_def(IndicatorId::DelaiJugement.code(), AFFAIRES, "")
    },
    audience_def(IndicatorId::Peines.code(), PEINES, "pe.nature"),
    peine_sum(
        IndicatorId::QuantumEmprisonnement.code(),
        "pe.nature IN ('emprisonnement_ferme', 'emprisonnement_sursis', 'sursis_probatoire')",
    ),
    peine_sum(
        IndicatorId::MontantAmendes.code(),
        "pe.nature IN ('amende', 'jours_amende')",
    ),
    peine_sum(IndicatorId::HeuresTig.code(), "pe.nature = 'tig'"),
    sitting_def(IndicatorId::AudiencesTenues.code(), None),
    sitting_def(IndicatorId::DureeAudiences.code(), Some("au.minutes_siegees")),
    Def {
        filter: "a.etat = 'jugee' AND au.minutes_siegees IS NOT NULL",
        ..audience_def("jugees_siegees", AFFAIRES, "a.etat")
    },
    pourvoi_def(IndicatorId::PourvoisEntres.code(), "po.matiere"),
    pourvoi_def(IndicatorId::PourvoisStade.code(), "po.stade"),
    Def {
        from: ARRETS,
        date: "ar.date_arret",
        ..pourvoi_def(IndicatorId::PourvoisSortis.code(), "ar.solution")
    },
    Def {
        from: ARRETS,
        date: "ar.date_arret",
        categorie: Categorie::Band {
            from: "po.date_pourvoi",
            to: "ar.date_arret",
            bands: &TRAITEMENT_BANDS,
        },
        ..pourvoi_def(IndicatorId::DelaiTraitement.code(), "")
    },
    // Days from déclaration to arrêt, summed: with the count of arrêts, the mean.
    Def {
        from: ARRETS,
        date: "ar.date_arret",
        value: Some("CAST(julianday(ar.date_arret) - julianday(po.date_pourvoi) AS INTEGER)"),
        value_pg: Some("(ar.date_arret - po.date_pourvoi)"),
        ..pourvoi_def("traitement_jours", "po.matiere")
    },
    Def {
        from: "echeance e JOIN pourvoi po ON po.id = e.pourvoi_id",
        date: "e.due",
        ..pourvoi_def(IndicatorId::Echeances.code(), ECHEANCE_ISSUE)
    },
    Def {
        from: "affectation af JOIN pourvoi po ON po.id = af.pourvoi_id",
        filter: "af.fin IS NULL AND po.stade <> 'arret'",
        ..pourvoi_def(IndicatorId::ChargeMagistrats.code(), "CAST(af.user_id AS TEXT)")
    },
];

fn def(id: &str) -> StoreResult<&'static Def> {
    DEFS.iter()
        .find(|d| d.id == id)
        .ok_or_else(|| StoreError::invalid("indicateur", "indicateur inconnu"))
}

/// A statement written with `?` placeholders, numbered for PostgreSQL.
pub(crate) fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// `YYYYMM` of a date column, as an integer.
fn mois_of(backend: DbBackend, date: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("CAST(to_char({date}, 'YYYYMM') AS INTEGER)"),
        _ => format!("CAST(strftime('%Y%m', {date}) AS INTEGER)"),
    }
}

/// First day of month `m`, and first day of the next.
fn month_bounds(m: Mois) -> StoreResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(m / 100, (m % 100) as u32, 1)
        .ok_or_else(|| StoreError::Defect(format!("month {m} out of range")))?;
    let next = crate::domain::indicator::next_mois(m);
    let after = NaiveDate::from_ymd_opt(next / 100, (next % 100) as u32, 1)
        .ok_or_else(|| StoreError::Defect(format!("month {m} out of range")))?;
    Ok((first, after))
}

/// The month of a date.
pub fn mois(d: NaiveDate) -> Mois {
    use chrono::Datelike;
    d.year() * 100 + d.month() as i32
}

/// The unit of refresh: one juridiction, chambre and month.
pub type Bucket = (i64, String, Mois);

/// Rows of (juridiction, chambre, date) as buckets.
fn buckets_of(rows: &[sea_orm::QueryResult]) -> StoreResult<BTreeSet<Bucket>> {
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<i64>(0)?,
                r.try_get_by_index::<String>(1)?,
                mois(r.try_get_by_index::<NaiveDate>(2)?),
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(Into::into)
}

/// Buckets of audiences `ids`, as they are now in `db`.
pub(crate) async fn audience_buckets<C: ConnectionTrait>(db: &C, ids: &[&str]) -> StoreResult<BTreeSet<Bucket>> {
    if ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            &format!("SELECT juridiction_id, chambre, date FROM audience WHERE id IN ({marks})"),
            ids.iter().map(|i| Value::from(*i)).collect(),
        ))
        .await?;
    buckets_of(&rows)
}

/// Recounts the buckets of `source` indicators.
pub(crate) async fn refresh<C: ConnectionTrait>(db: &C, source: Source, buckets: &BTreeSet<Bucket>) -> StoreResult<()> {
    let backend = db.get_database_backend();
    for (juridiction, chambre, m) in buckets {
        let (first, after) = month_bounds(*m)?;
        // Writers recount a bucket one at a time, each after the previous one committed
        // (READ COMMITTED reads it afresh): two decisions of one audience at once neither
        // insert the same cell twice nor count without each other. Buckets come in order (a
        // `BTreeSet`), so two writers never wait on each other in a circle.
        super::write::lock(db, &format!("stat_cell:{source:?}:{juridiction}:{chambre}:{m}")).await?;
        for d in DEFS.iter().filter(|d| d.source == source) {
            db.execute_raw(stmt(
                backend,
                "DELETE FROM stat_cell WHERE indicateur = ? AND juridiction_id = ? AND mois = ? AND chambre = ?",
                vec![d.id.into(), (*juridiction).into(), (*m).into(), chambre.as_str().into()],
            ))
            .await?;
            let sql = format!(
                "INSERT INTO stat_cell (indicateur, juridiction_id, mois, chambre, categorie, n) \
                 SELECT CAST(? AS TEXT), {j}, CAST(? AS INTEGER), {c}, {cat}, {measure} FROM {from} \
                 WHERE {j} = ? AND {c} = ? AND {date} >= ? AND {date} < ? AND {filter} GROUP BY {j}, {c}, {cat}",
                measure = d.measure(backend),
                j = d.juridiction,
                c = d.chambre,
                cat = d.categorie(backend),
                from = d.from,
                date = d.date,
                filter = d.filter,
            );
            db.execute_raw(stmt(
                backend,
                &sql,
                vec![
                    d.id.into(),
                    (*m).into(),
                    (*juridiction).into(),
                    chambre.as_str().into(),
                    first.into(),
                    after.into(),
                ],
            ))
            .await?;
        }
    }
    Ok(())
}

/// Refreshes the buckets of audiences `ids` plus `before` (buckets they had before the write).
pub(crate) async fn touch_audiences<C: ConnectionTrait>(
    db: &C,
    ids: &[&str],
    before: BTreeSet<Bucket>,
) -> StoreResult<()> {
    let mut buckets = before;
    buckets.extend(audience_buckets(db, ids).await?);
    refresh(db, Source::Audiences, &buckets).await
}

/// Buckets of pourvois `ids` as they are now in `db`: the months of their registration,
/// arrêt and deadlines, in their chambre.
pub(crate) async fn pourvoi_buckets<C: ConnectionTrait>(db: &C, ids: &[&str]) -> StoreResult<BTreeSet<Bucket>> {
    if ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let m = marks(ids.len());
    let sql = format!(
        "SELECT po.juridiction_id, COALESCE(po.chambre, ''), po.date_pourvoi FROM pourvoi po WHERE po.id IN ({m}) \
         UNION SELECT po.juridiction_id, COALESCE(po.chambre, ''), ar.date_arret FROM {ARRETS} WHERE po.id IN ({m}) \
         UNION SELECT po.juridiction_id, COALESCE(po.chambre, ''), e.due \
         FROM echeance e JOIN pourvoi po ON po.id = e.pourvoi_id WHERE po.id IN ({m})"
    );
    let values: Vec<Value> = (0..3).flat_map(|_| ids.iter().map(|i| Value::from(*i))).collect();
    let rows = db.query_all_raw(stmt(db.get_database_backend(), &sql, values)).await?;
    buckets_of(&rows)
}

/// Refreshes the buckets of pourvois `ids` plus `before` (buckets they had before the write:
/// another chambre, a corrected date).
pub(crate) async fn touch_pourvois<C: ConnectionTrait>(
    db: &C,
    ids: &[&str],
    before: BTreeSet<Bucket>,
) -> StoreResult<()> {
    let mut buckets = before;
    buckets.extend(pourvoi_buckets(db, ids).await?);
    refresh(db, Source::Pourvois, &buckets).await
}

/// The full GROUP BY of one indicator (every bucket), as `(indicateur, cell)` rows.
fn full_select(backend: DbBackend, d: &Def) -> String {
    format!(
        "SELECT '{id}', {j}, {m}, {c}, {cat}, {measure} FROM {from} WHERE {filter} GROUP BY {j}, {m}, {c}, {cat}",
        measure = d.measure(backend),
        id = d.id,
        j = d.juridiction,
        m = mois_of(backend, d.date),
        c = d.chambre,
        cat = d.categorie(backend),
        from = d.from,
        filter = d.filter,
    )
}

/// Recounts every indicator from scratch (after a bulk load such as seeding).
pub async fn rebuild<C: ConnectionTrait>(db: &C) -> StoreResult<()> {
    let backend = db.get_database_backend();
    db.execute_unprepared("DELETE FROM stat_cell").await?;
    for d in &DEFS {
        db.execute_unprepared(&format!(
            "INSERT INTO stat_cell (indicateur, juridiction_id, mois, chambre, categorie, n) {}",
            full_select(backend, d)
        ))
        .await?;
    }
    Ok(())
}

fn to_cells(rows: Vec<sea_orm::QueryResult>) -> StoreResult<Vec<(String, Cell)>> {
    let mut out = rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<String>(0)?,
                Cell {
                    juridiction_id: r.try_get_by_index(1)?,
                    mois: r.try_get_by_index(2)?,
                    chambre: r.try_get_by_index(3)?,
                    categorie: r.try_get_by_index(4)?,
                    n: r.try_get_by_index(5)?,
                },
            ))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    out.sort_by(|a, b| {
        (&a.0, a.1.juridiction_id, a.1.mois, &a.1.chambre, &a.1.categorie).cmp(&(
            &b.0,
            b.1.juridiction_id,
            b.1.mois,
            &b.1.chambre,
            &b.1.categorie,
        ))
    });
    Ok(out)
}

/// Every count recomputed now from the records, sorted: what `stat_cell` must hold.
pub async fn recount<C: ConnectionTrait>(db: &C) -> StoreResult<Vec<(String, Cell)>> {
    let backend = db.get_database_backend();
    let mut all = Vec::new();
    for d in &DEFS {
        all.extend(
            db.query_all_raw(stmt(backend, &full_select(backend, d), vec![]))
                .await?,
        );
    }
    to_cells(all)
}

/// Every stored count, sorted like `recount`.
pub async fn stored<C: ConnectionTrait>(db: &C) -> StoreResult<Vec<(String, Cell)>> {
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            "SELECT indicateur, juridiction_id, mois, chambre, categorie, n FROM stat_cell",
            vec![],
        ))
        .await?;
    to_cells(rows)
}

fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Stored counts of `indicateur` for juridictions `js`, months `du..=au`, one chambre or all.
pub async fn cells<C: ConnectionTrait>(
    db: &C,
    indicateur: &str,
    js: &[i64],
    chambre: Option<&str>,
    du: Mois,
    au: Mois,
) -> StoreResult<Vec<Cell>> {
    if js.is_empty() {
        return Ok(Vec::new());
    }
    let mut values: Vec<Value> = vec![indicateur.into()];
    values.extend(js.iter().map(|j| Value::from(*j)));
    values.push(du.into());
    values.push(au.into());
    let mut sql = format!(
        "SELECT indicateur, juridiction_id, mois, chambre, categorie, n FROM stat_cell \
         WHERE indicateur = ? AND juridiction_id IN ({}) AND mois >= ? AND mois <= ?",
        marks(js.len())
    );
    if let Some(c) = chambre {
        sql.push_str(" AND chambre = ?");
        values.push(c.into());
    }
    let rows = db.query_all_raw(stmt(db.get_database_backend(), &sql, values)).await?;
    Ok(to_cells(rows)?.into_iter().map(|(_, c)| c).collect())
}

/// Deadlines of juridictions `js` (one chambre or all) due in months `du..=au` before
/// `today` and still open.
pub async fn overdue_deadlines<C: ConnectionTrait>(
    db: &C,
    js: &[i64],
    chambre: Option<&str>,
    du: Mois,
    au: Mois,
    today: NaiveDate,
) -> StoreResult<i64> {
    if js.is_empty() {
        return Ok(0);
    }
    let (first, _) = month_bounds(du)?;
    let (_, after) = month_bounds(au)?;
    let mut values: Vec<Value> = vec![first.into(), after.min(today).into()];
    values.extend(js.iter().map(|j| Value::from(*j)));
    let mut sql = format!(
        "SELECT COUNT(*) FROM echeance e JOIN pourvoi po ON po.id = e.pourvoi_id \
         WHERE e.statut = 'ouverte' AND e.due >= ? AND e.due < ? AND po.juridiction_id IN ({})",
        marks(js.len())
    );
    if let Some(c) = chambre {
        sql.push_str(" AND COALESCE(po.chambre, '') = ?");
        values.push(c.into());
    }
    let row = db.query_one_raw(stmt(db.get_database_backend(), &sql, values)).await?;
    Ok(row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// Chambres met in the counts of juridictions `js`.
pub async fn chambres<C: ConnectionTrait>(db: &C, js: &[i64]) -> StoreResult<Vec<String>> {
    if js.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            &format!(
                "SELECT DISTINCT chambre FROM stat_cell WHERE juridiction_id IN ({}) AND chambre <> '' ORDER BY chambre",
                marks(js.len())
            ),
            js.iter().map(|j| Value::from(*j)).collect(),
        ))
        .await?;
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(0).map_err(Into::into))
        .collect()
}

/// Which records a drill-down lists: the dashboard's scope plus one series (a category, a
/// juridiction or a chambre) in one period.
pub struct DetailScope<'a> {
    pub indicateur: &'a str,
    pub juridictions: &'a [i64],
    pub chambre: Option<&'a str>,
    pub du: Mois,
    pub au: Mois,
    pub categorie: Option<&'a str>,
    pub juridiction: Option<i64>,
    pub serie_chambre: Option<&'a str>,
}

/// The records behind a figure.
pub struct DetailRecords {
    /// How many records there are.
    pub count: i64,
    /// The figure they make (their count, or the sum of their values).
    pub sum: i64,
    /// The first `DETAIL_LIMIT` by date, each with its juridiction and its value.
    pub rows: Vec<(DetailRow, i64, i64)>,
}

/// The records behind a figure: how many, what they add up to, and the first `DETAIL_LIMIT`
/// by date.
pub async fn detail<C: ConnectionTrait>(db: &C, scope: &DetailScope<'_>) -> StoreResult<DetailRecords> {
    let d = def(scope.indicateur)?;
    if scope.juridictions.is_empty() {
        return Ok(DetailRecords {
            count: 0,
            sum: 0,
            rows: Vec::new(),
        });
    }
    let backend = db.get_database_backend();
    let (first, _) = month_bounds(scope.du)?;
    let (_, after) = month_bounds(scope.au)?;
    let mut filter = format!(
        "{j} IN ({}) AND {date} >= ? AND {date} < ? AND {f}",
        marks(scope.juridictions.len()),
        j = d.juridiction,
        date = d.date,
        f = d.filter,
    );
    let mut values: Vec<Value> = scope.juridictions.iter().map(|j| Value::from(*j)).collect();
    values.push(first.into());
    values.push(after.into());
    for (col, v) in [
        (d.chambre.to_owned(), scope.chambre.map(Value::from)),
        (d.categorie(backend), scope.categorie.map(Value::from)),
        (d.juridiction.to_owned(), scope.juridiction.map(Value::from)),
        (d.chambre.to_owned(), scope.serie_chambre.map(Value::from)),
    ] {
        if let Some(v) = v {
            filter.push_str(&format!(" AND {col} = ?"));
            values.push(v);
        }
    }
    let totals = db
        .query_one_raw(stmt(
            backend,
            &format!(
                "SELECT COUNT(*), {measure} FROM {from} WHERE {filter}",
                measure = d.measure(backend),
                from = d.from
            ),
            values.clone(),
        ))
        .await?;
    let (count, sum) = match totals {
        Some(r) => (r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<i64>(1)?),
        None => (0, 0),
    };
    let rows = db
        .query_all_raw(stmt(
            backend,
            &format!(
                "SELECT {id}, {num}, {date}, {j}, {c}, {cat}, CAST({value} AS BIGINT) FROM {from} WHERE {filter} \
                 ORDER BY {date}, {num}, {id} LIMIT {DETAIL_LIMIT}",
                id = d.record.0,
                num = d.record.1,
                date = d.date,
                j = d.juridiction,
                c = d.chambre,
                cat = d.categorie(backend),
                value = d.record_value(backend),
                from = d.from,
            ),
            values,
        ))
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok((
                DetailRow {
                    href: format!("{}{}", d.href, r.try_get_by_index::<String>(0)?),
                    numero: r.try_get_by_index(1)?,
                    date: r.try_get_by_index::<NaiveDate>(2)?.format("%d/%m/%Y").to_string(),
                    juridiction: String::new(),
                    chambre: r.try_get_by_index(4)?,
                    categorie: r.try_get_by_index(5)?,
                    valeur: None,
                },
                r.try_get_by_index::<i64>(3)?,
                r.try_get_by_index::<i64>(6)?,
            ))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    Ok(DetailRecords { count, sum, rows })
}

/// Whether indicator `id` sums a value (rather than counting records).
pub fn sums(id: &str) -> bool {
    def(id).is_ok_and(|d| d.value.is_some())
}
