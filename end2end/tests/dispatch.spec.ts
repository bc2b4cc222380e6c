// Cour de cassation: the notification of an arrêt prepared from the dossier for each party
// and avocat, then put on a bordereau with its date and mode — with the keyboard, axe clean.

import AxeBuilder from '@axe-core/playwright';
import { expect, login, parisDate, test, waitHydrated } from './helpers';
import type { Page } from '@playwright/test';

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}

async function pressButton(page: Page, name: string | RegExp): Promise<void> {
  const button = page.getByRole('button', { name });
  await button.focus();
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
}

test('the notification of an arrêt is prepared, and sent on a bordereau', async ({ page }) => {
  const yy = parisDate().slice(2, 4);
  const numero = `${yy}-95.${String(Date.now() % 1000).padStart(3, '0')}`;
  await login(page, 'greffier.cassation@demo.greffe.fr');
  const created = await page.request.post('/api/pourvoi_enregistrer', {
    data: {
      form: {
        numero, matiere: 'civil', date_pourvoi: parisDate(-30), decision_juridiction: "Cour d'appel de Lyon",
        decision_date: parisDate(-60), decision_numero: '24/00999', demandeur: 'M. Łukasz WÓJCIK',
        defendeur: 'Mme Đặng Thị Hương', avocats: 'SCP Ionescu; SCP Παπαδόπουλος', detenu: false,
      },
    },
  });
  expect(created.ok()).toBe(true);
  const id: string = await created.json();
  const p = await (await page.request.post('/api/pourvoi', { data: { id } })).json();
  const arret = await page.request.post('/api/pourvoi_arret', {
    data: { id, version: p.version, form: { solution: 'rejet', date_arret: parisDate(), formation: 'fs' } },
  });
  expect(arret.ok()).toBe(true);

  await page.goto(`/pourvois/${id}`);
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Avis et notifications' })).toBeVisible();
  await pressButton(page, "Préparer : Notification de l'arrêt");
  await expect(page.getByText('4 envoi(s) préparé(s)')).toBeVisible();
  const table = page.getByRole('table', { name: 'Avis et notifications de ce dossier' });
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(table).toContainText('SCP Παπαδόπουλος');
  await expect(table).toContainText("en attente d'envoi");
  await expectNoViolations(page, 'the dossier with its notifications');

  // Each letter is printed (issued with its code) before it leaves.
  const envois = await (await page.request.post('/api/envois', { data: { objet: id } })).json();
  for (const e of envois.a_envoyer.filter((e: { destinataire: string }) => e.destinataire.startsWith('SCP'))) {
    const letter = await page.request.get(`/documents/notification?id=${e.id}&format=pdf`);
    expect(letter.ok()).toBe(true);
  }
  const link = page.getByRole('link', { name: 'Tous les envois et les bordereaux' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Avis et envois' })).toBeVisible();
  await waitHydrated(page);
  await expectNoViolations(page, 'the dispatches');
  for (const who of ['SCP Ionescu', 'SCP Παπαδόπουλος']) {
    const box = page.getByRole('checkbox', { name: `Porter sur le bordereau : Notification de l'arrêt à ${who} (${numero})` });
    await box.focus();
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  await page.locator('#bordereau-mode').focus();
  await page.locator('#bordereau-mode').selectOption('electronique');
  await pressButton(page, 'Établir le bordereau des 2 envoi(s) coché(s)');
  await expect(page.getByText(/Bordereau n° \d{4}-\d{4} établi/)).toBeVisible();
  const sent = page.getByRole('table', { name: 'Envois effectués (les 200 derniers)' });
  await expect(sent.getByRole('row').filter({ hasText: numero })).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Envois en attente' }).getByRole('row').filter({ hasText: numero })).toHaveCount(2);
  await expectNoViolations(page, 'after a bordereau');
});
