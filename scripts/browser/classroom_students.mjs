#!/usr/bin/env node
// N simulated students on a JupyterHub (scripts/classroom_test.sh): all at once, each in its own browser context,
// logs in, waits for the hub to spawn its server, opens a lesson, clears it, runs all cells and checks the result
// (every code cell ran in order in a fresh kernel, no error output, the training cell ends with its one chart, at
// least one table). Writes report.json and one screenshot per student into --out.
//
//   node scripts/browser/classroom_students.mjs --hub http://127.0.0.1:8000 --users s01,s02 --password-file F \
//        --notebook notebooks/02-batchnorm.ipynb --out target/classroom
// Exit status 0: every student passed; 1: some failed (reasons printed and in report.json); 2: bad usage.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

let opts;
try {
  opts = parseArgs({
    options: {
      hub: { type: 'string' },
      users: { type: 'string' },
      'password-file': { type: 'string' },
      notebook: { type: 'string', default: 'notebooks/02-batchnorm.ipynb' },
      out: { type: 'string', default: 'target/classroom' },
      timeout: { type: 'string', default: '3600' },
      chromium: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
if (!opts.hub || !opts.users || !opts['password-file']) {
  console.error('usage: classroom_students.mjs --hub URL --users a,b,... --password-file F [--notebook PATH] [--out DIR] [--timeout S]');
  process.exit(2);
}
const HUB = opts.hub.replace(/\/+$/, '');
const USERS = opts.users.split(',').filter(Boolean);
const PASSWORD = fs.readFileSync(opts['password-file'], 'utf8').trim();
const OUT = path.resolve(opts.out);
const TIMEOUT_MS = Number(opts.timeout) * 1000;
const CHROMIUM = opts.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
const T0 = Date.now();
const since = (t) => Math.round((Date.now() - t) / 100) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (m) => console.log(`[classroom +${since(T0).toFixed(1)}s] ${m}`);

const { chromium } = await import('playwright-core');
fs.mkdirSync(OUT, { recursive: true });

// Runs in the page: the notebook's state through JupyterLab's app object.
function pageState() {
  const panel = window.jupyterapp?.shell?.currentWidget;
  const nb = panel?.content;
  if (!nb?.widgets) return null;
  const k = panel.sessionContext?.session?.kernel;
  const cells = nb.widgets.filter((w) => w.model.type === 'code').map((w) => {
    const outs = w.model.outputs.toJSON();
    return {
      count: w.model.executionCount ?? null,
      running: (w.node.querySelector('.jp-InputPrompt')?.textContent ?? '').includes('*'),
      errors: outs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`),
      isTrain: w.model.sharedModel.getSource().includes('TrainingResult run = Lab.train('),
      pngs: outs.filter((o) => o.data?.['image/png']).length,
      html: outs.filter((o) => (o.data?.['text/html'] ?? '').toString().includes('<table')).length,
    };
  });
  // A freshly connected kernel may show "unknown" until its first execution (see notebook_ui_test.mjs).
  const idle = k?.status === 'idle' || (k?.status === 'unknown' && k?.connectionStatus === 'connected');
  return { kernel: k?.status ?? null, idle, cells };
}

async function student(browser, user) {
  const r = { user, ok: false, failures: [], timings: {} };
  const t0 = Date.now();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('dialog', (d) => d.dismiss().catch(() => {}));
  try {
    await page.goto(`${HUB}/hub/login`, { timeout: 120000 });
    await page.fill('#username_input', user);
    await page.fill('#password_input', PASSWORD);
    await page.click('#login_submit');
    // The hub spawns the student's container, then sends the browser to its lab.
    await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: TIMEOUT_MS });
    r.timings.loginToLabS = since(t0);
    log(`${user}: server spawned, lab open after ${r.timings.loginToLabS} s`);
    await page.goto(`${HUB}/user/${user}/lab/tree/${opts.notebook}`, { timeout: 300000 });
    await page.waitForSelector('.jp-NotebookPanel .jp-CodeCell', { timeout: 300000 });
    let s;
    for (const end = Date.now() + 300000; ; await sleep(1000)) {
      s = await page.evaluate(pageState);
      if (s?.idle) break;
      if (Date.now() > end) throw new Error(`kernel not idle after 300 s: ${JSON.stringify(s?.kernel)}`);
    }
    r.timings.kernelIdleS = since(t0);
    // The lesson in the image carries the committed outputs: start from a clean notebook.
    await page.evaluate(() => {
      const nb = window.jupyterapp.shell.currentWidget.content;
      for (const w of nb.widgets) if (w.model.type === 'code') { w.model.outputs.clear(); w.model.executionCount = null; }
    });
    const tRun = Date.now();
    await page.evaluate(() => { void window.jupyterapp.commands.execute('notebook:run-all-cells'); });
    for (;;) {
      s = await page.evaluate(pageState);
      const done = s.cells.every((c) => typeof c.count === 'number' && !c.running) && s.idle;
      if (done || s.cells.some((c) => c.errors.length)) break;
      if (Date.now() - tRun > TIMEOUT_MS) throw new Error(`Run All did not finish within ${TIMEOUT_MS / 1000} s`);
      await sleep(1000);
    }
    r.timings.runAllS = since(tRun);
    const counts = s.cells.map((c) => c.count);
    if (counts.some((n, i) => n !== i + 1)) r.failures.push(`execution counts ${counts.join(',')}, expected 1..${counts.length}`);
    for (const [i, c] of s.cells.entries()) if (c.errors.length) r.failures.push(`code cell #${i}: ${c.errors.join('; ').slice(0, 300)}`);
    const train = s.cells.find((c) => c.isTrain);
    if (train?.pngs !== 1) r.failures.push(`the training cell ends with ${train?.pngs} charts, expected 1`);
    if (!s.cells.some((c) => c.html > 0)) r.failures.push('no HTML table in any output');
    r.ok = r.failures.length === 0;
    log(`${user}: ${r.ok ? 'PASS' : 'FAIL'} (Run All ${r.timings.runAllS} s)${r.ok ? '' : ': ' + r.failures.join(' | ')}`);
  } catch (e) {
    r.failures.push(e.message.split('\n')[0]);
    log(`${user}: FAIL: ${r.failures.at(-1)}`);
  } finally {
    r.timings.totalS = since(t0);
    await page.screenshot({ path: path.join(OUT, `${user}.png`) }).catch(() => {});
    await context.close().catch(() => {});
  }
  return r;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'] });
log(`${USERS.length} students log in to ${HUB} at once and run ${opts.notebook}`);
const results = await Promise.all(USERS.map((u) => student(browser, u)));
await browser.close().catch(() => {});
const report = { hub: HUB, notebook: opts.notebook, students: USERS.length, passed: results.filter((x) => x.ok).length,
  wallS: since(T0), results };
fs.writeFileSync(path.join(OUT, 'students.json.tmp'), JSON.stringify(report, null, 2) + '\n');
fs.renameSync(path.join(OUT, 'students.json.tmp'), path.join(OUT, 'students.json'));
log(`${report.passed} of ${report.students} students passed in ${report.wallS} s`);
process.exit(report.passed === report.students ? 0 : 1);
