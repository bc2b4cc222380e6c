// An admin adapts a document template in the browser: edits the source, tries it on a real
// record, sees a broken version refused with its line, saves, puts in force, goes back —
// with the keyboard, axe clean on each page. TJ Strasbourg's jugement, put back at the end.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, test, waitHydrated } from './helpers';
import type { Page } from '@playwright/test';

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}

async function press(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  await button.focus();
  await page.keyboard.press('Enter');
}

test('an admin adapts, tries, saves, puts in force and takes back a template', async ({ page }) => {
  await login(page, 'admin.strasbourg@demo.greffe.fr');
  await page.getByRole('link', { name: 'Modèles de documents' }).first().click();
  await expect(page).toHaveURL(/\/admin\/modeles$/);
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Modèles de documents' })).toBeVisible();
  await expectNoViolations(page, 'the templates list');
  const adapt = page.getByRole('link', { name: 'Adapter le modèle : Jugement' });
  await adapt.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/modeles\/jugement$/);
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Modèle : Jugement' })).toBeVisible();
  await expect(page.getByText('En vigueur : le modèle de Greffe')).toBeVisible();
  const source = page.locator('#modele-source');
  await expect(source).toHaveValue(/#let render\(data\)/);
  await expectNoViolations(page, 'the template editor');

  // A broken version: refused with its line, nothing saved, what was typed still there.
  const good = await source.inputValue();
  await source.fill('#let render(data) = {\n  oops(\n}');
  await page.locator('#modele-commentaire').fill('Essai');
  await press(page, 'Enregistrer une nouvelle version');
  await expect(page.locator('#modele-resultat')).toContainText('ligne');
  await expect(source).toHaveValue('#let render(data) = {\n  oops(\n}');
  await expect(page.getByText('Versions enregistrées, la plus récente en premier')).toBeVisible();
  await expect(page.getByRole('button', { name: /Mettre en vigueur la version/ })).toHaveCount(0);

  // The greffe's address under the header: tried on a real record, saved, put in force.
  const adapted = good.replace('  v(1.4em)', '  align(center, text(size: 9pt, "Greffe correctionnel, 19 quai Finkmatt, Strasbourg"))\n  v(1.4em)');
  await source.fill(adapted);
  await press(page, 'Essayer sur un dossier réel');
  await expect(page.locator('#modele-apercu')).toBeVisible();
  await expect(page.locator('#modele-resultat')).toContainText('Aperçu composé sur');
  await expect(page.locator('#modele-apercu')).toHaveAttribute('href', /^data:application\/pdf;base64,JVBERi/);
  await page.locator('#modele-commentaire').fill('Adresse du greffe');
  await press(page, 'Enregistrer une nouvelle version');
  await expect(page.locator('#modele-resultat')).toContainText('Version 1 enregistrée');
  await press(page, 'Mettre en vigueur la version 1');
  await expect(page.locator('#modele-resultat')).toContainText('Le modèle en vigueur a changé');
  await expect(page.getByText('En vigueur : la version 1 (Adresse du greffe)')).toBeVisible();
  await expectNoViolations(page, 'a version in force');

  // Back to Greffe's own; the version stays, to be put in force again.
  await press(page, 'Revenir au modèle de Greffe');
  await expect(page.getByText('En vigueur : le modèle de Greffe')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mettre en vigueur la version 1' })).toBeVisible();
  await press(page, 'Reprendre la version 1 dans l\'éditeur');
  await expect(source).toHaveValue(/19 quai Finkmatt/);
});
