#!/usr/bin/env bash
# Builds Greffe: the browser bundle (wasm, its JavaScript glue, the stylesheet) and the
# static assets into target/site, then the server binary. It does what cargo-leptos did for
# us, with tools a fresh machine gets in minutes (scripts/bundle, npm's wasm-opt).
#
#   scripts/build.sh [release|ci]
#
# release: production (server target/release/greffe, wasm optimised for size).
# ci:      the browser tests' build: the server in the dev profile (target/debug/greffe, the
#          artifacts the integration tests already built), the wasm optimised lightly.
# debug:   as ci, with Leptos's hydration diagnostics in the wasm (debug assertions).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-release}
# ci and debug skip wasm-opt and compress quickly (25 s and 15 s of a one-line change's
# rebuild otherwise); the server still sends their compressed copies.
case "$profile" in
  release) server_profile=release; wasm_profile=wasm-release; wasm_opt=(-Oz); export COMPRESS=best ;;
  ci) server_profile=dev; wasm_profile=wasm-ci; wasm_opt=(); export COMPRESS=fast ;;
  debug) server_profile=dev; wasm_profile=wasm-debug; wasm_opt=(); export COMPRESS=fast ;;
  *) echo "usage: scripts/build.sh [release|ci|debug]" >&2; exit 2 ;;
esac

# The names the server looks for (also set for every cargo command in .cargo/config.toml).
export LEPTOS_OUTPUT_NAME=greffe
site=target/site
staging=target/site.new
bin_dir=$server_profile
[ "$bin_dir" = dev ] && bin_dir=debug

# The server and the browser bundle build side by side: the server's long single-crate
# stretches leave a core free. The browser bundle has a target directory of its own
# (target/browser) so the two builds do not wait on each other's lock.
echo "==> server ($server_profile), in the background"
cargo build -p server --bin greffe --profile "$server_profile" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT

scripts/deps.sh bundle
echo "==> wasm ($wasm_profile)"
CARGO_TARGET_DIR=target/browser \
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$wasm_profile"

rm -rf "$staging"
mkdir -p "$staging/pkg"
# Split at the lazy routes (Leptos's #[lazy]): the modules each page loads when it is
# visited, and the main module (the shell, the router), bound to its JavaScript (greffe.js).
wasm_dir=target/browser/wasm32-unknown-unknown/$wasm_profile
target/tools/bin/greffe-bundle "$wasm_dir/frontend.wasm" "$staging/pkg" "$wasm_dir/frontend_split.wasm"
mv "$staging/pkg/greffe_bg.wasm" "$staging/pkg/greffe.wasm"
if [ ${#wasm_opt[@]} -gt 0 ]; then
  for wasm in "$staging"/pkg/*.wasm; do
    wasm-opt "${wasm_opt[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      -o "$wasm" "$wasm"
  done
fi
cp style/main.css "$staging/pkg/greffe.css"

# Content-hashed names (greffe.<hash>.js|wasm|css, the split modules and their loader),
# cached for good by browsers; hash.txt tells the server (and Leptos's hydration script)
# the names. Then brotli and gzip copies, which the server sends to browsers that accept them.
node scripts/hash.mjs "$staging"
node scripts/compress.mjs "$staging"/pkg/*.js "$staging"/pkg/*.wasm "$staging"/pkg/*.css
cp -r public/. "$staging/"
# The design system's stylesheets (about 1 MB) go compressed too.
node scripts/compress.mjs "$staging/dsfr/dsfr.min.css" "$staging/dsfr/utility/icons/icons.min.css"

# Swap in the new site whole: a server running from target/site never sees half of it.
rm -rf "$site.old"
[ -d "$site" ] && mv "$site" "$site.old"
mv "$staging" "$site"
rm -rf "$site.old"

echo "==> waiting for the server ($server_profile)"
wait $server_pid
trap - EXIT
ls -l "target/$bin_dir/greffe" "$site/pkg"
