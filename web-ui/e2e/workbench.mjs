// Browser scenario 4, issue #19's "done when": without a SAMP hub the send button says so; alice signs in on the real
// Keycloak page, runs a query, finds it in her history, reruns it (row counts compared), adds rows from two searches to
// the basket (which survives a reload), shows it on the sky and time plots, downloads it, sends it and a result table
// over SAMP to a client of a real hub (astropy's, Web Profile) that loads them, starts an analysis from the basket and
// signs out; bob then sees none of her history, jobs or basket.
// Usage: node e2e/workbench.mjs <baseUrl> <screenshotDir>   (needs /usr/bin/python3 with astropy, port 21012 free)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { launch, steps, CRAB_RUNS, did } from './browser.mjs';

const [base = 'http://localhost:8080', shots = 'target/e2e-screenshots'] = process.argv.slice(2);
const PYTHON = process.env.SAMP_PYTHON || '/usr/bin/python3';
const b = await launch();
const { page } = b;
const s = steps(shots, page);
const origin = new URL(base).origin;

/** The hub and its client: lines READY / REGISTER / RECEIVED {json}. */
function startHub() {
  const proc = spawn(PYTHON, [new URL('./samp_hub.py', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiters = [];
  const onLine = line => {
    lines.push(line);
    for (const w of [...waiters]) if (w.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
  };
  createInterface({ input: proc.stdout }).on('line', onLine);
  createInterface({ input: proc.stderr }).on('line', l => lines.push(`stderr: ${l}`));
  proc.on('exit', code => onLine(`EXIT ${code}`));
  return {
    proc, lines,
    /** The next line matching `re` (or one already seen after `from`), within `ms`. */
    next(re, ms = 30000, from = 0) {
      const seen = lines.slice(from).find(l => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { test: l => re.test(l) || /^EXIT|^FAILED/.test(l), resolve: l => (/^EXIT|^FAILED/.test(l) && !re.test(l)
          ? reject(new Error(`SAMP hub: ${l}\n${lines.join('\n')}`)) : resolve(l)) };
        waiters.push(w);
        setTimeout(() => reject(new Error(`SAMP hub: no ${re} within ${ms} ms:\n${lines.join('\n')}`)), ms);
      });
    },
  };
}

async function signInAtIssuer(user, name) {
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.locator('#signin-oidc').click();
  await page.locator('#username').waitFor({ timeout: 30000 });
  if (new URL(page.url()).origin === origin) throw new Error('not on the issuer’s page');
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(user);
  await page.locator('#kc-login').click();
  await page.waitForURL(u => u.origin === origin && !u.search.includes('code='), { timeout: 30000 });
  await page.locator('#user', { hasText: `Signed in as ${name}` }).waitFor({ timeout: 30000 });
}

/** Runs the search form for Crab with a radius; returns the row count shown. */
async function searchCrab(radius) {
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  const name = page.getByLabel('Object name');
  await name.fill('');
  await name.pressSequentially('Crab', { delay: 20 });
  await page.getByLabel('Radius (deg)').fill(String(radius));
  const replace = page.getByRole('button', { name: 'Replace with the query from the form' });
  if (await replace.isVisible()) await replace.click();
  // the user's search asks MAXREC=500 (the filters and the column metadata ask other limits)
  const answered = page.waitForResponse(r => r.url().endsWith('/tap/sync') && /MAXREC=500/.test(r.request().postData() || ''),
    { timeout: 90000 });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await answered;
  await page.locator('#resolved', { hasText: 'Crab Nebula' }).waitFor({ timeout: 20000 });
  await page.locator(`tr[data-key="${did(CRAB_RUNS[0])}"]`).waitFor({ timeout: 60000 });
  const adql = await page.getByLabel(/^ADQL/).inputValue();
  if (!adql.includes(`, ${radius}))`)) throw new Error(`radius ${radius} not in the ADQL:\n${adql}`);
  return Number((await page.locator('.summary').innerText()).match(/(\d+) rows?/)[1]);
}

/** Opens the history until it lists `n` entries containing `text` (tap-service writes one just after its response). */
async function openHistory(text, n) {
  const rows = page.locator('table.history-table tbody tr', { hasText: text });
  for (let i = 0; i < 20; i++) {
    await page.getByRole('link', { name: 'History' }).click();
    await page.locator('section.history h2').waitFor();
    await page.locator('section.history .busy').waitFor({ state: 'detached', timeout: 30000 });
    if (await rows.count() >= n) return rows;
    await page.waitForTimeout(500);
  }
  throw new Error(`the history does not list ${n} × “${text}”: ${await page.locator('section.history').innerText()}`);
}

const basketRows = () => page.locator('table.basket-table tbody tr');
let hub;
try {
  await s.step('without a SAMP hub, the send button says that none is running', async () => {
    await page.goto(base + '/', { waitUntil: 'load' });
    await searchCrab(2); // 2°: told apart from alice's 3° query below
    const before = b.problems.length;
    await page.locator('#result-samp').click();
    await page.locator('#result-samp', { hasText: 'No SAMP hub running' }).waitFor({ timeout: 20000 });
    await page.locator('.samp-status', { hasText: 'No SAMP hub is running' }).waitFor();
    // The refused connection to localhost:21012 is what the browser logs for a hub that is not there.
    b.problems.splice(before, b.problems.length - before, ...b.problems.slice(before).filter(p => !/ERR_CONNECTION_REFUSED/.test(p)));
  });

  await s.step('an anonymous user’s query is in the history, kept in this browser', async () => {
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByText('kept in this browser only').waitFor({ timeout: 15000 });
    await page.locator('table.history-table tbody tr', { hasText: ', 2))' }).first().waitFor();
  });

  await s.step('a real SAMP hub (astropy, Web Profile) and a table-loading client start', async () => {
    hub = startHub();
    await hub.next(/^READY/, 60000);
  });

  await s.step('alice signs in on the Keycloak login page', async () => {
    await signInAtIssuer('alice', 'Alice Astronomer');
  });

  let rows;
  await s.step('she runs a query (as herself: tap-service records it)', async () => {
    const recorded = page.waitForResponse(r => r.url().endsWith('/tap/sync') && r.request().method() === 'POST'
      && /^Bearer /.test(r.request().headers().authorization || ''), { timeout: 60000 });
    rows = await searchCrab(3);
    await recorded;
  });

  await s.step('she finds it in her history with its row count, and not the anonymous one', async () => {
    const entry = (await openHistory(', 3))', 1)).first();
    await page.getByText('Queries of alice').waitFor({ timeout: 15000 });
    const text = await entry.innerText();
    if (!text.includes(`${rows} rows`) || !/sync/.test(text) || !/first run/.test(text)) throw new Error(`entry: ${text}`);
    if (await page.locator('table.history-table tbody tr', { hasText: ', 2))' }).count()) {
      throw new Error('the anonymous query must not be in alice’s history');
    }
  });

  await s.step('rerun from the history compares the row count with the earlier run', async () => {
    await page.locator('table.history-table tbody tr', { hasText: ', 3))' }).first().getByRole('button', { name: 'Rerun' }).click();
    await page.locator('#rerun-compare', { hasText: `${rows} rows now` }).waitFor({ timeout: 60000 });
    await page.locator('#rerun-compare', { hasText: '(the same)' }).waitFor();
    await openHistory(', 3))', 2);
    const first = await page.locator('table.history-table tbody tr').first().innerText();
    if (!first.includes(`same (${rows})`)) throw new Error(`newest entry: ${first}`);
  });
  await s.shot('20-history', { fullPage: true });

  let wanted;
  await s.step('rows from two searches go into the basket', async () => {
    await searchCrab(3);
    for (const id of CRAB_RUNS.slice(0, 2)) await page.locator(`tr[data-key="${did(id)}"] input[type=checkbox]`).check();
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.locator('#basket-note', { hasText: 'the basket holds 2' }).waitFor();
    await searchCrab(2.5);
    for (const id of CRAB_RUNS.slice(2)) await page.locator(`tr[data-key="${did(id)}"] input[type=checkbox]`).check();
    // with the shared data there are other collections' Crab runs: one of them too (the basket then spans instruments)
    const other = page.locator('table.results-table tbody tr:not([data-key*="hess-dl3-dr1"])').first();
    if (await other.count()) await other.locator('input[type=checkbox]').check();
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.locator('#basket-note', { hasText: /the basket holds [45]/ }).waitFor();
    wanted = Number((await page.locator('#basket-note').innerText()).match(/holds (\d+)/)[1]);
    await page.getByRole('link', { name: `Basket (${wanted})` }).waitFor();
  });

  await s.step('the basket survives a reload and is drawn on the sky and time plots', async () => {
    await page.getByRole('link', { name: `Basket (${wanted})` }).click();
    await page.reload({ waitUntil: 'load' });
    await page.locator('#user', { hasText: 'Signed in as Alice Astronomer' }).waitFor({ timeout: 30000 });
    await basketRows().nth(wanted - 1).waitFor({ timeout: 20000 });
    if (await basketRows().count() !== wanted) throw new Error(`${await basketRows().count()} rows in the basket`);
    const pointings = await page.locator('#basket-sky svg.sky .pointing').count();
    const bars = await page.locator('#basket-time svg.timeline rect.bar').count();
    if (pointings !== wanted || bars < wanted) throw new Error(`sky ${pointings} pointings, time ${bars} bars`);
  });
  await s.shot('21-basket', { fullPage: true });

  await s.step('the basket downloads as VOTable and CSV', async () => {
    const [vot] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'VOTable' }).click()]);
    const xml = readFileSync(await vot.path(), 'utf8');
    if ((xml.match(/<TR>/g) || []).length !== wanted || !xml.includes(did(CRAB_RUNS[3]))) throw new Error(`VOTable: ${xml.slice(0, 300)}`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    const lines = readFileSync(await csv.path(), 'utf8').trim().split(/\r\n/);
    if (lines.length !== wanted + 1 || !lines[0].includes('obs_publisher_did')) throw new Error(`CSV: ${lines.length} lines`);
  });

  await s.step('the basket goes over SAMP to the client, which loads it from the URL sent', async () => {
    const from = hub.lines.length;
    await page.locator('#basket-samp').click();
    await page.locator('.samp-status', { hasText: 'Sent to TOPCAT stand-in' }).waitFor({ timeout: 60000 });
    const reg = JSON.parse((await hub.next(/^REGISTER/, 5000)).slice(9));
    if (reg.origin !== origin || reg.name !== 'Gamma-ray VO') throw new Error(`registered as ${JSON.stringify(reg)}`);
    const got = JSON.parse((await hub.next(/^RECEIVED/, 60000, from)).slice(9));
    if (got.error) throw new Error(`the client could not load the table: ${got.error} (${got.url})`);
    const dids = await basketRows().evaluateAll(trs => trs.map(tr => tr.dataset.key));
    if (got.mtype !== 'table.load.votable' || got.rows !== wanted || [...got.obs_publisher_did].sort().join() !== dids.sort().join()) {
      throw new Error(`received ${JSON.stringify(got)}`);
    }
    console.log(`# SAMP client loaded ${got.rows} rows, ${got.columns.length} columns from ${got.url.slice(0, 80)}…`);
  });
  await s.shot('22-basket-sent-over-samp', { locator: page.locator('section.basket') });

  await s.step('a result table goes over SAMP too', async () => {
    const shown = await searchCrab(3); // the page was reloaded since the last search
    const from = hub.lines.length;
    await page.locator('#result-samp').click();
    const got = JSON.parse((await hub.next(/^RECEIVED/, 60000, from)).slice(9));
    if (got.error || got.rows !== shown) throw new Error(`received ${JSON.stringify(got)}, ${shown} rows shown`);
    await page.locator('.results .samp-status', { hasText: 'Sent to TOPCAT stand-in' }).waitFor({ timeout: 20000 });
  });

  let jobId;
  await s.step('an analysis starts from the basket, with all its observations', async () => {
    await page.getByRole('link', { name: /^Basket/ }).click();
    await page.locator('#basket-analysis-kind option[value="spectrum"]').waitFor({ state: 'attached', timeout: 20000 });
    await page.getByLabel('Analysis of the basket').selectOption('spectrum');
    await page.getByRole('button', { name: 'Analyse the basket…' }).click();
    await page.locator('#param-obs_publisher_did').waitFor({ timeout: 20000 });
    const dids = await page.locator('#param-obs_publisher_did').inputValue();
    if (dids.split(',').length !== wanted || !CRAB_RUNS.every(id => dids.includes(did(id)))) throw new Error(`obs_publisher_did = ${dids}`);
    await page.getByRole('button', { name: 'Run spectrum' }).click();
    await page.waitForURL(/\/jobs\/spectrum\/[\w-]+$/, { timeout: 30000 });
    jobId = page.url().split('/').pop();
    await page.locator('#job-phase').waitFor();
  });

  await s.step('alice signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(u => u.origin === origin, { timeout: 30000 });
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 30000 });
  });

  await s.step('bob sees none of alice’s history, jobs or basket', async () => {
    await signInAtIssuer('bob', 'Bob Observer');
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByText('Queries of bob').waitFor({ timeout: 15000 });
    if (await page.locator('table.history-table tbody tr', { hasText: '83.6' }).count()) throw new Error('alice’s queries shown to bob');
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByText('Jobs of bob').waitFor({ timeout: 20000 });
    if (await page.locator(`tr[data-job="${jobId}"]`).count()) throw new Error('alice’s job shown to bob');
    await page.getByRole('link', { name: 'Basket', exact: true }).click();
    await page.getByText('The basket is empty').waitFor({ timeout: 10000 });
  });
  await s.shot('23-second-user-sees-nothing-of-alice', { fullPage: true });

  // A 401 the browser logs is a service refusing a request without valid credentials, which it must (sign-out and
  // the second user's sign-in cross such requests); it is printed, and what each user sees is checked by the steps.
  const refused = b.problems.filter(p => /status of 401/.test(p));
  if (refused.length) console.log(`# refused with 401 (not a failure):\n# ${refused.join('\n# ')}`);
  const problems = b.problems.filter(p => !refused.includes(p));
  if (problems.length) throw new Error(`browser errors:\n${problems.join('\n')}`);
  console.log(`# ${s.count()} steps passed`);
} catch (e) {
  if (b.problems.length) console.log(`# browser errors:\n# ${b.problems.join('\n# ')}`);
  if (hub) console.log(`# SAMP hub:\n# ${hub.lines.join('\n# ')}`);
  process.exitCode = 1;
} finally {
  hub?.proc.kill('SIGTERM');
  await b.close();
}
