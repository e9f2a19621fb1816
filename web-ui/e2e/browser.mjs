// Shared pieces of the browser scenarios: Debian's Chromium driven by playwright-core (never a downloaded browser),
// numbered steps with timings, screenshots as test artefacts.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Launches headless Chromium with a fresh profile; returns {browser, page, close}. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'gammavo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1366, height: 800 }, // a laptop screen
    acceptDownloads: true,
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location()?.url || '?'})`); });
  return {
    context, page, problems,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs named steps in order, printing one line each; the first failure stops the scenario with exit code 1. */
export function steps(screenshotDir, page) {
  mkdirSync(screenshotDir, { recursive: true });
  let n = 0;
  return {
    async step(name, fn) {
      n++;
      const t0 = Date.now();
      try {
        await fn();
        console.log(`ok ${n} - ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        console.log(`not ok ${n} - ${name} (${Date.now() - t0} ms)\n  ${String(e.stack || e).split('\n').slice(0, 6).join('\n  ')}`);
        await page.screenshot({ path: join(screenshotDir, `failed-step-${n}.png`), fullPage: true }).catch(() => {});
        throw e;
      }
    },
    async shot(name, opts = {}) {
      const path = join(screenshotDir, `${name}.png`);
      await (opts.locator || page).screenshot({ path, ...(opts.locator ? {} : { fullPage: !!opts.fullPage }) });
      console.log(`# screenshot ${path}`);
    },
    count: () => n,
  };
}

/**
 * Answers the sign-in dialog. The password lives in the page's memory only, so every full page load (page.goto, a
 * reload) of a private page asks again.
 */
export async function signIn(page, user = 'alice') {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: 15000 });
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(user);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText('Signed in as').waitFor({ timeout: 15000 });
}

export const CRAB_RUNS = ['23523', '23526', '23559', '23592'];
export const did = id => `ivo://gammavo.org/hess-dl3-dr1?${id}`;

/** Name → type-ahead → Search: leaves the page with results for Crab. */
export async function searchCrab(page, step, base) {
  await step('the app loads at /', async () => {
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.getByRole('heading', { name: 'Find observations' }).waitFor();
  });
  await step('type-ahead suggests the Crab from the resolver', async () => {
    await page.getByLabel('Object name').pressSequentially('Cra', { delay: 40 });
    await page.getByRole('option', { name: /^Crab/ }).first().waitFor({ timeout: 15000 });
  });
  await step('choosing the suggestion with the keyboard resolves it to a position with its catalogue', async () => {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    if (await page.getByLabel('Object name').inputValue() !== 'Crab') throw new Error('suggestion not taken');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#resolved', { hasText: 'Crab Nebula' }).waitFor({ timeout: 20000 });
    const text = await page.locator('#resolved').innerText();
    if (!/RA 83\.6\d*°, Dec 22\.0\d*°/.test(text) || !/from /.test(text)) throw new Error(`resolved as: ${text}`);
  });
  await step('the four H.E.S.S. Crab runs are among the results', async () => {
    await page.locator('table.results-table tbody tr').first().waitFor({ timeout: 60000 });
    for (const id of CRAB_RUNS) await page.locator(`tr[data-key="${did(id)}"]`).waitFor({ timeout: 5000 });
    const summary = await page.locator('.summary').innerText();
    if (!/\d+ rows?/.test(summary)) throw new Error(`no count shown: ${summary}`);
  });
}
