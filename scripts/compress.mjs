// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) beside each FILE given,
// and prints the sizes: what a browser downloads of the bundle. COMPRESS=fast (the tests'
// build): brotli 5 and gzip 6, a second instead of sixteen for the tests' wasm.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const fast = process.env.COMPRESS === 'fast';
for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: fast ? 5 : 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: fast ? 6 : 9 });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gz);
  const kb = (n) => `${(n / 1000).toFixed(0)} kB`;
  console.log(`${basename(file)}: ${kb(raw.length)}, brotli ${kb(br.length)}, gzip ${kb(gz.length)}`);
}
