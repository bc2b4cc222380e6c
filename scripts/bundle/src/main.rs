//! The browser bundle's last Rust steps, as cargo-leptos and the wasm-bindgen CLI would:
//!
//!   greffe-bundle <input.wasm> <out-dir> <main.wasm>
//!
//! 1. Splits the wasm at its lazy routes: the main module to `<main.wasm>`, and into
//!    `<out-dir>` the lazily loaded modules, their loader `__wasm_split.js` (which imports
//!    `./greffe.js`) and `__wasm_split_manifest.json` (for each split, the modules it needs:
//!    the server preloads them for the page it renders).
//! 2. Binds the main module (`wasm-bindgen --target web --no-typescript --keep-lld-exports
//!    --no-demangle --out-name greffe`): `greffe.js` and `greffe_bg.wasm` in `<out-dir>`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_out] = args.as_slice() else {
        eprintln!("usage: greffe-bundle <input.wasm> <out-dir> <main.wasm>");
        return ExitCode::from(2);
    };
    let (out_dir, main_out) = (Path::new(out_dir), Path::new(main_out));
    let n = match split(Path::new(input), out_dir, main_out) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("wasm split failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("wasm split: {n} lazily loaded modules");
    if let Err(e) = bind(main_out, out_dir) {
        eprintln!("wasm-bindgen failed: {e:#}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn split(input: &Path, out_dir: &Path, main_out: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input)?;
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = out_dir;
    opts.main_out_path = main_out;
    opts.main_module = "./greffe.js";
    opts.link_name = "./__wasm_split.js";
    let split = wasm_split_cli_support::transform(opts).map_err(|e| format!("{e:?}"))?;
    // Sorted, so that the same wasm gives the same manifest (and the same hashed name).
    let sorted: std::collections::BTreeMap<_, _> = split.prefetch_map.iter().collect();
    let manifest = serde_json::to_string_pretty(&sorted)?;
    std::fs::write(out_dir.join("__wasm_split_manifest.json"), manifest)?;
    Ok(split.split_modules.len())
}

fn bind(main: &Path, out_dir: &Path) -> Result<(), anyhow::Error> {
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(main)
        .web(true)?
        .typescript(false)
        .keep_lld_exports(true)
        .demangle(false)
        // The CLI's default: fallback imports kept in the generated JavaScript.
        .omit_default_module_path(false)
        .out_name("greffe")
        .generate(out_dir)
}
