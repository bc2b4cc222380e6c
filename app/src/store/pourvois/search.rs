//! The live stock, the search over the pourvois, and the task lists.

use super::{names, stade};
use crate::domain::deadline::{self};
use crate::domain::pourvoi::{PieceAttendue, label_of};
use crate::domain::role::Role;
use crate::store::entities::{pourvoi, pourvoi_mot};
use crate::store::{StoreError, StoreResult};
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// `today` minus `months` months (the lower bound of an age band).
fn months_ago(today: NaiveDate, months: u32) -> NaiveDate {
    today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today)
}

/// The SQL of the age band of `column` on `today`, with its values: dates compared with the
/// first day of each band (`boundary(from)`), newest band last.
fn tranche_sql(column: &str, boundary: impl Fn(u32) -> sea_orm::Value) -> (String, Vec<sea_orm::Value>) {
    use crate::domain::pourvoi::TRANCHES;
    let mut sql = String::from("CASE");
    let mut values = Vec::new();
    for (code, _, from) in TRANCHES.iter().rev() {
        if *from == 0 {
            continue;
        }
        sql.push_str(&format!(" WHEN {column} ? THEN '{code}'"));
        values.push(boundary(*from));
    }
    sql.push_str(&format!(" ELSE '{}' END", TRANCHES[0].0));
    (sql, values)
}

/// The stock of open dossiers of a juridiction on `today`: chambre × stade × age band. Read
/// from the cells the database keeps as pourvois change (`stock_cellule`, one per chambre ×
/// stade × month of the pourvoi); a month that straddles an age-band boundary is counted from
/// its pourvois, by day. As fresh as the pourvois themselves. One query, grouped by the
/// database: a hundred rows or so come back, not a row per cell.
pub async fn stock<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    today: NaiveDate,
) -> StoreResult<crate::domain::pourvoi::Stock> {
    use crate::domain::pourvoi::TRANCHES;
    let month = |d: NaiveDate| d.format("%Y-%m").to_string();
    // The months holding a boundary, each counted by day.
    let mut split: Vec<NaiveDate> = TRANCHES
        .iter()
        .filter(|(_, _, from)| *from > 0)
        .filter_map(|(_, _, from)| months_ago(today, *from).with_day(1))
        .collect();
    split.sort();
    split.dedup();
    // Any other month lies wholly in one band: before the boundary's month, or not.
    let (by_month, mut values) = tranche_sql("mois <", |from| month(months_ago(today, from)).into());
    values.push(juridiction_id.into());
    let mut sql = format!(
        "SELECT chambre AS c, stade AS s, {by_month} AS t, n FROM stock_cellule \
         WHERE juridiction_id = ? AND n <> 0"
    );
    for first in &split {
        sql.push_str(" AND mois <> ?");
        values.push(month(*first).into());
    }
    // A boundary month: one range of `ix_pourvoi_juridiction_date_stade` each, read from the
    // index alone.
    let (by_day, day_values) = tranche_sql("date_pourvoi <=", |from| months_ago(today, from).into());
    for first in &split {
        sql.push_str(&format!(
            " UNION ALL SELECT COALESCE(chambre, ''), stade, {by_day}, 1 FROM pourvoi \
             WHERE juridiction_id = ? AND date_pourvoi >= ? AND date_pourvoi < ? AND stade <> 'arret'"
        ));
        values.extend(day_values.iter().cloned());
        values.push(juridiction_id.into());
        values.push((*first).into());
        values.push((*first + chrono::Months::new(1)).into());
    }
    let sql = format!("SELECT c, s, t, CAST(SUM(n) AS BIGINT) FROM ({sql}) x GROUP BY c, s, t");
    let rows = db
        .query_all_raw(crate::store::stats::stmt(db.get_database_backend(), &sql, values))
        .await?;
    let mut out = crate::domain::pourvoi::Stock::default();
    let mut cells = Vec::with_capacity(rows.len());
    for r in rows {
        let code: String = r.try_get_by_index(2)?;
        let Some(tranche) = TRANCHES.iter().find(|t| t.0 == code) else {
            return Err(StoreError::Defect(format!("stock age band {code}")));
        };
        let n: i64 = r.try_get_by_index(3)?;
        if n == 0 {
            continue;
        }
        out.total += n;
        cells.push((
            r.try_get_by_index::<String>(0)?,
            r.try_get_by_index::<String>(1)?,
            tranche.0,
            n,
        ));
    }
    cells.sort();
    out.cellules = cells
        .into_iter()
        .map(|(chambre, code, tranche, n)| (chambre, stade(&code), tranche.to_owned(), n))
        .collect();
    Ok(out)
}

