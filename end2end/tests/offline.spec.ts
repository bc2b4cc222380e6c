// Offline hearings in the browser: an audience prepared for offline runs with the network
// gone (reload included), its changes wait sealed in the browser, and reach the server once
// when the network returns, whatever happens in between. Checked against the server's data.

import { ACCOUNTS, expect, login, parisDate, preparePage, test, waitHydrated } from './helpers';
import { createAudience, expectNoViolations, importRole, roleCsv } from './hearing-helpers';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Prepares the audience open on `page` for offline and waits until the service worker
 * controls the page (so that a reload without network finds the shell). */
async function prepareOffline(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Préparer pour le hors-ligne' }).click();
  await expect(page.getByText(/^Audience disponible hors ligne : \d+ affaire/)).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!navigator.serviceWorker.controller && /\/sw\.js$/.test(r.active?.scriptURL ?? ''))), {
      message: 'the service worker never took control of the page',
      timeout: 20_000,
    })
    .toBe(true);
}

/** Loads `path` and waits for the app (server-rendered and hydrated, or the offline shell). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitHydrated(page);
}

async function api<T>(request: APIRequestContext, endpoint: string, body: unknown): Promise<T> {
  const res = await request.post(`/api/${endpoint}`, { data: body });
  expect(res.status(), `${endpoint}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

type Note = { version: number; texte: string };
type Prevenu = { id: string; nom: string; decision: unknown };
type Affaire = { id: string; version: number; etat: string; prevenus: Prevenu[]; renvoi: { audience_cible_id: string | null } | null };
type Audience = { id: string; affaires: { id: string; numero_parquet: string }[] };

function pending(page: Page) {
  return page.locator('#hors-ligne-attente');
}

/** Every value Greffe keeps in localStorage, as stored. */
async function stored(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('greffe.')).map((k) => [k, localStorage.getItem(k) ?? ''])),
  );
}

/** Opens a new page in `context`, offline or not, at `path`. */
async function reopen(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await preparePage(page);
  await open(page, path);
  return page;
}

