//! The signed-in user as a resource shared by every page, refreshed after login and logout.

use crate::api::auth::{Login, Logout};
use crate::domain::account::CurrentUser;
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
