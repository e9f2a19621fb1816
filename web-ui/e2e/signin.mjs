// Browser scenario 3: sign-in through the real issuer (the stack's Keycloak): authorization code with PKCE, the
// user's name shown, tokens in memory only, a reload signs in again silently, the jobs list with the bearer token,
// sign-out at the issuer; then a second user.
// Usage: node e2e/signin.mjs <baseUrl> <screenshotDir>
import { launch, steps } from './browser.mjs';

const [base = 'http://localhost:8080', shots = 'target/e2e-screenshots'] = process.argv.slice(2);
const b = await launch();
const { page } = b;
const s = steps(shots, page);

/** Header button → dialog → the issuer's login page → back on the page we left, signed in. */
async function signInAtIssuer(user, name) {
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.locator('#signin-oidc').click();
  await page.locator('#username').waitFor({ timeout: 30000 });
  if (new URL(page.url()).origin === new URL(base).origin) throw new Error('not on the issuer’s page');
  const q = new URL(page.url()).searchParams;
  if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) throw new Error(`no PKCE: ${page.url()}`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(user);
  await s.shot(`10-issuer-login-${user}`);
  await page.locator('#kc-login').click();
  await page.waitForURL(u => u.origin === new URL(base).origin && !u.search.includes('code='), { timeout: 30000 });
  await page.locator('#user', { hasText: `Signed in as ${name}` }).waitFor({ timeout: 30000 });
}

try {
  await s.step('the sign-in dialog offers the issuer beside the local accounts', async () => {
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#signin-oidc').waitFor({ timeout: 15000 });
    await page.getByLabel('User name').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  await s.step('alice signs in on the Keycloak login page (code + PKCE) and her name is shown', async () => {
    await signInAtIssuer('alice', 'Alice Astronomer');
  });
  await s.shot('11-signed-in', { locator: page.locator('header.top') });

  await s.step('no token is stored in the browser (memory only)', async () => {
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })
      + document.cookie);
    if (/eyJ[\w-]+\.[\w-]+\./.test(stored)) throw new Error(`a JWT is stored: ${stored.slice(0, 200)}`);
  });

  await s.step('her job list is fetched with the bearer token', async () => {
    const auth = page.waitForRequest(r => r.url().includes('/uws/') && /^Bearer /.test(r.headers().authorization || ''),
      { timeout: 20000 });
    await page.getByRole('link', { name: 'Jobs' }).click();
    await auth;
    await page.getByText('Jobs of alice').waitFor({ timeout: 20000 });
  });

  await s.step('a reload signs her in again without the login page (the issuer’s session)', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.locator('#user', { hasText: 'Signed in as Alice Astronomer' }).waitFor({ timeout: 30000 });
    if (!new URL(page.url()).pathname.startsWith('/jobs')) throw new Error(`came back to ${page.url()}`);
  });

  await s.step('sign-out ends the session at the issuer too', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(u => u.origin === new URL(base).origin, { timeout: 30000 });
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 30000 });
    await page.reload({ waitUntil: 'load' });
    await page.waitForTimeout(1500);
    if (await page.locator('#user', { hasText: 'Signed in' }).count()) throw new Error('still signed in after reload');
  });

  await s.step('bob signs in and sees his own name and jobs, not alice’s', async () => {
    await page.goto(base + '/jobs', { waitUntil: 'load' });
    // The jobs page asks to sign in: the dialog is already open.
    await page.locator('#signin-oidc').click();
    await page.locator('#username').waitFor({ timeout: 30000 });
    await page.locator('#username').fill('bob');
    await page.locator('#password').fill('bob');
    await page.locator('#kc-login').click();
    await page.locator('#user', { hasText: 'Signed in as Bob Observer' }).waitFor({ timeout: 30000 });
    await page.getByText('Jobs of bob').waitFor({ timeout: 20000 });
  });
  await s.shot('12-second-user', { fullPage: true });

  if (b.problems.length) throw new Error(`browser errors:\n${b.problems.join('\n')}`);
  console.log(`# ${s.count()} steps passed`);
} catch (e) {
  if (b.problems.length) console.log(`# browser errors:\n# ${b.problems.join('\n# ')}`);
  process.exitCode = 1;
} finally {
  await b.close();
}