test('a whole hearing offline: reload, decision, note, renvoi, tab closed and reopened, then each change once', async ({
  page,
}) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(2, 560000));
  await prepareOffline(page);
  await expectNoViolations(page, 'an audience prepared for offline');

  const context = page.context();
  await context.setOffline(true);
  await page.reload();
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: /^Audience du / })).toBeVisible();
  await expect(page.locator('meta[name="greffe-hors-ligne"]'), 'served by the service worker\'s shell').toHaveCount(1);
  await expect(page.getByText('Hors ligne', { exact: true })).toBeVisible();

  // First affaire: a decision and the note.
  await page.getByRole('link', { name: 'Appeler la prochaine affaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/560000/ })).toBeVisible();
  const first = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('button', { name: 'Amende', exact: true }).click();
  await page.getByLabel('Amende — Montant (€)').fill('450');
  await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await expect(page.getByText('Décision enregistrée.')).toBeVisible();
  await expect(pending(page)).toHaveText('1 modification en attente d\'envoi');
  await expect(page.getByRole('status').filter({ hasText: 'Avancement : 50 %' })).toBeVisible();
  const note = page.locator('#note-audience');
  await note.click();
  await page.keyboard.press('Alt+1');
  await page.keyboard.type('Le prévenu comparaît hors réseau.');
  await expect(page.locator('#note-etat')).toHaveText(/Enregistrée sur cet appareil/);
  await expectNoViolations(page, 'an affaire judged offline');

  // Second affaire: a renvoi.
  await page.getByRole('link', { name: /^Affaire suivante/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/560001/ })).toBeVisible();
  const second = new URL(page.url()).pathname.split('/').pop()!;
  await page.locator('#renvoi-motif').selectOption({ index: 2 });
  await page.locator('#renvoi-date').fill(parisDate(420));
  await page.getByRole('button', { name: "Renvoyer l'affaire" }).click();
  await expect(page.getByText(/^Renvoi enregistré sur cet appareil/)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Avancement : 100 %' })).toBeVisible();

  // The tab is closed and reopened, still offline: everything is there.
  await page.close();
  const again = await reopen(context, path);
  await expect(again.getByRole('status').filter({ hasText: 'Avancement : 100 %' })).toContainText(
    '1 jugée(s), 1 renvoyée(s), 0 restante(s)',
  );
  await expect(pending(again)).toHaveText(/^[3-9] modifications en attente d'envoi$/);
  // What the browser keeps is sealed: no name, no note, no amount in clear.
  const kept = await stored(again);
  expect(Object.keys(kept)).toEqual(expect.arrayContaining(['greffe.v1.hl.snapshot', 'greffe.v1.hl.outbox']));
  for (const [key, value] of Object.entries(kept)) {
    // (Digits alone could occur in base64 by chance: only names and words are looked for.)
    for (const secret of ['NOM560000', 'Prénom', 'hors réseau']) {
      expect(value.includes(secret), `${key} holds "${secret}" in clear`).toBe(false);
    }
  }

  // The network returns: the outbox empties by itself.
  await context.setOffline(false);
  await expect(pending(again)).toHaveText('Aucune modification en attente', { timeout: 20_000 });
  await expect(again.getByText('En ligne', { exact: true })).toBeVisible();

  // The server has each change once.
  const request = context.request;
  const judged = await api<Affaire>(request, 'affaire', { id: first });
  expect(judged.etat).toBe('Jugee');
  expect(JSON.stringify(judged.prevenus[0].decision)).toContain('450');
  const notes = await api<Note[]>(request, 'note_historique', { affaire_id: first });
  expect(notes[0].texte).toContain('Le prévenu comparaît hors réseau.');
  expect(new Set(notes.map((n) => n.texte)).size, 'no version saved twice').toBe(notes.length);
  const moved = await api<Affaire>(request, 'affaire', { id: second });
  expect(moved.etat).toBe('Renvoyee');
  const target = await api<Audience>(request, 'audience', { id: moved.renvoi!.audience_cible_id });
  expect(target.affaires.filter((a) => a.numero_parquet === '26/560001')).toHaveLength(1);
  await again.close();
});

test('the confirmation is lost and the tab closed mid-sync: the change reaches the server once', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(1, 561000));
  await prepareOffline(page);
  await page.getByRole('link', { name: 'Appeler la prochaine affaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/561000/ })).toBeVisible();
  const affaire = new URL(page.url()).pathname;
  const id = affaire.split('/').pop()!;

  const context = page.context();
  await context.setOffline(true);
  await page.locator('#note-audience').fill('Texte écrit une seule fois.');
  await expect(page.locator('#note-etat')).toHaveText(/Enregistrée sur cet appareil/);

  // The server applies the batch, then the answer never reaches the page.
  let applied = 0;
  await context.route('**/api/synchroniser', async (route) => {
    const res = await route.fetch();
    expect(res.status()).toBe(200);
    applied += 1;
    await route.abort('connectionreset');
  });
  await context.setOffline(false);
  await expect.poll(() => applied, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(pending(page)).toHaveText(/1 modification en attente/);
  await page.close();
  await context.unroute('**/api/synchroniser');

  // Reopened: the change is sent again, recognised, and leaves the outbox.
  const again = await reopen(context, affaire);
  await expect(pending(again)).toHaveText('Aucune modification en attente', { timeout: 20_000 });
  const notes = await api<Note[]>(context.request, 'note_historique', { affaire_id: id });
  expect(notes.map((n) => n.texte)).toEqual(['Texte écrit une seule fois.']);
  await again.close();
});

test('an affaire changed on the server meanwhile: both versions side by side, the chosen one kept', async ({
  page,
  browser,
}) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(1, 562000));
  await prepareOffline(page);
  await page.getByRole('link', { name: 'Appeler la prochaine affaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/562000/ })).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;

  const context = page.context();
  await context.setOffline(true);
  await page.locator('#note-audience').fill('Version prise en salle, hors réseau.');
  await expect(page.locator('#note-etat')).toHaveText(/Enregistrée sur cet appareil/);

  // Meanwhile a colleague, online, saves another note on the same affaire.
  const colleague = await browser.newContext({ locale: 'fr-FR' });
  const desk = await colleague.newPage();
  await preparePage(desk);
  await login(desk, ACCOUNTS.greffierLyon);
  await api(colleague.request, 'note_enregistrer', { affaire_id: id, base: 0, texte: 'Version du bureau.' });
  await colleague.close();

  await context.setOffline(false);
  const conflict = page.locator('#conflit');
  await expect(conflict).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#conflit-local')).toContainText('Version prise en salle, hors réseau.');
  await expect(page.locator('#conflit-serveur')).toContainText('Version du bureau.');
  await expectNoViolations(page, 'the conflict screen');
  await conflict.getByRole('button', { name: 'Garder ma version' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(pending(page)).toHaveText('Aucune modification en attente', { timeout: 20_000 });

  const notes = await api<Note[]>(context.request, 'note_historique', { affaire_id: id });
  expect(notes.map((n) => n.texte)).toEqual(['Version prise en salle, hors réseau.', 'Version du bureau.']);
});

test('logging out leaves nothing readable about the audience in the browser', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(1, 563000));
  await prepareOffline(page);
  const before = await stored(page);
  expect(before['greffe.v1.hl.snapshot']).toMatch(/^v1\./);
  expect(before['greffe.v1.hl.snapshot']).not.toContain('NOM563000');
  expect(await page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name)))).toContain('greffe-coffre');

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await expect.poll(() => stored(page)).toEqual({});
  await expect
    .poll(() => page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name))))
    .not.toContain('greffe-coffre');
  // The service worker's cache holds the application only, never a page or an answer.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  for (const url of cached) {
    expect(url).toMatch(/^\/(pkg|dsfr|icones)\/|^\/(hors-ligne\.html|hors-ligne-demarrage\.js|greffe-coffre\.js|manifest\.webmanifest|favicon\.svg)$/);
  }
});

