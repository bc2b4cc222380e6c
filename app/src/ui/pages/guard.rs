//! The guard every protected page renders in: signed in, holding one of its roles.

use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::session::use_session;
use leptos::prelude::*;

/// Renders `children` for a signed-in user holding one of `roles` (and working at the Cour de
/// cassation, with `cassation`); a visitor is sent to the login page, anyone else sees the
/// "accès refusé" page.
#[component]
pub fn RequireRole(roles: &'static [Role], #[prop(optional)] cassation: bool, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    // A Suspend of its own, not a closure returning one: the server walks a suspense's
    // children several times before rendering it, and each walk of a closure built the page
    // again — its resources and their queries two or three times per request.
    view! {
        <Transition fallback=|| view! { <p>"Chargement…"</p> }>
            {Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) if user.has_role(roles) && (!cassation || user.at_cassation()) => {
                        provide_context(user);
                        // The page may have been left (or its request dropped) meanwhile.
                        children.try_with_value(|c| c()).unwrap_or_else(|| ().into_any())
                    }
                    Ok(Some(_)) | Err(AppError::Forbidden) => view! { <crate::ui::pages::errors::Forbidden /> }.into_any(),
                    Ok(None) | Err(AppError::Unauthorized) => {
                        let next = leptos_router::hooks::use_location().pathname.get_untracked();
                        let path = format!("/connexion?suivant={}", next);
                        view! { <leptos_router::components::Redirect path /> }.into_any()
                    }
                    Err(e) => view! { <crate::ui::components::alert::ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
