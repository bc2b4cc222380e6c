// Offline hearing figures: time to take a 60-affaire audience offline, its sealed size in the
// browser, and the time from reconnection to an empty outbox for 300 queued edits.

import { test } from '@playwright/test';
import { ACCOUNTS, login, preparePage, waitHydrated } from '../tests/helpers';
import { roleCsv } from '../tests/hearing-helpers';

test('offline figures', async ({ page }) => {
  await preparePage(page);
  await login(page, ACCOUNTS.greffierLyon);
  const request = page.context().request;
  const day = new Date();
  day.setDate(day.getDate() + 900);
  const form = {
    date: day.toISOString().slice(0, 10), heure_debut: '09:00', chambre: 'Banc d\'essai', formation: 'juge_unique',
    president: 'P', assesseurs: '', ministere_public: 'MP', greffier: 'G', prevues: '60', maximum: '60',
    duree_estimee_min: '480',
  };
  const created = await request.post('/api/audience_creer', { data: { form } });
  if (!created.ok()) throw new Error(`audience: ${await created.text()}`);
  const id: string = await created.json();
  const imported = await request.post('/api/role_importer', {
    data: { audience_id: id, format: 'csv', contenu: roleCsv(60, 900000), confirmer: true },
  });
  if (!imported.ok()) throw new Error(`rôle: ${await imported.text()}`);

  await page.goto(`/audiences/${id}`);
  await waitHydrated(page);
  const started = Date.now();
  await page.getByRole('button', { name: 'Préparer pour le hors-ligne' }).click();
  await page.getByText(/^Audience disponible hors ligne/).waitFor();
  const takeMs = Date.now() - started;
  const sealed = await page.evaluate(() => localStorage.getItem('greffe.v1.hl.snapshot')?.length ?? 0);
  await page.evaluate(() => navigator.serviceWorker.ready);

  // 300 note edits queued offline, round-robin over the 60 affaires (none merge).
  const taken = await (await request.post('/api/audience_hors_ligne', { data: { id } })).json();
  const affaires: string[] = taken.affaires.map((a: { id: string }) => a.id);
  await page.context().setOffline(true);
  await page.evaluate(
    async ({ audience, affaires }) => {
      const items = [];
      for (let round = 0; round < 5; round++) {
        for (const affaire of affaires) {
          items.push({
            id: crypto.randomUUID(), audience_id: audience, affaire_id: affaire, cree_le: '',
            op: { type: 'note', base: round, texte: `Note ${round + 1} de l'affaire ${affaire}` }, envoyee: false,
          });
        }
      }
      const coffre = (window as unknown as { greffeCoffre: { seal(t: string): Promise<string> } }).greffeCoffre;
      localStorage.setItem('greffe.v1.hl.outbox', await coffre.seal(JSON.stringify({ items })));
    },
    { audience: id, affaires },
  );
  await page.reload();
  await waitHydrated(page);
  await page.getByText('300 modifications en attente d\'envoi').waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __t0?: number; __t1?: number };
    window.addEventListener('online', () => (w.__t0 = performance.now()));
    const target = document.getElementById('hors-ligne-attente')!;
    new MutationObserver(() => {
      if (target.textContent === 'Aucune modification en attente' && w.__t1 === undefined) w.__t1 = performance.now();
    }).observe(target, { childList: true, subtree: true, characterData: true });
  });
  await page.context().setOffline(false);
  await page.waitForFunction(() => (window as unknown as { __t1?: number }).__t1 !== undefined, null, { timeout: 120_000 });
  const syncMs = await page.evaluate(() => {
    const w = window as unknown as { __t0: number; __t1: number };
    return w.__t1 - w.__t0;
  });

  console.log(`offline: taking a 60-affaire audience offline: ${takeMs} ms (click to confirmation)`);
  console.log(`offline: sealed copy of that audience in the browser: ${(sealed / 1024).toFixed(0)} KiB`);
  console.log(`offline: reconnection to empty outbox, 300 queued edits: ${syncMs.toFixed(0)} ms (target ≤ 2000 ms)`);
});
