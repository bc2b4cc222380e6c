// Helpers shared by the hearing specs: rôle files, new audiences, the rôle table, axe.

import AxeBuilder from '@axe-core/playwright';
import { atPath, expect, parisDate, waitHydrated } from './helpers';
import type { Locator, Page } from '@playwright/test';

export const HEADER =
  'numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n';

/** A rôle of `n` affaires, one prévenu and one infraction each; numbers start at `from`. */
export function roleCsv(n: number, from: number): string {
  let s = HEADER;
  for (let i = 0; i < n; i++) {
    const num = String(from + i).padStart(6, '0');
    s += `26/${num};${i + 1};NOM${from + i};Prénom;01/02/1990;libre;COPJ;CMP;11886;;01/03/2026\n`;
  }
  return s;
}

let dayOffset = 200;
/** A date far enough ahead that no demo audience is on it, distinct per call. */
export function nextDate(): string {
  return parisDate(dayOffset++);
}

export async function expectNoViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const report = violations.map((v) => `- ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations.map((v) => v.id), `axe on ${what}:\n${report.join('\n')}`).toEqual([]);
}

/** Presses Tab until `target` has the focus (keyboard-only navigation). */
export async function tabTo(page: Page, target: Locator, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Creates an audience through the form and returns its URL path. */
export async function createAudience(page: Page): Promise<string> {
  await page.goto('/audiences/nouvelle');
  await waitHydrated(page);
  await page.locator('#date').fill(nextDate());
  await page.locator('#chambre').fill('10e chambre correctionnelle');
  await page.locator('#president').fill('Mme Présidente');
  await page.locator('#ministere_public').fill('M. Substitut');
  await page.locator('#maximum').fill('40');
  await page.locator('#prevues').fill('30');
  await page.getByRole('button', { name: "Créer l'audience" }).click();
  await expect(page).toHaveURL(/\/audiences\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Audience du / })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Imports `csv` into the audience at `path` through the import page, and opens the audience. */
export async function importRole(page: Page, path: string, csv: string): Promise<void> {
  await page.getByRole('link', { name: 'Importer un rôle' }).click();
  await expect(page).toHaveURL(atPath(`${path}/import`));
  await page.locator('#fichier-role').setInputFiles({ name: 'role.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.locator('#contenu-role')).toHaveValue(/numero_parquet/);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await expect(page.getByRole('heading', { name: 'Fichier valide : vérifiez puis confirmez' })).toBeVisible();
  await page.getByRole('button', { name: /^Confirmer l'import de \d+ affaire/ }).click();
  await expect(page.getByText(/^Import enregistré/)).toBeVisible();
  await page.getByRole('link', { name: "Ouvrir l'audience" }).click();
  await expect(page).toHaveURL(atPath(path));
}

export function roleRows(page: Page): Locator {
  return page.locator('table').filter({ has: page.locator('caption', { hasText: /^Rôle/ }) }).locator('tbody tr');
}
