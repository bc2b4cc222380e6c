// Cour de cassation: a greffier registers a pourvoi and finds its deadlines with their basis.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, test, waitHydrated } from './helpers';

const GREFFIER_CASSATION = 'greffier.cassation@demo.greffe.fr';

test('registering a pourvoi opens its dossier with the deadline and why', async ({ page }) => {
  await login(page, GREFFIER_CASSATION);
  await page.getByRole('link', { name: 'Enregistrer un pourvoi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Enregistrer un pourvoi' })).toBeVisible();

  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const yy = String(today.getFullYear() % 100).padStart(2, '0');
  const numero = `${yy}-98.${String(Date.now() % 1000).padStart(3, '0')}`;

  // A malformed number is refused on the field, and what was typed stays.
  await page.locator('#numero').fill('26-1.2345');
  await page.locator('#date_pourvoi').fill(iso(today));
  await page.locator('#decision_juridiction').fill("Cour d'appel de Lyon");
  await page.locator('#decision_date').fill(iso(new Date(today.getTime() - 30 * 86_400_000)));
  await page.locator('#demandeur').fill('M. Albert MARTIN');
  await page.locator('#defendeur').fill('Mme Berthe DURAND');
  await page.getByRole('button', { name: 'Enregistrer le pourvoi' }).click();
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