pub(super) fn ligne(p: pourvoi::Model) -> crate::domain::pourvoi::LignePourvoi {
    crate::domain::pourvoi::LignePourvoi {
        id: p.id,
        numero: p.numero,
        chambre: p.chambre.unwrap_or_default(),
        stade: stade(&p.stade),
        date_pourvoi: p.date_pourvoi.to_string(),
        demandeur: p.demandeur,
        defendeur: p.defendeur,
        avocats: p.avocats,
    }
}

/// One page of the pourvois of a juridiction matching `r` (number or its start, party or
/// avocat; chambre, stade, age band), newest first (by number for a number); unknown codes
/// and a page out of 1..=`MAX_PAGE` are refused.
pub async fn search<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    r: &crate::domain::pourvoi::Recherche,
    today: NaiveDate,
) -> StoreResult<crate::domain::pourvoi::Resultats> {
    use crate::domain::pourvoi::{CHAMBRES, MAX_PAGE, PAR_PAGE, Resultats, Stade, TRANCHES};
    let mut q = pourvoi::Entity::find().filter(pourvoi::Column::JuridictionId.eq(juridiction_id));
    let text = r.q.trim();
    if text.chars().count() > 100 {
        return Err(StoreError::invalid("q", "Recherche : 100 caractères au plus."));
    }
    if !(1..=MAX_PAGE).contains(&r.page) {
        return Err(StoreError::invalid(
            "page",
            "Page de résultats : un nombre entier de 1 à 10 000.",
        ));
    }
    let offset = u64::from(r.page - 1) * u64::from(PAR_PAGE);
    // The age band: months since the pourvoi in [from, next from), so a date in
    // (today - next, today - from].
    let mut dates = None;
    if !r.tranche.is_empty() {
        let Some(i) = TRANCHES.iter().position(|(c, _, _)| *c == r.tranche) else {
            return Err(StoreError::invalid("tranche", "Tranche d'ancienneté inconnue."));
        };
        let newest = months_ago(today, TRANCHES[i].2);
        let oldest = TRANCHES.get(i + 1).map(|next| months_ago(today, next.2));
        q = q.filter(pourvoi::Column::DatePourvoi.lte(newest));
        if let Some(oldest) = oldest {
            q = q.filter(pourvoi::Column::DatePourvoi.gt(oldest));
        }
        dates = Some((newest, oldest));
    }
    // The chambre as the word index holds it: "" for none designated.
    let mut chambre = None;
    if !r.chambre.is_empty() {
        if r.chambre == "aucune" {
            q = q.filter(pourvoi::Column::Chambre.is_null());
            chambre = Some(String::new());
        } else if CHAMBRES.iter().any(|(c, _)| *c == r.chambre) {
            q = q.filter(pourvoi::Column::Chambre.eq(&r.chambre));
            chambre = Some(r.chambre.clone());
        } else {
            return Err(StoreError::invalid("chambre", "Chambre inconnue."));
        }
    }
    let mut stade = None;
    if !r.stade.is_empty() {
        let Some(s) = Stade::parse(&r.stade) else {
            return Err(StoreError::invalid("stade", "Stade inconnu."));
        };
        q = q.filter(pourvoi::Column::Stade.eq(s.code()));
        stade = Some(s.code());
    }
    // A number (or its start) reads the unique index on `numero` as a range, in number order.
    let by_number = crate::domain::pourvoi::by_number(text);
    if by_number {
        q = q.filter(pourvoi::Column::Numero.gte(text));
        if let Some(end) = prefix_end(text) {
            q = q.filter(pourvoi::Column::Numero.lt(end));
        }
    } else if !text.is_empty() {
        return by_name(db, juridiction_id, text, (dates, stade, chambre), offset).await;
    }
    let total = q.clone().count(db).await? as i64;
    let q = if by_number {
        q.order_by_asc(pourvoi::Column::Numero)
    } else {
        q.order_by_desc(pourvoi::Column::DatePourvoi)
            .order_by_asc(pourvoi::Column::Numero)
    };
    let lignes = q
        .offset(offset)
        .limit(u64::from(PAR_PAGE))
        .all(db)
        .await?
        .into_iter()
        .map(ligne)
        .collect();
    Ok(Resultats { lignes, total })
}

