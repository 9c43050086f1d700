// What the browser checks share: the headless chromium (the system's, never a downloaded one), the
// check log, and reading a Jupyter Notebook 6 page: opening a notebook, running all its cells,
// the live views and the outputs as the page shows them, and screenshots of the whole notebook.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Prints each check as it is made and keeps the failed ones. */
export class Checks {
  constructor() {
    this.failures = [];
  }

  check(ok, what) {
    console.log((ok ? "ok   " : "FAIL ") + what);
    if (!ok) this.failures.push(what);
    return ok;
  }

  fail(what) {
    return this.check(false, what);
  }
}

/** Debian's chromium, headless, in a throwaway profile; close() also removes the profile. */
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sluice-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1200, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens notebooks/<name> on the server and waits until its kernel is connected. */
export async function openNotebook(page, base, token, name) {
  page.on("pageerror", (e) => console.log(`page error (${name}): ${e.message}`));
  await page.goto(`${base}/notebooks/${name}?token=${token}`);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
    && Jupyter.notebook.kernel.is_connected(), null, { timeout: 90000 });
}

/** Whether every code cell has an execution number and the kernel is idle. */
export const allDone = (page) => page.evaluate(() => Jupyter.notebook.get_cells().every((c) => c.cell_type !== "code"
  || (typeof c.input_prompt_number === "number"))
  && !document.querySelector("#kernel_indicator_icon").classList.contains("kernel_busy_icon"));

/** Runs all cells (Cell → Run All) and waits, at most `limitMs`, until they finished; returns whether they did. */
export async function runAll(page, limitMs = 180000) {
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  const until = Date.now() + limitMs;
  while (Date.now() < until && !(await allDone(page))) await sleep(250);
  return allDone(page);
}

/**
 * The live views on the page, in order: id, state, visible text, the SVG's markup (empty for a
 * table). Found and read in one script run: read with `$$eval`, a view that an update replaced after
 * it was found was read detached, as its raw text with the styles first (seen in this test).
 */
export const liveViews = (page) => page.evaluate(() => [...document.querySelectorAll(".sluice-live")].map((e) => ({
  id: e.getAttribute("data-sluice-id"), state: e.getAttribute("data-sluice-state"),
  updated: e.getAttribute("data-sluice-updated"), text: e.innerText,
  svg: (e.querySelector("svg") || {}).innerHTML || "" })));

/**
 * Every code cell's outputs as the page shows them: the cell's source, and per output its kind
 * (the output area's class: output_stream, output_error, output_result, display_data...), its
 * visible text and whether it holds a live view.
 */
export const cellOutputs = (page) => page.evaluate(() => Jupyter.notebook.get_cells()
  .filter((c) => c.cell_type === "code")
  .map((c) => ({
    source: c.get_text(),
    outputs: [...c.output_area.element[0].querySelectorAll(":scope > .output_area")].map((o) => {
      const sub = o.querySelector(".output_subarea");
      return {
        kind: sub ? [...sub.classList].filter((k) => k.startsWith("output_") && k !== "output_subarea").join(" ") : "",
        text: o.innerText,
        live: !!o.querySelector(".sluice-live"),
      };
    }),
  })));

/**
 * Waits until every live view on the page has been redrawn at least `times` times since `before`
 * (views found afresh each time, since each update replaces a view's element), at most `limitMs`;
 * returns the last views seen and, per view, how often it changed.
 */
export async function watchViews(page, before, times = 2, limitMs = 15000) {
  const key = (v) => v.updated + "\n" + v.text + "\n" + v.svg;
  const seen = before.map((v) => key(v));
  const changes = before.map(() => 0);
  let now = before;
  const until = Date.now() + limitMs;
  while (Date.now() < until && changes.some((n) => n < times)) {
    await sleep(250);
    now = await liveViews(page);
    if (now.length !== before.length) break;
    now.forEach((v, i) => {
      if (key(v) !== seen[i]) {
        seen[i] = key(v);
        changes[i]++;
      }
    });
  }
  return { views: now, changes };
}

/**
 * A screenshot of the whole notebook, top to bottom: the window is made as tall as the notebook
 * for the shot (the notebook scrolls inside the page), then set back.
 */
export async function shootNotebook(page, file) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => {
    const header = document.querySelector("#header");
    const cells = document.querySelector("#notebook-container");
    return Math.ceil((header ? header.offsetHeight : 0) + (cells ? cells.offsetHeight + 60 : document.body.scrollHeight));
  });
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 16000) });
  await sleep(300);
  await page.screenshot({ path: file });
  await page.setViewportSize(size);
}

/** Shuts the page's kernel down through the server (its session is deleted), so it stops using the machine. */
export async function shutDownKernel(page) {
  await page.evaluate(() => new Promise((resolve) => {
    const timer = setTimeout(resolve, 20000);
    Jupyter.notebook.session.delete(() => { clearTimeout(timer); resolve(); }, () => { clearTimeout(timer); resolve(); });
  }));
}

/** Epoch milliseconds (13 digits from 1, alone) in a text a person reads. */
export const EPOCH_MS = /(?<!\d)1\d{12}(?!\d)/;
/** A time of day as the views show one. */
export const TIME_OF_DAY = /\b\d\d:\d\d:\d\d\b/;
