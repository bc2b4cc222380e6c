//! Parts of a page the browser renders itself, once the page has hydrated.
//!
//! Hydration is asynchronous (the page's room is a module of the bundle loaded on demand, and
//! the page is hydrated once it arrives), so an effect may run before the page has hydrated:
//! what differs from the server's page waits for [`hydrated`], set when hydration is over.

use leptos::prelude::*;

thread_local! {
    static HYDRATED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Whether the browser has hydrated the server's page (or rendered its own, offline); never
/// on the server. Tracked: read it in an effect or a view to run again when it turns true.
pub fn hydrated() -> bool {
    HYDRATED.with(|h| h.get())
}

/// Called by the browser's entry points once the page is hydrated or rendered.
pub fn hydration_over() {
    HYDRATED.with(|h| h.set(true));
}

/// Renders `children` in the browser only, once the page has hydrated: the server renders
/// nothing there, so the page the browser hydrates is the same whatever those parts load
/// and whenever it arrives (a section with its own data, a body whose copy the offline
/// engine may refresh while the page hydrates).
#[component]
pub fn AfterHydration(children: ChildrenFn) -> impl IntoView {
    move || hydrated().then(|| children())
}
