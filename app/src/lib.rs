//! Greffe's application: the HTML shell, the root component and the route table.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod documents;
pub use domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
pub mod zip;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
use ui::pages;

/// The HTML document around the app; also sets the page's Content-Security-Policy with
/// this response's nonce.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="fr" data-fr-scheme="light">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="format-detection" content="telephone=no" />
                <AutoReload options=options.clone() />
                // The design system, then Greffe's own styles over it (content-hashed name).
                <link rel="stylesheet" id="dsfr" href="/dsfr/dsfr.min.css" />
                <link rel="stylesheet" id="dsfr-icons" href="/dsfr/utility/icons/icons.min.css" />
                <HashedStylesheet options=options.clone() id="leptos" />
                // The vault that seals what offline hearings keep in the browser.
                <script src="/greffe-coffre.js" nonce=leptos::nonce::use_nonce()></script>
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The Content-Security-Policy of a page whose scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::use_nonce;
    let (Some(nonce), Some(res)) = (use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&page_csp(&nonce)) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The root component: session context, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    ui::session::provide_session();
    ui::offline::provide_offline();
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Link rel="manifest" href="/manifest.webmanifest" />
        <leptos_meta::Meta name="theme-color" content="#000091" />
        <Title formatter=|t: String| if t.is_empty() { "Greffe".to_owned() } else { format!("{t} — Greffe") } />
        <Router>
            <ui::layout::Layout>
                <Routes fallback=pages::errors::NotFound>
                    // Async rendering: protected pages decide 302 / 403 before the headers go out.
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/connexion") view=pages::login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/audiences") view=pages::audiences::AudiencesPage ssr=SsrMode::Async />
                    <Route path=path!("/audiences/nouvelle") view=pages::audiences::NewAudiencePage ssr=SsrMode::Async />
                    <Route path=path!("/audiences/:id") view=pages::audiences::AudiencePage ssr=SsrMode::Async />
                    <Route path=path!("/audiences/:id/import") view=pages::audiences::ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/audiences/:id/modifier") view=pages::audiences::EditAudiencePage ssr=SsrMode::Async />
                    <Route path=path!("/affaires/:id") view=pages::affaire::AffairePage ssr=SsrMode::Async />
                    <Route path=path!("/pourvois/nouveau") view=pages::pourvois::NewPourvoiPage ssr=SsrMode::Async />
                    <Route path=path!("/pourvois") view=pages::stock::StockPage ssr=SsrMode::Async />
                    <Route path=path!("/seances") view=pages::seances::SeancesPage ssr=SsrMode::Async />
                    <Route path=path!("/seances/:id") view=pages::seances::SeancePage ssr=SsrMode::Async />
                    <Route path=path!("/certificat-non-pourvoi") view=pages::seances::CertificatPage ssr=SsrMode::Async />
                    <Route path=path!("/taches") view=pages::stock::TachesPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=pages::notifications::NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/pourvois/import-arret") view=pages::pourvois::ImportArretPage ssr=SsrMode::Async />
                    <Route path=path!("/pourvois/:id") view=pages::pourvois::PourvoiPage ssr=SsrMode::Async />
                    <Route path=path!("/procedures") view=pages::procedures::ProceduresPage ssr=SsrMode::Async />
                    <Route path=path!("/procedures/nouvelle") view=pages::procedures::NewProcedurePage ssr=SsrMode::Async />
                    <Route path=path!("/procedures/:id") view=pages::procedures::ProcedurePage ssr=SsrMode::Async />
                    <Route path=path!("/pilotage") view=pages::pilotage::PilotagePage ssr=SsrMode::Async />
                    <Route path=path!("/pilotage/detail") view=pages::pilotage::PilotageDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/pilotage/rapport") view=pages::pilotage::MonthlyReportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/utilisateurs") view=pages::admin::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/journal") view=pages::admin::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/envois") view=pages::dispatch::DispatchPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/modeles") view=pages::templates::TemplatesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/modeles/:nature") view=pages::templates::TemplatePage ssr=SsrMode::Async />
                    <Route path=path!("/accessibilite") view=pages::accessibility::AccessibilityPage />
                    <Route path=path!("/verification") view=pages::verification::VerificationPage ssr=SsrMode::Async />
                </Routes>
            </ui::layout::Layout>
        </Router>
    }
}
