// Cour de cassation: a QPC raised in a pourvoi, registered from the dossier, its three months
// explained, ended with the keyboard; the procedures list and its counters.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, parisDate, test, waitHydrated } from './helpers';
import type { Page } from '@playwright/test';

const GREFFIER_CASSATION = 'greffier.cassation@demo.greffe.fr';

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}

/** Presses Enter on the button named `name` (keyboard, not a click). */
async function pressButton(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name });
  await button.focus();
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
}

test('a QPC raised in a pourvoi: registered from its dossier, its delay explained, ended with the keyboard', async ({ page }) => {
  const yy = parisDate().slice(2, 4);
  const numero = `${yy}-96.${String(Date.now() % 1000).padStart(3, '0')}`;
  await login(page, GREFFIER_CASSATION);
  await page.goto('/pourvois/nouveau');
  await waitHydrated(page);
  await page.locator('#numero').fill(numero);
  await page.locator('#date_pourvoi').fill(parisDate(-10));
  await page.locator('#decision_juridiction').fill("Cour d'appel de Lyon");
  await page.locator('#decision_date').fill(parisDate(-40));
  await page.locator('#demandeur').fill('M. Łukasz WÓJCIK-ŞAHİN');
  await page.locator('#defendeur').fill('Mme Berthe DURAND');
  await pressButton(page, 'Enregistrer le pourvoi');
  await expect(page.getByRole('heading', { level: 1, name: `Pourvoi n° ${numero}` })).toBeVisible();
  await expect(page.getByText('Aucune procédure particulière sur ce pourvoi.')).toBeVisible();

  const link = page.getByRole('link', { name: 'Enregistrer une procédure sur ce pourvoi' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Enregistrer une procédure particulière' })).toBeVisible();
  await expect(page.locator('#pourvoi')).toHaveValue(numero);
  await page.locator('#nature').focus();
  await page.locator('#nature').selectOption('qpc');
  await expect(page.getByText('Date de présentation du mémoire distinct')).toBeVisible();
  await page.locator('#date_saisine').fill(parisDate(-2));
  const question = "L'article 1009-1 du code de procédure civile méconnaît-il le droit à un recours effectif ?";
  await page.locator('#objet').fill(question);
  await expectNoViolations(page, 'the registration form');

  // Without its mémoire distinct: refused in French, nothing typed is lost.
  await pressButton(page, 'Enregistrer la procédure');
  await expect(page.getByRole('alert')).toContainText('mémoire distinct et motivé');
  await expect(page.locator('#objet')).toHaveValue(question);
  await page.locator('#memoire_distinct').focus();
  await page.keyboard.press('Space');
  await expect(page.locator('#memoire_distinct')).toBeChecked();
  await pressButton(page, 'Enregistrer la procédure');

  await expect(page.getByRole('heading', { level: 1, name: `Question prioritaire de constitutionnalité n° ${numero}` })).toBeVisible();
  await expect(page.getByText(/QPC soulevée devant la Cour/)).toBeVisible();
  await expect(page.getByText(/art\. 23-5 ord\. n° 58-1067/).first()).toBeVisible();
  const why = page.getByText('Pourquoi cette date');
  await why.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Point de départ/)).toBeVisible();
  await expectNoViolations(page, 'the procedure page');

  await page.locator('#issue').selectOption('non_renvoi');
  await page.locator('#acte').selectOption('arret');
  await page.locator('#date_fin').fill(parisDate());
  await pressButton(page, "Enregistrer l'issue");
  await expect(page.locator('#etat')).toContainText('Terminée');
  await expect(page.locator('#etat')).toContainText('Non-lieu à renvoi au Conseil constitutionnel');
  await expect(page.getByRole('button', { name: "Enregistrer l'issue" })).toHaveCount(0);

  // The dossier lists it; the list counts it.
  await page.getByRole('link', { name: `n° ${numero}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Pourvoi n° ${numero}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Question prioritaire de constitutionnalité' })).toBeVisible();
  await page.goto('/procedures?nature=qpc&toutes=1');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Procédures particulières' })).toBeVisible();
  await expect(page.getByRole('link', { name: numero })).toBeVisible();
  await expectNoViolations(page, 'the procedures list');
});

test('the demo procedures: an avis with its own number, and a magistrat reads without the greffe form', async ({ page }) => {
  await login(page, 'magistrat-siege.cassation@demo.greffe.fr');
  await page.goto('/procedures');
  await waitHydrated(page);
  const avis = page.getByRole('link', { name: `${parisDate().slice(2, 4)}-70.100` });
  await expect(avis).toBeVisible();
  await expect(page.getByRole('link', { name: 'Enregistrer une procédure' })).toHaveCount(0);
  await avis.click();
  await expect(page.getByRole('heading', { level: 1, name: /Demande d'avis n°/ })).toBeVisible();
  await expect(page.getByText(/art\. 1031-3 CPC/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: "Enregistrer l'issue" })).toHaveCount(0);
  await expectNoViolations(page, 'a demande d avis read by a magistrat');
});
