//! `greffe`: serve the application, seed data, manage accounts.

use app::domain::account::{Email, check_password};
use app::domain::role::Role;
use app::store::{self, AppState};
use axum::serve::ListenerExt;
use clap::{Parser, Subcommand};
use server::config::Config;
use server::startup;
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "greffe", version, about = "Greffe : le registre des juridictions")]
struct Cli {
    /// Configuration file (TOML); `greffe.toml` is read when present.
    #[arg(long, global = true, env = "GREFFE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application (default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Load reference data and deterministic synthetic data (idempotent).
    Seed {
        /// demo (small), tribunal (one TJ, ~40,000 affaires) or national (~2.5 million).
        #[arg(long, default_value = "demo")]
        profile: String,
    },
    /// Compute a procedural deadline and print it as JSON (no database needed).
    Deadline {
        /// Rule id (see --list), e.g. cpc-612.
        #[arg(long, required_unless_present = "list")]
        rule: Option<String>,
        /// Date of the starting event, YYYY-MM-DD.
        #[arg(long, required_unless_present = "list")]
        from: Option<String>,
        /// Holiday calendar: metropole, alsace-moselle, alsace-moselle-sans-vendredi-saint, or
        /// a territory (guadeloupe, martinique, guyane, la-reunion, mayotte, saint-barthelemy,
        /// saint-martin).
        #[arg(long, default_value = "metropole")]
        calendar: String,
        /// Where the party whose residence counts lives: metropole, outre-mer or etranger
        /// (délais de distance, civil rules only).
        #[arg(long, default_value = "metropole")]
        residence: String,
        /// Print the rule ids and exit.
        #[arg(long)]
        list: bool,
    },
    /// Check the pilotage figures against a full recount; `--rebuild` recounts them all.
    Stats {
        #[arg(long)]
        rebuild: bool,
    },
    /// Copy the SQLite database to FILE, consistently, while Greffe serves.
    Backup {
        /// File to create.
        file: std::path::PathBuf,
    },
    /// Replace the SQLite database with the backup FILE (Greffe stopped; the replaced
    /// database is kept beside it).
    Restore {
        /// Backup made by `greffe backup`.
        file: std::path::PathBuf,
    },
    /// Set a juridiction's holiday calendar (e.g. an Alsace-Moselle court without Good
    /// Friday: alsace-moselle-sans-vendredi-saint).
    Calendrier {
        /// Code of the juridiction (structure.csv, or CCASS).
        #[arg(long)]
        juridiction: String,
        /// metropole, alsace-moselle, alsace-moselle-sans-vendredi-saint, guadeloupe,
        /// martinique, guyane, la-reunion, mayotte, saint-barthelemy or saint-martin.
        #[arg(long)]
        calendrier: String,
    },
    /// Typeset one document read as JSON from standard input, its PDF to standard output
    /// (used by the server itself, with bounded memory and time, for the juridictions'
    /// templates).
    #[command(hide = true)]
    Composer,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is prompted, or read from standard input.
    Add {
        #[arg(long)]
        email: String,
        /// greffier, magistrat_siege, magistrat_parquet, dsgj, chef_juridiction or admin.
        #[arg(long)]
        role: String,
        /// Code of the juridiction (as in structure.csv, or CCASS).
        #[arg(long)]
        juridiction: String,
        /// Display name (defaults to the e-mail address).
        #[arg(long)]
        name: Option<String>,
        /// Chambre of a Cour de cassation magistrat (civ1, civ2, civ3, com, soc, crim): he is
        /// suggested for that chambre's dossiers. Without it, for every chambre.
        #[arg(long)]
        chambre: Option<String>,
    },
    /// Lift the login blocks of an account, from every address.
    Unlock {
        #[arg(long)]
        email: String,
    },
}

