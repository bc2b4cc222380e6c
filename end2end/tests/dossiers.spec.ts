// Cour de cassation: a greffier registers a pourvoi and finds its deadlines with their basis.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, parisDate, preparePage, test, waitHydrated } from './helpers';
import type { Page } from '@playwright/test';

const GREFFIER_CASSATION = 'greffier.cassation@demo.greffe.fr';


/** A pourvoi number of this year in series `series`, unlikely to be taken. */
function pourvoiNumber(series: number): string {
  const yy = parisDate().slice(2, 4);
  return `${yy}-${series}.${String(Date.now() % 1000).padStart(3, '0')}`;
}

/** Fills the registration form for a civil pourvoi of today numbered `numero`, and sends it. */
async function submitRegistration(page: Page, numero: string): Promise<void> {
  await page.locator('#numero').fill(numero);
  await page.locator('#date_pourvoi').fill(parisDate());
  await page.locator('#decision_juridiction').fill("Cour d'appel de Lyon");
  await page.locator('#decision_date').fill(parisDate(-30));
  await page.locator('#demandeur').fill('M. Albert MARTIN');
  await page.locator('#defendeur').fill('Mme Berthe DURAND');
  await page.getByRole('button', { name: 'Enregistrer le pourvoi' }).click();
}

/** Registers a civil pourvoi of today as the greffe; returns its dossier's address. */
async function registerPourvoi(page: Page, numero: string): Promise<string> {
  await login(page, GREFFIER_CASSATION);
  await page.goto('/pourvois/nouveau');
  await waitHydrated(page);
  await submitRegistration(page, numero);
  await expect(page.getByRole('heading', { level: 1, name: `Pourvoi n° ${numero}` })).toBeVisible();
  return page.url();
}

test('registering a pourvoi opens its dossier with the deadline and why', async ({ page }) => {
  await login(page, GREFFIER_CASSATION);
  await page.getByRole('link', { name: 'Enregistrer un pourvoi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Enregistrer un pourvoi' })).toBeVisible();

  const numero = pourvoiNumber(98);

  // A malformed number is refused on the field, and what was typed stays.
  await submitRegistration(page, '26-1.2345');
  await expect(page.getByRole('alert')).toContainText('invalide');
  await expect(page.locator('#demandeur')).toHaveValue('M. Albert MARTIN');
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);

  await page.locator('#numero').fill(numero);
  await page.getByRole('button', { name: 'Enregistrer le pourvoi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Pourvoi n° ${numero}` })).toBeVisible();
  const rows = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Échéances' }) }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Mémoire ampliatif');
  await expect(rows.first()).toContainText('978');
  await expect(rows.first()).toContainText('Point de départ');
  await expect(page.getByText(/Pourvoi n° .* enregistré/)).toBeVisible();

  await page.reload();
  await waitHydrated(page);
  const again = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(again.violations.map((v) => v.id)).toEqual([]);
});

