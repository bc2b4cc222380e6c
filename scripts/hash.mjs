// Gives the browser bundle's files content-hashed names (cached for good by browsers: a
// release changes their names) and writes SITE/hash.txt, which tells the server and Leptos
// the names:
//
//   node scripts/hash.mjs SITE
//
// SITE/pkg holds greffe.js, greffe.wasm, greffe.css, and from the split build the lazily
// loaded modules (split_*.wasm, chunk_*.wasm), their loader __wasm_split.js and
// __wasm_split_manifest.json. The loader names the modules and imports greffe.js, which
// imports the loader back: the two scripts are named by one hash of both.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const site = process.argv[2];
if (!site) {
  console.error('usage: node scripts/hash.mjs SITE');
  process.exit(2);
}
const pkg = join(site, 'pkg');
const hash = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const read = (f) => readFileSync(join(pkg, f));
const write = (f, text) => writeFileSync(join(pkg, f), text);
const replaceAll = (text, from, to) => text.split(from).join(to);

// The leaves: wasm modules and the stylesheet.
const hashes = {};
const renamed = {};
for (const f of readdirSync(pkg)) {
  const m = /^(.+)\.(wasm|css)$/.exec(f);
  if (!m) continue;
  const h = hash(read(f));
  renamed[m[1]] = `${m[1]}.${h}`;
  renameSync(join(pkg, f), join(pkg, `${m[1]}.${h}.${m[2]}`));
  if (m[1] === 'greffe') hashes[m[2]] = h;
}
for (const ext of ['wasm', 'css']) {
  if (!hashes[ext]) throw new Error(`greffe.${ext} is missing from ${pkg}`);
}

let main = read('greffe.js').toString();
const split = existsSync(join(pkg, '__wasm_split.js'));
if (split) {
  // The loader fetches the modules by name; the manifest lists, for each split, the modules
  // the server preloads (by name, without .wasm).
  let loader = read('__wasm_split.js').toString();
  for (const [stem, name] of Object.entries(renamed)) {
    if (stem !== 'greffe') loader = replaceAll(loader, `"./${stem}.wasm"`, `"./${name}.wasm"`);
  }
  const manifest = JSON.parse(read('__wasm_split_manifest.json'));
  for (const [key, modules] of Object.entries(manifest)) {
    manifest[key] = modules.map((stem) => {
      if (!renamed[stem]) throw new Error(`the manifest names ${stem}, which was not built`);
      return renamed[stem];
    });
  }
  const manifestText = JSON.stringify(manifest, null, 1);
  hashes.manifest = hash(manifestText);
  write(`__wasm_split_manifest.${hashes.manifest}.json`, manifestText);
  unlinkSync(join(pkg, '__wasm_split_manifest.json'));

  const h = hash(main, loader);
  hashes.js = h;
  hashes.split = h;
  // Only the import statements: the wasm still names its import module `./__wasm_split.js`.
  main = main.replace(/from (["'])\.\/__wasm_split\.js\1/g, `from "./__wasm_split.${h}.js"`);
  loader = loader.replace(/from (["'])\.\/greffe\.js\1/g, `from "./greffe.${h}.js"`);
  if (!main.includes(`from "./__wasm_split.${h}.js"`)) throw new Error('greffe.js does not import the loader');
  if (!loader.includes(`./greffe.${h}.js`)) throw new Error('the loader does not import greffe.js');
  write(`__wasm_split.${h}.js`, loader);
  unlinkSync(join(pkg, '__wasm_split.js'));
} else {
  hashes.js = hash(main);
}
write(`greffe.${hashes.js}.js`, main);
unlinkSync(join(pkg, 'greffe.js'));

// Leptos reads js, wasm and css, and with a split bundle manifest and split.
const lines = ['js', 'wasm', 'css', 'manifest', 'split']
  .filter((k) => hashes[k])
  .map((k) => `${k}: ${hashes[k]}\n`);
writeFileSync(join(site, 'hash.txt'), lines.join(''));
