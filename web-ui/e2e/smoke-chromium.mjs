// CI's install check: playwright-core drives Debian's Chromium through one page load and one script evaluation.
// Run from the repository root or web-ui/: node web-ui/e2e/smoke-chromium.mjs
import { launch } from './browser.mjs';

const { page, close } = await launch();
try {
  await page.setContent('<title>gammavo</title><p id="p">ok</p>');
  const text = await page.evaluate(() => document.getElementById('p').textContent + ' ' + document.title);
  if (text !== 'ok gammavo') throw new Error(`unexpected page text: ${text}`);
  console.log(`chromium ${page.context().browser()?.version() ?? ''} answered: ${text}`);
} finally {
  await close();
}
