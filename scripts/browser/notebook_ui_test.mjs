#!/usr/bin/env node
// Real-browser test of an MNIST Lab notebook in JupyterLab 4 and/or the classic Notebook UI (nbclassic),
// driven by playwright-core with Debian's Chromium. See scripts/browser/README.md.
//
//   node scripts/browser/notebook_ui_test.mjs --jupyter .venv/bin/jupyter \
//        --notebook notebooks/02-batchnorm.ipynb --kernel mnist-lab-java --out .ci/work/browser [--ui lab|classic|both]
//
// Exit status: 0 all checks passed; 1 a check failed (reasons printed and in <out>/report.json) or Chromium or
// playwright-core is missing (the message gives the install commands); 2 bad usage.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkPad, padNotebook } from './drawing_pad.mjs';

const INSTALL_HELP = `Install the prerequisites (as root) with:
  apt-get install -y chromium                  # Debian's Chromium, /usr/bin/chromium (or set CHROMIUM=/path)
  npm ci --prefix scripts/browser              # playwright-core, pinned in scripts/browser/package-lock.json
(playwright-core downloads no browser; none is needed.)`;

// ---------------------------------------------------------------------------------------------- arguments

const USAGE = `usage: node scripts/browser/notebook_ui_test.mjs --notebook NB.ipynb [options]
  --jupyter PATH          jupyter executable (default: .venv/bin/jupyter if present, else jupyter on PATH)
  --notebook PATH         notebook to test (copied into a temporary directory; never modified)
  --kernel NAME           kernel spec to run it with (default: the notebook's own kernelspec)
  --out DIR               screenshots, server logs and report.json (default: .ci/work/browser)
  --ui lab|classic|both   which front end(s) to test (default: lab)
  --mode MODE             MNIST_LAB_MODE for the kernel (default: quick)
  --run-timeout S         seconds allowed for "Run All" to finish (default: 900)
  --startup-timeout S     seconds allowed for the server to answer and the kernel to become idle (default: 300)
  --min-live-images N     distinct live PNG charts the training cell must show (default: 2)
  --max-live-outputs N    most outputs the training cell may hold while it trains (default: 4)
  --poll-ms MS            polling interval of the live chart (default: 250)
  --chromium PATH         Chromium executable (default: $CHROMIUM or /usr/bin/chromium)
  --keep-tmp              keep the temporary directory (notebook copy, runtime files)
  --headed                show the browser window (needs a display)
  --url URL               test a Jupyter server that already runs there (e.g. in a container) instead of starting
                          one: the notebook is uploaded through its contents API into a new folder, removed at the
                          end; its kernels get the server's environment (set MNIST_LAB_MODE there); lab only
  --token-file PATH       the running server's token (with --url; a file keeps it off the command line)
  --draw NB.ipynb         lab: also run NB's drawing pad (its imports, data and DrawingPad.show cells) in a second
                          notebook, draw digits on it with the mouse, and require the page's answer to be the drawn
                          digit and the Java model's answer for the same 28×28 input
  --kill-kernel-cmd CMD   after the checks, save the notebook, run CMD (sh -c, with KERNEL_ID in its environment)
                          to kill the kernel, then check that the lab restarts it, a cell runs again and the saved
                          notebook is intact`;

