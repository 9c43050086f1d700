// The demo notebooks other than the tour, each opened in the page, run with "Run All" and checked in
// the DOM: every code cell ran and none shows an error or anything on stderr, the notebook's live
// views are there, live, and are redrawn after the cells finished, they read batch times as times
// of day (no epoch milliseconds anywhere a person reads), plus what each notebook promises in its
// first sentence. One screenshot of the whole notebook each, taken after its views moved.
import path from "node:path";
import {
  EPOCH_MS, TIME_OF_DAY, cellOutputs, liveViews, openNotebook, runAll, shootNotebook, shutDownKernel, sleep, watchViews,
} from "./page.mjs";

/** The views whose first line starts with `caption`. */
const captioned = (views, caption) => views.filter((v) => v.text.startsWith(caption));
/** The rows of a view's visible table as trimmed cell texts (none when the view is not there). */
const rowsOf = (page, id) => page.evaluate((sel) => {
  const f = document.querySelector(sel);
  return f ? [...f.querySelectorAll("tbody:not([hidden]) tr")].map((r) => [...r.cells].map((c) => c.innerText.trim())) : [];
}, `.sluice-live[data-sluice-id="${id}"]`);
/** The live views, read again at each update until `holds(views)` is true, at most `limitMs`; the last views read. */
async function viewsUntil(page, holds, limitMs = 8000) {
  let views = await liveViews(page);
  for (const end = Date.now() + limitMs; !holds(views) && Date.now() < end;) {
    await sleep(250);
    views = await liveViews(page);
  }
  return views;
}
/**
 * The rows of the table of the one view captioned `caption`, read again at each update until
 * `holds(rows)` is true, at most `limitMs` (a batch may happen to hold nothing to show); the last rows read.
 */
async function rowsUntil(page, caption, holds, limitMs = 8000) {
  const read = async () => {
    const views = captioned(await liveViews(page), caption);
    return views.length === 1 ? rowsOf(page, views[0].id) : [];
  };
  let rows = await read();
  for (const end = Date.now() + limitMs; !holds(rows) && Date.now() < end;) {
    await sleep(250);
    rows = await read();
  }
  return rows;
}
/** The results (Out[n]) of the code cells, in order, as shown. */
const results = (outputs) => outputs.map((c) => c.outputs.filter((o) => o.kind.includes("output_result"))
  .map((o) => o.text.replace(/^Out\[\d+\]:\s*/, "")).join("\n"));
/** The `Input rate` chart of display(ssc). */
const batchChart = (views) => views.filter((v) => v.svg.includes("Input rate"));

/** The users of the sessions notebook. */
const users = ["ana", "ben", "cy", "dee", "eli"];

