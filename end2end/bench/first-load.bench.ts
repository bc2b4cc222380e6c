// First load figures: what the browser downloads for the login page until it has hydrated,
// on the wire (compressed) and decoded, by kind of file; then the same page again with the
// cache the first visit left (content-hashed files are not asked for again).

import { test } from '@playwright/test';
import { ACCOUNTS, DEMO_PASSWORD, preparePage, waitHydrated } from '../tests/helpers';

type Entry = { name: string; transferSize: number; encodedBodySize: number; decodedBodySize: number };

async function entries(page: import('@playwright/test').Page): Promise<Entry[]> {
  return page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name, transferSize: r.transferSize, encodedBodySize: r.encodedBodySize, decodedBodySize: r.decodedBodySize };
    }),
  );
}

function kind(url: string): string {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.css')) return 'css';
  if (/\.(woff2?|svg|png|ico)$/.test(path)) return 'fonts and icons';
  return 'html and data';
}

function report(label: string, list: Entry[]) {
  const kb = (n: number) => `${(n / 1000).toFixed(0)} kB`;
  const sums = new Map<string, { wire: number; decoded: number; n: number }>();
  for (const e of list) {
    const s = sums.get(kind(e.name)) ?? { wire: 0, decoded: 0, n: 0 };
    s.wire += e.transferSize;
    s.decoded += e.decodedBodySize;
    s.n += 1;
    sums.set(kind(e.name), s);
  }
  const wire = [...sums.values()].reduce((a, s) => a + s.wire, 0);
  const decoded = [...sums.values()].reduce((a, s) => a + s.decoded, 0);
  console.log(`${label}: ${kb(wire)} on the wire, ${kb(decoded)} decoded, ${list.length} requests`);
  for (const [k, s] of [...sums.entries()].sort()) {
    console.log(`  ${k}: ${kb(s.wire)} on the wire, ${kb(s.decoded)} decoded (${s.n})`);
  }
}

/** The wasm a page loaded (the main module and the split modules of its route), file by file. */
function reportWasm(list: Entry[]) {
  const kb = (n: number) => `${(n / 1000).toFixed(0)} kB`;
  const wasm = list.filter((e) => kind(e.name) === 'wasm');
  const wire = wasm.reduce((a, e) => a + e.transferSize, 0);
  console.log(`  wasm on the wire: ${kb(wire)} in ${wasm.length} files (target: 250 kB for the first route)`);
  for (const e of wasm) {
    console.log(`    ${new URL(e.name).pathname}: ${kb(e.transferSize)} on the wire, ${kb(e.decodedBodySize)} decoded`);
  }
}

// Service workers blocked: the first visit of a new browser is not served by one anyway.
test.use({ serviceWorkers: 'block' });

test('first load figures', async ({ page, browser }) => {
  await preparePage(page);
  await page.goto('/connexion');
  await waitHydrated(page);
  report('login page, empty cache', await entries(page));
  reportWasm(await entries(page));
  await page.goto('/connexion');
  await waitHydrated(page);
  report('login page, second visit', await entries(page));

  // The home page of a signed-in greffier, with an empty cache (signed in without a page).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const home = await context.newPage();
  await preparePage(home);
  const signed = await context.request.post('/api/connexion', {
    form: { email: ACCOUNTS.greffierLyon, password: DEMO_PASSWORD, suivant: '/' },
    maxRedirects: 0,
  });
  if (signed.status() >= 400) throw new Error(`sign-in: ${signed.status()}`);
  await home.goto('/');
  await waitHydrated(home);
  report('home page (greffier), empty cache', await entries(home));
  reportWasm(await entries(home));

  // Then a heavier page, visited from the home page: only its own modules are fetched.
  const before = (await entries(home)).length;
  await home.getByRole('link', { name: 'Audiences', exact: true }).first().click();
  await home.waitForURL(/\/audiences$/);
  await waitHydrated(home);
  const after = (await entries(home)).slice(before);
  report('then the audiences page, in the app', after);
  reportWasm(after);
  await context.close();
});
