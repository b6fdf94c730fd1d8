// Opens hub admin pages in Debian's headless Chromium, runs axe-core's WCAG 2.2 AA rules on
// each and saves a screenshot. Usage: node check_page.mjs CONFIG.json
// CONFIG: {"chromium": path, "pages": [{"url", "screenshot"}], "cookie": {"name", "value", "url"}}
// Prints one JSON object: {url: [violations...]} (empty lists when every rule passes).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));

const browser = await chromium.launch({
  executablePath: config.chromium,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
  ],
});
// The page's own policy allows no script; axe is injected by the test only.
const context = await browser.newContext({ ignoreHTTPSErrors: true, bypassCSP: true });
if (config.cookie) await context.addCookies([config.cookie]);
const results = {};
try {
  for (const { url, screenshot } of config.pages) {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async () => {
      const run = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      });
      return { violations: run.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, help: v.help })),
               passes: run.passes.length };
    });
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    results[url] = found;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
