// The greffier's hearing day in the browser: create an audience, import its rôle, reorder it,
// record a decision and a renvoi with the keyboard, watch the progress bar, take the note
// d'audience, and meet a concurrent edit. Each test works on its own new audience.

import { ACCOUNTS, expect, hydrationProbe, login, parisDate, test, waitHydrated } from './helpers';
import { HEADER, createAudience, expectNoViolations, importRole, nextDate, roleCsv, roleRows, tabTo } from './hearing-helpers';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';

test('a 30-affaire rôle is imported after a dry run, and a bad file is refused line by line', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await expectNoViolations(page, 'an empty audience');

  // A bad file first: every bad line is listed and nothing is written.
  await page.getByRole('link', { name: 'Importer un rôle' }).click();
  await waitHydrated(page);
  const bad = HEADER + '26/1;1;X;Y;31/02/1990;libre;COPJ;CMP;11886;;\n26/2;2;X;Y;;libre;COPJ;CMP;99999999;;\n';
  await page.locator('#contenu-role').fill(bad);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await expect(page.getByRole('heading', { name: /2 ligne\(s\) en erreur/ })).toBeVisible();
  const errors = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Erreurs par ligne' }) });
  await expect(errors.locator('tbody tr')).toHaveCount(2);
  await expect(errors.locator('tbody tr').nth(0)).toContainText('2');
  await expect(errors.locator('tbody tr').nth(0)).toContainText('date de naissance');
  await expect(errors.locator('tbody tr').nth(1)).toContainText('NATINF');
  await expectNoViolations(page, 'the import page with errors');
  await page.getByRole('link', { name: "Retour à l'audience" }).click();
  await expect(roleRows(page)).toHaveCount(0);

  await importRole(page, path, roleCsv(30, 500000));
  await expect(roleRows(page)).toHaveCount(30);
  await expect(page.getByRole('status').filter({ hasText: 'Avancement : 0 %' })).toBeVisible();
  await expectNoViolations(page, 'an audience with its rôle');
});

test('the rôle is reordered with the keyboard', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(3, 510000));
  await expect(roleRows(page).nth(0)).toContainText('26/510000');
  const down = page.getByRole('button', { name: "Descendre l'affaire 26/510000" });
  await tabTo(page, down);
  await page.keyboard.press('Enter');
  await expect(roleRows(page).nth(0)).toContainText('26/510001');
  await expect(roleRows(page).nth(1)).toContainText('26/510000');
});

