#!/usr/bin/env bash
# Installs what building Greffe needs and is missing; each step is skipped when present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# scripts/build.sh runs the wasm-bindgen CLI, which must match the wasm-bindgen crate exactly.
# It asks for it (`deps.sh wasm-bindgen`) while the server compiles, so both go at once.
# Not --locked: its lock file wants a crate version the registry lacks.
if [ "${1:-}" = wasm-bindgen ]; then
  WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    echo "==> cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  exit 0
fi

# The wasm splitter (scripts/wasm-split, on crates.io's wasm_split_cli_support), built into
# target/tools when missing or older than its sources; also asked for by scripts/build.sh.
if [ "${1:-}" = wasm-split ]; then
  bin=target/tools/bin/greffe-wasm-split
  if [ ! -x "$bin" ] || [ -n "$(find scripts/wasm-split/Cargo.* scripts/wasm-split/src -newer "$bin")" ]; then
    echo "==> cargo install greffe-wasm-split (scripts/wasm-split)"
    cargo install --locked --force --path scripts/wasm-split --root target/tools --target-dir target/tools/build
  fi
  exit 0
fi

# DSFR and wasm-opt (npm binaryen; Debian's binaryen is too old and breaks hydration).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@gouvfr/dsfr/dist ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi

# DSFR assets served from /dsfr (copied, not committed).
dist=node_modules/@gouvfr/dsfr/dist
if [ ! -f public/dsfr/.version ] || [ "$(cat public/dsfr/.version)" != "$(node -p "require('./$dist/../package.json').version")" ]; then
  echo "==> copy DSFR assets into public/dsfr"
  rm -rf public/dsfr
  mkdir -p public/dsfr/utility/icons
  cp -r "$dist/dsfr.min.css" "$dist/fonts" "$dist/icons" "$dist/favicon" public/dsfr/
  cp "$dist/utility/icons/icons.min.css" public/dsfr/utility/icons/
  node -p "require('./$dist/../package.json').version" > public/dsfr/.version
fi
