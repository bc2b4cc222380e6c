//! Parts of a page the browser renders itself, once the page has hydrated.

use leptos::prelude::*;

/// Renders `children` in the browser only, once the page has hydrated: the server renders
/// nothing there, so the page the browser hydrates is the same whatever those parts load
/// and whenever it arrives (a section with its own data, a body whose copy the offline
/// engine may refresh while the page hydrates).
#[component]
pub fn AfterHydration(children: ChildrenFn) -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    move || mounted.get().then(|| children())
}
