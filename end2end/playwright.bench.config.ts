// Browser benchmarks (`make bench`): the same server and browser as the test suite, figures
// printed, no timing asserted.

import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 300_000,
});
