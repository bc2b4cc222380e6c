// Sign-in, sign-out, redirects of protected pages, role checks and the session cookie.

import { ACCOUNTS, atPath, DEMO_PASSWORD, expect, greeting, login, SESSION_COOKIE, submitLogin, test, waitHydrated } from './helpers';

const LOGIN_HEADING = 'Connexion à Greffe';

test('a wrong password shows an alert and stays on the login page', async ({ page, context }) => {
  await page.goto('/connexion');
  await waitHydrated(page);
  // Dedicated account: five failures per account within 15 minutes block it.
  await submitLogin(page, ACCOUNTS.wrongPasswordTarget, 'pas-le-bon-mot-de-passe');

  await expect(page.getByRole('alert')).toContainText('Adresse électronique ou mot de passe incorrect.');
  await expect(page).toHaveURL(atPath('/connexion'));
  await expect(page.getByRole('heading', { level: 1, name: LOGIN_HEADING })).toBeVisible();
  await expect(greeting(page)).toHaveCount(0);
  expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
});

test('the right password leads to the home page', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);

  await expect(greeting(page)).toBeVisible();
  await expect(page.locator('main p.fr-text--lead')).toHaveText(/^Greffier — /);
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
});

test('the session cookie is HttpOnly and SameSite=Strict', async ({ page, context }) => {
  await login(page, ACCOUNTS.greffierLyon);

  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, `no ${SESSION_COOKIE} cookie after login`).toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe('Strict');
  expect(cookie!.path).toBe('/');
  // HttpOnly: page scripts cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
});

test('signing out returns to the login page and closes the session', async ({ page, context }) => {
  await login(page, ACCOUNTS.greffierLyon);

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(atPath('/connexion'));
  await expect(page.getByRole('heading', { level: 1, name: LOGIN_HEADING })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0);
  await expect
    .poll(async () => (await context.cookies()).some((c) => c.name === SESSION_COOKIE && c.value !== ''))
    .toBe(false);

  await page.goto('/');
  await expect(page).toHaveURL(atPath('/connexion'));
  await expect(page.getByRole('heading', { level: 1, name: LOGIN_HEADING })).toBeVisible();
});

test('a protected page sends a visitor to the login page, then back to it', async ({ page }) => {
  await page.goto('/admin/journal');
  await expect(page).toHaveURL(/\/connexion\?suivant=(\/|%2F)admin(\/|%2F)journal$/);
  await waitHydrated(page);

  await submitLogin(page, ACCOUNTS.adminLyon);
  await expect(page).toHaveURL(atPath('/admin/journal'));
  await expect(page.getByRole('heading', { level: 1, name: "Journal d'audit" })).toBeVisible();
});

test('the login redirect target must be a local path', async ({ page }) => {
  await page.goto('/connexion?suivant=' + encodeURIComponent('//evil.example/'));
  await waitHydrated(page);
  await submitLogin(page, ACCOUNTS.adminLyon, DEMO_PASSWORD);

  await expect(page).toHaveURL(atPath('/'));
  await expect(greeting(page)).toBeVisible();
});

test('a greffier cannot open the administration pages', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);

  const response = await page.goto('/admin/utilisateurs');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
  await expect(page.getByText('Votre rôle ne donne pas accès à cette page.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Utilisateurs de la juridiction' })).toHaveCount(0);
});
