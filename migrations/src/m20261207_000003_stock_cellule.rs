//! The live stock of open pourvois kept as it changes, the way the pilotage keeps its cells:
//! one count per juridiction × chambre × stade × month of the pourvoi, maintained by
//! triggers on `pourvoi` (every writer, every instance, in the writer's transaction), filled
//! once from the pourvois here. The stock page sums about two thousand cells instead of
//! scanning the open pourvois; the months that straddle an age-band boundary are counted
//! from the pourvois by day (`ix_pourvoi_juridiction_date`, already there for the pilotage).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CELL: &str = "(juridiction_id, chambre, stade, mois)";

fn sqlite_up() -> Vec<String> {
    let plus = |row: &str| {
        format!(
            "INSERT INTO stock_cellule (juridiction_id, chambre, stade, mois, n) \
             VALUES ({row}.juridiction_id, COALESCE({row}.chambre, ''), {row}.stade, substr({row}.date_pourvoi, 1, 7), 1) \
             ON CONFLICT {CELL} DO UPDATE SET n = n + 1;"
        )
    };
    let minus = |row: &str| {
        format!(
            "UPDATE stock_cellule SET n = n - 1 WHERE juridiction_id = {row}.juridiction_id \
             AND chambre = COALESCE({row}.chambre, '') AND stade = {row}.stade AND mois = substr({row}.date_pourvoi, 1, 7);"
        )
    };
    let cols = "stade, chambre, date_pourvoi, juridiction_id";
    vec![
        format!(
            "INSERT INTO stock_cellule (juridiction_id, chambre, stade, mois, n) \
             SELECT juridiction_id, COALESCE(chambre, ''), stade, substr(date_pourvoi, 1, 7), COUNT(*) \
             FROM pourvoi WHERE stade <> 'arret' GROUP BY 1, 2, 3, 4"
        ),
        format!(
            "CREATE TRIGGER stock_pourvoi_insert AFTER INSERT ON pourvoi WHEN NEW.stade <> 'arret' BEGIN {} END",
            plus("NEW")
        ),
        format!(
            "CREATE TRIGGER stock_pourvoi_delete AFTER DELETE ON pourvoi WHEN OLD.stade <> 'arret' BEGIN {} END",
            minus("OLD")
        ),
        format!(
            "CREATE TRIGGER stock_pourvoi_update_old AFTER UPDATE OF {cols} ON pourvoi WHEN OLD.stade <> 'arret' BEGIN {} END",
            minus("OLD")
        ),
        format!(
            "CREATE TRIGGER stock_pourvoi_update_new AFTER UPDATE OF {cols} ON pourvoi WHEN NEW.stade <> 'arret' BEGIN {} END",
            plus("NEW")
        ),
    ]
}

fn postgres_up() -> Vec<String> {
    vec![
        format!(
            "INSERT INTO stock_cellule (juridiction_id, chambre, stade, mois, n) \
             SELECT juridiction_id, COALESCE(chambre, ''), stade, to_char(date_pourvoi, 'YYYY-MM'), COUNT(*) \
             FROM pourvoi WHERE stade <> 'arret' GROUP BY 1, 2, 3, 4"
        ),
        format!(
            "CREATE OR REPLACE FUNCTION stock_pourvoi() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.stade <> 'arret' THEN \
                 UPDATE stock_cellule SET n = n - 1 WHERE juridiction_id = OLD.juridiction_id \
                   AND chambre = COALESCE(OLD.chambre, '') AND stade = OLD.stade \
                   AND mois = to_char(OLD.date_pourvoi, 'YYYY-MM'); \
               END IF; \
               IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.stade <> 'arret' THEN \
                 INSERT INTO stock_cellule (juridiction_id, chambre, stade, mois, n) \
                 VALUES (NEW.juridiction_id, COALESCE(NEW.chambre, ''), NEW.stade, to_char(NEW.date_pourvoi, 'YYYY-MM'), 1) \
                 ON CONFLICT {CELL} DO UPDATE SET n = stock_cellule.n + 1; \
               END IF; \
               RETURN NULL; \
             END $$"
        ),
        "CREATE TRIGGER stock_pourvoi AFTER INSERT OR DELETE OR UPDATE OF stade, chambre, date_pourvoi, juridiction_id \
         ON pourvoi FOR EACH ROW EXECUTE FUNCTION stock_pourvoi()"
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("stock_cellule")
                .col(big_integer("juridiction_id"))
                .col(string("chambre"))
                .col(string("stade"))
                .col(string("mois"))
                .col(big_integer("n"))
                .primary_key(
                    Index::create()
                        .col("juridiction_id")
                        .col("chambre")
                        .col("stade")
                        .col("mois"),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let statements = match m.get_database_backend() {
            DbBackend::Postgres => postgres_up(),
            _ => sqlite_up(),
        };
        for sql in statements {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP TRIGGER IF EXISTS stock_pourvoi ON pourvoi")
                    .await?;
                db.execute_unprepared("DROP FUNCTION IF EXISTS stock_pourvoi()").await?;
            }
            _ => {
                for t in ["insert", "delete", "update_old", "update_new"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS stock_pourvoi_{t}"))
                        .await?;
                }
            }
        }
        m.drop_table(Table::drop().table("stock_cellule").to_owned()).await
    }
}
