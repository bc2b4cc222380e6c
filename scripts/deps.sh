#!/usr/bin/env bash
# Installs what building Greffe needs and is missing; each step is skipped when present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The browser-bundle tool (scripts/bundle: the wasm split at its lazy routes, then its
# JavaScript bindings, on crates.io's wasm_split_cli_support and wasm-bindgen-cli-support),
# built into target/tools when missing or older than its sources; asked for by
# scripts/build.sh while the server compiles. Its bindings must match the wasm-bindgen crate
# the bundle is built with, exactly.
if [ "${1:-}" = bundle ]; then
  want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  have=$(grep -A1 '^name = "wasm-bindgen-cli-support"$' scripts/bundle/Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  if [ "$want" != "$have" ]; then
    echo "scripts/bundle binds with wasm-bindgen $have but the workspace uses $want:" >&2
    echo "set wasm-bindgen-cli-support = \"=$want\" in scripts/bundle/Cargo.toml and run" >&2
    echo "cargo update --manifest-path scripts/bundle/Cargo.toml -p wasm-bindgen-cli-support" >&2
    exit 1
  fi
  bin=target/tools/bin/greffe-bundle
  if [ ! -x "$bin" ] || [ -n "$(find scripts/bundle/Cargo.* scripts/bundle/src -newer "$bin")" ]; then
    echo "==> cargo install greffe-bundle (scripts/bundle)"
    cargo install --locked --force --path scripts/bundle --root target/tools --target-dir target/tools/build
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