let opts;
try {
  opts = parseArgs({
    options: {
      jupyter: { type: 'string' },
      notebook: { type: 'string' },
      kernel: { type: 'string' },
      out: { type: 'string', default: '.ci/work/browser' },
      ui: { type: 'string', default: 'lab' },
      mode: { type: 'string', default: 'quick' },
      'run-timeout': { type: 'string', default: '900' },
      'startup-timeout': { type: 'string', default: '300' },
      'min-live-images': { type: 'string', default: '2' },
      'max-live-outputs': { type: 'string', default: '4' },
      'poll-ms': { type: 'string', default: '250' },
      chromium: { type: 'string' },
      'keep-tmp': { type: 'boolean', default: false },
      headed: { type: 'boolean', default: false },
      url: { type: 'string' },
      'token-file': { type: 'string' },
      'kill-kernel-cmd': { type: 'string' },
      draw: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
function positiveNumber(name) {
  const v = Number(opts[name]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} must be a positive number, not ${opts[name]}`);
    process.exit(2);
  }
  return v;
}
const RUN_TIMEOUT_MS = positiveNumber('run-timeout') * 1000;
const STARTUP_TIMEOUT_MS = positiveNumber('startup-timeout') * 1000;
const MIN_LIVE_IMAGES = positiveNumber('min-live-images');
const MAX_LIVE_OUTPUTS = positiveNumber('max-live-outputs');
const POLL_MS = positiveNumber('poll-ms');
const UIS = { lab: ['lab'], classic: ['classic'], both: ['lab', 'classic'] }[opts.ui];
if (!UIS) {
  console.error(`--ui must be lab, classic or both, not ${opts.ui}`);
  process.exit(2);
}
if (opts.url && opts.ui !== 'lab') {
  console.error('--url tests JupyterLab only (--ui lab)');
  process.exit(2);
}
if (opts.url && !opts['token-file']) {
  console.error('--url needs --token-file');
  process.exit(2);
}
if (!opts.notebook) {
  console.error(`--notebook is required\n${USAGE}`);
  process.exit(2);
}
const NOTEBOOK = path.resolve(opts.notebook);
if (!fs.existsSync(NOTEBOOK)) {
  console.error(`notebook not found: ${NOTEBOOK}`);
  process.exit(2);
}
// A path is made absolute: the server starts in a temporary directory.
const JUPYTER = opts.jupyter ? (opts.jupyter.includes('/') ? path.resolve(opts.jupyter) : opts.jupyter)
  : (fs.existsSync('.venv/bin/jupyter') ? path.resolve('.venv/bin/jupyter') : 'jupyter');
const OUT = path.resolve(opts.out);
const CHROMIUM = opts.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------- helpers

const T0 = Date.now();
const since = (t) => Math.round((Date.now() - t) / 100) / 10;
function step(msg) {
  console.log(`[browser-test +${since(T0).toFixed(1)}s] ${msg}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class CheckFailed extends Error {}

/** Rejects after ms with a clear message; the wrapped promise keeps running but is ignored. */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailed(`timed out after ${Math.round(ms / 1000)} s: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of processes whose command line mentions marker (our kernels: their connection file is in our runtime dir). */
function pidsMentioning(marker) {
  const pids = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.includes(marker)) pids.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return pids;
}

// ---------------------------------------------------------------------------------------------- prerequisites

if (!fs.existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}.\n${INSTALL_HELP}`);
  process.exit(1);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`playwright-core cannot be loaded (${e.code ?? e.message}).\n${INSTALL_HELP}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------- Jupyter server

const cleanups = new Set();
const tmpDirs = new Set();
function removeTmpDirs() {
  if (opts['keep-tmp']) return;
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  tmpDirs.clear();
}

/** A Jupyter server's REST API, called with its token (`base` and `token` come from the subclass). */
class ServerApi {
  async api(p, { method = 'GET', timeoutMs = 10000, body } = {}) {
    return fetch(this.base + p, {
      method,
      headers: { Authorization: `token ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  async json(p) {
    const r = await this.api(p);
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`);
    return r.json();
  }
}

class JupyterServer extends ServerApi {
  constructor(ui, tmp, outDir) {
    super();
    this.ui = ui;
    this.tmp = tmp;
    this.outDir = outDir;
    this.token = crypto.randomBytes(24).toString('hex');
    this.runtimeDir = path.join(tmp, 'runtime');
    this.proc = null;
    this.exited = null;
  }

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  notebookPath(name) {
    return name;
  }

  async start() {
    this.port = await freePort();
    fs.mkdirSync(this.runtimeDir, { recursive: true });
    const env = { ...process.env, MNIST_LAB_MODE: opts.mode };
    // Our own runtime dir: connection files and the cookie secret stay in the temporary directory, and every kernel
    // this server starts has that path on its command line, so a leftover can be found and stopped at the end.
    env.JUPYTER_RUNTIME_DIR = this.runtimeDir;
    // Fresh JupyterLab settings and workspaces (unless the caller set them): no saved layout or user setting changes
    // what the test sees, and nothing is written into ~/.jupyter/lab.
    env.JUPYTERLAB_SETTINGS_DIR ??= path.join(this.tmp, 'lab-settings');
    env.JUPYTERLAB_WORKSPACES_DIR ??= path.join(this.tmp, 'lab-workspaces');
    if (env.JUPYTERLAB_SETTINGS_DIR.startsWith(this.tmp)) {
      // No "Would you like to get notified about official Jupyter news?" toast over the screenshots.
      const dir = path.join(env.JUPYTERLAB_SETTINGS_DIR, '@jupyterlab', 'apputils-extension');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'notification.jupyterlab-settings'), '{ "fetchNews": "false" }\n');
    }
    const args = [
      this.ui === 'lab' ? 'lab' : 'nbclassic',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${this.port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${this.token}`,
      `--ServerApp.root_dir=${this.tmp}`,
    ];
    if (this.ui === 'lab') args.push('--LabApp.expose_app_in_browser=True', '--LabApp.news_url=None');
    if (process.getuid?.() === 0) args.push('--allow-root');
    this.logFile = path.join(this.outDir, 'server.log');
    const log = fs.openSync(this.logFile, 'w');
    step(`${this.ui}: starting ${JUPYTER} ${args[0]} on port ${this.port} (log: ${path.relative(process.cwd(), this.logFile)})`);
    this.proc = spawn(JUPYTER, args, { cwd: this.tmp, env, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => resolve({ code, signal }));
      this.proc.on('error', (err) => resolve({ code: null, signal: null, error: err.message }));
    });
    cleanups.add(this);
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    let exitInfo = null;
    this.exited.then((x) => (exitInfo = x));
    while (Date.now() < deadline) {
      if (exitInfo) {
        throw new CheckFailed(`jupyter ${args[0]} exited before answering (${JSON.stringify(exitInfo)}); ` +
          `last log lines:\n${this.tail()}`);
      }
      try {
        const r = await this.api('/api/status', { timeoutMs: 5000 });
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      await sleep(500);
    }
    throw new CheckFailed(`jupyter ${args[0]} did not answer within ${STARTUP_TIMEOUT_MS / 1000} s; log:\n${this.tail()}`);
  }

  tail(n = 15) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Server-side execution state of every kernel this server runs. */
  async kernelStates() {
    try {
      return (await this.json('/api/kernels')).map((k) => k.execution_state);
    } catch {
      return null;
    }
  }

  /** Shuts the kernels and the server down: the API first, then SIGTERM and SIGKILL to the process group. */
  stop() {
    this.stopping ??= this.doStop().finally(() => cleanups.delete(this));
    return this.stopping;
  }

  async doStop() {
    if (!this.proc) return;
    const pid = this.proc.pid;
    let done = false;
    this.exited.then(() => (done = true));
    const waitExit = async (ms) => {
      const end = Date.now() + ms;
      while (!done && Date.now() < end) await sleep(200);
      return done;
    };
    try {
      await this.api('/api/shutdown', { method: 'POST', timeoutMs: 5000 });
    } catch {
      /* server already gone or unresponsive */
    }
    if (!(await waitExit(20000))) {
      try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
      if (!(await waitExit(10000))) {
        try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
        await waitExit(5000);
      }
    }
    // Kernels run in their own sessions (jupyter_client starts them so); any left over still names our runtime dir.
    const leftovers = pidsMentioning(this.runtimeDir);
    for (const p of leftovers) {
      try { process.kill(p, 'SIGTERM'); } catch { /* gone */ }
    }
    if (leftovers.length) {
      await sleep(3000);
      for (const p of leftovers) if (processAlive(p)) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
      step(`${this.ui}: stopped ${leftovers.length} leftover kernel process(es): ${leftovers.join(' ')}`);
    }
    this.proc = null;
  }

  /** Synchronous last resort (process exit handlers cannot wait). */
  killNow() {
    if (!this.proc) return;
    try { process.kill(-this.proc.pid, 'SIGKILL'); } catch { /* gone */ }
    for (const p of pidsMentioning(this.runtimeDir)) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
}

/**
 * A Jupyter server that runs already (--url, e.g. JupyterLab in a container): the same interface as JupyterServer.
 * start() checks the token (refused without it, accepted with it) and uploads the notebook into a new folder;
 * stop() shuts down that notebook's sessions and removes the folder; the server itself keeps running.
 */
class RemoteServer extends ServerApi {
  constructor(ui, tmp, outDir) {
    super();
    this.ui = ui;
    this.tmp = tmp;
    this.outDir = outDir;
    this.base = opts.url.replace(/\/+$/, '');
    this.token = fs.readFileSync(opts['token-file'], 'utf8').trim();
    this.dir = `browser-test-${crypto.randomBytes(4).toString('hex')}`;
    this.logFile = null;
    this.uploaded = false;
  }

  notebookPath(name) {
    return `${this.dir}/${name}`;
  }

  async start() {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    step(`${this.ui}: using the running server ${this.base}`);
    for (;;) {
      try {
        const r = await this.api('/api/status', { timeoutMs: 5000 });
        if (r.ok) break;
        if (r.status === 403 || r.status === 401) throw new CheckFailed(`${this.base} refuses the token (HTTP ${r.status})`);
      } catch (e) {
        if (e instanceof CheckFailed) throw e;
      }
      if (Date.now() > deadline) throw new CheckFailed(`${this.base} did not answer within ${STARTUP_TIMEOUT_MS / 1000} s`);
      await sleep(500);
    }
    // The token must matter: without it the API refuses.
    const anon = await fetch(`${this.base}/api/contents`, { signal: AbortSignal.timeout(10000) });
    if (anon.status !== 403 && anon.status !== 401) throw new CheckFailed(`${this.base}/api/contents answers HTTP ${anon.status} without the token (expected 403)`);
    let r = await this.api(`/api/contents/${this.dir}`, { method: 'PUT', body: { type: 'directory' } });
    if (!r.ok) throw new CheckFailed(`creating ${this.dir} on the server: HTTP ${r.status}`);
    this.uploaded = true;
    for (const f of fs.readdirSync(this.tmp).filter((x) => x.endsWith('.ipynb'))) {
      const content = JSON.parse(fs.readFileSync(path.join(this.tmp, f), 'utf8'));
      r = await this.api(`/api/contents/${this.notebookPath(encodeURIComponent(f))}`, { method: 'PUT',
        body: { type: 'notebook', format: 'json', content } });
      if (!r.ok) throw new CheckFailed(`uploading ${f}: HTTP ${r.status} ${await r.text()}`);
      step(`${this.ui}: uploaded ${f} to ${this.notebookPath(f)}`);
    }
  }

  tail() {
    return '(the server runs elsewhere: see its own log)';
  }

  /** Our sessions only: the server may run other people's kernels. */
  async sessions() {
    return (await this.json('/api/sessions')).filter((x) => x.path?.startsWith(`${this.dir}/`));
  }

  async kernelStates() {
    try {
      return (await this.sessions()).map((x) => x.kernel?.execution_state);
    } catch {
      return null;
    }
  }

  stop() {
    this.stopping ??= this.doStop().finally(() => cleanups.delete(this));
    return this.stopping;
  }

  async doStop() {
    if (!this.uploaded) return;
    try {
      for (const x of await this.sessions()) await this.api(`/api/sessions/${x.id}`, { method: 'DELETE', timeoutMs: 30000 });
      for (const f of (await this.json(`/api/contents/${this.dir}`)).content ?? []) {
        await this.api(`/api/contents/${encodeURI(f.path)}`, { method: 'DELETE' });
      }
      await this.api(`/api/contents/${this.dir}`, { method: 'DELETE' });
    } catch (e) {
      step(`${this.ui}: cleaning up ${this.dir} on the server: ${e.message}`);
    }
    this.uploaded = false;
  }

  killNow() {}
}

let browser = null;
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`[browser-test] ${sig}: stopping the Jupyter server(s) and the browser`);
    await Promise.race([
      (async () => {
        for (const s of [...cleanups]) await s.stop().catch(() => s.killNow());
        await browser?.close().catch(() => {});
      })(),
      sleep(30000),
    ]);
    for (const s of [...cleanups]) s.killNow();
    removeTmpDirs();
    process.exit(130);
  });
}
process.on('exit', () => {
  for (const s of [...cleanups]) s.killNow();
  removeTmpDirs();
});

