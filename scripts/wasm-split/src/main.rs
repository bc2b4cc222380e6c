//! Splits the browser bundle at its lazy routes, as cargo-leptos would:
//!
//!   greffe-wasm-split <input.wasm> <out-dir> <main.wasm>
//!
//! Writes the main module to `<main.wasm>` (for wasm-bindgen), and into `<out-dir>` the lazily
//! loaded modules, their loader `__wasm_split.js` (which imports `./greffe.js`) and
//! `__wasm_split_manifest.json` (for each split, the modules it needs: the server preloads
//! them for the page it renders).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_out] = args.as_slice() else {
        eprintln!("usage: greffe-wasm-split <input.wasm> <out-dir> <main.wasm>");
        return ExitCode::from(2);
    };
    match split(Path::new(input), Path::new(out_dir), Path::new(main_out)) {
        Ok(n) => {
            println!("wasm split: {n} lazily loaded modules");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wasm split failed: {e:?}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &Path, out_dir: &Path, main_out: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input)?;
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = out_dir;
    opts.main_out_path = main_out;
    opts.main_module = "./greffe.js";
    opts.link_name = "./__wasm_split.js";
    let split = wasm_split_cli_support::transform(opts).map_err(|e| format!("{e:?}"))?;
    let manifest = serde_json::to_string_pretty(&split.prefetch_map)?;
    std::fs::write(out_dir.join("__wasm_split_manifest.json"), manifest)?;
    Ok(split.split_modules.len())
}
