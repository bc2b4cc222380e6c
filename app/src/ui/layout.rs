//! The DSFR page frame: skip links, header with service name and user tools, navigation
//! per role, footer.

use crate::domain::role::Role;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Bumped when the user's unread notifications may have changed (a live event, "Tout
/// marquer comme lu"): the menu counts them again.
#[derive(Clone, Copy)]
pub struct UnreadTick(pub RwSignal<u32>);

impl UnreadTick {
    pub fn bump(self) {
        self.0.update(|n| *n = n.wrapping_add(1));
    }
}

/// Header, navigation, main landmark and footer around the page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    provide_context(UnreadTick(RwSignal::new(0)));
    view! {
        <div class="fr-skiplinks">
            <nav class="fr-container" aria-label="Accès rapide">
                <ul class="fr-skiplinks__list">
                    <li>
                        <a class="fr-link" href="#contenu" rel="external">"Contenu"</a>
                    </li>
                    <li>
                        <a class="fr-link" href="#pied-de-page" rel="external">"Pied de page"</a>
                    </li>
                </ul>
            </nav>
        </div>
        <Header />
        <main id="contenu" class="fr-container fr-py-4w" tabindex="-1">
            <crate::ui::offline::OfflineBar />
            {children()}
        </main>
        <Footer />
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    // try_get: the server may still walk the page after its request was dropped (the owner gone).
    let user = move || session.user.try_get().flatten().and_then(Result::ok).flatten();
    // Read now, while the request is live: the menu below may be built after it is gone.
    let location = use_location();
    let offline = crate::ui::offline::use_offline();
    // Logging out wipes what this browser keeps for offline hearings; with changes still
    // waiting, the first click says so and a second one confirms.
    let confirm = RwSignal::new(false);
    let logout = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let force = confirm.get_untracked();
        leptos::task::spawn_local(async move {
            match crate::ui::offline::wipe_before_logout(force).await {
                Ok(()) => {
                    session.logout.dispatch(crate::api::auth::Logout {});
                }
                Err(m) => {
                    offline.message.set(Some(m));
                    confirm.set(true);
                }
            }
        });
    };
    view! {
        <header class="fr-header">
            <div class="fr-header__body">
                <div class="fr-container">
                    <div class="fr-header__body-row">
                        <div class="fr-header__brand fr-enlarge-link">
                            <div class="fr-header__brand-top">
                                <div class="fr-header__logo">
                                    <p class="fr-logo">"République" <br /> "Française"</p>
                                </div>
                            </div>
                            <div class="fr-header__service">
                                <a href="/" title="Accueil — Greffe">
                                    <p class="fr-header__service-title">"Greffe"</p>
                                </a>
                                <p class="fr-header__service-tagline">"Le registre des juridictions"</p>
                            </div>
                        </div>
                        <div class="fr-header__tools">
                            <div class="fr-header__tools-links">
                                <Transition>
                                    {move || {
                                        user()
                                            .map(|u| {
                                                view! {
                                                    <ul class="fr-btns-group fr-btns-group--inline-md">
                                                        <li>
                                                            <p class="fr-btn fr-icon-account-circle-line greffe-user">
                                                                {format!("{} — {}", u.display_name, u.role.label())}
                                                            </p>
                                                        </li>
                                                        <li>
                                                            <form method="post" action="/api/deconnexion" on:submit=logout>
                                                                <button type="submit" class="fr-btn fr-icon-logout-box-r-line">
                                                                    {move || {
                                                                        if confirm.try_get().unwrap_or_default() {
                                                                            "Confirmer la déconnexion"
                                                                        } else {
                                                                            "Se déconnecter"
                                                                        }
                                                                    }}
                                                                </button>
                                                            </form>
                                                        </li>
                                                    </ul>
                                                }
                                            })
                                    }}
                                </Transition>
                            </div>
                        </div>
                    </div>
                </div>
            </div>
            <Transition>
                {move || {
                    user()
                        .map(|u| {
                            let cassation = u.at_cassation();
                            view! { <MainNav role=u.role juridiction=u.juridiction_libelle cassation location=location.clone() /> }
                        })
                }}
            </Transition>
        </header>
    }
}