// ---------------------------------------------------------------------------------------------- in-page probes

// JupyterLab shows "Unknown" for a freshly connected jjava kernel until the first execution (no status message
// reaches it after the kernel_info exchange); connected and unknown counts as idle when the server says idle too.
function frontEndIdle(k) {
  return k?.status === 'idle' || (k?.status === 'unknown' && k?.connectionStatus === 'connected');
}

// Runs in the page: one snapshot of the notebook. Works on both front ends; `ui` chooses the DOM vocabulary.
// Returns per code cell: execution prompt, whether it is the training cell, output count, error outputs; for the
// training cell also the PNG hashes and the text of its first output (the progress line).
function pageSnapshot(ui) {
  const hash = (s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return `${h.toString(16)}:${s.length}`;
  };
  const cells = [];
  let kernel = null;
  let dialog = null;
  let path = null;
  if (ui === 'lab') {
    const app = window.jupyterapp;
    const panel = app?.shell?.currentWidget?.content?.widgets ? app.shell.currentWidget : null;
    if (panel) {
      path = panel.context?.path ?? null;
      const k = panel.sessionContext?.session?.kernel;
      kernel = { status: k?.status ?? null, connectionStatus: k?.connectionStatus ?? null, name: k?.name ?? null,
        source: 'app' };
      for (const w of panel.content.widgets) {
        if (w.model.type !== 'code') continue;
        const errs = w.model.outputs.toJSON().filter((o) => o.output_type === 'error');
        cells.push({ node: w.node, source: w.model.sharedModel.getSource(), count: w.model.executionCount ?? null,
          modelErrors: errs.length, modelErrorText: errs.map((o) => `${o.ename}: ${o.evalue}`).join('\n') });
      }
    } else {
      for (const node of document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell')) {
        cells.push({ node, source: node.querySelector('.jp-InputArea-editor')?.textContent ?? '', count: undefined });
      }
    }
    const ind = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator') ??
      document.querySelector('.jp-Notebook-ExecutionIndicator');
    const domStatus = ind?.getAttribute('data-status') ?? null;
    kernel = kernel ? { ...kernel, domStatus } : { status: domStatus, domStatus, source: 'dom' };
    const d = document.querySelector('.jp-Dialog');
    if (d) dialog = d.innerText.slice(0, 500);
  } else {
    const nb = window.Jupyter?.notebook;
    if (nb) {
      path = nb.notebook_path ?? null;
      for (const c of nb.get_cells()) {
        if (c.cell_type !== 'code') continue;
        const n = c.input_prompt_number;
        const errs = (c.output_area?.outputs ?? []).filter((o) => o.output_type === 'error');
        cells.push({ node: c.element[0], source: c.get_text(), count: typeof n === 'number' ? n : (n === '*' ? '*' : null),
          modelErrors: errs.length, modelErrorText: errs.map((o) => `${o.ename}: ${o.evalue}`).join('\n') });
      }
      const icon = document.querySelector('#kernel_indicator_icon');
      const cls = icon?.className ?? '';
      const domStatus = /kernel_busy_icon/.test(cls) ? 'busy' : /kernel_idle_icon/.test(cls) ? 'idle'
        : /kernel_dead_icon/.test(cls) ? 'dead' : /kernel_disconnected_icon/.test(cls) ? 'disconnected' : (cls || null);
      const connected = !!nb.kernel?.is_connected?.();
      kernel = { status: connected ? domStatus : 'not connected', domStatus, name: nb.kernel?.name ?? null, source: 'dom' };
    }
    const m = [...document.querySelectorAll('.modal')].find((e) => e.classList.contains('in') && e.offsetParent !== null);
    if (m) dialog = m.innerText.slice(0, 500);
  }
  const outSel = ui === 'lab' ? '.jp-OutputArea-child' : '.output_area';
  // JupyterLab 4 renders an error output with the stderr renderer (data-mime-type application/vnd.jupyter.stderr,
  // like a warning on stderr): its DOM cannot tell the two apart, so the notebook model's output_type "error" is
  // what counts (modelErrors above); the selector below only catches a front end with an error renderer.
  const errSel = ui === 'lab'
    ? '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'
    : '.output_subarea.output_error';
  const promptSel = ui === 'lab' ? '.jp-InputPrompt' : '.input_prompt';
  const out = cells.map((c, i) => {
    const prompt = (c.node.querySelector(promptSel)?.textContent ?? '').trim();
    const m = /\[\s*([0-9]+|\*)?\s*\]/.exec(prompt);
    const domCount = m && m[1] ? (m[1] === '*' ? '*' : Number(m[1])) : null;
    // The DOM prompt is what the user sees; the model's count (when readable) must agree with it once finished.
    const running = domCount === '*' || c.count === '*';
    const count = running ? '*' : (typeof c.count === 'number' ? c.count : domCount);
    const outputs = [...c.node.querySelectorAll(outSel)];
    const errorNodes = [...c.node.querySelectorAll(errSel)];
    if (ui === 'lab' && c.modelErrors === undefined) {
      // No model to read (window.jupyterapp not exposed): stderr outputs that look like an exception count.
      const looksLikeError = /(^|\n)[\w.$]*(Exception|Error)\b|Traceback \(most recent call last\)/;
      errorNodes.push(...[...c.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .filter((e) => looksLikeError.test(e.textContent)));
    }
    const r = { index: i, prompt, count, outputs: outputs.length, errors: errorNodes.length,
      modelErrors: c.modelErrors ?? 0, isTrain: c.source.includes('TrainingResult run = Lab.train(') };
    if (errorNodes.length) r.errorText = errorNodes.map((e) => e.innerText).join('\n').slice(0, 2000);
    else if (c.modelErrorText) r.errorText = c.modelErrorText.slice(0, 2000);
    if (r.isTrain) {
      r.pngs = outputs.map((o, j) => [...o.querySelectorAll('img')]
        .filter((im) => (im.getAttribute('src') ?? '').startsWith('data:image/png'))
        .map((im) => ({ output: j, hash: hash(im.getAttribute('src')) }))).flat();
      r.outputTexts = outputs.map((o) => o.innerText.trim().slice(0, 300));
      r.outputHashes = outputs.map((o) => hash(o.innerHTML));
    }
    return r;
  });
  return { kernel, dialog, path, cells: out };
}

// Runs in the page: installs a MutationObserver on the training cell that records each distinct state of its outputs
// (number of outputs, hashes of the PNGs and the output index holding each, start of the text) in window.__mnistLive.
function pageInstallRecorder(ui) {
  // The same hash as pageSnapshot's: a function sent to the page runs there alone, without this module's scope.
  const hash = (s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return `${h.toString(16)}:${s.length}`;
  };
  let node = null;
  if (ui === 'lab') {
    const panel = window.jupyterapp?.shell?.currentWidget;
    node = panel?.content?.widgets?.find((w) => w.model.type === 'code' && w.model.sharedModel.getSource().includes('TrainingResult run = Lab.train('))?.node
      ?? [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell')]
        .find((n) => (n.querySelector('.jp-InputArea-editor')?.textContent ?? '').includes('TrainingResult run = Lab.train('));
  } else {
    node = window.Jupyter?.notebook?.get_cells().find((c) => c.cell_type === 'code' && c.get_text().includes('TrainingResult run = Lab.train('))?.element[0];
  }
  if (!node) return false;
  const outSel = ui === 'lab' ? '.jp-OutputArea-child' : '.output_area';
  const rec = { states: [], statesTotal: 0, maxOutputs: 0, mutations: 0 };
  const t0 = performance.now();
  let last = '';
  const record = () => {
    const outputs = [...node.querySelectorAll(outSel)];
    const pngs = outputs.flatMap((o, j) => [...o.querySelectorAll('img')]
      .filter((im) => (im.getAttribute('src') ?? '').startsWith('data:image/png'))
      .map((im) => `${j}:${hash(im.getAttribute('src'))}`));
    const text = outputs.map((o) => o.textContent.trim().slice(0, 200)).join(' | ');
    rec.maxOutputs = Math.max(rec.maxOutputs, outputs.length);
    const key = `${outputs.length}|${pngs.join(',')}|${text}`;
    if (key === last) return;
    last = key;
    rec.statesTotal++;
    if (rec.states.length < 2000) rec.states.push({ t: Math.round(performance.now() - t0), outputs: outputs.length, pngs, text: text.slice(0, 160) });
  };
  new MutationObserver(() => { rec.mutations++; record(); })
    .observe(node, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['src'] });
  window.__mnistLive = rec;
  return true;
}

// Runs in the page: the final rendering checks over all outputs (tables, PNGs decoded, errors).
async function pageFinalChecks(ui) {
  const outSel = ui === 'lab' ? '.jp-OutputArea-output' : '.output_subarea';
  const root = ui === 'lab' ? document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook') : document.querySelector('#notebook-container');
  const outputs = [...(root?.querySelectorAll(outSel) ?? [])];
  const tables = outputs.flatMap((o) => [...o.querySelectorAll('table')]);
  const imgs = outputs.flatMap((o) => [...o.querySelectorAll('img')])
    .filter((im) => (im.getAttribute('src') ?? '').startsWith('data:image/png'));
  const decoded = await Promise.all(imgs.map(async (im) => {
    try {
      im.scrollIntoView({ block: 'center' });
      await im.decode();
    } catch { /* reported below through naturalWidth */ }
    return { width: im.naturalWidth, height: im.naturalHeight };
  }));
  const errSel = ui === 'lab'
    ? '[data-mime-type="application/vnd.jupyter.error"]'
    : '.output_subarea.output_error';
  const stderrSel = ui === 'lab' ? '[data-mime-type="application/vnd.jupyter.stderr"]' : '.output_subarea.output_stderr';
  return {
    outputs: outputs.length,
    tables: tables.length,
    tableRows: tables.map((t) => t.rows.length),
    pngs: decoded.length,
    pngsRendered: decoded.filter((d) => d.width > 0 && d.height > 0).length,
    pngSizes: decoded.map((d) => `${d.width}x${d.height}`),
    errors: root ? root.querySelectorAll(errSel).length : -1,
    stderr: root ? [...root.querySelectorAll(stderrSel)].map((e) => e.innerText.slice(0, 300)) : [],
  };
}

// ---------------------------------------------------------------------------------------------- one front end

async function runUi(ui, report) {
  const r = { ui, ok: false, failures: [], timings: {}, screenshots: [] };
  report.uis[ui] = r;
  const tUi = Date.now();
  const outDir = path.join(OUT, ui);
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) if (/\.(png|log)$/.test(f)) fs.rmSync(path.join(outDir, f));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `mnistlab-${ui}-`));
  tmpDirs.add(tmp);
  const name = path.basename(NOTEBOOK);
  const nb = JSON.parse(fs.readFileSync(NOTEBOOK, 'utf8'));
  const kernelName = opts.kernel ?? nb.metadata?.kernelspec?.name;
  if (opts.kernel && nb.metadata?.kernelspec) nb.metadata.kernelspec.name = opts.kernel;
  // The copy starts clean: no stale outputs or execution counts can pass for this run's.
  for (const c of nb.cells) if (c.cell_type === 'code') { c.outputs = []; c.execution_count = null; }
  fs.writeFileSync(path.join(tmp, name), JSON.stringify(nb, null, 1));
  const padName = 'drawing-pad.ipynb';
  if (opts.draw && ui === 'lab') {
    const pad = padNotebook(path.resolve(opts.draw));
    if (pad.metadata.kernelspec) pad.metadata.kernelspec.name = kernelName;
    fs.writeFileSync(path.join(tmp, padName), JSON.stringify(pad, null, 1));
  }
  const trainCells = nb.cells.filter((c) => c.cell_type === 'code')
    .map((c, i) => ({ i, src: [].concat(c.source).join('') })).filter((c) => c.src.includes('TrainingResult run = Lab.train('));
  if (trainCells.length !== 1) throw new CheckFailed(`expected exactly one code cell with "TrainingResult run = Lab.train(" (the lesson's training) in ${name}, found ${trainCells.length}`);
  r.codeCells = nb.cells.filter((c) => c.cell_type === 'code').length;
  r.trainingCell = trainCells[0].i;
  step(`${ui}: copied ${name} (${r.codeCells} code cells, training cell is code cell #${r.trainingCell}) to ${tmp}`);

  const server = opts.url ? new RemoteServer(ui, tmp, outDir) : new JupyterServer(ui, tmp, outDir);
  let page = null;
  let context = null;
  const shotOf = async (pg, label) => {
    if (!pg) return;
    const file = path.join(outDir, `${String(r.screenshots.length + 1).padStart(2, '0')}-${label}.png`);
    try {
      await withTimeout(pg.screenshot({ path: file }), 30000, `screenshot ${label}`);
      r.screenshots.push(path.relative(process.cwd(), file));
      step(`${ui}: screenshot ${path.relative(process.cwd(), file)}`);
    } catch (e) {
      step(`${ui}: screenshot ${label} failed: ${e.message}`);
    }
  };
  const shot = (label) => shotOf(page, label);

  const snap = () => withTimeout(page.evaluate(pageSnapshot, ui), 60000, 'reading the notebook state in the page');
  const scrollToCell = (codeIndex) => withTimeout(page.evaluate(([u, i]) => {
    const nodes = u === 'lab'
      ? document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell')
      : document.querySelectorAll('#notebook-container .code_cell');
    const node = nodes[i];
    if (!node) return;
    node.scrollIntoView({ block: 'start' });
    // A little of what comes before (the heading above the cell) stays in view.
    for (let e = node.parentElement; e; e = e.parentElement) {
      const o = getComputedStyle(e).overflowY;
      if ((o === 'auto' || o === 'scroll') && e.scrollHeight > e.clientHeight) { e.scrollBy(0, -60); break; }
    }
  }, [ui, codeIndex]).then(() => sleep(300)), 30000, 'scrolling');

  try {
    let t = Date.now();
    await server.start();
    r.timings.serverStartS = since(t);
    const specs = await server.json('/api/kernelspecs');
    if (!specs.kernelspecs?.[kernelName]) {
      throw new CheckFailed(`kernel spec ${kernelName} is not known to this Jupyter (has: ${Object.keys(specs.kernelspecs ?? {}).join(', ')})`);
    }
    step(`${ui}: server answers after ${r.timings.serverStartS} s; kernel spec ${kernelName} present`);

    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    r.consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error' && r.consoleErrors.length < 50) r.consoleErrors.push(m.text().slice(0, 300)); });
    page.on('pageerror', (e) => { if (r.consoleErrors.length < 50) r.consoleErrors.push(`pageerror: ${e.message.slice(0, 300)}`); });
    page.on('dialog', (d) => d.dismiss().catch(() => {}));

    t = Date.now();
    const url = ui === 'lab'
      ? `${server.base}/lab/tree/${server.notebookPath(encodeURIComponent(name))}?token=${server.token}`
      : `${server.base}/notebooks/${encodeURIComponent(name)}?token=${server.token}`;
    step(`${ui}: opening ${url.replace(server.token, '<token>')}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: STARTUP_TIMEOUT_MS });
    await page.waitForSelector(ui === 'lab' ? '.jp-NotebookPanel .jp-Notebook .jp-CodeCell' : '#notebook-container .code_cell',
      { timeout: STARTUP_TIMEOUT_MS });
    r.timings.pageLoadS = since(t);
    step(`${ui}: notebook rendered after ${r.timings.pageLoadS} s; waiting for the kernel to be idle`);

    t = Date.now();
    let s = await waitForIdleKernel(snap, server, shot);
    r.timings.kernelIdleS = since(t);
    r.kernelSeen = s.kernel;
    if (s.kernel?.status !== 'idle') {
      r.notes = [`before running, the front end showed kernel status "${s.kernel?.status}" (connected; the server said idle)`];
    }
    if (s.kernel?.name && s.kernel.name !== kernelName) throw new CheckFailed(`the notebook runs kernel ${s.kernel.name}, not ${kernelName}`);
    if (s.cells.length !== r.codeCells) throw new CheckFailed(`the page shows ${s.cells.length} code cells, the notebook has ${r.codeCells}`);
    step(`${ui}: kernel ${s.kernel?.name ?? kernelName} idle after ${r.timings.kernelIdleS} s`);
    await shot('opened');

    // Before running: a MutationObserver on the training cell records every state its outputs pass through, so that
    // no update is missed between two polls (a quick-mode epoch lasts only seconds).
    const recorder = await withTimeout(page.evaluate(pageInstallRecorder, ui), 30000, 'installing the live recorder');
    if (!recorder) throw new CheckFailed('the training cell (source with "TrainingResult run = Lab.train(") was not found in the page');

    // Run all cells through the menu, as a user would; the poll loop falls back to the front end's command if no
    // cell has started 20 s later.
    t = Date.now();
    r.runMethod = await clickRunAll(page, ui);
    step(`${ui}: Run All clicked (${r.runMethod}); polling every ${POLL_MS} ms, at most ${RUN_TIMEOUT_MS / 1000} s`);

    const live = { polls: 0, pollsWhileTraining: 0, trainingStartedS: null, trainingS: null, outputCounts: {} };
    r.live = live;
    const poll = { pngs: new Set(), pngIndexes: new Set(), texts: new Set(), pngChanges: 0, maxOutputs: 0 };
    let lastPngKey = '';
    let trainStart = null;
    let idleSince = null;
    let started = false;
    const shotsTaken = { progress: false, chart: 0 };
    for (;;) {
      if (Date.now() - t > RUN_TIMEOUT_MS) {
        await shot('timeout');
        const pending = s.cells.filter((c) => c.count === null || c.count === '*').map((c) => `#${c.index} ${c.prompt}`);
        throw new CheckFailed(`Run All did not finish within ${RUN_TIMEOUT_MS / 1000} s; cells not done: ${pending.join(', ')}`);
      }
      const tPoll = Date.now();
      s = await snap();
      live.polls++;
      if (!started && s.cells.some((c) => c.count !== null)) started = true;
      if (!started && Date.now() - t > 20000) {
        step(`${ui}: no cell started 20 s after ${r.runMethod}; running the front end's command instead`);
        r.runMethod = await commandRunAll(page, ui);
        t = Date.now();
        started = true; // the next 20 s are the command's; a stall after it ends in the timeout above
      }
      const tc = s.cells.find((c) => c.isTrain);
      if (!tc) throw new CheckFailed('the training cell (source with "TrainingResult run = Lab.train(") is not in the page');
      if (tc.count === '*' && tc.outputs > 0) {
        if (trainStart === null) { trainStart = Date.now(); live.trainingStartedS = since(t); }
        live.pollsWhileTraining++;
      }
      if (trainStart !== null && live.trainingS === null && typeof tc.count === 'number') live.trainingS = since(trainStart);
      if (trainStart !== null) {
        live.outputCounts[tc.outputs] = (live.outputCounts[tc.outputs] ?? 0) + 1;
        poll.maxOutputs = Math.max(poll.maxOutputs, tc.outputs);
        for (const p of tc.pngs) { poll.pngs.add(p.hash); poll.pngIndexes.add(p.output); }
        const key = tc.pngs.map((p) => p.hash).join(',');
        if (key !== lastPngKey) { poll.pngChanges++; lastPngKey = key; }
        poll.texts.add(tc.outputTexts.join(' | '));
      }
      if (s.dialog) {
        await shot('dialog');
        throw new CheckFailed(`a dialog appeared while running: ${s.dialog.replace(/\s+/g, ' ')}`);
      }
      // Screenshots while training: the progress line, then each new chart (at most two).
      if (tc.count === '*' && !shotsTaken.progress && tc.outputs > 0) {
        shotsTaken.progress = true;
        await scrollToCell(tc.index);
        await shot('training-progress');
      }
      if (tc.count === '*' && poll.pngs.size > shotsTaken.chart && shotsTaken.chart < 2) {
        shotsTaken.chart = poll.pngs.size;
        await scrollToCell(tc.index);
        await shot(`training-chart${poll.pngs.size}`);
      }
      const running = s.cells.some((c) => c.count === '*');
      const allDone = s.cells.every((c) => typeof c.count === 'number');
      const anyError = s.cells.some((c) => c.errors > 0 || c.modelErrors > 0);
      const idle = frontEndIdle(s.kernel);
      if (started && idle && !running) {
        idleSince ??= Date.now();
        const states = allDone || anyError || Date.now() - idleSince > 15000 ? await server.kernelStates() : null;
        const serverIdle = states?.length > 0 && states.every((x) => x === 'idle');
        if (serverIdle && allDone) break;
        // Run All stops at the first error (the kernel aborts what was queued): give up once everything is quiet.
        if (serverIdle && (anyError ? Date.now() - idleSince > 3000 : Date.now() - idleSince > 30000)) break;
      } else {
        idleSince = null;
      }
      await sleep(Math.max(0, POLL_MS - (Date.now() - tPoll)));
    }
    r.timings.runAllS = since(t);
    const rec = await withTimeout(page.evaluate(() => window.__mnistLive), 30000, 'reading the live recorder');
    const recPngs = new Set(rec.states.flatMap((x) => x.pngs.map((p) => p.split(':').slice(1).join(':'))));
    const recPngIndexes = new Set(rec.states.flatMap((x) => x.pngs.map((p) => Number(p.split(':')[0]))));
    let recPngChanges = 0;
    rec.states.reduce((prev, x) => { const k = x.pngs.join(','); if (k !== prev) recPngChanges++; return k; }, '');
    live.polled = { distinctPngs: poll.pngs.size, pngChanges: poll.pngChanges, distinctOutputStates: poll.texts.size,
      maxOutputs: poll.maxOutputs };
    live.observed = { mutations: rec.mutations, states: rec.statesTotal, distinctPngs: recPngs.size,
      pngChanges: recPngChanges, maxOutputs: rec.maxOutputs, timeline: rec.states.filter((x, i) => i < 5 ||
        x.pngs.join() !== rec.states[i - 1].pngs.join()).slice(0, 40) };
    live.distinctPngs = new Set([...poll.pngs, ...recPngs]).size;
    live.pngChanges = Math.max(poll.pngChanges, recPngChanges);
    live.maxOutputs = Math.max(poll.maxOutputs, rec.maxOutputs);
    live.pngOutputIndexes = [...new Set([...poll.pngIndexes, ...recPngIndexes])];
    live.distinctLiveStates = Math.max(poll.texts.size, rec.statesTotal);
    live.finalOutputs = s.cells.find((c) => c.isTrain).outputs;
    live.finalText = s.cells.find((c) => c.isTrain).outputTexts.join(' | ').slice(0, 400);
    r.cells = s.cells.map(({ index, prompt, outputs, errors, modelErrors }) => ({ index, prompt, outputs, errors, modelErrors }));
    step(`${ui}: Run All finished after ${r.timings.runAllS} s (training cell ran ${live.trainingS ?? '?'} s, ` +
      `${live.pollsWhileTraining} polls): ${live.distinctPngs} distinct live PNGs, ${live.pngChanges} PNG changes, ` +
      `${live.distinctLiveStates} live states, training cell outputs max ${live.maxOutputs} / final ${live.finalOutputs}`);

    // ---- assertions
    const fail = (msg) => r.failures.push(msg);
    const notRun = s.cells.filter((c) => typeof c.count !== 'number');
    if (notRun.length) fail(`cells without an execution count: ${notRun.map((c) => `code cell #${c.index} ${c.prompt}`).join(', ')}`);
    for (const c of s.cells) {
      if (c.errors > 0 || c.modelErrors > 0) {
        fail(`code cell #${c.index} has an error output: ${(c.errorText ?? '?').replace(/\s+/g, ' ').slice(0, 600)}`);
      }
    }
    const counts = s.cells.filter((c) => typeof c.count === 'number').map((c) => c.count);
    if (counts.some((n, i) => i > 0 && n <= counts[i - 1])) fail(`execution counts are not increasing: ${counts.join(', ')}`);

    const fin = await withTimeout(page.evaluate(pageFinalChecks, ui), 120000, 'final rendering checks');
    r.rendered = fin;
    if (fin.errors !== 0) fail(`${fin.errors} error output(s) rendered in the page`);
    if (fin.tables < 1) fail('no HTML <table> rendered in any output');
    if (fin.pngs < 1) fail('no PNG image (img src=data:image/png) rendered in any output');
    if (fin.pngsRendered < fin.pngs) fail(`${fin.pngs - fin.pngsRendered} of ${fin.pngs} PNG images did not decode (naturalWidth 0)`);

    if (live.distinctLiveStates < 4) fail(`the training cell went through only ${live.distinctLiveStates} states: live updates not observed`);
    if (live.distinctPngs < MIN_LIVE_IMAGES) fail(`the live chart showed ${live.distinctPngs} distinct PNG(s) while training, expected at least ${MIN_LIVE_IMAGES}`);
    // Chart output: placeholder text -> PNG of epoch 1 -> PNG of epoch 2 ...: at least two changes of the PNG shown.
    if (live.pngChanges < 2) fail(`the PNG in the training cell changed ${live.pngChanges} time(s), expected at least 2`);
    if (live.maxOutputs > MAX_LIVE_OUTPUTS) fail(`the training cell grew to ${live.maxOutputs} outputs (allowed ${MAX_LIVE_OUTPUTS}): updates appended instead of replaced`);
    if (live.pngOutputIndexes.length > 1) fail(`the live PNG moved between outputs ${live.pngOutputIndexes.join(', ')}: not replaced in place`);
    if (!(live.finalOutputs < live.distinctLiveStates)) fail(`the training cell ends with ${live.finalOutputs} outputs for ${live.distinctLiveStates} distinct live states: not replaced in place`);
    const finalPngs = s.cells.find((c) => c.isTrain).pngs.length;
    if (finalPngs !== 1) fail(`the training cell ends with ${finalPngs} PNG images, expected exactly 1 (the chart, replaced in place)`);

    await scrollToCell(r.trainingCell);
    await shot('end-training-cell');
    const firstTableCell = await withTimeout(page.evaluate((u) => {
      const nodes = [...(u === 'lab'
        ? document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell')
        : document.querySelectorAll('#notebook-container .code_cell'))];
      return nodes.findIndex((n, i) => i > 0 && n.querySelector('table') && n.querySelector('img'));
    }, ui), 30000, 'finding the results cell');
    if (firstTableCell >= 0) {
      await scrollToCell(firstTableCell);
      await shot('end-results');
    }
    if (opts.draw && ui === 'lab' && r.failures.length === 0) {
      t = Date.now();
      const padPage = await context.newPage();
      const padShot = (label) => shotOf(padPage, label);
      try {
        // A workspace of its own: the default one would restore the lesson's tab beside the pad's, and Run All
        // could reach the lesson instead of the pad.
        await padPage.goto(`${server.base}/lab/workspaces/drawing-pad/tree/${server.notebookPath(padName)}?reset&token=${server.token}`,
          { waitUntil: 'domcontentloaded', timeout: STARTUP_TIMEOUT_MS });
        await padPage.waitForSelector('.jp-NotebookPanel .jp-Notebook .jp-CodeCell', { timeout: STARTUP_TIMEOUT_MS });
        const padSnap = () => withTimeout(padPage.evaluate(pageSnapshot, ui), 60000, 'reading the pad notebook in the page');
        await waitForIdleKernel(padSnap, server, padShot, padName);
        await clickRunAll(padPage, ui);
        r.drawingPad = await checkPad(padPage, { step, shot: padShot, sleep, timeoutMs: STARTUP_TIMEOUT_MS, snapshot: padSnap,
          runAllAgain: () => commandRunAll(padPage, ui) });
        r.drawingPad.seconds = since(t);
        r.failures.push(...r.drawingPad.failures);
      } catch (e) {
        await padShot('drawing-pad-failure');
        r.failures.push(`drawing pad: ${e.message.split('\n')[0]}`);
      } finally {
        await padPage.close().catch(() => {});
      }
    }
    if (opts['kill-kernel-cmd'] && ui === 'lab' && r.failures.length === 0) {
      r.killKernel = await killKernelAndRecover(page, server, server.notebookPath(name), snap, shot);
      r.failures.push(...r.killKernel.failures);
    }
    r.ok = r.failures.length === 0;
  } catch (e) {
    r.failures.push(e instanceof CheckFailed ? e.message : `unexpected error: ${e.stack ?? e}`);
    await shot('failure');
  } finally {
    r.timings.totalS = since(tUi);
    step(`${ui}: stopping the Jupyter server`);
    await context?.close().catch(() => {});
    await server.stop().catch((e) => step(`${ui}: stopping the server: ${e.message}`));
    r.serverLog = server.logFile ? path.relative(process.cwd(), server.logFile) : null;
    if (opts['keep-tmp']) step(`${ui}: kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
    tmpDirs.delete(tmp);
  }
  return r;
}

/**
 * The fault a student meets: the kernel process dies (--kill-kernel-cmd kills it). Saves the notebook, kills the
 * kernel, waits for JupyterLab to restart it (the server's automatic restart; else Kernel > Restart Kernel), runs a
 * new cell, and checks: it runs in a fresh kernel (execution count 1) and prints what it should, the page still
 * shows the training chart, and the saved notebook on the server is the one saved before the kill.
 */
async function killKernelAndRecover(page, server, nbPath, snap, shot) {
  const k = { failures: [], timings: {} };
  const fail = (m) => k.failures.push(`kill-kernel: ${m}`);
  const contentsPath = `/api/contents/${nbPath.split('/').map(encodeURIComponent).join('/')}`;
  const outputsOf = (nb) => nb.cells.reduce((n, c) => n + (c.outputs?.length ?? 0), 0);
  await page.evaluate(() => window.jupyterapp.commands.execute('docmanager:save'));
  let saved = null;
  for (let end = Date.now() + 30000; Date.now() < end; await sleep(500)) {
    saved = (await server.json(`${contentsPath}?content=1`)).content;
    if (outputsOf(saved) > 0) break;
  }
  if (!saved || outputsOf(saved) === 0) { fail('the saved notebook has no outputs after docmanager:save'); return k; }
  k.savedCells = saved.cells.length;
  k.savedOutputs = outputsOf(saved);
  const session = (await server.json('/api/sessions')).find((x) => x.path === nbPath);
  if (!session) { fail(`no session for ${nbPath}`); return k; }
  k.kernelId = session.kernel.id;
  const t = Date.now();
  const killed = spawnSync('sh', ['-c', opts['kill-kernel-cmd']], { env: { ...process.env, KERNEL_ID: k.kernelId },
    encoding: 'utf8', timeout: 60000 });
  k.killOutput = `${killed.stdout ?? ''}${killed.stderr ?? ''}`.trim().slice(0, 500);
  if (killed.status !== 0) { fail(`the kill command exited with ${killed.status}: ${k.killOutput}`); return k; }
  step(`lab: killed kernel ${k.kernelId} (${k.killOutput || 'no output'}); waiting for the lab to restart it`);
  // The server notices the dead process within seconds and restarts it; JupyterLab says so in a dialog.
  k.seen = [];
  let s;
  let menuRestart = false;
  for (;;) {
    s = await snap();
    const st = `${s.kernel?.status}`;
    if (k.seen.at(-1) !== st) k.seen.push(st);
    if (s.dialog) {
      k.dialog ??= s.dialog.replace(/\s+/g, ' ').slice(0, 200);
      await shot('kernel-died-dialog');
      await page.locator('.jp-Dialog .jp-mod-accept').first().click({ timeout: 10000 }).catch(() => page.keyboard.press('Escape'));
    }
    const states = await server.kernelStates();
    const restarted = k.dialog || k.seen.some((x) => /restart|dead|unknown|starting/.test(x));
    if (restarted && !s.dialog && frontEndIdle(s.kernel) && states?.length && states.every((x) => x === 'idle')) break;
    if (!menuRestart && Date.now() - t > 60000) {
      // No automatic restart: the student's way, Kernel > Restart Kernel.
      menuRestart = true;
      step('lab: no automatic restart after 60 s; Kernel > Restart Kernel');
      await page.evaluate(() => window.jupyterapp.commands.execute('kernelmenu:restart'));
    }
    if (Date.now() - t > 180000) { await shot('kernel-not-restarted'); fail(`the kernel did not come back within 180 s (states seen: ${k.seen.join(' > ')})`); return k; }
    await sleep(500);
  }
  k.restartedBy = menuRestart ? 'Kernel > Restart Kernel' : 'the server (automatic restart)';
  k.timings.restartS = since(t);
  step(`lab: kernel back after ${k.timings.restartS} s (${k.restartedBy}; states ${k.seen.join(' > ')})`);
  // A new cell at the end: in a fresh kernel it is execution 1.
  const marker = `after-restart-${crypto.randomBytes(3).toString('hex')}`;
  await page.evaluate(async (src) => {
    const app = window.jupyterapp;
    const nb = app.shell.currentWidget.content;
    nb.activeCellIndex = nb.widgets.length - 1;
    await app.commands.execute('notebook:insert-cell-below');
    nb.activeCell.model.sharedModel.setSource(src);
    await app.commands.execute('notebook:run-cell');
  }, `System.out.println("${marker} " + (6 * 7));`);
  let last = null;
  for (let end = Date.now() + 120000; Date.now() < end; await sleep(500)) {
    last = await page.evaluate(() => {
      const w = window.jupyterapp.shell.currentWidget.content.widgets.at(-1);
      return { count: w.model.executionCount ?? null, text: w.node.querySelector('.jp-OutputArea')?.innerText ?? '' };
    });
    if (typeof last.count === 'number' && last.text.includes('42')) break;
  }
  k.newCell = last;
  await shot('after-restart');
  if (!last?.text.includes(`${marker} 42`)) fail(`the new cell did not print "${marker} 42" (got ${JSON.stringify(last)})`);
  if (last?.count !== 1) fail(`the new cell ran as execution ${last?.count}, expected 1 (a fresh kernel)`);
  s = await snap();
  const train = s.cells.find((c) => c.isTrain);
  if (train?.pngs?.length !== 1) fail(`after the restart the training cell shows ${train?.pngs?.length} charts, expected 1`);
  const after = (await server.json(`${contentsPath}?content=1`)).content;
  if (after.cells.length !== k.savedCells || outputsOf(after) !== k.savedOutputs) {
    fail(`the saved notebook changed: ${after.cells.length} cells / ${outputsOf(after)} outputs, saved ${k.savedCells} / ${k.savedOutputs}`);
  }
  if (!k.failures.length) step(`lab: kill-kernel PASS (saved notebook intact: ${k.savedCells} cells, ${k.savedOutputs} outputs)`);
  return k;
}

/**
 * Polls `snap` until no dialog blocks the notebook and its kernel is idle, on the front end and the server; with
 * `name`, also until the notebook shown is `name` (a restored tab may come first). Returns the last snapshot.
 */
async function waitForIdleKernel(snap, server, shot, name = null) {
  const t = Date.now();
  for (;;) {
    const s = await snap();
    if (s.dialog) {
      await shot('dialog');
      throw new CheckFailed(`a dialog blocks the notebook: ${s.dialog.replace(/\s+/g, ' ')}`);
    }
    const states = await server.kernelStates();
    const shown = name === null || (s.path ?? '').endsWith(name);
    if (shown && frontEndIdle(s.kernel) && states?.length && states.every((x) => x === 'idle')) return s;
    if (Date.now() - t > STARTUP_TIMEOUT_MS) {
      await shot('kernel-not-idle');
      throw new CheckFailed(`kernel not idle after ${STARTUP_TIMEOUT_MS / 1000} s (page: ${JSON.stringify(s.kernel)}, ` +
        `server: ${JSON.stringify(states)}${shown ? '' : `; the tab shown is ${s.path}, not ${name}`})`);
    }
    await sleep(500);
  }
}

/** Clicks Run All in the front end's menu bar (JupyterLab: Run > Run All Cells; classic: Cell > Run All). */
async function clickRunAll(page, ui) {
  try {
    if (ui === 'lab') {
      await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook').first().click({ position: { x: 5, y: 5 } });
      await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).first().click({ timeout: 10000 });
      // JupyterLab 4's Run menu item runs "runmenu:run-all" (which calls notebook:run-all-cells for a notebook).
      const item = page.locator('.lm-Menu-item[data-command="runmenu:run-all"], .lm-Menu-item[data-command="notebook:run-all-cells"]')
        .filter({ hasText: 'Run All Cells' }).first();
      await item.click({ timeout: 10000 });
      return 'menu Run > Run All Cells';
    }
    await page.locator('#celllink').click({ timeout: 10000 });
    await page.locator('#run_all_cells > a').click({ timeout: 10000 });
    return 'menu Cell > Run All';
  } catch (e) {
    step(`${ui}: the Run All menu failed (${e.message.split('\n')[0]}); running the front end's command instead`);
    await page.keyboard.press('Escape').catch(() => {});
    return commandRunAll(page, ui);
  }
}

