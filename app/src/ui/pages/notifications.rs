//! `/notifications`: what others did on the dossiers the user is assigned to or follows,
//! newest first, the unread ones marked; kept for the user who was away when they happened
//! (the live notices only reach an open page).

use crate::api::dossiers::{my_notifications, notifications_read};
use crate::domain::account::CurrentUser;
use crate::domain::role::Role;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// `/notifications`
#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <Title text="Notifications" />
        <RequireRole roles=Role::READ_CASES>
            <NotificationList />
        </RequireRole>
    }
}

#[component]
fn NotificationList() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.at_cassation() {
        return view! { <crate::ui::pages::errors::Forbidden /> }.into_any();
    }
    let read = Action::new(|up_to: &Option<String>| notifications_read(up_to.clone()));
    let data = Resource::new(move || read.version().get(), |_| my_notifications());
    // Marked read: the menu's count follows.
    let tick = use_context::<crate::ui::layout::UnreadTick>();
    Effect::new(move |_| {
        if read.value().get().is_some_and(|r| r.is_ok())
            && let Some(t) = tick
        {
            t.bump();
        }
    });
    view! {
        <h1>"Notifications"</h1>
        <p>"Ce que d'autres ont fait sur les dossiers qui vous sont distribués ou que vous suivez, le plus récent d'abord."</p>
        <Transition fallback=|| view! { <p>"Chargement des notifications…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(n) => {
                        let unread = n.non_lues;
                        // Read up to the newest one shown: one arriving meanwhile stays unread.
                        let newest = n.evenements.first().map(|e| e.instant.clone());
                        view! {
                            <p role="status">
                                {match unread {
                                    0 => "Aucune notification non lue.".to_owned(),
                                    1 => "1 notification non lue.".to_owned(),
                                    n => format!("{n} notifications non lues."),
                                }}
                            </p>
                            {(unread > 0)
                                .then(|| {
                                    view! {
                                        <button
                                            class="fr-btn fr-btn--secondary fr-mb-3w"
                                            type="button"
                                            disabled=move || read.pending().get()
                                            on:click=move |_| {
                                                read.dispatch(newest.clone());
                                            }
                                        >
                                            "Tout marquer comme lu"
                                        </button>
                                    }
                                })}
                            {if n.evenements.is_empty() {
                                view! { <p>"Rien pour l'instant."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="greffe-tasks">
                                        {n
                                            .evenements
                                            .into_iter()
                                            .map(|e| {
                                                view! {
                                                    <li>
                                                        {e.nouvelle.then(|| view! { <span class="fr-badge fr-badge--sm fr-badge--new">"Nouveau"</span> " " })}
                                                        <strong>{e.at}</strong>
                                                        " — "
                                                        <A href=format!("/pourvois/{}", e.pourvoi_id)>{format!("Pourvoi n° {}", e.numero)}</A>
                                                        {format!(" — {} : {}", e.acteur, e.detail)}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
        {move || read.value().get().and_then(Result::err).map(|e| view! { <ErrorAlert error=e /> })}
    }
    .into_any()
}
