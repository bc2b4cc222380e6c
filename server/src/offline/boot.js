// Starts the offline shell: loads the bundle and renders the app in the browser.
import init, { hors_ligne } from "/pkg/__JS__";
init({ module_or_path: "/pkg/__WASM__" }).then(() => hors_ligne());