#[component]
fn MainNav(
    role: Role,
    juridiction: String,
    cassation: bool,
    location: leptos_router::location::Location,
) -> impl IntoView {
    let mut links: Vec<(&'static str, &'static str)> = vec![("/", "Accueil")];
    if Role::READ_CASES.contains(&role) && !cassation {
        links.push(("/audiences", "Audiences"));
    }
    if Role::READ_CASES.contains(&role) && cassation {
        links.push(("/taches", "Tâches"));
        links.push(("/pourvois", "Stock et recherche"));
        links.push(("/seances", "Séances"));
        links.push(("/procedures", "Procédures particulières"));
        links.push(("/notifications", "Notifications"));
    }
    if role == Role::Greffier && cassation {
        links.push(("/pourvois/nouveau", "Enregistrer un pourvoi"));
        links.push(("/pourvois/import-arret", "Importer un arrêt"));
        links.push(("/certificat-non-pourvoi", "Certificat de non-pourvoi"));
    }
    if crate::domain::dispatch::may_dispatch(role, cassation) {
        links.push(("/envois", "Avis et envois"));
    }
    if Role::READ_INDICATORS.contains(&role) {
        links.push(("/pilotage", "Pilotage"));
    }
    if role == Role::Admin {
        links.push(("/admin/utilisateurs", "Utilisateurs"));
        links.push(("/admin/journal", "Journal d'audit"));
        links.push(("/admin/modeles", "Modèles de documents"));
    }
    // The unread count beside "Notifications", read in the browser only (the server page
    // does not wait for it), again on each navigation and each time it may have changed.
    let unread = RwSignal::new(None::<i64>);
    if cassation && Role::READ_CASES.contains(&role) {
        let tick = use_context::<UnreadTick>();
        Effect::new(move |_| {
            location.pathname.track();
            if let Some(t) = tick {
                t.0.track();
            }
            // Shown beside the menu: not before the page has hydrated.
            if !crate::ui::components::hydration::hydrated() {
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(n) = crate::api::dossiers::unread_notifications().await {
                    unread.set(Some(n));
                }
            });
        });
    }
    let hrefs: Vec<&'static str> = links.iter().map(|(h, _)| *h).collect();
    // The current entry is the longest one the path falls under.
    let current_href = Memo::new(move |_| {
        let path = location.pathname.try_get().unwrap_or_default();
        hrefs
            .iter()
            .filter(|h| path == **h || (**h != "/" && path.starts_with(&format!("{h}/"))))
            .max_by_key(|h| h.len())
            .copied()
    });
    view! {
        <div class="fr-container greffe-nav">
            <nav class="fr-nav" aria-label="Menu principal">
                <ul class="fr-nav__list">
                    {links
                        .into_iter()
                        .map(|(href, label)| {
                            // try_get: the server may resolve these after the request was
                            // dropped (the owner gone).
                            let current = move || (current_href.try_get().flatten() == Some(href)).then_some("page");
                            let badge = (href == "/notifications").then_some(move || {
                                unread.try_get().flatten().filter(|n| *n > 0).map(|n| {
                                    let text = if n == 1 { "1 non lue".to_owned() } else { format!("{n} non lues") };
                                    view! {
                                        " "
                                        <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">{text}</span>
                                    }
                                })
                            });
                            view! {
                                <li class="fr-nav__item">
                                    <A href=href attr:class="fr-nav__link" attr:aria-current=current>
                                        {label}
                                        {badge}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <p class="fr-text--sm greffe-juridiction">{juridiction}</p>
        </div>
        {(cassation && Role::READ_CASES.contains(&role)).then(|| view! { <Notifications /> })}
    }
}

/// Live notices of events on the dossiers the user is assigned to or follows.
#[component]
fn Notifications() -> impl IntoView {
    let notices = RwSignal::new(Vec::<crate::domain::pourvoi::LiveEvent>::new());
    let tick = use_context::<UnreadTick>();
    crate::ui::components::live::listen("/flux".into(), move |e| {
        if let Some(t) = tick {
            t.bump();
        }
        notices.update(|n| {
            n.insert(0, e);
            n.truncate(3);
        })
    });
    view! {
        <div class="fr-container" role="status" aria-live="polite" aria-label="Notifications">
            {move || {
                notices
                    .try_get()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|e| {
                        let href = format!("/pourvois/{}", e.pourvoi_id);
                        view! {
                            <div class="fr-notice fr-notice--info greffe-notice">
                                <p class="fr-notice__title">
                                    <A href=href>{format!("Pourvoi n° {}", e.numero)}</A>
                                    {format!(" — {} : {}", e.acteur, e.detail)}
                                </p>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="fr-footer" id="pied-de-page">
            <div class="fr-container">
                <div class="fr-footer__body">
                    <div class="fr-footer__brand fr-enlarge-link">
                        <a href="/" title="Retour à l'accueil — Greffe">
                            <p class="fr-logo">"République" <br /> "Française"</p>
                        </a>
                    </div>
                    <div class="fr-footer__content">
                        <p class="fr-footer__content-desc">
                            "Greffe : audiences, dossiers, documents et pilotage des juridictions, à partir d'une seule saisie."
                        </p>
                    </div>
                </div>
                <div class="fr-footer__bottom">
                    <ul class="fr-footer__bottom-list">
                        <li class="fr-footer__bottom-item">
                            <a class="fr-footer__bottom-link" href="/accessibilite">
                                "Accessibilité : partiellement conforme"
                            </a>
                        </li>
                        <li class="fr-footer__bottom-item">
                            <a class="fr-footer__bottom-link" href="/verification">
                                "Vérifier un document"
                            </a>
                        </li>
                    </ul>
                    <div class="fr-footer__bottom-copy">
                        <p>"Logiciel libre sous licence MIT."</p>
                    </div>
                </div>
            </div>
        </footer>
    }
}
