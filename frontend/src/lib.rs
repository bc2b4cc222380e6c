//! Browser entry points: hydration of a server-rendered page, and client-side rendering of
//! the offline shell that the service worker serves when the server cannot be reached.

/// Called by the hydration script once the wasm module is loaded. Asynchronously: the page's
/// room (a lazily loaded module of the bundle) is fetched before its view is hydrated.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // As leptos::mount::hydrate_lazy, then tells the app hydration is over.
    wasm_bindgen_futures::spawn_local(async {
        let page = leptos::mount::hydrate_from_async(leptos::tachys::dom::body(), app::App).await;
        page.forget();
        app::ui::components::hydration::hydration_over();
    });
}

/// Called by `/hors-ligne-demarrage.js` in the offline shell: there is no server-rendered
/// page to hydrate, so the app renders itself from the browser's sealed copy.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hors_ligne() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    app::ui::components::hydration::hydration_over();
}
