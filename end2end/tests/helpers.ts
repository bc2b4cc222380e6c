// Shared fixtures and helpers of the browser suite.
//
// Every spec imports `test` and `expect` from here rather than from '@playwright/test':
// the extended `test` installs, in every page, a probe that tells when the wasm bundle has
// hydrated the server-rendered HTML, and fails the test when the page panics, throws, or
// violates its Content-Security-Policy.

import {
  test as base,
  expect,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
  type Request,
  type Response,
} from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';

export { expect };

/** Password of every demo account (`greffe seed --profile demo`). */
export const DEMO_PASSWORD = 'greffe-demo-2026';

/** Demo accounts used by the suite (`{role with - for _}.{slug}@demo.greffe.fr`). */
export const ACCOUNTS = {
  greffierLyon: 'greffier.lyon@demo.greffe.fr',
  adminLyon: 'admin.lyon@demo.greffe.fr',
  dsgjLyon: 'dsgj.lyon@demo.greffe.fr',
  dsgjCassation: 'dsgj.cassation@demo.greffe.fr',
  magistratSiegeCassation: 'magistrat-siege.cassation@demo.greffe.fr',
  /** Reserved for failed-login tests: 5 failures per account per 15 min block the account. */
  wrongPasswordTarget: 'magistrat-parquet.strasbourg@demo.greffe.fr',
} as const;

/**
 * The day in Paris, as the server counts days (not the runner's UTC), `offsetDays` from
 * today: `YYYY-MM-DD`.
 */
export function parisDate(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

/** Day of the week (0 Sunday … 6 Saturday) of a `YYYY-MM-DD` date. */
export function weekday(iso: string): number {
  return new Date(`${iso}T12:00:00Z`).getUTCDay();
}

/** Name of the session cookie when the server runs with `secure_cookies = false`. */
export const SESSION_COOKIE = 'greffe_session';

/**
 * Runs in the page before any of its scripts. Leptos' hydration script does
 * `mod.default({module_or_path}).then(() => mod.hydrate())`; wasm-bindgen's init awaits
 * `WebAssembly.instantiateStreaming` (or `instantiate` as a fallback) and then only
 * microtasks run until `hydrate()` returns. The page's own module (a lazy route, split from
 * the main one) is then fetched and instantiated the same way, started from those microtasks,
 * and hydrated in microtasks after it. A timer set when an instantiation resolves therefore
 * fires after hydration if no other instantiation is pending: that is when
 * `__greffeHydrated` becomes true.
 */
export function hydrationProbe(): void {
  const w = window as unknown as { __greffeHydrated?: boolean };
  w.__greffeHydrated = false;
  let pending = 0;
  const wa = WebAssembly as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const mark = (p: Promise<unknown>): Promise<unknown> => {
    pending += 1;
    w.__greffeHydrated = false;
    const settle = () => {
      pending -= 1;
      setTimeout(() => {
        if (pending === 0) w.__greffeHydrated = true;
      }, 0);
    };
    return p.then(
      (result) => {
        settle();
        return result;
      },
      (error) => {
        // A module that failed to load leaves the page unhydrated.
        pending -= 1;
        throw error;
      },
    );
  };
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = wa[name];
    if (typeof original === 'function') {
      const bound = original.bind(WebAssembly);
      wa[name] = (...args: unknown[]) => mark(bound(...args));
    }
  }
}

/** Console errors that mean the page is broken (not mere 403/404 resource messages). */
const FATAL_CONSOLE = /panicked|hydrat|Content[- ]Security[- ]Policy|Refused to (execute|load|apply|connect)/i;

/** Requests in flight per page, except the endless event stream (`/flux`). */
const inflight = new WeakMap<Page, Set<Request>>();

/** Starts counting the page's requests in flight (idempotent). */
export function trackRequests(page: Page): void {
  if (inflight.has(page)) return;
  const pending = new Set<Request>();
  inflight.set(page, pending);
  page.on('request', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/flux')) pending.add(r);
  });
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
}

/**
 * Waits until no request but the event stream has been in flight for 500 ms. Playwright's
 * 'networkidle' never comes on pages holding a server-sent-event stream open.
 */
