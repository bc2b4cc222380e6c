// Every document of an audience composed one by one with a progress bar, then one ZIP made
// in the browser: by keyboard, axe clean, the ZIP holding as many PDFs as announced.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, test, waitHydrated } from './helpers';
import { readFile } from 'node:fs/promises';

test('the documents of an audience are composed with their progress, then offered as one ZIP', async ({ page }) => {
  await login(page, 'greffier.lyon@demo.greffe.fr');
  const audiences: { id: string; prevues: number }[] = await (await page.request.post('/api/mes_audiences')).json();
  const audience = audiences.find((a) => a.prevues > 0) ?? audiences[0];
  await page.goto(`/audiences/${audience.id}`);
  await waitHydrated(page);
  const button = page.getByRole('button', { name: 'Composer tous les documents (PDF) en suivant leur progression' });
  await button.focus();
  await page.keyboard.press('Enter');
  const link = page.locator('#lot-zip');
  await expect(link).toBeVisible({ timeout: 60_000 });
  const label = await page.locator('label[for="lot-progression"]').innerText();
  const [done, total] = label.match(/(\d+) \/ (\d+)/)!.slice(1).map(Number);
  expect(done).toBe(total);
  expect(total).toBeGreaterThanOrEqual(2);
  await expect(link).toHaveText(`Télécharger les ${total} documents composés (ZIP)`);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent('download'), link.focus().then(() => page.keyboard.press('Enter'))]);
  const zip = await readFile(await download.path());
  expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
  // The end of central directory record: its entry count.
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(zip.readUInt16LE(end + 10)).toBe(total);
  expect(download.suggestedFilename()).toBe('documents-audience.zip');
});
