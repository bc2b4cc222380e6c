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

/// The pages, by room: each room is compiled into a module of the browser bundle of its own
/// (the build splits the wasm at each room's `wasm_split` function), loaded when one of its pages
/// is first opened. The login page has a room to itself: a first visit loads the shell and it.
/// Rooms rather than a module per page: a page shares most of its code with its room's other
/// pages, and thirty split points cut the bundle into some 470 files.
///
/// Every route's view is one type, [`Page`]: the router's generic code (choosing, preloading,
/// erasing the view, the « page indisponible » fallback) is compiled once into the shell, not
/// once per route (about 100 kB of the shell's wasm before optimisation when it was).
macro_rules! rooms {
    ($($room:ident, $preload:ident as $pages:ident { $($route:ident => $module:ident :: $page:ident,)* })*) => {
        /// A page of the app: its room, and which of the room's pages.
        #[allow(clippy::enum_variant_names)]
        #[derive(Clone, Copy)]
        enum Page {
            $($pages($pages),)*
        }

        $(
            // Named after the routes (all `…Route`).
            #[allow(clippy::enum_variant_names)]
            #[derive(Clone, Copy)]
            enum $pages {
                $($route,)*
            }

            $(
                #[allow(non_upper_case_globals)]
                const $route: Page = Page::$pages($pages::$route);
            )*

            // In the browser the build splits the bundle here (the room's module is fetched on
            // its first use); a fetch that fails is an error shown in place of the page, not a
            // panic that would stop the whole application.
            #[cfg_attr(target_arch = "wasm32", leptos::wasm_split::wasm_split(
                $room,
                wasm_split_path = ::leptos::wasm_split,
                preload(#[doc(hidden)] #[allow(non_snake_case)] $preload),
                fallible
            ))]
            fn $room(page: $pages) -> Result<AnyView, RoomMissing> {
                Ok(match page {
                    $($pages::$route => {
                        use pages::$module::$page;
                        view! { <$page /> }.into_any()
                    })*
                })
            }
        )*

        impl Page {
            /// The page's view, once its room's module is here.
            async fn open(self) -> Result<AnyView, RoomMissing> {
                match self {
                    $(Page::$pages(page) => {
                        // The server names the room's modules in the page (preloaded by the
                        // browser).
                        #[cfg(not(target_arch = "wasm32"))]
                        {
                            leptos::prefetch_lazy_fn_on_server(stringify!($room));
                            $room(page)
                        }
                        #[cfg(target_arch = "wasm32")]
                        {
                            $room(page).await
                        }
                    })*
                }
            }

            /// Fetches the page's room; whether it is here.
            async fn load(self) -> bool {
                match self {
                    $(Page::$pages(_) => {
                        #[cfg(target_arch = "wasm32")]
                        {
                            $preload().await.is_ok()
                        }
                        #[cfg(not(target_arch = "wasm32"))]
                        {
                            true
                        }
                    })*
                }
            }
        }
    };
}

impl leptos_router::ChooseView for Page {
    async fn choose(self) -> AnyView {
        match self.open().await {
            Ok(view) => view,
            Err(RoomMissing) => room_missing(self),
        }
    }

    // The router loads the room before it hydrates or renders the page (its view is then
    // ready at once: hydration does not wait in the middle of the page). A failure shows in
    // `choose`, which tries once more.
    async fn preload(&self) {
        self.load().await;
    }
}

/// In place of a page whose room could not be fetched.
fn room_missing(page: Page) -> AnyView {
    view! { <ui::components::alert::RoomMissing retry=move || page.load() /> }.into_any()
}

/// A room's module could not be fetched: the network is down and the browser never kept it
/// (it keeps every module once an audience is prepared for offline use).
pub struct RoomMissing;

#[cfg(target_arch = "wasm32")]
impl From<leptos::wasm_split::SplitLoaderError> for RoomMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        RoomMissing
    }
}