async function networkQuiet(page: Page): Promise<void> {
  trackRequests(page);
  const pending = inflight.get(page)!;
  const deadline = Date.now() + 20_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (pending.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 500) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`requests still in flight on ${page.url()}: ${[...pending].map((r) => r.url()).join(', ')}`);
}

/** Prepares a page opened outside the `page` fixture (a second browser context). */
export async function preparePage(page: Page): Promise<void> {
  await page.addInitScript(hydrationProbe);
  trackRequests(page);
}

/** Size of the server's log file (`playwright.config.ts` sets its path), 0 if absent. */
function logSize(): number {
  const file = process.env.E2E_SERVER_LOG;
  try {
    return file ? statSync(file).size : 0;
  } catch {
    return 0;
  }
}

/** The ERROR lines the server logged after byte `from`. */
function serverErrors(from: number): string[] {
  const file = process.env.E2E_SERVER_LOG;
  if (!file) return [];
  const text = readFileSync(file).subarray(from).toString('utf8');
  return text.split('\n').filter((line) => / ERROR /.test(line));
}

/**
 * Fails the test on what means a broken page or server, in every browser context the test
 * opens (its own `page`, and any `browser.newContext()`): a page that panics, throws or
 * violates its CSP, any response ≥ 500, and any ERROR line in the server's log.
 */
export const test = base.extend<{ pageGuard: void }>({
  pageGuard: [
    async ({ page, browser }, use, testInfo) => {
      const problems: string[] = [];
      const watchPage = (p: Page) => {
        p.on('console', (msg: ConsoleMessage) => {
          if (msg.type() === 'error' && FATAL_CONSOLE.test(msg.text())) {
            problems.push(`console.${msg.type()} on ${p.url()}: ${msg.text()}`);
          }
        });
        p.on('pageerror', (err: Error) => problems.push(`uncaught exception on ${p.url()}: ${err.message}`));
      };
      const watchContext = (context: BrowserContext) => {
        context.on('response', (r: Response) => {
          if (r.status() >= 500) problems.push(`${r.status()} for ${r.request().method()} ${r.url()}`);
        });
        context.on('page', watchPage);
      };
      const logFrom = logSize();
      await page.addInitScript(hydrationProbe);
      trackRequests(page);
      watchPage(page);
      watchContext(page.context());
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof browser.newContext>) => {
        const context = await newContext(...args);
        watchContext(context);
        return context;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      problems.push(...serverErrors(logFrom).map((line) => `server log: ${line}`));
      if (testInfo.status === testInfo.expectedStatus) {
        expect(problems, `the page or the server reported errors:\n${problems.join('\n')}`).toEqual([]);
      }
    },
    { auto: true },
  ],
});

/**
 * Waits until the page's wasm has hydrated the server-rendered HTML (see `hydrationProbe`)
 * and the network is quiet. Call after every full page load (`page.goto`, a no-JS form
 * post); client-side navigations keep the already hydrated app.
 */
export async function waitHydrated(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __greffeHydrated?: boolean }).__greffeHydrated === true), {
      message: 'the page never hydrated (wasm bundle not loaded or not instantiated)',
      // Compiling the wasm bundle takes seconds on a loaded 2-core machine.
      timeout: 30_000,
    })
    .toBe(true);
  await networkQuiet(page);
}

/** A regular expression matching an absolute URL whose path is exactly `path` (any query or hash). */
export function atPath(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^https?://[^/]+${escaped}(?:[?#].*)?$`);
}

/** The "Bonjour …" heading of the home page. */
export function greeting(page: Page) {
  return page.getByRole('heading', { level: 1, name: /^Bonjour / });
}

/** Fills the login form of the current page and submits it with Enter. */
export async function submitLogin(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
}

/**
 * Signs in through /connexion (optionally with `?suivant=`), then waits for the
 * destination: the home page and its "Bonjour …" heading, or the `next` path.
 */
export async function login(page: Page, email: string, password: string = DEMO_PASSWORD, next?: string): Promise<void> {
  await page.goto(next ? `/connexion?suivant=${encodeURIComponent(next)}` : '/connexion');
  await waitHydrated(page);
  await submitLogin(page, email, password);
  if (next && next !== '/') {
    await expect(page).toHaveURL(atPath(next));
  } else {
    await expect(page).toHaveURL(atPath('/'));
    await expect(greeting(page)).toBeVisible();
  }
}
