// Pilotage: a DSGJ changes the period without a page reload, reaches every value with the
// keyboard, drills down to the affaires behind a bar, toggles a series and downloads exports.

import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { ACCOUNTS, expect, login, parisDate, test, waitHydrated } from './helpers';
import type { Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function noViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

function valuesTable(page: Page) {
  return page.locator('table').filter({ has: page.locator('caption', { hasText: 'Valeurs du graphique' }) });
}

test('the dashboard follows its filters without reload, drills down and exports', async ({ page }) => {
  await login(page, ACCOUNTS.dsgjLyon);
  await page.getByRole('link', { name: 'Pilotage' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pilotage' })).toBeVisible();
  await waitHydrated(page);
  await expect(page.locator('.greffe-chart svg')).toBeVisible();
  await expect(page.getByText(/Calculé le \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  await expect(valuesTable(page).locator('tbody tr')).toHaveCount(12);
  await noViolations(page);

  // A marker on the window survives client-side navigation only: no reload.
  await page.evaluate(() => ((window as unknown as { __sansRechargement: boolean }).__sansRechargement = true));
  await page.locator('#pas').selectOption('trimestre');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/pas=trimestre/);
  const firstPeriod = valuesTable(page).locator('tbody tr th').first();
  await expect(firstPeriod).toHaveText(/^T\d \d{4}$/);
  const periods = await valuesTable(page).locator('tbody tr').count();
  expect(periods).toBeLessThanOrEqual(5);
  expect(await page.evaluate(() => (window as unknown as { __sansRechargement?: boolean }).__sansRechargement)).toBe(
    true,
  );

  // CSV export: UTF-8 with BOM, a header and one row per period shown.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Exporter les données (CSV)' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^greffe-affaires-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
  const text = await readFile(await csv.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).trim().split('\r\n');
  expect(lines[0].startsWith('Période;')).toBe(true);
  expect(lines.length).toBe(1 + periods);
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Exporter le graphique (SVG)' }).click(),
  ]);
  expect((await readFile(await svg.path(), 'utf8')).startsWith('<?xml')).toBe(true);
  // PNG: drawn by the browser at twice the chart's size.
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter le graphique (PNG)' }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^greffe-affaires-\d{4}-\d{2}-\d{4}-\d{2}\.png$/);
  const bytes = await readFile(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.readUInt32BE(16)).toBe(1520);
  expect(bytes.readUInt32BE(20)).toBe(800);

  // Keyboard: Tab reaches a bar of the chart; its name carries the exact value.
  let label: string | null = null;
  for (let i = 0; i < 80 && !label; i++) {
    await page.keyboard.press('Tab');
    label = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.tagName.toLowerCase() === 'a' && el.closest('.greffe-chart__svg svg')
        ? el.getAttribute('aria-label')
        : null;
    });
  }
  expect(label, 'a chart value reachable with Tab').toMatch(/ : \d+ affaires$/);
  const value = Number(label!.match(/ : (\d+) affaires$/)![1]);
  await page.keyboard.press('Enter');

  // The drill-down lists the affaires behind that figure.
  await expect(page).toHaveURL(/\/pilotage\/detail\?/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Affaires audiencées');
  await expect(page.getByText(`${value} enregistrement(s)`)).toBeVisible();
  const rows = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Enregistrements' }) }).locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(value, 500));
  await noViolations(page);
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/affaires\//);

  // Back on the dashboard: hiding a series takes it out of the table and the totals.
  await page.goBack();
  await page.getByRole('link', { name: 'Retour au tableau de bord' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pilotage' })).toBeVisible();
  const headers = valuesTable(page).locator('thead th');
  const before = await headers.count();
  const tag = page.locator('.fr-tags-group a').first();
  const serie = (await tag.innerText()).trim();
  await tag.click();
  await expect(page).toHaveURL(/masquer=/);
  await expect(headers).toHaveCount(before - 1);
  await expect(valuesTable(page).locator('thead')).not.toContainText(serie);
  await noViolations(page);
});

test('a bad period is refused in French and the form keeps what was chosen', async ({ page }) => {
  await login(page, ACCOUNTS.dsgjLyon);
  await page.goto('/pilotage?indicateur=renvois&du=2026-06&au=2026-01');
  await waitHydrated(page);
  await expect(page.getByRole('alert')).toContainText('précède');
  await expect(page.locator('#indicateur')).toHaveValue('renvois');
  await noViolations(page);
});

test('the monthly report has one part per chambre and passes axe', async ({ page }) => {
  await login(page, ACCOUNTS.dsgjLyon);
  await page.goto('/pilotage');
  await waitHydrated(page);
  await page.getByRole('link', { name: /Rapport mensuel imprimable/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Rapport mensuel d'activité" })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Tribunal judiciaire de Lyon');
  const parts = page.locator('section.greffe-report-page');
  const chambres = await parts.count();
  for (let i = 0; i < chambres; i++) {
    await expect(parts.nth(i).getByRole('heading', { level: 2 })).toBeVisible();
    await expect(parts.nth(i).locator('table').first().locator('caption')).toContainText('Affaires audiencées');
  }
  await noViolations(page);
});

test('the monthly report of the Cour de cassation names its chambres and counts the pourvois', async ({ page }) => {
  await login(page, ACCOUNTS.dsgjCassation);
  // Last month: the seed registers pourvois up to yesterday.
  const [year, month] = parisDate().split('-').map(Number);
  const mois = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  await page.goto(`/pilotage/rapport?mois=${mois}`);
  await waitHydrated(page);
  await expect(page.getByRole('status').filter({ hasText: 'chiffres calculés' })).toContainText('Cour de cassation');
  const headings = page.locator('section.greffe-report-page h2');
  await expect(headings.first()).toBeVisible();
  const names = await headings.allTextContents();
  expect(names.some((n) => /chambre|Non orienté/i.test(n)), names.join(' | ')).toBe(true);
  expect(names.filter((n) => /^(civ[123]|com|soc|crim) /.test(n))).toEqual([]);
  await expect(page.locator('caption', { hasText: 'Pourvois enregistrés' }).first()).toBeVisible();
  await expect(page.locator('caption', { hasText: 'Charge des magistrats' })).toHaveCount(0);
  await noViolations(page);
});

// Every indicator of each side opens with its chart, its table and a clean axe report.
for (const [account, ids] of [
  [ACCOUNTS.dsgjLyon, ['peines', 'quantum_emprisonnement', 'montant_amendes', 'heures_tig', 'audiences_tenues', 'duree_audiences']],
  [ACCOUNTS.dsgjCassation, ['pourvois_sortis', 'delai_traitement', 'echeances', 'charge_magistrats']],
] as const) {
  test(`indicators ${ids.join(', ')} show their figures`, async ({ page }) => {
    await login(page, account);
    for (const id of ids) {
      await page.goto(`/pilotage?indicateur=${id}`);
      await waitHydrated(page);
      await expect(page.locator('#indicateur')).toHaveValue(id);
      await expect(page.locator('.greffe-chart svg')).toBeVisible();
      const cells = valuesTable(page).locator('tbody td a');
      expect(await cells.count(), `${id}: some figure links to its records`).toBeGreaterThan(0);
      await noViolations(page);
    }
    // A summed figure's drill-down gives each record's value and their total.
    if (ids.includes('quantum_emprisonnement' as never)) {
      await page.goto('/pilotage?indicateur=quantum_emprisonnement');
      await waitHydrated(page);
      await valuesTable(page).locator('tbody td a').first().click();
      await expect(page.getByRole('status')).toContainText(/enregistrement\(s\), pour un total de \d+ mois/);
      await expect(page.locator('thead')).toContainText('Valeur');
      await noViolations(page);
    }
  });
}