/** Starts Run All through the front end's API, without waiting for it (the promise settles when all cells ran). */
async function commandRunAll(page, ui) {
  if (ui === 'lab') {
    const ok = await page.evaluate(() => {
      if (!window.jupyterapp) return false;
      void window.jupyterapp.commands.execute('notebook:run-all-cells');
      return true;
    });
    if (!ok) throw new CheckFailed('Run All could not be started: the menu failed and window.jupyterapp is not exposed');
    return 'command notebook:run-all-cells';
  }
  await page.evaluate(() => { window.Jupyter.notebook.execute_all_cells(); });
  return 'Jupyter.notebook.execute_all_cells()';
}

// ---------------------------------------------------------------------------------------------- main

fs.mkdirSync(OUT, { recursive: true });
const report = {
  notebook: path.relative(process.cwd(), NOTEBOOK) || NOTEBOOK,
  kernel: opts.kernel ?? null,
  mode: opts.mode,
  jupyter: opts.url ? null : JUPYTER,
  url: opts.url ?? null,
  chromium: CHROMIUM,
  startedAt: new Date(T0).toISOString(),
  uis: {},
};
const writeReport = () => fs.writeFileSync(path.join(OUT, 'report.json'), JSON.stringify(report, null, 2) + '\n');

step(`testing ${report.notebook} in ${UIS.join(' and ')} (MNIST_LAB_MODE=${opts.mode}); output in ${path.relative(process.cwd(), OUT) || OUT}`);
step(`launching ${CHROMIUM} (headless: ${!opts.headed})`);
try {
  browser = await withTimeout(chromium.launch({
    executablePath: CHROMIUM,
    headless: !opts.headed,
    args: ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check'],
  }), 120000, 'launching Chromium');
  report.browserVersion = browser.version();
} catch (e) {
  console.error(`cannot launch Chromium at ${CHROMIUM}: ${e.message}\n${INSTALL_HELP}`);
  process.exit(1);
}