test('a hearing driven with the keyboard: decision, renvoi, progress and note', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(2, 520000));

  // Call the first affaire.
  await tabTo(page, page.getByRole('link', { name: 'Appeler la prochaine affaire' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/520000/ })).toBeVisible();
  await expectNoViolations(page, 'an affaire to judge');

  // Standard condamnation: 6 mois avec sursis + 500 € d'amende, keyboard only.
  await tabTo(page, page.getByRole('button', { name: 'Emprisonnement avec sursis' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Emprisonnement avec sursis — Durée (mois)')).toBeFocused();
  await page.keyboard.type('6');
  await tabTo(page, page.getByRole('button', { name: 'Amende', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Amende — Montant (€)')).toBeFocused();
  await page.keyboard.type('500');
  await tabTo(page, page.getByRole('button', { name: 'Enregistrer la décision' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Décision enregistrée.')).toBeVisible();
  await expect(page.getByText(/état : Jugée/)).toBeVisible();
  // The hearing's progress bar, on the affaire's screen too, moved.
  await expect(page.getByRole('status').filter({ hasText: 'Avancement : 50 %' })).toBeVisible();

  // The note d'audience saves itself and survives a reload.
  const note = page.locator('#note-audience');
  await tabTo(page, note);
  await page.keyboard.press('Alt+1');
  await page.keyboard.type('Le prévenu est présent.');
  await expect(page.locator('#note-etat')).toHaveText(/Enregistrée \(version \d+\)/);
  await page.reload();
  await waitHydrated(page);
  await expect(page.locator('#note-audience')).toHaveValue(/Appel de la cause\.\nLe prévenu est présent\./);

  // Next affaire: renvoi.
  await tabTo(page, page.getByRole('link', { name: /^Affaire suivante/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/520001/ })).toBeVisible();
  await tabTo(page, page.locator('#renvoi-motif'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, page.locator('#renvoi-date'));
  await page.locator('#renvoi-date').fill(parisDate(400));
  await tabTo(page, page.getByRole('button', { name: "Renvoyer l'affaire" }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Affaire renvoyée/)).toBeVisible();

  // Back on the audience: one judged, one adjourned, 100 %.
  await page.goto(path);
  await waitHydrated(page);
  await expect(page.getByRole('status').filter({ hasText: 'Avancement : 100 %' })).toContainText('1 jugée(s), 1 renvoyée(s), 0 restante(s)');
});

async function openAs(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.addInitScript(hydrationProbe);
  // This page is outside the fixture's guard: its errors are printed, to explain a failure.
  page.on('pageerror', (e) => console.log(`second greffier's page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`second greffier's console: ${m.text()}`);
  });
  await login(page, ACCOUNTS.greffierLyon);
  await page.goto(url);
  await waitHydrated(page);
  return page;
}

test('two greffiers on the same affaire: the second sees the conflict and both versions', async ({ page, browser }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(1, 530000));
  await roleRows(page).nth(0).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/530000/ })).toBeVisible();
  const url = page.url();
  const other = await openAs(browser, url);

  await page.getByRole('button', { name: 'Amende', exact: true }).click();
  await page.getByLabel('Amende — Montant (€)').fill('300');
  await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await expect(page.getByText('Décision enregistrée.')).toBeVisible();

  await other.getByRole('button', { name: 'Jours-amende' }).click();
  await expect(other.getByLabel('Jours-amende — Nombre de jours')).toBeVisible();
  await other.getByLabel('Jours-amende — Nombre de jours').fill('20');
  await other.getByLabel('Jours-amende — Montant par jour (€)').fill('15');
  await other.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await expect(other.getByRole('heading', { name: 'Version enregistrée par ailleurs' })).toBeVisible();
  await expect(other.getByText(/300 € d'amende/)).toBeVisible();
  // What the second greffier typed is still there, and can be saved deliberately.
  await expect(other.getByLabel('Jours-amende — Nombre de jours')).toHaveValue('20');
  await other.getByRole('button', { name: 'Enregistrer ma version' }).click();
  await expect(other.getByText('Décision enregistrée.')).toBeVisible();
  await other.context().close();
});

test('audience pages pass axe', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  await page.goto('/audiences');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Audiences' })).toBeVisible();
  await expectNoViolations(page, 'the audience list');
  // A period chosen (sent with Enter): the list and its caption follow; an inverted one is
  // refused in French.
  const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const french = (d: string) => d.split('-').reverse().join('/');
  await page.getByLabel('Du', { exact: true }).fill(iso(-30));
  await page.getByLabel('Au', { exact: true }).fill(iso(60));
  await page.getByLabel('Au', { exact: true }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`du=${iso(-30)}&au=${iso(60)}`));
  await expect(page.getByText(`Audiences du ${french(iso(-30))} au ${french(iso(60))}`)).toBeAttached();
  await page.goto(`/audiences?du=${iso(0)}&au=${iso(-1)}`);
  await waitHydrated(page);
  await expect(page.getByRole('alert')).toContainText('La fin de la période précède son début.');
  await expectNoViolations(page, 'the audience list with a refused period');
  await page.goto('/audiences/nouvelle');
  await waitHydrated(page);
  await page.getByRole('button', { name: "Créer l'audience" }).click();
  await expect(page.getByRole('alert')).toContainText('Date invalide');
  await expectNoViolations(page, 'the audience form with an error');
});

test('preparing an affaire: presence, infraction from NATINF, partie civile, chrono', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const path = await createAudience(page);
  await importRole(page, path, roleCsv(1, 540000));
  await page.getByRole('button', { name: "Ouvrir l'audience" }).click();
  await expect(page.getByRole('button', { name: "Suspendre l'audience" })).toBeVisible();
  await page.getByRole('button', { name: "Suspendre l'audience" }).click();
  await expect(page.getByText(/^Suspendue depuis le/)).toBeVisible();
  await page.getByRole('button', { name: "Reprendre l'audience" }).click();
  await expect(page.getByText(/^Suspension du .* au /)).toBeVisible();

  await roleRows(page).nth(0).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Affaire 26\/540000/ })).toBeVisible();
  await page.getByRole('button', { name: 'Absent', exact: true }).click();
  await expect(page.getByText('Présence : Absent')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Absent', exact: true })).toHaveAttribute('aria-pressed', 'true');

  await page.locator('#pc-nom').fill('SNCF');
  await page.locator('#pc-avocat').fill('Me Noir');
  await page.getByRole('button', { name: 'Ajouter la partie civile' }).click();
  await expect(page.getByText('SNCF (avocat : Me Noir)')).toBeVisible();

  await page.getByText(/^Modifier NOM540000/).click();
  const code = page.getByLabel(/^Code NATINF/);
  await code.fill('11371');
  await page.getByRole('button', { name: "Ajouter l'infraction" }).click();
  await expect(page.getByText(/NATINF 11371 — /)).toBeVisible();
  await expectNoViolations(page, 'an affaire being prepared');
});

test('the documents of a hearing download as PDF and ODT, from the keyboard', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const request = page.context().request;
  const form = {
    date: nextDate(), heure_debut: '09:00', chambre: '10e chambre correctionnelle', formation: 'juge_unique',
    president: 'Mme Présidente', assesseurs: '', ministere_public: 'M. Substitut', greffier: 'Mme Greffière',
    prevues: '2', maximum: '10', duree_estimee_min: '60',
  };
  const id: string = await (await request.post('/api/audience_creer', { data: { form } })).json();
  const imported = await request.post('/api/role_importer', {
    data: { audience_id: id, format: 'csv', contenu: roleCsv(2, 940000), confirmer: true },
  });
  expect(imported.ok()).toBe(true);
  const audience = await (await request.post('/api/audience', { data: { id } })).json();
  const affaire = await (await request.post('/api/affaire', { data: { id: audience.affaires[0].id } })).json();
  const prevenu = affaire.prevenus[0];
  const decided = await request.post('/api/decision_enregistrer', {
    data: {
      affaire_id: affaire.id, version: affaire.version, prevenu_id: prevenu.id,
      decision: {
        preventions: prevenu.infractions.map((i: { id: string }) => [i.id, { type: 'culpabilite' }]),
        sanction: 'condamnation', peines: [{ type: 'emprisonnement_sursis', mois: 6 }], mandat_de_depot: false,
        execution_provisoire: false, interets_civils: [], nature: 'C',
      },
    },
  });
  expect(decided.ok(), await decided.text()).toBe(true);

  // The audience's notes, reached with Tab and opened with Enter.
  await page.goto(`/audiences/${id}`);
  await waitHydrated(page);
  const notes = page.getByRole('link', { name: "Notes d'audience (PDF)" });
  await tabTo(page, notes);
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(pdf.suggestedFilename()).toBe(`notes-audience-${form.date}.pdf`);
  expect((await readFile(await pdf.path())).subarray(0, 5).toString()).toBe('%PDF-');
  const [odt] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: "Rôle de l'audience (ODT)" }).click(),
  ]);
  expect((await readFile(await odt.path())).subarray(30, 38).toString()).toBe('mimetype');
  await expectNoViolations(page, 'the audience with its documents');

  // The judged affaire offers its jugement and the condamné's extrait.
  await page.goto(`/affaires/${affaire.id}`);
  await waitHydrated(page);
  await expect(page.getByRole('link', { name: 'Jugement (PDF)' })).toBeVisible();
  const [extrait] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: new RegExp(`^Extrait pour exécution — ${prevenu.nom} .*\\(PDF\\)$`) }).click(),
  ]);
  expect(extrait.suggestedFilename()).toMatch(/^extrait-26-940000-nom940000\.pdf$/);
  await expectNoViolations(page, 'the affaire with its documents');
});