/** A second Greffe server of its own (port 3102, its own demo database), to stop and restart. */
class OwnServer {
  static readonly PORT = 3102;
  private process: ChildProcess | null = null;
  private readonly root = path.resolve(__dirname, '../..');
  private readonly db = path.join(this.root, 'target', 'e2e-restart.db');
  private readonly env = {
    ...process.env,
    GREFFE_DATABASE_URL: `sqlite://${this.db}?mode=rwc`,
    GREFFE_LISTEN: `127.0.0.1:${OwnServer.PORT}`,
    GREFFE_SECURE_COOKIES: 'false',
  };
  readonly url = `http://127.0.0.1:${OwnServer.PORT}`;

  async seedAndStart(): Promise<void> {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(this.db + suffix, { force: true });
    execFileSync(process.env.GREFFE_BIN!, ['seed', '--profile', 'demo'], { cwd: this.root, env: this.env, stdio: 'ignore' });
    await this.start();
  }

  async start(): Promise<void> {
    this.process = spawn(process.env.GREFFE_BIN!, ['serve'], { cwd: this.root, env: this.env, stdio: 'ignore' });
    await expect
      .poll(() => fetch(`${this.url}/healthz`).then((r) => r.status, () => 0), { timeout: 20_000 })
      .toBe(200);
  }

  async stop(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((resolve) => p.once('exit', resolve));
    p.kill('SIGTERM');
    await exited;
    this.process = null;
  }
}

