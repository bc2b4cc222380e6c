//! Browser entry points: hydration of a server-rendered page, and client-side rendering of
//! the offline shell that the service worker serves when the server cannot be reached.

/// Called by the hydration script once the wasm module is loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

/// Called by `/hors-ligne-demarrage.js` in the offline shell: there is no server-rendered
/// page to hydrate, so the app renders itself from the browser's sealed copy.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hors_ligne() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