/// `greffe composer`: the job on standard input, the PDF on standard output; a template
/// that fails says why on standard error (exit 3).
fn composer() -> ExitCode {
    use std::io::{Read, Write};
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        return ExitCode::from(2);
    }
    let job: print::Job = match serde_json::from_slice(&input) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("travail illisible : {e}");
            return ExitCode::from(2);
        }
    };
    match job.run() {
        Ok(pdf) => {
            if std::io::stdout().write_all(&pdf).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{e}");
            ExitCode::from(3)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Some(Command::Composer)) {
        return composer();
    }
    if let Some(Command::Deadline {
        rule,
        from,
        calendar,
        residence,
        list,
    }) = &cli.command
    {
        return match deadline(rule.as_deref(), from.as_deref(), calendar, residence, *list) {
            Ok(out) => {
                println!("{out}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("erreur : {e}");
                ExitCode::from(2)
            }
        };
    }
    let config = match Config::load(cli.config.as_deref(), |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into()))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("erreur : démarrage impossible : {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("erreur : {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<(), String> {
    match &command {
        Command::Backup { file } => {
            let summary = server::backup::backup(&config.database_url, file).await?;
            println!("Sauvegarde écrite et vérifiée : {} ({summary}).", file.display());
            return Ok(());
        }
        Command::Restore { file } => {
            let summary = server::backup::restore(&config.database_url, file).await?;
            println!("Base restaurée depuis {} ({summary}).", file.display());
            return Ok(());
        }
        _ => {}
    }
    tracing::info!(database = %config.redacted_database_url(), "opening database");
    let db = startup::database(&config.database_url)
        .await
        .map_err(|e| format!("base de données : {e}"))?;
    match command {
        Command::Migrate => {
            println!("Migrations appliquées.");
            Ok(())
        }
        Command::Seed { profile } => {
            let profile = profile.parse()?;
            let today = app::domain::dates::paris_today(chrono::Utc::now());
            let started = std::time::Instant::now();
            store::seed::run(&db, profile, today, &mut |line| println!("  {line}"))
                .await
                .map_err(said)?;
            println!("Données chargées en {:.1} s.", started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    juridiction,
                    name,
                    chambre,
                },
        } => {
            let email = Email::parse(&email)?;
            let role: Role = role.parse()?;
            if let Some(c) = &chambre {
                if !app::domain::pourvoi::CHAMBRES.iter().any(|(x, _)| x == c) {
                    return Err(format!(
                        "chambre inconnue : « {c} » (attendu : civ1, civ2, civ3, com, soc, crim)"
                    ));
                }
                if juridiction != app::domain::juridiction::COUR_DE_CASSATION
                    || !matches!(role, Role::MagistratSiege | Role::MagistratParquet)
                {
                    return Err("--chambre concerne les magistrats de la Cour de cassation (CCASS)".into());
                }
            }
            let juridiction_id = store::accounts::juridiction_id_by_code(&db, &juridiction)
                .await
                .map_err(said)?
                .ok_or_else(|| {
                    format!("juridiction inconnue : « {juridiction} » (chargez les référentiels avec `greffe seed`)")
                })?;
            let password = read_password()?;
            check_password(&password, &email)?;
            let display_name = name.unwrap_or_else(|| email.as_str().to_owned());
            let new = store::accounts::NewUser {
                email: &email,
                display_name: &display_name,
                role,
                juridiction_id,
                password: &password,
            };
            let id = store::accounts::create_user(&db, new).await.map_err(said)?;
            if chambre.is_some() {
                store::accounts::set_chambre(&db, id, chambre.as_deref())
                    .await
                    .map_err(said)?;
            }
            audit_cli(
                &db,
                Some(juridiction_id),
                ("utilisateur_creer", "utilisateur"),
                Some(id.to_string()),
                Some(format!("{} ({})", email.as_str(), role.as_str())),
            )
            .await?;
            println!("Compte n° {id} créé : {} ({})", email.as_str(), role.as_str());
            Ok(())
        }
        Command::User {
            command: UserCommand::Unlock { email },
        } => {
            let email = Email::parse(&email)?;
            let juridiction_id = store::accounts::juridiction_of(&db, email.as_str())
                .await
                .map_err(said)?;
            let lifted = store::throttle::unlock(&db, email.as_str()).await.map_err(said)?;
            let detail = format!("{} : {lifted} blocage(s) levé(s)", email.as_str());
            audit_cli(
                &db,
                juridiction_id,
                ("deblocage", "utilisateur"),
                Some(email.as_str().to_owned()),
                Some(detail),
            )
            .await?;
            println!("{} : {lifted} blocage(s) levé(s).", email.as_str());
            Ok(())
        }
        Command::Calendrier {
            juridiction,
            calendrier,
        } => {
            use app::domain::juridiction::Calendar;
            let calendar = Calendar::from_id(&calendrier).ok_or_else(|| {
                let known: Vec<_> = Calendar::all().into_iter().map(Calendar::as_str).collect();
                format!("calendrier inconnu : « {calendrier} » (attendu : {})", known.join(", "))
            })?;
            let (id, before) = store::refdata::set_calendar(&db, &juridiction, calendar)
                .await
                .map_err(|_| format!("juridiction inconnue : « {juridiction} »"))?;
            audit_cli(
                &db,
                Some(id),
                ("juridiction_calendrier", "juridiction"),
                Some(juridiction.clone()),
                Some(format!("{} → {}", before.as_str(), calendar.as_str())),
            )
            .await?;
            println!(
                "Juridiction {juridiction} : calendrier {} (au lieu de {}). Les échéances ouvertes gardent leur date ; les nouvelles suivent ce calendrier.",
                calendar.as_str(),
                before.as_str()
            );
            Ok(())
        }
        Command::Stats { rebuild } => {
            let started = std::time::Instant::now();
            if rebuild {
                store::stats::rebuild(&db).await.map_err(said)?;
                println!("Indicateurs recalculés en {:.1} s.", started.elapsed().as_secs_f64());
                return Ok(());
            }
            let stored = store::stats::stored(&db).await.map_err(said)?;
            let recount = store::stats::recount(&db).await.map_err(said)?;
            if stored == recount {
                println!(
                    "Indicateurs exacts : {} cellules égales au recomptage ({:.1} s).",
                    stored.len(),
                    started.elapsed().as_secs_f64()
                );
                Ok(())
            } else {
                let differ = recount.iter().filter(|c| !stored.contains(c)).count()
                    + stored.iter().filter(|c| !recount.contains(c)).count();
                Err(format!(
                    "{differ} cellule(s) diffèrent du recomptage : lancez `greffe stats --rebuild`"
                ))
            }
        }
        Command::Serve => serve(db, config).await,
        Command::Deadline { .. } | Command::Backup { .. } | Command::Restore { .. } | Command::Composer => {
            unreachable!("handled before opening the database")
        }
    }
}

/// `greffe deadline`: one JSON object, or the rule ids with `--list`.
fn deadline(
    rule: Option<&str>,
    from: Option<&str>,
    calendar: &str,
    residence: &str,
    list: bool,
) -> Result<String, String> {
    use app::domain::deadline::{RULES, Residence, compute_for};
    use app::domain::juridiction::Calendar;
    if list {
        return Ok(RULES.iter().map(|r| r.id).collect::<Vec<_>>().join("\n"));
    }
    let (Some(id), Some(from)) = (rule, from) else {
        return Err("--rule et --from sont obligatoires".into());
    };
    let rule = app::domain::deadline::rule(id)
        .ok_or_else(|| format!("règle inconnue : « {id} » (voir greffe deadline --list)"))?;
    let start = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d")
        .map_err(|_| format!("date invalide : « {from} » (attendu AAAA-MM-JJ)"))?;
    if !app::domain::dates::in_range(start) {
        return Err(format!("date invalide : « {from} » (hors des années 1900 à 2200)"));
    }
    let calendar = Calendar::from_id(calendar).ok_or_else(|| {
        let known: Vec<_> = Calendar::all().into_iter().map(Calendar::as_str).collect();
        format!("calendrier inconnu : « {calendar} » (attendu : {})", known.join(", "))
    })?;
    let residence = Residence::from_id(residence)
        .ok_or_else(|| format!("résidence inconnue : « {residence} » (attendu metropole, outre-mer ou etranger)"))?;
    let c = compute_for(rule, start, calendar, residence);
    let version = rule.at(start);
    let out = serde_json::json!({
        "rule": rule.id,
        "label": rule.label,
        "from": start.to_string(),
        "due": c.due.to_string(),
        "calendar": calendar.as_str(),
        "residence": residence.as_str(),
        "version": { "in_force": version.basis.in_force, "source": version.basis.source },
        "basis": {
            "code": version.basis.code,
            "article": version.basis.article,
            "source": version.basis.source,
            "in_force": version.basis.in_force,
            "citation": version.basis.cite(),
        },
        "extension": version.extension.map(|e| e.cite()),
        "delay": version.delay.label(),
        "lapse": rule.lapse,
        "steps": c.steps,
    });
    Ok(out.to_string())
}

/// Audits a command-line mutation, by the system account it ran as.
async fn audit_cli(
    db: &sea_orm::DatabaseConnection,
    juridiction_id: Option<i64>,
    (action, entity): (&str, &str),
    entity_id: Option<String>,
    detail: Option<String>,
) -> Result<(), String> {
    let operator = format!(
        "ligne de commande ({})",
        std::env::var("USER").unwrap_or_else(|_| "?".into())
    );
    let event = store::audit::Event {
        user_id: None,
        actor: Some(&operator),
        juridiction_id,
        action,
        entity,
        entity_id,
        ip: "local",
        success: true,
        detail,
    };
    store::audit::record(db, event).await.map_err(said)
}

/// A store error as the user reads it (the French sentence the server would answer).
fn said(e: store::StoreError) -> String {
    app::error::AppError::from(e).to_string()
}

fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Mot de passe : ").map_err(|e| e.to_string())
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

async fn serve(db: sea_orm::DatabaseConnection, config: Config) -> Result<(), String> {
    let leptos_options = startup::leptos_options(&config.listen)?;
    let addr: SocketAddr = leptos_options.site_addr;
    let live = app::store::live::Hub::for_db(&db);
    let state = AppState {
        db,
        leptos_options,
        secure_cookies: config.secure_cookies,
        live,
        offline: app::store::offline::Retention {
            days: config.offline_days,
            hours_after_sync: config.offline_hours_after_sync,
        },
        trusted_proxies: config.trusted_proxies.clone().into(),
        composer: std::env::current_exe().ok().map(std::sync::Arc::new),
    };
    let live = state.live.clone();
    let app = startup::router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("écoute sur {addr} impossible : {e}"))?
        // A page is sent in several writes as it renders (the head, then each part that waited
        // for its data): without TCP_NODELAY the last small write waits for the browser's
        // delayed acknowledgement, 40 ms on Linux, before it leaves.
        .tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "TCP_NODELAY could not be set");
            }
        });
    println!("Greffe écoute sur http://{addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown().await;
            // Event streams never end by themselves: end them so that shutdown completes.
            live.close();
        })
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("arrêt demandé");
}
