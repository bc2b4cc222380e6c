// Keyboard only: skip link, login form, password toggle.

import { ACCOUNTS, atPath, DEMO_PASSWORD, expect, greeting, test, waitHydrated } from './helpers';
import type { Locator } from '@playwright/test';

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

test('the first Tab reaches the "Contenu" skip link, which leads to the main content', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Contenu', exact: true });
  await expect(skip).toBeFocused();
  await expect(skip).toHaveAttribute('href', '#contenu');
  await expect(skip).toBeVisible();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#contenu$/);
  await expect(page.locator('#contenu')).toBeInViewport();
  // Focus (or at least the sequential navigation starting point) moved to <main>: the
  // next Tab reaches the first field of the form, not the next skip link.
  await page.keyboard.press('Tab');
  await expect(page.locator('#email'), 'after the skip link, Tab should reach the first field of <main id="contenu">').toBeFocused();
});

test('signing in with the keyboard only', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);

  const email = page.locator('#email');
  for (let i = 0; i < 30 && !(await isFocused(email)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(email).toBeFocused();
  await page.keyboard.type(ACCOUNTS.greffierLyon);

  await page.keyboard.press('Tab');
  await expect(page.locator('#password')).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(atPath('/'));
  await expect(greeting(page)).toBeVisible();
});

test('the password toggle is reachable and operable with the keyboard', async ({ page }) => {
  await page.goto('/connexion');
  await waitHydrated(page);

  await page.locator('#password').focus();
  await page.keyboard.type('secret');
  await page.keyboard.press('Tab');
  const toggle = page.locator('#password-show');
  await expect(toggle).toBeFocused();

  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  await expect(page.locator('#password')).toHaveAttribute('type', 'text');
  await expect(page.locator('#password')).toHaveValue('secret');
});