export const NOTEBOOKS = [
  {
    name: "02-socket-source.ipynb",
    views: 4,
    async check(t, page, views, outputs) {
      const [shipping] = results(outputs);
      t.check(/^"?shipping log lines on 127\.0\.0\.1:\d+"?$/.test(shipping.trim()),
        "the first cell says where the log lines are shipped: " + JSON.stringify(shipping));
      const hasLevels = (v) => /\bINFO\b/.test(v.text) && /\bWARN\b/.test(v.text);
      const levels = captioned(await viewsUntil(page, (vs) => captioned(vs, "lines per level, last 10 s · ").some(hasLevels)),
        "lines per level, last 10 s · ");
      t.check(levels.length === 1 && levels[0].svg.includes('class="bar"') && hasLevels(levels[0]),
        "the lines per level come back through the socket, drawn as bars with INFO and WARN");
      // About one line in six is slow, so a batch now and then has none: the table is read until one has some.
      const slowRows = await rowsUntil(page, "slow requests · ", (rows) => rows.length > 0);
      t.check(slowRows.length > 0 && slowRows.length <= 8 && slowRows.every((r) => {
        const m = /took (\d+) ms/.exec(r.join(" "));
        return r.length === 1 && m && Number(m[1]) > 250;
      }), "the slow requests table shows at most 8 lines, each of a request over 250 ms: " + JSON.stringify(slowRows.slice(0, 3)));
      const serviceRows = await rowsUntil(page, "lines per service, last 10 s · ", (rows) => rows.length === 4);
      const names = serviceRows.map((r) => r[0]);
      t.check(serviceRows.every((r) => r.length === 2 && /^\d+$/.test(r[1])) && names.join() === "cart,checkout,login,search",
        "the lines per service are a table of the four services in key order: " + JSON.stringify(serviceRows));
      t.check(batchChart(views).length === 1 && batchChart(views)[0].svg.includes(">log lines</text>"),
        "display(ssc) charts the socket receiver's input rate (legend 'log lines')");
    },
  },
  {
    name: "03-sessions.ipynb",
    views: 3,
    async check(t, page, views) {
      const open = captioned(views, "open visits (clicks so far) · ");
      t.check(open.length === 1 && open[0].svg.includes('class="bar"'), "the open visits are drawn as bars");
      const emitted = captioned(views, "visits this batch · ");
      const emittedRows = await rowsUntil(page, "visits this batch · ", (rows) => rows.length > 0);
      t.check(emitted.length === 1 && /^user\s+clicks\s+ended$/m.test(emitted[0].text)
        && emittedRows.length > 0 && emittedRows.every((r) => r.length === 3 && users.includes(r[0]) && /^\d+$/.test(r[1])),
        "what each batch emits is a table of visits (user, clicks, ended): " + JSON.stringify(emittedRows));
      // Users take turns every 6 seconds and time out 3 seconds after their last click: an ended
      // visit shows within some 10 seconds of the start.
      const rows = await rowsUntil(page, "visits ended in the last 30 s · ", (r) => r.some((cells) => cells[2] === "true"), 15000);
      t.check(rows.length > 0 && rows.every((r) => r.length === 3 && users.includes(r[0]) && r[2] === "true"),
        "idle users timed out and their ended visits are in the table: " + JSON.stringify(rows));
    },
  },
  {
    name: "04-kafka.ipynb",
    views: 0,
    async check(t, page, views, outputs, env) {
      const bootstrap = env.kafkaBootstrap;
      const notice = outputs[0].outputs.filter((o) => o.kind.includes("output_result"));
      const bold = notice.length === 1 ? await page.evaluate(() => {
        const b = Jupyter.notebook.get_cells().find((c) => c.cell_type === "code").output_area.element[0]
          .querySelector(".output_result.output_markdown strong");
        return b ? b.innerText : "";
      }) : "";
      t.check(notice.length === 1 && bold === `No Kafka broker is reachable on ${bootstrap}`
        && notice[0].text.includes(": start one as described above, then run this notebook again (Kernel → Restart & Run All)."),
        "without a broker the first cell says so in rendered Markdown, and what to do: " + JSON.stringify(notice.map((o) => o.text)));
      const shown = results(outputs);
      t.check(shown.slice(1).every((r) => /^"no broker: /.test(r.trim())), "the cells below say they did nothing: " + JSON.stringify(shown.slice(1)));
      const intro = await page.evaluate(() => Jupyter.notebook.get_cell(0).element[0].innerText);
      t.check(intro.includes("docker run -d --name kafka -p 9092:9092") && intro.includes("bin/kafka-server-start.sh"),
        "the rendered introduction says how to start a broker (Docker, or Kafka's download)");
    },
  },
  {
    name: "05-monitoring.ipynb",
    views: 2,
    async check(t, page, views, outputs) {
      const chart = batchChart(views);
      t.check(chart.length === 1 && chart[0].svg.includes(">orders</text>") && chart[0].svg.includes(">payments</text>"),
        "display(ssc) draws an input-rate line per source (orders, payments)");
      t.check(chart.length === 1 && /processing time/.test(chart[0].svg) && /batch interval/.test(chart[0].svg),
        "and the processing time against the batch interval");
      const parity = captioned(views, "events by parity · ");
      t.check(parity.length === 1 && /\beven\b/.test(parity[0].text) && /\bodd\b/.test(parity[0].text), "the events by parity table");
      const shown = results(outputs);
      t.check(shown.includes('"slower from now on"') || shown.some((r) => r.includes("slower from now on")), "the stage was slowed down");
      // The last cell lists the last five batches: some of them ran while the stage was slow.
      const batches = shown[shown.length - 1];
      const processing = [...batches.matchAll(/^\d\d:\d\d:\d\d +\| +\d+ +\| +\d+ ms +\| +(\d+) ms +\|/gm)].map((m) => Number(m[1]));
      t.check(processing.length === 5 && processing.some((ms) => ms >= 150),
        "the recent batches are a table of five, with the slower stage in their processing times: " + JSON.stringify(processing));
    },
  },
];

/**
 * Opens one notebook in a new page, runs it, checks it (the checks every notebook shares, then its
 * own), saves a screenshot of the whole notebook as <stem>.png in `shots`, and shuts its kernel down.
 */
export async function checkNotebook(t, context, base, token, shots, spec, env) {
  const stem = spec.name.replace(/\.ipynb$/, "");
  const page = await context.newPage();
  try {
    console.log(`== ${spec.name}`);
    await openNotebook(page, base, token, spec.name);
    const started = Date.now();
    const done = await runAll(page);
    t.check(done, `${stem}: Run All finished in ${((Date.now() - started) / 1000).toFixed(1)} s: every code cell has an execution number and the kernel is idle`);
    const outputs = await cellOutputs(page);
    const errors = outputs.flatMap((c) => c.outputs.filter((o) => /output_error|output_stderr/.test(o.kind))
      .map((o) => `${c.source.split("\n")[0]} -> ${o.text}`));
    t.check(errors.length === 0, `${stem}: no cell shows an error or stderr output` + (errors.length ? ": " + errors.join(" | ").slice(0, 400) : ""));
    const before = await liveViews(page);
    t.check(before.length === spec.views, `${stem}: ${spec.views} live views on the page (found ${before.length})`);
    const { views, changes } = await watchViews(page, before);
    if (spec.views > 0) {
      t.check(views.length === before.length && changes.every((n) => n >= 2),
        `${stem}: every live view was redrawn at least twice after Run All: ` + JSON.stringify(views.map((v, i) => [v.text.split("\n")[0], changes[i]])));
      t.check(views.every((v) => v.state === "live"), `${stem}: every view is live`);
      t.check(views.every((v) => TIME_OF_DAY.test(v.text.split("\n").slice(0, 2).join(" ")) || TIME_OF_DAY.test(v.svg)),
        `${stem}: every view reads its batch time as a time of day`);
    }
    const shown = outputs.flatMap((c) => c.outputs.map((o) => o.text)).join("\n") + "\n" + views.map((v) => v.text).join("\n");
    t.check(!EPOCH_MS.test(shown), `${stem}: no epoch milliseconds in any output` + (EPOCH_MS.test(shown)
      ? ": " + JSON.stringify(shown.slice(Math.max(0, shown.search(EPOCH_MS) - 80), shown.search(EPOCH_MS) + 40)) : ""));
    await spec.check(t, page, views, outputs, env);
    await shootNotebook(page, path.join(shots, `${stem}.png`));
    if (env.laterSeconds > 0) {
      await sleep(env.laterSeconds * 1000);
      await shootNotebook(page, path.join(shots, `${stem}-later.png`));
    }
  } catch (e) {
    t.fail(`${stem}: ` + String(e && e.stack || e));
    await page.screenshot({ path: path.join(shots, `${stem}-failure.png`) }).catch(() => {});
  } finally {
    await shutDownKernel(page).catch(() => {});
    await page.close();
  }
}
