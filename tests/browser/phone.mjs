// Acts as the person's phone: opens the one-time page in Debian's headless Chromium at a
// phone's size, optionally runs axe-core (WCAG 2.2 AA) and takes a screenshot, presses a
// button, and waits for the page's final message. Usage: node phone.mjs CONFIG.json
// CONFIG: {"chromium", "url", "width", "height", "press": "start"|"decline"|null,
//          "axe": bool, "screenshot": path|null, "final_screenshot": path|null,
//          "timeout_ms": number, "wait_before_press_ms": number}
// Prints one JSON object: {"axe": {...}|null, "title", "text", "figures": [[term, value]]}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const args = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync",
];
const browser = await chromium.launch({ executablePath: config.chromium, args });

async function axe(page) {
  await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  return page.evaluate(async () => {
    const run = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return { violations: run.violations.map((v) => ({ id: v.id, help: v.help,
               nodes: v.nodes.map((n) => n.target.join(" ")) })), passes: run.passes.length };
  });
}

const result = { axe: null, title: null, text: null, figures: [] };
try {
  // The page's policy runs no inline script; axe is injected by the test only.
  const context = await browser.newContext({
    viewport: { width: config.width || 390, height: config.height || 844 },
    deviceScaleFactor: 1, isMobile: true, hasTouch: true, bypassCSP: Boolean(config.axe),
  });
  const page = await context.newPage();
  await page.goto(config.url, { waitUntil: "load" });
  if (config.axe) result.axe = await axe(page);
  if (config.screenshot) await page.screenshot({ path: config.screenshot, fullPage: true });
  if (config.press) {
    if (config.wait_before_press_ms) await page.waitForTimeout(config.wait_before_press_ms);
    await page.click("#" + config.press);
    await page.waitForSelector("#finished:not([hidden])", { timeout: config.timeout_ms || 60000 });
    result.title = await page.textContent("#finished-title");
    result.text = await page.textContent("#finished-text");
    result.figures = await page.$$eval("#figures div", (rows) =>
      rows.map((row) => [row.querySelector("dt").textContent, row.querySelector("dd").textContent]));
    if (config.final_axe) result.final_axe = await axe(page);
    if (config.final_screenshot) await page.screenshot({ path: config.final_screenshot, fullPage: true });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
