// Security headers and the cross-site request guard.

import { ACCOUNTS, DEMO_PASSWORD, expect, login, test, waitHydrated } from './helpers';

function directives(csp: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values.join(' '));
  }
  return map;
}

function expectStrictCsp(csp: string | undefined): string {
  expect(csp, 'no Content-Security-Policy header').toBeDefined();
  const d = directives(csp!);
  const scriptSrc = d.get('script-src');
  expect(scriptSrc, `no script-src in ${csp}`).toBeDefined();
  expect(scriptSrc).toContain("'nonce-");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  return /'nonce-([^']+)'/.exec(scriptSrc!)![1];
}

test('GET / (signed in) carries a nonce-based CSP and the security headers', async ({ page }) => {
  await login(page, ACCOUNTS.greffierLyon);
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  const headers = response!.headers();

  const nonce = expectStrictCsp(headers['content-security-policy']);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('same-origin');

  // Every script of the page carries this response's nonce, and the page still hydrates
  // under the policy (a CSP violation would also fail the test through the page guard).
  const nonces = await page.evaluate(() =>
    Array.from(document.scripts)
      .filter((s) => s.type === '' || s.type === 'module' || /javascript/i.test(s.type))
      .map((s) => s.nonce),
  );
  expect(nonces.length).toBeGreaterThan(0);
  expect(nonces.every((n) => n === nonce), `script nonces ${JSON.stringify(nonces)} ≠ ${nonce}`).toBe(true);
  await waitHydrated(page);
});

test('the CSP nonce changes with every response', async ({ page }) => {
  const first = await page.request.get('/connexion');
  const second = await page.request.get('/connexion');
  expect(first.headers()['x-content-type-options']).toBe('nosniff');
  const a = expectStrictCsp(first.headers()['content-security-policy']);
  const b = expectStrictCsp(second.headers()['content-security-policy']);
  expect(a).not.toBe(b);
});

test('a cross-site POST is refused', async ({ page, context }) => {
  const form = { email: ACCOUNTS.greffierLyon, password: DEMO_PASSWORD, suivant: '/' };
  const attempts: Record<string, string>[] = [
    { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
    { Origin: 'https://evil.example' },
  ];
  for (const headers of attempts) {
    const response = await page.request.post('/api/connexion', { headers, form, maxRedirects: 0 });
    expect(response.status(), `POST /api/connexion with ${JSON.stringify(headers)}`).toBe(403);
    expect(response.headers()['set-cookie']).toBeUndefined();
  }
  expect((await context.cookies()).length).toBe(0);
});
