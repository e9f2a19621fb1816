// Browser scenario 2: resolve Crab → search → select the four H.E.S.S. runs → sign in → spectrum form (generated from
// the job description, prefilled) → submit → the job page follows the phase live to COMPLETED → its PNG is shown;
// then the job list, the provenance graph and deleting the job.
// Usage: node e2e/analysis.mjs <baseUrl> <screenshotDir>
import { launch, steps, searchCrab, signIn, CRAB_RUNS, did } from './browser.mjs';

const [base = 'http://localhost:8080', shots = 'target/e2e-screenshots'] = process.argv.slice(2);
const b = await launch();
const { page } = b;
const s = steps(shots, page);
try {
  await searchCrab(page, s.step, base);

  await s.step('select the four H.E.S.S. Crab runs (checkbox and sky-plot click)', async () => {
    for (const id of CRAB_RUNS.slice(0, 3)) await page.locator(`tr[data-key="${did(id)}"] input[type=checkbox]`).check();
    // The last one from the sky plot, as a person would click a pointing.
    await page.locator(`svg.sky .pointing[data-key="${did(CRAB_RUNS[3])}"]`).dispatchEvent('click');
    await page.getByText('4 observations selected').waitFor();
  });

  await s.step('choosing spectrum asks to sign in; alice signs in', async () => {
    await page.getByLabel('Analysis').selectOption('spectrum');
    await page.getByRole('button', { name: 'Set up analysis…' }).click();
    await page.getByText('kept in this page’s memory only').waitFor();
    await signIn(page);
  });

  await s.step('the spectrum form is generated from the job description and prefilled', async () => {
    await page.locator('#param-obs_publisher_did').waitFor({ timeout: 20000 });
    const dids = await page.locator('#param-obs_publisher_did').inputValue();
    for (const id of CRAB_RUNS) if (!dids.includes(did(id))) throw new Error(`obs_publisher_did = ${dids}`);
    const ra = +(await page.locator('#param-ra').inputValue());
    if (Math.abs(ra - 83.633) > 0.01) throw new Error(`ra = ${ra}`);
    if ((await page.locator('#param-ra').getAttribute('max')) !== '360') throw new Error('no range on ra');
    await page.locator('label[for="param-energy_min"]', { hasText: 'TeV' }).waitFor();
  });
  await s.shot('04-spectrum-form', { fullPage: true });

  let jobUrl;
  await s.step('submitting creates a UWS job and opens its page', async () => {
    await page.getByRole('button', { name: 'Run spectrum' }).click();
    await page.waitForURL(/\/jobs\/spectrum\/[\w-]+$/, { timeout: 30000 });
    jobUrl = page.url();
    await page.locator('#job-phase').waitFor();
  });

  await s.step('the phase is followed live until COMPLETED', async () => {
    const seen = new Set();
    const t0 = Date.now();
    while (Date.now() - t0 < 10 * 60 * 1000) {
      const phase = (await page.locator('#job-phase .phase').innerText().catch(() => '')).trim();
      if (phase) seen.add(phase);
      if (phase === 'COMPLETED') break;
      if (phase === 'ERROR' || phase === 'ABORTED') {
        throw new Error(`job ended ${phase}: ${await page.locator('.job .error').innerText().catch(() => '')}`);
      }
      await page.waitForTimeout(1000);
    }
    if (!seen.has('COMPLETED')) throw new Error(`phases seen: ${[...seen]}`);
    console.log(`# phases seen: ${[...seen].join(' → ')} in ${Math.round((Date.now() - t0) / 1000)} s`);
  });

  await s.step('the spectrum PNG is shown inline', async () => {
    const img = page.locator('img.result-png[data-result*="spectrum"]');
    await img.waitFor({ timeout: 30000 });
    await page.waitForFunction(el => el.complete && el.naturalWidth > 100, await img.elementHandle(), { timeout: 30000 });
  });

  await s.step('the fit summary and the provenance graph are shown', async () => {
    await page.locator('details summary', { hasText: 'fit_summary.json' }).waitFor({ timeout: 15000 });
    await page.locator('svg.prov-graph .activity').waitFor({ timeout: 15000 });
  });
  await s.shot('05-spectrum-job', { fullPage: true });

  await s.step('the job page is bookmarkable: a reload asks to sign in again (password in memory only), then shows the same job', async () => {
    await page.goto(jobUrl);
    await signIn(page);
    await page.locator('#job-phase .phase', { hasText: 'COMPLETED' }).waitFor({ timeout: 30000 });
  });

  await s.step('the job list shows the job with its phase', async () => {
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    const id = jobUrl.split('/').pop();
    await page.locator(`tr[data-job="${id}"] .phase`, { hasText: 'COMPLETED' }).waitFor({ timeout: 30000 });
  });
  await s.shot('06-job-list', { fullPage: true });

  await s.step('from the job list back to the job page, without a reload', async () => {
    const id = jobUrl.split('/').pop();
    await page.locator(`tr[data-job="${id}"] a`).click();
    await page.locator('#job-phase .phase', { hasText: 'COMPLETED' }).waitFor({ timeout: 15000 });
    await page.locator('img.result-png').waitFor({ timeout: 15000 });
  });

  await s.step('a job that fails says why in words, with the log excerpt', async () => {
    await page.goto(base + '/analyses/spectrum');
    await signIn(page);
    await page.locator('#param-obs_publisher_did').fill('');
    await page.locator('#param-obs_id').fill('99999');
    await page.locator('#param-ra').fill('83.6');
    await page.locator('#param-dec').fill('22');
    await page.getByRole('button', { name: 'Run spectrum' }).click();
    await page.waitForURL(/\/jobs\/spectrum\/[\w-]+$/, { timeout: 30000 });
    await page.locator('#job-error', { hasText: 'No observation 99999' }).waitFor({ timeout: 2 * 60 * 1000 });
    await page.locator('details summary', { hasText: 'Log excerpt' }).waitFor();
  });
  await s.shot('07-failed-job', { fullPage: true });

  await s.step('deleting the failed job removes it from the job list', async () => {
    const id = page.url().split('/').pop();
    page.once('dialog', d => d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/jobs$/, { timeout: 30000 });
    await page.locator('table.job-table').waitFor({ timeout: 30000 });
    if (await page.locator(`tr[data-job="${id}"]`).count()) throw new Error('deleted job still listed');
  });

  await s.step('a queued or running job can be aborted', async () => {
    await page.goto(base + '/analyses/spectrum'); // the selection is still known in this tab
    await signIn(page);
    await page.getByRole('button', { name: 'Run spectrum' }).click();
    await page.waitForURL(/\/jobs\/spectrum\/[\w-]+$/, { timeout: 30000 });
    await page.getByRole('button', { name: 'Abort' }).click();
    await page.locator('#job-phase .phase', { hasText: 'ABORTED' }).waitFor({ timeout: 60000 });
  });

  await s.step('the job list follows phases live: a job aborted elsewhere turns ABORTED without a reload', async () => {
    await page.goto(base + '/analyses/spectrum');
    await signIn(page);
    await page.getByRole('button', { name: 'Run spectrum' }).click();
    await page.waitForURL(/\/jobs\/spectrum\/[\w-]+$/, { timeout: 30000 });
    const id = page.url().split('/').pop();
    await page.getByRole('link', { name: 'All my jobs' }).click();
    await page.locator(`tr[data-job="${id}"] .phase`).waitFor({ timeout: 15000 });
    // Aborted by another client (as another tab or pyvo would): the list has to notice by itself.
    const r = await page.request.post(`${base}/uws/spectrum/${id}/phase`, {
      form: { PHASE: 'ABORT' }, headers: { Authorization: 'Basic ' + Buffer.from('alice:alice').toString('base64') }, maxRedirects: 0 });
    if (r.status() >= 400) throw new Error(`abort: HTTP ${r.status()}`);
    await page.locator(`tr[data-job="${id}"] .phase`, { hasText: 'ABORTED' }).waitFor({ timeout: 45000 });
  });

  if (b.problems.length) throw new Error(`browser errors:\n${b.problems.join('\n')}`);
  console.log(`# ${s.count()} steps passed`);
} catch (e) {
  if (b.problems.length) console.log(`# browser errors:\n# ${b.problems.join('\n# ')}`);
  process.exitCode = 1;
} finally {
  await b.close();
}
