// Automated accessibility checks (axe-core, WCAG 2.0/2.1 A and AA) of every page and role.

import AxeBuilder from '@axe-core/playwright';
import { ACCOUNTS, expect, greeting, login, submitLogin, test, waitHydrated } from './helpers';
import type { Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const report = violations
    .map(
      (v) =>
        `- ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ' — ' + n.failureSummary.replace(/\s+/g, ' ') : ''}`)
          .join('\n'),
    )
    .join('\n');
  expect(
    violations.map((v) => v.id),
    `axe found ${violations.length} violation(s) on ${what} (${page.url()}):\n${report}`,
  ).toEqual([]);
}

test('/connexion (visitor)', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion à Greffe' })).toBeVisible();
  await expectNoViolations(page, 'the login page');
});

test('/connexion with the error alert', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);
  await submitLogin(page, ACCOUNTS.wrongPasswordTarget, 'pas-le-bon-mot-de-passe');
  await expect(page.getByRole('alert')).toBeVisible();
  await expectNoViolations(page, 'the login page with its error');
});

for (const [role, email] of [
  ['greffier', ACCOUNTS.greffierLyon],
  ['magistrat du siège', ACCOUNTS.magistratSiegeCassation],
  ['DSGJ', ACCOUNTS.dsgjLyon],
  ['administrateur', ACCOUNTS.adminLyon],
] as const) {
  test(`/ as ${role} (${email})`, async ({ page }) => {
    await login(page, email);
    await page.goto('/');
    await waitHydrated(page);
    await expect(greeting(page)).toBeVisible();
    await expectNoViolations(page, `the home page of ${email}`);
  });
}

test('/admin/utilisateurs (admin)', async ({ page }) => {
  await login(page, ACCOUNTS.adminLyon);
  await page.goto('/admin/utilisateurs');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs de la juridiction' })).toBeVisible();
  await expect(page.locator('table caption')).toContainText('compte(s)');
  await expectNoViolations(page, 'the accounts page');
});

test('/admin/journal (admin)', async ({ page }) => {
  await login(page, ACCOUNTS.adminLyon);
  await page.goto('/admin/journal');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: "Journal d'audit" })).toBeVisible();
  await expect(page.locator('table caption')).toContainText('évènement(s)');
  await expectNoViolations(page, 'the audit log');
});

test('/accessibilite', async ({ page }) => {
  await page.goto('/accessibilite');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: "Déclaration d'accessibilité" })).toBeVisible();
  await expectNoViolations(page, 'the accessibility statement');
});

test('404 page', async ({ page }) => {
  const response = await page.goto('/nexiste-pas');
  expect(response?.status()).toBe(404);
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expectNoViolations(page, 'the not-found page');
});

test('"Accès refusé" page', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const response = await page.goto('/admin/utilisateurs');
  expect(response?.status()).toBe(403);
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
  await expectNoViolations(page, 'the access-denied page');
});