for (const ui of UIS) {
  if (interrupted) break;
  try {
    await runUi(ui, report);
  } catch (e) {
    report.uis[ui] ??= { ui, ok: false, failures: [] };
    report.uis[ui].failures.push(e instanceof CheckFailed ? e.message : `unexpected error: ${e.stack ?? e}`);
  }
  writeReport();
}
await browser.close().catch(() => {});
report.totalS = since(T0);
report.ok = UIS.every((ui) => report.uis[ui]?.ok);
writeReport();

for (const ui of UIS) {
  const r = report.uis[ui];
  if (r?.ok) {
    step(`${ui}: PASS in ${r.timings.totalS} s (Run All ${r.timings.runAllS} s; ${r.live.distinctPngs} live PNGs, ` +
      `${r.live.distinctLiveStates} live states, training cell outputs max ${r.live.maxOutputs}; ` +
      `${r.rendered.tables} tables, ${r.rendered.pngsRendered} PNGs rendered)`);
  } else {
    console.log(`[browser-test] ${ui}: FAIL`);
    for (const f of r?.failures ?? ['did not run']) console.log(`  - ${f}`);
  }
}
step(`report: ${path.relative(process.cwd(), path.join(OUT, 'report.json'))}`);
process.exit(report.ok ? 0 : 1);
