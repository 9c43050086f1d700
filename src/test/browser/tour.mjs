// The tour (notebooks/01-tour.ipynb) in the page: runs all cells and checks in the page's DOM that:
//   1. after "Run All" has finished, the live counts table and the batch chart still change;
//   2. a click on the counts table's key or value column header sorts it, and the order survives
//      the table's in-place updates;
//   3. interrupting a busy cell (`while (true) {}`) stops that cell with an error, while a stream
//      started by an earlier cell keeps printing into its own cell;
//   4. restarting the kernel marks every live view from before as stopped.
// Screenshots go to the directory given: the whole notebook (01-tour.png), the window at the views
// (tour-*.png) and each view (view-*.png).
import path from "node:path";
import { openNotebook, shootNotebook, shutDownKernel, sleep } from "./page.mjs";

export async function checkTour(t, context, base, token, shots) {
  const check = (ok, what) => t.check(ok, what);
  let page;
  try {
    page = await context.newPage();
    console.log("== 01-tour.ipynb");
    await openNotebook(page, base, token, "01-tour.ipynb");
    await page.evaluate(() => Jupyter.notebook.execute_all_cells());

    const allDone = () => page.evaluate(() => Jupyter.notebook.get_cells().every((c) => c.cell_type !== "code"
      || (typeof c.input_prompt_number === "number")) && !document.querySelector("#kernel_indicator_icon").classList.contains("kernel_busy_icon"));
    for (let i = 0; i < 360 && !(await allDone()); i++) await sleep(500);
    check(await allDone(), "Run All finished: every code cell has an execution number and the kernel is idle");
    const errors = await page.$$eval(".output_error", (els) => els.map((e) => e.innerText));
    check(errors.length === 0, "no cell failed" + (errors.length ? ": " + errors.join(" | ").slice(0, 300) : ""));
    await sleep(2500);
    // The notebook scrolls inside the page: a screenshot of the window at the first live view, and one of each view.
    const shoot = async (name) => {
      await page.evaluate(() => { const a = document.querySelector(".sluice-live"); if (a) a.closest(".cell").scrollIntoView(); });
      await page.screenshot({ path: path.join(shots, name) });
    };
    await shoot("tour-1-after-run-all.png");
    // Views are replaced in the DOM at every batch: locators find them afresh, and a frame replaced
    // by the next batch while it is being shot is shot again. A screenshot is for people reading the
    // run: one that cannot be taken is a note, not a failed check.
    const shootView = async (locator, file, what) => {
      for (let attempt = 1; attempt <= 4; attempt++) {
        const shot = await locator.screenshot({ path: path.join(shots, file), timeout: 5000 })
          .then(() => true, (e) => {
            if (attempt === 4) console.log(`note: no screenshot of ${what}: ${e.message.split("\n")[0]}`);
            return false;
          });
        if (shot) return;
      }
    };
    const shootViews = async (suffix) => {
      const n = await page.locator(".sluice-live").count();
      for (let i = 0; i < n; i++) {
        await shootView(page.locator(".sluice-live").nth(i), `view-${i + 1}-${suffix}.png`, `view ${i + 1}`);
      }
    };
    await shootViews("live");

    // 1. Live views change after their cells finished.
    // Each read finds and reads the views in one script run (see liveViews in page.mjs).
    const views = () => page.evaluate(() => [...document.querySelectorAll(".sluice-live")].map((e) => ({
      state: e.getAttribute("data-sluice-state"), text: e.innerText, svg: (e.querySelector("svg") || {}).innerHTML || "" })));
    const before = await views();
    check(before.length === 5, `five live views on the page (found ${before.length})`);
    const tableIndex = before.findIndex((v) => v.text.startsWith("counts ·") && v.svg === "");
    const chartIndex = before.findIndex((v) => v.svg.includes("Input rate"));
    if (!check(tableIndex >= 0 && chartIndex >= 0, "the counts table and the batch chart are on the page")) {
      throw new Error("views found: " + JSON.stringify(before.map((v) => [v.state, v.text.slice(0, 160), v.svg.slice(0, 80)])));
    }
    let after = before;
    for (let i = 0; i < 20; i++) {
      await sleep(500);
      after = await views();
      if (after[tableIndex].text !== before[tableIndex].text && after[chartIndex].svg !== before[chartIndex].svg) break;
    }
    check(after[tableIndex].text !== before[tableIndex].text, "the live counts table changed after Run All: "
      + JSON.stringify(before[tableIndex].text.split("\n")[0]) + " -> " + JSON.stringify(after[tableIndex].text.split("\n")[0]));
    check(after[chartIndex].svg !== before[chartIndex].svg, "the batch chart was redrawn after Run All");
    check(/^counts · \d\d:\d\d:\d\d · \d+ records/.test(after[tableIndex].text), "the table's caption reads name · time of day · records");
    check(!/\b1\d{12}\b/.test(after.map((v) => v.text).join("\n")), "no epoch milliseconds in any view's visible text");
    check(after.every((v) => v.state === "live"), "every view is live");
    await shootNotebook(page, path.join(shots, "01-tour.png"));

    // 2. The live counts table sorts on a click on its column headers, and stays sorted across its in-place updates.
    const tableId = await page.evaluate((i) => document.querySelectorAll(".sluice-live")[i].getAttribute("data-sluice-id"), tableIndex);
    const frame = `.sluice-live[data-sluice-id="${tableId}"]`;
    const table = () => page.evaluate((sel) => {
      const f = document.querySelector(sel);
      return {
        updated: f.getAttribute("data-sluice-updated"),
        rows: [...f.querySelectorAll("tbody:not([hidden]) tr")].map((r) => [...r.cells].map((c) => c.innerText.trim()))
          .filter((cells) => cells.length === 2),
        note: [...f.querySelectorAll(".sluice-caption [data-sluice-order]:not([hidden])")].map((e) => e.innerText.trim()).join(""),
        arrows: [...f.querySelectorAll("th [data-sluice-order]:not([hidden]) > .sluice-arrow")].map((e) => e.closest("th").getAttribute("data-sluice-sort")),
      };
    }, frame);
    const keysOf = (t) => t.rows.map((r) => r[0]);
    const countsOf = (t) => t.rows.map((r) => Number(r[1].replace(/,/g, "")));
    const byKey = (t) => t.rows.length > 1 && keysOf(t).join("\n") === [...keysOf(t)].sort().join("\n");
    const byValue = (t) => t.rows.length > 1 && countsOf(t).every((n, i, a) => i === 0 || a[i - 1] >= n);
    const nextFrame = async (since) => {
      let t = await table();
      for (let i = 0; i < 40 && t.updated === since; i++) { await sleep(250); t = await table(); }
      return t;
    };
    const initial = await table();
    check(byValue(initial) && !byKey(initial), "the counts table starts largest first: " + JSON.stringify(keysOf(initial)));
    await page.click(`${frame} th[data-sluice-sort="key"]`);
    const clickedKey = await table();
    check(byKey(clickedKey) && clickedKey.note.includes("by key") && clickedKey.arrows.join() === "key",
      "a click on the key header sorts by key at once: " + JSON.stringify([keysOf(clickedKey), clickedKey.note, clickedKey.arrows]));
    await shootView(page.locator(frame), "view-counts-sorted-by-key.png", "the counts sorted by key");
    const keptKey = await nextFrame(clickedKey.updated);
    check(keptKey.updated !== clickedKey.updated && byKey(keptKey) && keptKey.note.includes("by key"),
      "the next batch's table (drawn in place) is still sorted by key: " + JSON.stringify(keysOf(keptKey)));
    await page.click(`${frame} th[data-sluice-sort="value"]`);
    const clickedValue = await table();
    const keptValue = await nextFrame(clickedValue.updated);
    check(byValue(clickedValue) && byValue(keptValue) && !byKey(keptValue) && keptValue.arrows.join() === "value"
      && keptValue.updated !== clickedValue.updated,
      "a click on the value header sorts largest first again, also after the next update: " + JSON.stringify(keysOf(keptValue)));
    await page.click(`${frame} th[data-sluice-sort="value"]`);
    const reversed = await table();
    const keptReversed = await nextFrame(reversed.updated);
    const smallestFirst = (t) => t.rows.length > 1 && countsOf(t).every((n, i, a) => i === 0 || a[i - 1] <= n) && !byValue(t);
    check(smallestFirst(reversed) && reversed.note.includes("smallest value first") && reversed.arrows.join() === "value"
      && smallestFirst(keptReversed) && keptReversed.updated !== reversed.updated,
      "a second click on the value header reverses it (smallest first), also after the next update: "
      + JSON.stringify([countsOf(reversed), reversed.note, countsOf(keptReversed)]));
    await page.click(`${frame} th[data-sluice-sort="value"]`);
    const backToLargest = await table();
    check(byValue(backToLargest) && backToLargest.note.includes("largest value first"),
      "a third click sorts largest first again: " + JSON.stringify(countsOf(backToLargest)));
    const bars = await page.evaluate(() => [...document.querySelectorAll(".sluice-live")].filter((e) => e.querySelector("svg .bar")).length);
    check(bars >= 1, "the bars of the same counts are still drawn as bars");

    // 3. Interrupt a busy cell while a stream keeps printing into its own cell.
    const addCell = (code) => page.evaluate((src) => {
      const nb = Jupyter.notebook;
      nb.select(nb.ncells() - 1);
      const cell = nb.insert_cell_below("code");
      cell.set_text(src);
      nb.select(nb.find_cell_index(cell));
      cell.execute();
      return nb.find_cell_index(cell);
    }, code);
    const tickerIndex = await addCell('OutputHandle ticker = ssc.rateStream(5).map(n -> "tick " + n).print(1);');
    const cellOutput = () => page.evaluate((n) => Jupyter.notebook.get_cell(n).output_area.element[0].innerText, tickerIndex);
    for (let i = 0; i < 20 && !(await cellOutput()).includes("tick "); i++) await sleep(500);
    const loopIndex = await addCell("while (true) {}");
    const prompt = (n) => page.evaluate((k) => Jupyter.notebook.get_cell(k).input_prompt_number, n);
    for (let i = 0; i < 20 && (await prompt(loopIndex)) !== "*"; i++) await sleep(250);
    await sleep(1000);
    check((await prompt(loopIndex)) === "*", "the loop cell is running");
    await page.click("#interrupt_b, button[title='interrupt the kernel']");
    for (let i = 0; i < 40 && (await prompt(loopIndex)) === "*"; i++) await sleep(250);
    const loopOutput = await page.evaluate((k) => Jupyter.notebook.get_cell(k).output_area.element[0].innerText, loopIndex);
    check(typeof (await prompt(loopIndex)) === "number" && /interrupted/i.test(loopOutput),
      "the interrupted cell stopped with an error: " + JSON.stringify(loopOutput.slice(0, 120)));
    const printedBefore = await cellOutput();
    let printedAfter = printedBefore;
    for (let i = 0; i < 20 && printedAfter === printedBefore; i++) {
      await sleep(500);
      printedAfter = await cellOutput();
    }
    check(printedAfter !== printedBefore && /Time: \d+ ms/.test(printedAfter),
      "the stream kept printing after the interrupt: " + JSON.stringify(printedAfter.split("\n").slice(0, 4).join(" / ")));
    check(!/tick [\s\S]*tick [\s\S]*tick /.test(printedAfter), "print() shows one batch, replaced in place");
    await page.evaluate((k) => Jupyter.notebook.get_cell(k).element[0].scrollIntoView(), tickerIndex);
    await page.screenshot({ path: path.join(shots, "tour-2-after-interrupt.png") });

    // 4. A restart marks the old views as stopped.
    await page.evaluate(() => Jupyter.notebook.kernel.restart());
    let stopped = [];
    for (let i = 0; i < 40; i++) {
      await sleep(500);
      stopped = await views();
      if (stopped.length && stopped.every((v) => v.state === "stopped" && /stopped/.test(v.text))) break;
    }
    check(stopped.length === 5 && stopped.every((v) => v.state === "stopped"), "after the restart every old view is marked stopped: "
      + JSON.stringify(stopped.map((v) => v.state)));
    check(stopped.every((v) => /\bstopped\b/.test(v.text.split("\n")[0])), "and says so in its first line: "
      + JSON.stringify(stopped.map((v) => v.text.split("\n")[0])));
    const frozen = await views();
    await sleep(3000);
    const later = await views();
    check(JSON.stringify(frozen) === JSON.stringify(later), "stopped views no longer change");
    await shoot("tour-3-after-restart.png");
    await shootViews("stopped");
  } catch (e) {
    t.fail(String(e && e.stack || e));
    if (page) await page.screenshot({ path: path.join(shots, "tour-failure.png") }).catch(() => {});
  } finally {
    if (page) {
      await shutDownKernel(page).catch(() => {});
      await page.close();
    }
  }
}
