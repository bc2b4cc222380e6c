//! The signed-in user as a resource shared by every page, refreshed after login and logout.

use crate::api::auth::{Login, Logout};
use crate::domain::account::CurrentUser;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::offline::whoami;
use leptos::prelude::*;

/// Session context: the user resource and the two actions that change it.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
}

/// Creates the session context; call once, in `App`.
pub fn provide_session() {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(move || (login.version().get(), logout.version().get()), |_| whoami());
    provide_context(Session { user, login, logout });
}

/// The session context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Renders `children` for a signed-in user holding one of `roles`; a visitor is sent to the
/// login page, a user without the role sees the "accès refusé" page.
#[component]
pub fn RequireRole(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Transition fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) if user.has_role(roles) => {
                        provide_context(user);
                        children.read_value()().into_any()
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