rooms! {
    connexion, __preload_connexion as ConnexionPages {
        LoginRoute => login::LoginPage,
    }
    accueil, __preload_accueil as AccueilPages {
        HomeRoute => home::HomePage,
        NotificationsRoute => notifications::NotificationsPage,
        AccessibilityRoute => accessibility::AccessibilityPage,
        VerificationRoute => verification::VerificationPage,
    }
    audiences, __preload_audiences as AudiencesPages {
        AudiencesRoute => audiences::AudiencesPage,
        NewAudienceRoute => audiences::NewAudiencePage,
        AudienceRoute => audiences::AudiencePage,
        ImportRoute => audiences::ImportPage,
        EditAudienceRoute => audiences::EditAudiencePage,
        AffaireRoute => affaire::AffairePage,
    }
    cassation, __preload_cassation as CassationPages {
        NewPourvoiRoute => pourvois::NewPourvoiPage,
        StockRoute => stock::StockPage,
        SeancesRoute => seances::SeancesPage,
        SeanceRoute => seances::SeancePage,
        CertificatRoute => seances::CertificatPage,
        TachesRoute => stock::TachesPage,
        ImportArretRoute => pourvois::ImportArretPage,
        PourvoiRoute => pourvois::PourvoiPage,
        ProceduresRoute => procedures::ProceduresPage,
        NewProcedureRoute => procedures::NewProcedurePage,
        ProcedureRoute => procedures::ProcedurePage,
    }
    envois, __preload_envois as EnvoisPages {
        DispatchRoute => dispatch::DispatchPage,
    }
    pilotage, __preload_pilotage as PilotagePages {
        PilotageRoute => pilotage::PilotagePage,
        PilotageDetailRoute => pilotage::PilotageDetailPage,
        MonthlyReportRoute => pilotage::MonthlyReportPage,
    }
    administration, __preload_administration as AdministrationPages {
        UsersRoute => admin::UsersPage,
        AuditRoute => admin::AuditPage,
        TemplatesRoute => templates::TemplatesPage,
        TemplateRoute => templates::TemplatePage,
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
                    <Route path=path!("/") view=HomeRoute ssr=SsrMode::Async />
                    <Route path=path!("/connexion") view=LoginRoute ssr=SsrMode::Async />
                    <Route path=path!("/audiences") view=AudiencesRoute ssr=SsrMode::Async />
                    <Route path=path!("/audiences/nouvelle") view=NewAudienceRoute ssr=SsrMode::Async />
                    <Route path=path!("/audiences/:id") view=AudienceRoute ssr=SsrMode::Async />
                    <Route path=path!("/audiences/:id/import") view=ImportRoute ssr=SsrMode::Async />
                    <Route path=path!("/audiences/:id/modifier") view=EditAudienceRoute ssr=SsrMode::Async />
                    <Route path=path!("/affaires/:id") view=AffaireRoute ssr=SsrMode::Async />
                    <Route path=path!("/pourvois/nouveau") view=NewPourvoiRoute ssr=SsrMode::Async />
                    <Route path=path!("/pourvois") view=StockRoute ssr=SsrMode::Async />
                    <Route path=path!("/seances") view=SeancesRoute ssr=SsrMode::Async />
                    <Route path=path!("/seances/:id") view=SeanceRoute ssr=SsrMode::Async />
                    <Route path=path!("/certificat-non-pourvoi") view=CertificatRoute ssr=SsrMode::Async />
                    <Route path=path!("/taches") view=TachesRoute ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsRoute ssr=SsrMode::Async />
                    <Route path=path!("/pourvois/import-arret") view=ImportArretRoute ssr=SsrMode::Async />
                    <Route path=path!("/pourvois/:id") view=PourvoiRoute ssr=SsrMode::Async />
                    <Route path=path!("/procedures") view=ProceduresRoute ssr=SsrMode::Async />
                    <Route path=path!("/procedures/nouvelle") view=NewProcedureRoute ssr=SsrMode::Async />
                    <Route path=path!("/procedures/:id") view=ProcedureRoute ssr=SsrMode::Async />
                    <Route path=path!("/pilotage") view=PilotageRoute ssr=SsrMode::Async />
                    <Route path=path!("/pilotage/detail") view=PilotageDetailRoute ssr=SsrMode::Async />
                    <Route path=path!("/pilotage/rapport") view=MonthlyReportRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/utilisateurs") view=UsersRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/journal") view=AuditRoute ssr=SsrMode::Async />
                    <Route path=path!("/envois") view=DispatchRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/modeles") view=TemplatesRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/modeles/:nature") view=TemplateRoute ssr=SsrMode::Async />
                    <Route path=path!("/accessibilite") view=AccessibilityRoute />
                    <Route path=path!("/verification") view=VerificationRoute ssr=SsrMode::Async />
                </Routes>
            </ui::layout::Layout>
        </Router>
    }
}
