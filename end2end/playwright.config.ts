// Browser tests against the release build, on Debian's Chromium (no Playwright browser
// download). The web server is started from the workspace root on a fresh database loaded
// with the demo data: SQLite, or PostgreSQL with E2E_DATABASE=postgres (`make e2e` runs
// both). Build first (`scripts/build.sh ci`, or `release`); GREFFE_BIN names the server
// binary (target/debug/greffe by default: the tests' build). The server's log goes to
// target/e2e-<database>.log, which the tests read (an ERROR line fails the test).

import { defineConfig } from '@playwright/test';
import path from 'node:path';

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATABASE = process.env.E2E_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const LOG = `target/e2e-${DATABASE}.log`;
const BIN = process.env.GREFFE_BIN || './target/debug/greffe';
const PG_DB = 'greffe_e2e';
const SETUP = {
  sqlite: { url: 'sqlite://target/e2e.db?mode=rwc', reset: 'rm -f target/e2e.db*' },
  postgres: {
    url: `postgres://postgres@127.0.0.1:5432/${PG_DB}`,
    reset: `psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)" -c "CREATE DATABASE ${PG_DB}"`,
  },
}[DATABASE];
process.env.E2E_SERVER_LOG = path.resolve(__dirname, '..', LOG);
// Tests that start a server of their own run the same binary.
process.env.GREFFE_BIN = path.resolve(__dirname, '..', BIN);

export default defineConfig({
  testDir: './tests',
  // Whole keyboard-driven hearings take 20 s on an idle 2-core machine, and half as long
  // again when it is loaded; an assertion still waits 10 s at most.
  timeout: 60_000,
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
    command: `sh -c '${SETUP.reset} && ${BIN} seed --profile demo > ${LOG} 2>&1 && exec ${BIN} serve >> ${LOG} 2>&1'`,
    env: {
      GREFFE_DATABASE_URL: SETUP.url,
      GREFFE_LOG: 'info',
      NO_COLOR: '1',
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
