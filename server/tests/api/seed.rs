//! Seeding: reference data, demo accounts and cases; idempotent and deterministic.

use crate::helpers::on_each_backend;
use app::store::seed::{self, Profile};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

async fn count(db: &DatabaseConnection, table: &'static str) -> i64 {
    let q = Query::select().expr(Expr::cust("COUNT(*)")).from(table).to_owned();
    let row = db.query_one(&q).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

const TABLES: [&str; 11] = [
    "juridiction",
    "app_user",
    "referentiel",
    "natinf",
    "audience",
    "affaire",
    "prevenu",
    "infraction",
    "decision",
    "renvoi",
    "pourvoi",
];

#[tokio::test]
async fn demo_seed_loads_reference_data_and_cases_and_is_idempotent() {
    on_each_backend(|app| async move {
        // 205 courts of structure.csv + the Cour de cassation.
        assert_eq!(count(&app.db, "juridiction").await, 206);
        assert_eq!(count(&app.db, "natinf").await, 1056);
        assert_eq!(count(&app.db, "app_user").await, seed::demo_accounts().len() as i64);
        assert_eq!(count(&app.db, "audience").await, 48);
        assert!(count(&app.db, "affaire").await >= 48 * 8);
        assert!(count(&app.db, "decision").await > 0);
        assert!(count(&app.db, "renvoi").await > 0);
        assert_eq!(count(&app.db, "pourvoi").await, 60);

        let mut before = Vec::new();
        for t in TABLES {
            before.push(count(&app.db, t).await);
        }
        seed::run(
            &app.db,
            Profile::Demo,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
            &mut |_| {},
        )
        .await
        .unwrap();
        for (t, n) in TABLES.iter().zip(before) {
            assert_eq!(count(&app.db, t).await, n, "second seed changed {t}");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn alsace_moselle_courts_get_their_calendar() {
    on_each_backend(|app| async move {
        let q = Query::select()
            .column("calendar")
            .from("juridiction")
            .and_where(Expr::col("code").is_in(["164", "137", "167"]))
            .order_by("code", sea_orm::sea_query::Order::Asc)
            .to_owned();
        let rows = app.db.query_all(&q).await.unwrap();
        let calendars: Vec<String> = rows.iter().map(|r| r.try_get_by_index(0).unwrap()).collect();
        // 137 Metz, 164 Strasbourg, 167 Lyon
        assert_eq!(calendars, ["alsace-moselle", "alsace-moselle", "metropole"]);
        app
    })
    .await;
}
