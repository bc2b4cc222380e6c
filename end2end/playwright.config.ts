// Browser tests against the release build, on Debian's Chromium (no Playwright browser
// download). The web server is started from the workspace root on a fresh SQLite
// database loaded with the demo data: run `cargo leptos build --release` first (`make e2e`).

import { defineConfig } from '@playwright/test';
import path from 'node:path';

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
  webServer: {
    cwd: path.resolve(__dirname, '..'),
    command:
      "sh -c 'rm -f target/e2e.db* && ./target/release/greffe seed --profile demo && exec ./target/release/greffe serve'",
    env: {
      GREFFE_DATABASE_URL: 'sqlite://target/e2e.db?mode=rwc',
      GREFFE_LISTEN: `127.0.0.1:${PORT}`,
      // Plain HTTP: the session cookie is `greffe_session`, without Secure.
      GREFFE_SECURE_COOKIES: 'false',
    },
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