/// Age band (newest and oldest date), stade code and chambre ("" for none) of a search.
type Filters = (
    Option<(NaiveDate, Option<NaiveDate>)>,
    Option<&'static str>,
    Option<String>,
);

/// A search by name: each word of `text` starts a word of the parties or avocats, all of
/// them. Counted, and the page picked, from the word index alone (whole words along it, or
/// one range of it per term, the filters read from it too); only the page's pourvois are read
/// from their table.
async fn by_name<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    text: &str,
    (dates, stade, chambre): Filters,
    offset: u64,
) -> StoreResult<crate::domain::pourvoi::Resultats> {
    use crate::domain::pourvoi::{PAR_PAGE, Resultats};
    use pourvoi_mot::Column as M;
    use sea_orm::sea_query::{Query, SelectStatement, UnionType};
    let terms = crate::domain::pourvoi::search_terms(text);
    if terms.is_empty() {
        return Ok(Resultats::default());
    }
    // Without a stade or chambre, a name whose every term starts one word only (a whole name,
    // as typed most often) is read in the index's own order.
    if stade.is_none()
        && chambre.is_none()
        && let Some(words) = whole_words(db, juridiction_id, &terms).await?
    {
        if words.is_empty() {
            return Ok(Resultats::default());
        }
        let (ids, total) = by_words(db, juridiction_id, &words, dates, offset).await?;
        return page_of(db, ids, total).await;
    }
    let range = |term: &str| {
        let mut words = Query::select()
            .columns([M::DatePourvoi, M::Numero, M::PourvoiId])
            .from(pourvoi_mot::Entity)
            .and_where(M::JuridictionId.eq(juridiction_id))
            .and_where(M::Mot.gte(term))
            .to_owned();
        if let Some(end) = prefix_end(term) {
            words.and_where(M::Mot.lt(end));
        }
        if let Some(stade) = stade {
            words.and_where(M::Stade.eq(stade));
        }
        if let Some(chambre) = &chambre {
            words.and_where(M::Chambre.eq(chambre.as_str()));
        }
        if let Some((newest, oldest)) = dates {
            words.and_where(M::DatePourvoi.lte(newest));
            if let Some(oldest) = oldest {
                words.and_where(M::DatePourvoi.gt(oldest));
            }
        }
        words
    };
    let mut found = range(&terms[0]).distinct().to_owned();
    for term in terms.iter().skip(1) {
        found.union(UnionType::Intersect, range(term));
    }
    let count = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(found.clone(), "trouves")
        .to_owned();
    let page: SelectStatement = Query::select()
        .column("pourvoi_id")
        .from_subquery(found, "trouves")
        .order_by("date_pourvoi", sea_orm::Order::Desc)
        .order_by("numero", sea_orm::Order::Asc)
        .offset(offset)
        .limit(u64::from(PAR_PAGE))
        .to_owned();
    // (The start of several words, or a name with a stade or chambre.) The words found are
    // looked up once, with the count beside each row of the page (a window), except for one
    // term on SQLite, where counting and picking the page apart is cheaper. Measured on 81,639
    // pourvois in stock: « durand » (7,921 found) 5.8 ms apart, 11 ms in one pass on SQLite;
    // « aicha durand » (an intersection) 25 ms apart, 13 ms in one pass; PostgreSQL served
    // « durand » at 306 req/s in one pass, 203 apart.
    let one_pass = terms.len() > 1 || db.get_database_backend() == sea_orm::DbBackend::Postgres;
    let (rows, counted) = if one_pass {
        let rows = db
            .query_all(&page.clone().expr(Expr::cust("COUNT(*) OVER ()")).to_owned())
            .await?;
        let counted = rows.first().map(|row| row.try_get_by_index::<i64>(1)).transpose()?;
        (rows, counted)
    } else {
        (db.query_all(&page).await?, None)
    };
    // Counted on its own apart, or when the page is empty (past the last one).
    let total = match counted {
        Some(n) => n,
        None => db
            .query_one(&count)
            .await?
            .map(|row| row.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or_default(),
    };
    let ids: Vec<String> = rows
        .iter()
        .map(|row| row.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    page_of(db, ids, total).await
}

/// The word of the index each of `terms` starts, when each starts exactly one; `None` when
/// one starts several words, and no word when one starts none (nothing is found). One query:
/// for each term, the first word it starts and the next word after that one, each a single
/// probe of the index (a `DISTINCT … LIMIT 2` read every entry of a common name on
/// PostgreSQL, which has no skip scan: 8,000 for « durand »).
async fn whole_words<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    terms: &[String],
) -> StoreResult<Option<Vec<String>>> {
    let mut columns = Vec::with_capacity(terms.len() * 2);
    let mut values: Vec<sea_orm::Value> = Vec::new();
    for term in terms {
        let end = prefix_end(term);
        let below = if end.is_some() { " AND mot < ?" } else { "" };
        let first =
            format!("SELECT mot FROM pourvoi_mot WHERE juridiction_id = ? AND mot >= ?{below} ORDER BY mot LIMIT 1");
        columns.push(format!("({first})"));
        values.push(juridiction_id.into());
        values.push(term.clone().into());
        values.extend(end.clone().map(Into::into));
        columns.push(format!(
            "(SELECT mot FROM pourvoi_mot WHERE juridiction_id = ? AND mot > ({first}){below} ORDER BY mot LIMIT 1)"
        ));
        values.push(juridiction_id.into());
        values.push(juridiction_id.into());
        values.push(term.clone().into());
        values.extend(end.clone().map(Into::into));
        values.extend(end.map(Into::into));
    }
    let sql = format!("SELECT {}", columns.join(", "));
    let Some(row) = db
        .query_one_raw(crate::store::stats::stmt(db.get_database_backend(), &sql, values))
        .await?
    else {
        return Err(StoreError::Defect("a SELECT without FROM answered no row".into()));
    };
    let mut words = Vec::with_capacity(terms.len());
    for i in 0..terms.len() {
        let first: Option<String> = row.try_get_by_index(2 * i)?;
        let next: Option<String> = row.try_get_by_index(2 * i + 1)?;
        match (first, next) {
            (None, _) => return Ok(Some(Vec::new())),
            (Some(word), None) => words.push(word),
            (Some(_), Some(_)) => return Ok(None),
        }
    }
    Ok(Some(words))
}

/// The pourvois holding every one of `words` (whole words of the index), in an age band if
/// any: the page's ids and their count. One word is read along the index (juridiction, word,
/// date, number), newest first, so a page stops once read; each other word is a look-up of
/// the same pourvoi under that word. The longest word leads (names: the rarest, most often).
/// Measured with the sqlite3 shell on 81,639 pourvois in stock: « aicha durand » (695 of two
/// 8,000-entry words) counted in 4 ms and its page read in 0.5 ms, against 8 ms and 13 ms as
/// an intersection; « durand », page 80, 0.9 ms against 16 ms.
async fn by_words<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    words: &[String],
    dates: Option<(NaiveDate, Option<NaiveDate>)>,
    offset: u64,
) -> StoreResult<(Vec<String>, i64)> {
    use crate::domain::pourvoi::PAR_PAGE;
    let mut words = words.to_vec();
    // Longest first; two terms that start the same word read it once.
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then_with(|| a.cmp(b)));
    words.dedup();
    let mut filter = String::from("a.juridiction_id = ? AND a.mot = ?");
    let mut values: Vec<sea_orm::Value> = vec![juridiction_id.into(), words[0].clone().into()];
    if let Some((newest, oldest)) = dates {
        filter.push_str(" AND a.date_pourvoi <= ?");
        values.push(newest.into());
        if let Some(oldest) = oldest {
            filter.push_str(" AND a.date_pourvoi > ?");
            values.push(oldest.into());
        }
    }
    // Each other word: counted as a semi-join (PostgreSQL merges the two ranges), looked up
    // row by row for the page (so that reading it stops with the page: PostgreSQL hashed both
    // ranges whole for an EXISTS, 4.7 ms against 0.9 ms).
    let (mut counted, mut paged) = (filter.clone(), filter);
    for word in &words[1..] {
        let same = "SELECT 1 FROM pourvoi_mot b WHERE b.juridiction_id = ? AND b.mot = ? \
                    AND b.date_pourvoi = a.date_pourvoi AND b.numero = a.numero AND b.pourvoi_id = a.pourvoi_id";
        counted.push_str(&format!(" AND EXISTS ({same})"));
        paged.push_str(&format!(" AND ({same}) IS NOT NULL"));
        values.push(juridiction_id.into());
        values.push(word.clone().into());
    }
    let backend = db.get_database_backend();
    let total = db
        .query_one_raw(crate::store::stats::stmt(
            backend,
            &format!("SELECT COUNT(*) FROM pourvoi_mot a WHERE {counted}"),
            values.clone(),
        ))
        .await?
        .map(|row| row.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or_default();
    values.push(i64::from(PAR_PAGE).into());
    values.push((offset as i64).into());
    let ids = db
        .query_all_raw(crate::store::stats::stmt(
            backend,
            &format!(
                "SELECT a.pourvoi_id FROM pourvoi_mot a WHERE {paged} \
                 ORDER BY a.date_pourvoi DESC, a.numero LIMIT ? OFFSET ?"
            ),
            values,
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    Ok((ids, total))
}

/// The page of pourvois `ids`, newest first, out of `total`.
async fn page_of<C: ConnectionTrait>(
    db: &C,
    ids: Vec<String>,
    total: i64,
) -> StoreResult<crate::domain::pourvoi::Resultats> {
    let lignes = pourvoi::Entity::find()
        .filter(pourvoi::Column::Id.is_in(ids))
        .order_by_desc(pourvoi::Column::DatePourvoi)
        .order_by_asc(pourvoi::Column::Numero)
        .all(db)
        .await?
        .into_iter()
        .map(ligne)
        .collect();
    Ok(crate::domain::pourvoi::Resultats { lignes, total })
}

/// A pourvoi as the word index holds it.
pub(crate) struct Words {
    pub juridiction_id: i64,
    pub pourvoi_id: String,
    pub numero: String,
    pub date_pourvoi: NaiveDate,
    pub stade: String,
    /// `""` when no chambre is designated.
    pub chambre: String,
    /// `domain::pourvoi::search_words` of its parties and avocats.
    pub words: Vec<String>,
}

impl Words {
    /// The words of `p` as it is stored.
    pub fn of(p: &pourvoi::Model) -> Words {
        Words {
            juridiction_id: p.juridiction_id,
            pourvoi_id: p.id.clone(),
            numero: p.numero.clone(),
            date_pourvoi: p.date_pourvoi,
            stade: p.stade.clone(),
            chambre: p.chambre.clone().unwrap_or_default(),
            words: crate::domain::pourvoi::search_words(&p.demandeur, &p.defendeur, &p.avocats),
        }
    }
}

/// Records the search words of pourvois (`pourvoi_mot`).
pub(crate) async fn index_words<C: ConnectionTrait>(
    db: &C,
    pourvois: impl IntoIterator<Item = Words>,
) -> StoreResult<()> {
    use sea_orm::Set;
    let rows: Vec<pourvoi_mot::ActiveModel> = pourvois
        .into_iter()
        .flat_map(|p| {
            p.words.into_iter().map(move |mot| pourvoi_mot::ActiveModel {
                juridiction_id: Set(p.juridiction_id),
                mot: Set(mot),
                date_pourvoi: Set(p.date_pourvoi),
                numero: Set(p.numero.clone()),
                pourvoi_id: Set(p.pourvoi_id.clone()),
                stade: Set(p.stade.clone()),
                chambre: Set(p.chambre.clone()),
            })
        })
        .collect();
    for chunk in rows.chunks(1_000) {
        pourvoi_mot::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    Ok(())
}

/// After a save that moved a pourvoi to another stade or chambre: its words follow it.
pub(crate) async fn refile_words<C: ConnectionTrait>(db: &C, p: &pourvoi::Model) -> StoreResult<()> {
    pourvoi_mot::Entity::update_many()
        .col_expr(pourvoi_mot::Column::Stade, Expr::value(p.stade.clone()))
        .col_expr(
            pourvoi_mot::Column::Chambre,
            Expr::value(p.chambre.clone().unwrap_or_default()),
        )
        .filter(pourvoi_mot::Column::PourvoiId.eq(&p.id))
        .exec(db)
        .await?;
    Ok(())
}

/// After a pourvoi's date is corrected: its words sort under the new date.
pub(crate) async fn redate_words<C: ConnectionTrait>(db: &C, pourvoi_id: &str, date: NaiveDate) -> StoreResult<()> {
    pourvoi_mot::Entity::update_many()
        .col_expr(pourvoi_mot::Column::DatePourvoi, Expr::value(date))
        .filter(pourvoi_mot::Column::PourvoiId.eq(pourvoi_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The smallest string above every string starting with `prefix` (its last character
/// moved up by one); `None` when there is none.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    let last = chars.pop()?;
    chars.push(char::from_u32(u32::from(last) + 1)?);
    Some(chars.into_iter().collect())
}

/// The task list of `user` on `today`: open deadlines due within 30 days or overdue, and
/// dossiers ready for audiencement. A magistrat sees the dossiers he is assigned to or
/// follows; the greffe and direction see the juridiction's, or one chambre's.
pub async fn tasks<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
    chambre: Option<&str>,
    today: NaiveDate,
) -> StoreResult<crate::domain::pourvoi::Taches> {
    use crate::domain::pourvoi::{CHAMBRES, Tache, Taches, quand};
    if let Some(c) = chambre
        && !CHAMBRES.iter().any(|(x, _)| *x == c)
    {
        return Err(StoreError::invalid("chambre", "Chambre inconnue."));
    }
    let mine = matches!(user.role, Role::MagistratSiege | Role::MagistratParquet) && chambre.is_none();
    let mut scope = String::from("po.juridiction_id = ?");
    let mut values: Vec<sea_orm::Value> = vec![user.juridiction_id.into()];
    if let Some(c) = chambre {
        scope.push_str(" AND po.chambre = ?");
        values.push(c.into());
    }
    if mine {
        scope.push_str(
            " AND (po.rapporteur_id = ? OR po.avocat_general_id = ? \
             OR EXISTS (SELECT 1 FROM suivi s WHERE s.pourvoi_id = po.id AND s.user_id = ?))",
        );
        values.extend([user.id.into(), user.id.into(), user.id.into()]);
    }
    let backend = db.get_database_backend();
    let mut v = values.clone();
    v.push((today + chrono::Duration::days(30)).into());
    let rows = db
        .query_all_raw(crate::store::stats::stmt(
            backend,
            &format!(
                "SELECT po.id, po.numero, COALESCE(po.chambre, ''), e.rule_id, e.due, e.depart \
                 FROM echeance e JOIN pourvoi po ON po.id = e.pourvoi_id \
                 WHERE {scope} AND e.statut = 'ouverte' AND e.due <= ? ORDER BY e.due, po.numero LIMIT 500"
            ),
            v,
        ))
        .await?;
    let mut echeances = Vec::with_capacity(rows.len());
    for r in rows {
        let rule_id: String = r.try_get_by_index(3)?;
        let due: NaiveDate = r.try_get_by_index(4)?;
        let depart: NaiveDate = r.try_get_by_index(5)?;
        let rule = deadline::rule(&rule_id);
        echeances.push(Tache {
            procedure_id: None,
            pourvoi_id: r.try_get_by_index(0)?,
            numero: r.try_get_by_index(1)?,
            chambre: r.try_get_by_index(2)?,
            label: rule.map(|x| x.label.to_owned()).unwrap_or(rule_id.clone()),
            basis: rule.map(|x| x.at(depart).basis.cite()).unwrap_or_default(),
            lapse: rule.map(|x| x.lapse.to_owned()).unwrap_or_default(),
            due: due.to_string(),
            quand: quand(due, today).to_owned(),
        });
    }
    // The special procedures' own deadlines (the greffe's and the direction's lists).
    if !mine {
        let until = today + chrono::Duration::days(30);
        for mut t in super::procedures::due_by(db, user.juridiction_id, chambre, until).await? {
            t.quand = quand(
                chrono::NaiveDate::parse_from_str(&t.due, "%Y-%m-%d").unwrap_or(today),
                today,
            )
            .to_owned();
            echeances.push(t);
        }
        echeances.sort_by(|a, b| (&a.due, &a.numero).cmp(&(&b.due, &b.numero)));
    }
    // Distributed dossiers still waiting for the rapport or the avis; a magistrat sees those
    // he is to file himself.
    let rows = db
        .query_all_raw(crate::store::stats::stmt(
            backend,
            &format!(
                "SELECT po.id, po.numero, COALESCE(po.chambre, ''), po.rapporteur_id, po.avocat_general_id, \
                 EXISTS (SELECT 1 FROM piece pi WHERE pi.pourvoi_id = po.id AND pi.nature = 'rapport'), \
                 EXISTS (SELECT 1 FROM piece pi WHERE pi.pourvoi_id = po.id AND pi.nature = 'avis_ag') \
                 FROM pourvoi po WHERE {scope} AND po.stade = 'distribue' ORDER BY po.date_pourvoi, po.numero LIMIT 200"
            ),
            values.clone(),
        ))
        .await?;
    let mut waiting = Vec::with_capacity(rows.len());
    for r in rows {
        let rapporteur: Option<i64> = r.try_get_by_index(3)?;
        let avocat: Option<i64> = r.try_get_by_index(4)?;
        let flag = |i: usize| -> Result<bool, sea_orm::DbErr> {
            // SQLite answers EXISTS with an integer, PostgreSQL with a boolean.
            r.try_get_by_index::<bool>(i)
                .or_else(|_| r.try_get_by_index::<i64>(i).map(|n| n != 0))
        };
        for (nature, piece) in crate::domain::pourvoi::missing_pieces(flag(5)?, flag(6)?) {
            let author = if nature == "rapport" { rapporteur } else { avocat };
            if mine && author != Some(user.id) {
                continue;
            }
            waiting.push((
                r.try_get_by_index::<String>(0)?,
                r.try_get_by_index::<String>(1)?,
                r.try_get_by_index::<String>(2)?,
                piece,
                author,
            ));
        }
    }
    let authors = names(db, waiting.iter().filter_map(|w| w.4).collect()).await?;
    let attendues = waiting
        .into_iter()
        .map(|(pourvoi_id, numero, chambre, piece, author)| PieceAttendue {
            pourvoi_id,
            numero,
            chambre,
            piece: piece.to_owned(),
            auteur: author.and_then(|a| authors.get(&a).cloned()).unwrap_or_default(),
        })
        .collect();
    let ids: Vec<String> = db
        .query_all_raw(crate::store::stats::stmt(
            backend,
            &format!(
                "SELECT po.id FROM pourvoi po WHERE {scope} AND po.stade = 'instruit' \
                 ORDER BY po.date_pourvoi, po.numero LIMIT 200"
            ),
            values,
        ))
        .await?
        .into_iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    let prets = pourvoi::Entity::find()
        .filter(pourvoi::Column::Id.is_in(ids))
        .order_by_asc(pourvoi::Column::DatePourvoi)
        .all(db)
        .await?
        .into_iter()
        .map(ligne)
        .collect();
    Ok(Taches {
        portee: match chambre {
            Some(c) => label_of(&CHAMBRES, c),
            None if mine => "Mes dossiers".into(),
            None => "Toute la juridiction".into(),
        },
        echeances,
        attendues,
        prets,
    })
}
