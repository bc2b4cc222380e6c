// Cour de cassation: live stock and search, task lists, séances and their rôle, the
// certificat de non-pourvoi, the Judilibre import: each page usable and free of axe findings.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, parisDate, test, waitHydrated, weekday } from './helpers';
import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

const GREFFIER = 'greffier.cassation@demo.greffe.fr';

async function axeClean(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('the stock leads to its dossiers, and the search finds a party', async ({ page }) => {
  await login(page, GREFFIER);
  await page.getByRole('link', { name: 'Stock et recherche' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Stock et recherche des pourvois' })).toBeVisible();
  await waitHydrated(page);
  await axeClean(page);

  // Keyboard: reach the first count of the stock table and open it.
  const cell = page.locator('table').filter({ has: page.locator('caption', { hasText: 'par stade' }) }).locator('tbody a').first();
  const n = Number(await cell.textContent());
  expect(n).toBeGreaterThan(0);
  await cell.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#resultats')).toContainText(n === 1 ? '1 pourvoi.' : `${n} pourvois`);

  // Search by a party's name, in lower case.
  const party = (await page.locator('tbody tr td:nth-child(5)').first().textContent())!.split(' c/ ')[0].split(' ').pop()!;
  await page.goto('/pourvois');
  await waitHydrated(page);
  await page.locator('#q').fill(party.toLowerCase());
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/q=/);
  const rows = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Pourvois trouvés' }) }).locator('tbody tr');
  await expect(rows.first()).toContainText(party);
  await axeClean(page);
});

test('results come 50 to a page, the pages reached by keyboard, the stock a link away', async ({ page }) => {
  await login(page, GREFFIER);
  // Every pourvoi, newest first (a page asked for without criteria): the demo holds more
  // than one page of them.
  await page.goto('/pourvois?page=2');
  await waitHydrated(page);
  const status = page.locator('#resultats');
  await expect(status).toContainText(' ; page 2 sur ');
  const total = Number((await status.textContent())!.split(' ')[0]);
  const last = Math.ceil(total / 50);
  const rows = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Pourvois trouvés' }) }).locator('tbody tr');
  await expect(rows).toHaveCount(last === 2 ? total - 50 : 50);
  const pages = page.getByRole('navigation', { name: 'Pages de résultats' });
  await expect(pages.locator('[aria-current="page"]')).toHaveText('2');
  await axeClean(page);

  await pages.getByRole('link', { name: 'Page précédente' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/page=1/);
  await expect(status).toContainText(`${total} pourvois ; page 1 sur ${last}, du 1e au 50e, le plus récent d'abord.`);
  await expect(rows).toHaveCount(50);
  await expect(pages.locator('a', { hasText: 'Page précédente' })).toHaveAttribute('aria-disabled', 'true');

  // The stock is not recomputed under a search; one link brings it back.
  await expect(page.getByRole('heading', { name: 'Stock des dossiers en cours' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Voir le stock des dossiers en cours' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Stock des dossiers en cours' })).toBeVisible();
  // Its counts are links to searches, none of them the current page.
  await expect(page.locator('table a').first()).toBeVisible();
  await expect(page.locator('main [aria-current]')).toHaveCount(0);
});

test('the task list puts overdue deadlines first, and a magistrat sees his own', async ({ page }) => {
  await login(page, GREFFIER);
  await page.goto('/taches');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Tâches et échéances' })).toBeVisible();
  await expect(page.getByText('Périmètre : Toute la juridiction.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3 }).first()).toContainText('En retard');
  await axeClean(page);
  await page.locator('#chambre').selectOption('crim');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByText('Périmètre : Chambre criminelle.')).toBeVisible();

  await login(page, 'magistrat-siege.cassation@demo.greffe.fr');
  await page.goto('/taches');
  await waitHydrated(page);
  await expect(page.getByText('Périmètre : Mes dossiers.')).toBeVisible();
  await axeClean(page);
});

test('a séance is planned with the keyboard and its rôle opens', async ({ page }) => {
  await login(page, GREFFIER);
  await page.goto('/seances');
  await waitHydrated(page);
  let offset = 20 + (Date.now() % 200);
  while (weekday(parisDate(offset)) === 0 || weekday(parisDate(offset)) === 6) offset += 1;
  const iso = parisDate(offset);
  await page.locator('#chambre').selectOption('soc');
  await page.locator('#formation').selectOption('fr');
  await page.locator('#date').fill(iso);
  await page.locator('#date').press('Enter');
  const link = page.locator('table tbody tr').filter({ hasText: 'Chambre sociale' }).getByRole('link').first();
  await expect(link).toBeVisible();
  await axeClean(page);
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Rôle de la séance');
  await axeClean(page);
  const [odt] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Rôle de la séance (ODT)' }).click(),
  ]);
  expect(odt.suggestedFilename()).toMatch(/^role-seance-soc-\d{4}-\d{2}-\d{2}\.odt$/);
});

test('a certificat de non-pourvoi is issued with the keyboard', async ({ page }) => {
  await login(page, GREFFIER);
  await page.goto('/certificat-non-pourvoi');
  await waitHydrated(page);
  await page.locator('#juridiction').focus();
  await page.keyboard.type("Cour d'appel de Lyon");
  // The date picker's segment order follows the browser's own locale: set the value, then
  // go on with the keyboard from the next field.
  await page.locator('#date').fill('2026-01-15');
  await page.locator('#numero').focus();
  await page.keyboard.type('25/00001');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Certificat de non-pourvoi' })).toBeVisible();
  await expect(page.getByText(/aucun pourvoi en cassation n'a été enregistré/)).toBeVisible();
  await axeClean(page);
  // The same certificat as a PDF to sign and send.
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger le certificat (PDF)' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/^certificat-non-pourvoi-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect((await readFile(await pdf.path())).subarray(0, 5).toString()).toBe('%PDF-');
});

test('a malformed Judilibre file is reported in French and nothing is written', async ({ page }) => {
  await login(page, GREFFIER);
  await page.getByRole('link', { name: 'Importer un arrêt' }).click();
  await waitHydrated(page);
  await page.locator('#decision-json').fill('{"jurisdiction": "cc", "type": "arret"');
  await page.getByRole('button', { name: "Importer l'arrêt" }).click();
  await expect(page.getByRole('alert')).toContainText('JSON invalide');
  await expect(page.locator('#decision-json')).toHaveValue('{"jurisdiction": "cc", "type": "arret"');
  await axeClean(page);
});
