// Opens every notebook in notebooks/ in a running Jupyter Notebook server with headless chromium
// (the system's, never a downloaded one), one after the other in one browser, and checks each page
// (tour.mjs for the tour, notebooks.mjs for the others); each notebook's kernel is shut down before
// the next one opens. Fails when a notebook in the directory has no checks.
// Usage: node browser.mjs <base-url> <token> <screenshot-dir> <notebook-dir> [name-prefix...]
//   KAFKA_BOOTSTRAP_SERVERS: the address the Kafka notebook is expected to find no broker at.
//   BROWSER_E2E_LATER: seconds after which a second screenshot of each notebook but the tour is
//     taken (<stem>-later.png), to look at the views after they ran for a while; none by default.
// With name prefixes (e.g. 03 05), only the notebooks whose names start with one of them run.
import fs from "node:fs";
import { Checks, launch } from "./page.mjs";
import { checkTour } from "./tour.mjs";
import { NOTEBOOKS, checkNotebook } from "./notebooks.mjs";

const [base, token, shots, dir, ...only] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });
const t = new Checks();
const env = { kafkaBootstrap: process.env.KAFKA_BOOTSTRAP_SERVERS || "127.0.0.1:9092",
  laterSeconds: Number(process.env.BROWSER_E2E_LATER || 0) };
const present = fs.readdirSync(dir).filter((n) => n.endsWith(".ipynb")).sort();
const known = ["01-tour.ipynb", ...NOTEBOOKS.map((s) => s.name)];
t.check(present.join() === known.join(), "every notebook in notebooks/ has browser checks: " + JSON.stringify(present));
const wanted = (name) => only.length === 0 || only.some((p) => name.startsWith(p));

const started = Date.now();
const browser = await launch();
try {
  if (wanted("01-tour.ipynb")) await checkTour(t, browser.context, base, token, shots);
  for (const spec of NOTEBOOKS) {
    if (wanted(spec.name)) await checkNotebook(t, browser.context, base, token, shots, spec, env);
  }
} catch (e) {
  t.fail(String(e && e.stack || e));
} finally {
  await browser.close();
}
console.log(`browser test: ${((Date.now() - started) / 1000).toFixed(0)} s, `
  + (t.failures.length ? `${t.failures.length} check(s) failed` : "OK"));
process.exit(t.failures.length ? 1 : 0);