test('the server stops mid-sync and comes back: nothing lost, nothing twice', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = new OwnServer();
  await server.seedAndStart();
  const context = await browser.newContext({ baseURL: server.url, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  try {
    const page = await context.newPage();
    await preparePage(page);
    await login(page, ACCOUNTS.greffierLyon);
    const audience = await createAudience(page);
    await importRole(page, audience, roleCsv(1, 564000));
    await prepareOffline(page);
    await page.getByRole('link', { name: 'Appeler la prochaine affaire' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/564000/ })).toBeVisible();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const before = await api<Affaire>(context.request, 'affaire', { id });

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Amende', exact: true }).click();
    await page.getByLabel('Amende — Montant (€)').fill('300');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expect(page.getByText('Décision enregistrée.')).toBeVisible();
    await page.locator('#note-audience').fill('Note prise avant la panne.');
    await expect(pending(page)).toHaveText("2 modifications en attente d'envoi");

    // The server applies the batch, then stops before its answer reaches the page.
    let applied = 0;
    // Counted once the route is answered: the test unroutes when it sees the count, and a
    // route still in its handler then would be released under it ("already handled").
    await context.route('**/api/synchroniser', async (route) => {
      const res = await route.fetch();
      expect(res.status()).toBe(200);
      await server.stop();
      await route.abort('connectionrefused');
      applied += 1;
    });
    await context.setOffline(false);
    await expect.poll(() => applied, { timeout: 20_000 }).toBe(1);
    await context.unroute('**/api/synchroniser');
    await expect(pending(page)).toHaveText("2 modifications en attente d'envoi");

    // Restarted on the same database: the greffier sends again; the server recognises both.
    await server.start();
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await expect(pending(page)).toHaveText('Aucune modification en attente', { timeout: 20_000 });
    const affaire = await api<Affaire>(context.request, 'affaire', { id });
    expect(affaire.etat).toBe('Jugee');
    expect(affaire.version, 'one decision, applied once').toBe(before.version + 1);
    const notes = await api<Note[]>(context.request, 'note_historique', { affaire_id: id });
    expect(notes.map((n) => n.texte)).toEqual(['Note prise avant la panne.']);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('the vault: sealed text opens only with its key, unaltered, and not after a wipe', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);
  const r = await page.evaluate(async () => {
    type Coffre = { seal(t: string): Promise<string>; open(t: string): Promise<string>; wipe(): Promise<void> };
    const coffre = (window as unknown as { greffeCoffre: Coffre }).greffeCoffre;
    const text = 'Prévenu DUPONT Jean — détenu — 6 mois ferme';
    const a = await coffre.seal(text);
    const b = await coffre.seal(text);
    const roundTrip = await coffre.open(a);
    const bytes = atob(a.slice(3));
    const flipped = 'v1.' + btoa(bytes.slice(0, 20) + String.fromCharCode(bytes.charCodeAt(20) ^ 1) + bytes.slice(21));
    const tampered = await coffre.open(flipped).then(() => 'opened', () => 'refused');
    await coffre.wipe();
    const afterWipe = await coffre.open(a).then(() => 'opened', () => 'refused');
    return { a, b, roundTrip, tampered, afterWipe, text };
  });
  expect(r.roundTrip).toBe(r.text);
  expect(r.a).toMatch(/^v1\.[A-Za-z0-9+/=]+$/);
  expect(r.a).not.toBe(r.b);
  expect(r.a).not.toContain('DUPONT');
  expect(r.tampered).toBe('refused');
  expect(r.afterWipe).toBe('refused');
});

test('the browser storage is full: a French message, and what was typed stays on screen', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(1, 565000));
  await prepareOffline(page);
  await page.getByRole('link', { name: 'Appeler la prochaine affaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/565000/ })).toBeVisible();
  await page.context().setOffline(true);

  // Another application of the same origin filled localStorage up to its quota.
  const filled = await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    let n = 0;
    try {
      for (; n < 200; n++) localStorage.setItem(`autre.remplissage.${n}`, chunk);
    } catch {
      // Quota reached.
    }
    let small = 0;
    try {
      for (; small < 4096; small++) localStorage.setItem(`autre.petit.${small}`, 'x'.repeat(64));
    } catch {
      // Full to the byte.
    }
    return n;
  });
  expect(filled).toBeGreaterThan(0);

  const note = page.locator('#note-audience');
  await note.fill('Texte saisi alors que le stockage est plein.');
  await expect(page.getByText(/^Stockage du navigateur plein/).first()).toBeVisible();
  await expect(note).toHaveValue('Texte saisi alors que le stockage est plein.');
  await expect(page.locator('#note-etat')).not.toHaveText(/Enregistrée/);
  await expectNoViolations(page, 'the storage-full message');

  // Space is freed: the next keystroke keeps the whole text on this device.
  await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('autre.'))
      .forEach((k) => localStorage.removeItem(k)),
  );
  await note.press('End');
  await note.pressSequentially(' Suite.');
  await expect(page.locator('#note-etat')).toHaveText(/Enregistrée sur cet appareil/);
  await page.context().setOffline(false);
  await expect(pending(page)).toHaveText('Aucune modification en attente', { timeout: 20_000 });
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const notes = await api<Note[]>(page.context().request, 'note_historique', { affaire_id: id });
  expect(notes[0].texte).toBe('Texte saisi alors que le stockage est plein. Suite.');
});

test('Greffe is installable: manifest with its icons, start URL and standalone display', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  const manifest = await res.json();
  expect(manifest).toMatchObject({ start_url: '/', display: 'standalone', lang: 'fr', short_name: 'Greffe' });
  const sizes = (manifest.icons as { src: string; sizes: string; type: string }[]).map((i) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    const img = await page.request.get(icon.src);
    expect(img.status(), icon.src).toBe(200);
    expect(img.headers()['content-type']).toBe(icon.type);
  }
  // The service worker is installed when a first audience is prepared (see prepareOffline).
});
