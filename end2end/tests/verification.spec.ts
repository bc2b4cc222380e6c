// Anyone holding a document checks it at /verification: by its code, and — the browser
// computing the file's SHA-256 — whether the copy in hand is the one delivered.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, preparePage, test, waitHydrated } from './helpers';
import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}

test('a copy is checked by its code and its file, by a visitor, with the keyboard', async ({ page, browser }, info) => {
  await login(page, 'greffier.cassation@demo.greffe.fr');
  const res = await page.request.get(
    "/documents/certificat-non-pourvoi?juridiction=Cour%20d%27appel%20de%20Lyon&date=2026-01-15&numero=25%2F00007&format=pdf",
  );
  expect(res.ok()).toBe(true);
  const code = res.headers()['x-greffe-code'];
  expect(code).toMatch(/^GRF-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const bytes = await res.body();
  const genuine = info.outputPath('certificat.pdf');
  await writeFile(genuine, bytes);
  const altered = info.outputPath('certificat-modifie.pdf');
  const copy = Buffer.from(bytes);
  copy[copy.length - 20] ^= 1;
  await writeFile(altered, copy);

  // A visitor, signed in nowhere.
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await preparePage(visitor);
  await visitor.goto(new URL('/verification', page.url()).toString());
  await waitHydrated(visitor);
  await expect(visitor.getByRole('heading', { level: 1, name: 'Vérifier un document délivré par Greffe' })).toBeVisible();
  await expectNoViolations(visitor, 'the verification form');
  await visitor.locator('#code').focus();
  await visitor.keyboard.type(code.toLowerCase());
  await visitor.locator('#fichier-verifie').setInputFiles(genuine);
  await expect(visitor.locator('#empreinte')).toHaveValue(/^[0-9a-f]{64}$/);
  const genuineHash = await visitor.locator('#empreinte').inputValue();
  const check = visitor.getByRole('button', { name: 'Vérifier' });
  await check.focus();
  await visitor.keyboard.press('Enter');
  await expect(visitor.locator('#verification')).toContainText('Document authentique');
  await expect(visitor.locator('#verification')).toContainText('Certificat de non-pourvoi');
  await expect(visitor.locator('#verification')).toContainText('Cour de cassation');
  await expectNoViolations(visitor, 'a genuine copy');

  await visitor.locator('#fichier-verifie').setInputFiles(altered);
  await expect(visitor.locator('#empreinte')).not.toHaveValue(genuineHash);
  await expect(visitor.locator('#empreinte')).toHaveValue(/^[0-9a-f]{64}$/);
  await check.focus();
  await visitor.keyboard.press('Enter');
  await expect(visitor.locator('#verification')).toContainText('ne correspond pas');

  await visitor.locator('#code').fill('GRF-0000-0000-0000-0000');
  await visitor.locator('#empreinte').fill('');
  await check.focus();
  await visitor.keyboard.press('Enter');
  await expect(visitor.locator('#verification')).toContainText('Aucun document délivré sous ce code');
  await context.close();
});