test('orient, distribute and file a mémoire: a second user sees it live and the deadline closes', async ({ page, browser }) => {
  const numero = pourvoiNumber(97);

  const dossier = await registerPourvoi(page, numero);

  // A conseiller follows the dossier in another browser.
  const other = await browser.newContext();
  const watcher = await other.newPage();
  await preparePage(watcher);
  await login(watcher, 'magistrat-siege.cassation@demo.greffe.fr');
  await watcher.goto(dossier);
  await waitHydrated(watcher);
  await watcher.evaluate(() => ((window as unknown as { greffeMarker: number }).greffeMarker = 42));
  const timeline = watcher.getByRole('list', { name: /Évènements du dossier/ });
  await expect(timeline.locator('li')).toHaveCount(1);

  // Orientation, then distribution to the suggested magistrats.
  await waitHydrated(page);
  await page.locator('#chambre').selectOption('civ1');
  await page.locator('#formation').selectOption('fs');
  await page.getByRole('button', { name: 'Orienter' }).click();
  await expect(page.locator('#stade')).toHaveText('Stade : Orienté');
  await expect(page.locator('#rapporteur option:checked')).toContainText('(suggéré)');
  await expect(page.locator('#avocat_general option:checked')).toContainText('(suggéré)');
  await page.getByRole('button', { name: 'Distribuer' }).click();
  await expect(page.locator('#stade')).toHaveText('Stade : Distribué');
  const affectations = page.locator('table').filter({ has: page.locator('caption', { hasText: 'affectations' }) });
  await expect(affectations.locator('tbody tr')).toHaveCount(2);

  // The watcher saw both, live, without reloading.
  await expect(timeline.locator('li')).toHaveCount(3);
  await expect(timeline.locator('li').first()).toContainText('Distribué');

  // A file that is not a PDF, whatever its name: refused in French.
  await page.locator('#nature').selectOption('memoire_ampliatif');
  await page.locator('#deposant').fill('SCP Exemple');
  await page.locator('#fichier').setInputFiles({ name: 'memoire.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
  await page.getByRole('button', { name: 'Ajouter la pièce' }).click();
  await expect(page.getByRole('alert')).toContainText('PDF, ODT et DOCX');

  // The mémoire ampliatif: art. 978 closes, art. 982 opens.
  await waitHydrated(page);
  await page.locator('#nature').selectOption('memoire_ampliatif');
  await page.locator('#deposant').fill('SCP Exemple');
  await page.locator('#fichier').setInputFiles({
    name: 'memoire.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(`%PDF-1.7\n% ${numero}\n%%EOF\n`),
  });
  await page.getByRole('button', { name: 'Ajouter la pièce' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Pièce ajoutée' })).toBeVisible();
  const deadline = (p: typeof page, rule: string) => p.locator(`tr[data-regle="${rule}"]`);
  await expect(deadline(page, 'cpc-978')).toContainText('Close');
  await expect(deadline(page, 'cpc-982')).toContainText('Ouverte');

  await expect(timeline.locator('li').first()).toContainText('Mémoire ampliatif');
  await expect(deadline(watcher, 'cpc-978')).toContainText('Close');
  await expect(deadline(watcher, 'cpc-978')).toContainText('Mémoire ampliatif déposé(e)');
  expect(await watcher.evaluate(() => (window as unknown as { greffeMarker: number }).greffeMarker)).toBe(42);

  for (const p of [page, watcher]) {
    const { violations } = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => v.id)).toEqual([]);
  }
  await other.close();
});

test('a conseiller who was away finds on Notifications what happened to the dossier he follows', async ({ page, browser }) => {
  const numero = pourvoiNumber(96);
  const dossier = await registerPourvoi(page, numero);

  // The conseiller follows it, then leaves.
  const away = async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await preparePage(p);
    await login(p, 'magistrat-siege.cassation@demo.greffe.fr');
    return { context, p };
  };
  let c = await away();
  await c.p.goto(dossier);
  await waitHydrated(c.p);
  const follow = c.p.getByRole('button', { name: /^Suivre ce dossier/ });
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await c.context.close();

  // Meanwhile the greffe orients it.
  await waitHydrated(page);
  await page.locator('#chambre').selectOption('civ1');
  await page.locator('#formation').selectOption('fs');
  await page.getByRole('button', { name: 'Orienter' }).click();
  await expect(page.locator('#stade')).toHaveText('Stade : Orienté');

  // Back, the conseiller finds it unread, with the keyboard, then marks it read.
  c = await away();
  // The menu counts what is unread, once the page is live.
  await expect(c.p.getByRole('link', { name: /^Notifications \d+ non lues?$/ })).toBeVisible();
  await c.p.getByRole('link', { name: 'Notifications' }).focus();
  await c.p.keyboard.press('Enter');
  await expect(c.p.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await waitHydrated(c.p);
  const item = c.p.locator('ul.greffe-tasks li').filter({ hasText: `Pourvoi n° ${numero}` }).first();
  await expect(item).toContainText('Nouveau');
  await expect(item).toContainText('Orienté');
  const { violations } = await new AxeBuilder({ page: c.p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  await c.p.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await expect(c.p.getByRole('status').filter({ hasText: 'Aucune notification non lue.' })).toBeVisible();
  await expect(item).not.toContainText('Nouveau');
  await expect(c.p.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await c.context.close();
});
