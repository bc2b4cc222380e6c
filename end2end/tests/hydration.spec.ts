// The wasm bundle takes over the server-rendered pages: interactions update the page in
// place, without a reload (a marker set on `window` survives).

import { ACCOUNTS, atPath, expect, login, test, waitHydrated } from './helpers';
import type { Page } from '@playwright/test';

async function setMarker(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __marker?: number }).__marker = 1;
  });
}

async function expectSameDocument(page: Page, url: string): Promise<void> {
  expect(page.url()).toBe(url);
  expect(
    await page.evaluate(() => (window as unknown as { __marker?: number }).__marker),
    'the page was reloaded: the marker set on window is gone',
  ).toBe(1);
}

test('"Afficher le mot de passe" reveals the password without a reload', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);
  const url = page.url();
  await setMarker(page);

  const password = page.locator('#password');
  const toggle = page.locator('#password-show');
  await expect(password).toHaveAttribute('type', 'password');
  await expect(toggle).not.toBeChecked();

  // The DSFR checkbox is drawn by its label; click what the user sees.
  await page.locator('label[for="password-show"]').click();
  await expect(toggle).toBeChecked();
  await expect(password).toHaveAttribute('type', 'text');

  await page.locator('label[for="password-show"]').click();
  await expect(toggle).not.toBeChecked();
  await expect(password).toHaveAttribute('type', 'password');

  await expectSameDocument(page, url);
});

test('"Filtrer les comptes" hides the accounts that do not match, without a reload', async ({ page }) => {
  await login(page, ACCOUNTS.adminLyon);
  await page.goto('/admin/utilisateurs');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs de la juridiction' })).toBeVisible();
  const url = page.url();
  await setMarker(page);

  const rows = page.locator('table tbody tr');
  const visibleRows = page.locator('table tbody tr:visible');
  const total = await rows.count();
  expect(total, 'the demo juridiction should list several accounts').toBeGreaterThan(1);
  await expect(visibleRows).toHaveCount(total);

  const greffierRow = rows.filter({ hasText: 'greffier.lyon@demo.greffe.fr' });
  const adminRow = rows.filter({ hasText: 'admin.lyon@demo.greffe.fr' });
  const filter = page.getByLabel('Filtrer les comptes');
  await filter.pressSequentially('greffier');

  await expect(adminRow).toHaveClass(/\bgreffe-hidden\b/);
  await expect(adminRow).toBeHidden();
  await expect(greffierRow).toBeVisible();
  await expect(greffierRow).not.toHaveClass(/\bgreffe-hidden\b/);
  await expect.poll(() => visibleRows.count()).toBeLessThan(total);
  await expect.poll(() => visibleRows.count()).toBeGreaterThan(0);

  await filter.fill('');
  await expect(visibleRows).toHaveCount(total);

  await expectSameDocument(page, url);
});

test('the main menu navigates on the client side', async ({ page }) => {
  await login(page, ACCOUNTS.adminLyon);
  await setMarker(page);

  const menu = page.getByRole('navigation', { name: 'Menu principal' });
  await menu.getByRole('link', { name: "Journal d'audit" }).click();
  await expect(page).toHaveURL(atPath('/admin/journal'));
  await expect(page.getByRole('heading', { level: 1, name: "Journal d'audit" })).toBeVisible();
  await expect(menu.getByRole('link', { name: "Journal d'audit" })).toHaveAttribute('aria-current', 'page');
  await expect(menu.getByRole('link', { name: 'Accueil' })).not.toHaveAttribute('aria-current', 'page');

  await expectSameDocument(page, page.url());
});

// The bundle is split by room; a room never fetched cannot load while the network is down
// (nothing was kept offline: no audience prepared). The app says so and keeps running.
test('a page whose code cannot be fetched offline: a notice, the app still running, then the page once back', async ({
  page,
  context,
}) => {
  await login(page, ACCOUNTS.greffierLyon);
  await setMarker(page);
  const menu = page.getByRole('navigation', { name: 'Menu principal' });

  await context.setOffline(true);
  await menu.getByRole('link', { name: 'Audiences' }).click();
  await expect(page).toHaveURL(atPath('/audiences'));
  await expect(page.getByRole('heading', { level: 1, name: 'Page indisponible' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText("n'est pas encore gardée dans ce navigateur");
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'toujours injoignable' })).toBeVisible();
  // Still the same running app: a page already loaded opens on the client side.
  await menu.getByRole('link', { name: 'Accueil' }).click();
  await expect(page).toHaveURL(atPath('/'));
  await expectSameDocument(page, page.url());

  await menu.getByRole('link', { name: 'Audiences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Page indisponible' })).toBeVisible();
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audiences' })).toBeVisible();
  await waitHydrated(page);
});
