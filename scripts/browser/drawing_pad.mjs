// The drawing pad of the final lesson, in a real browser: draws digits on its canvas with the mouse, reads the
// page's answer, and asks the Java model (a new cell in the same kernel) for its answer on the same 28×28 input.
// Used by notebook_ui_test.mjs --draw NOTEBOOK (JupyterLab only).

import fs from 'node:fs';

/** Strokes in canvas fractions (x, y), one list per stroke, for digits a model should read without doubt. */
export const DIGITS = {
  7: [[[0.22, 0.18], [0.78, 0.18], [0.44, 0.88]]],
  1: [[[0.52, 0.12], [0.48, 0.9]]],
  0: [Array.from({ length: 41 }, (_, i) => [0.5 + 0.24 * Math.sin((2 * Math.PI * i) / 40),
    0.5 - 0.36 * Math.cos((2 * Math.PI * i) / 40)])],
};

/** A notebook of the lesson's cells the pad needs: the imports, the data, and the pad itself. */
export function padNotebook(lessonPath) {
  const nb = JSON.parse(fs.readFileSync(lessonPath, 'utf8'));
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  const src = (c) => [].concat(c.source).join('');
  const pad = code.find((c) => src(c).includes('DrawingPad.show('));
  const data = code.find((c) => src(c).includes('MnistData mnist ='));
  if (!pad || !data) throw new Error(`${lessonPath} has no cell with DrawingPad.show( and one with MnistData mnist =`);
  const cells = [code[0], data, pad].map((c) => ({ ...c, outputs: [], execution_count: null }));
  return { ...nb, cells, metadata: { ...nb.metadata } };
}

const inPanel = '.jp-NotebookPanel:not(.lm-mod-hidden)';

async function drawDigit(page, canvas, digit) {
  const box = await canvas.boundingBox();
  for (const stroke of DIGITS[digit]) {
    const [x0, y0] = stroke[0];
    await page.mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) {
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 12 });
    }
    await page.mouse.up();
  }
}

/**
 * Runs the pad notebook (already open in `page`, its cells run), then for each digit: Clear, draw, read the page's
 * answer, and compare it with DrawingPad.classify on the same pixels in a new cell. Returns { failures, digits }.
 */
export async function checkPad(page, { step, shot, sleep, timeoutMs, snapshot, runAllAgain }) {
  const failures = [];
  const digits = [];
  const root = page.locator(`${inPanel} .mnist-lab-drawing-pad`).first();
  await waitForLivePad(root, { step, sleep, timeoutMs, snapshot, runAllAgain });
  const canvas = root.locator('canvas.pad');
  await canvas.scrollIntoViewIfNeeded();
  for (const digit of Object.keys(DIGITS).map(Number)) {
    await root.locator('button.clear').click();
    await drawDigit(page, canvas, digit);
    await page.waitForFunction((el) => el.dataset.digit !== undefined, await root.elementHandle(), { timeout: 30000 });
    const seen = await root.evaluate((el) => ({ digit: Number(el.dataset.digit), pixels: el.dataset.pixels,
      probabilities: el.dataset.probabilities.split(',').map(Number) }));
    await shot(`drawing-pad-${digit}`);
    const java = await classifyInKernel(page, seen.pixels, { sleep, timeoutMs });
    const worst = Math.max(...seen.probabilities.map((p, d) => Math.abs(p - java.probabilities[d])));
    digits.push({ drawn: digit, page: seen.digit, java: java.digit, pageP: seen.probabilities[seen.digit], maxDiff: worst });
    step(`lab: drawing pad: drew a ${digit}; the page says ${seen.digit} (${(100 * seen.probabilities[seen.digit]).toFixed(1)} %), ` +
      `the Java model says ${java.digit}; largest probability difference ${worst.toExponential(1)}`);
    if (seen.digit !== digit) failures.push(`drawing pad: a drawn ${digit} was read as ${seen.digit}`);
    if (java.digit !== seen.digit) failures.push(`drawing pad: the page says ${seen.digit}, the Java model ${java.digit}, for the same 28×28 input`);
    if (!(worst < 1e-4)) failures.push(`drawing pad: the page's probabilities differ from the Java model's by ${worst} (drawn ${digit})`);
  }
  return { failures, digits };
}

/**
 * Waits for the pad's live part, failing at once with the cell's error if one of the three cells fails, and running
 * all cells again through the front end's command if none has started 20 s after Run All.
 */
async function waitForLivePad(root, { step, sleep, timeoutMs, snapshot, runAllAgain }) {
  const t = Date.now();
  let started = false;
  for (;;) {
    if (await root.locator('.live').isVisible().catch(() => false)) return;
    const s = await snapshot();
    const failed = s.cells.find((c) => c.errors > 0 || c.modelErrors > 0);
    if (failed) throw new Error(`the pad notebook's code cell #${failed.index} failed: ${(failed.errorText ?? '?').replace(/\s+/g, ' ').slice(0, 400)}`);
    if (!started && s.cells.some((c) => c.count !== null)) started = true;
    if (!started && Date.now() - t > 20000) {
      step('lab: drawing pad: no cell started 20 s after Run All; running the front end\'s command instead');
      await runAllAgain();
      started = true;
    }
    if (Date.now() - t > timeoutMs) {
      const cells = s.cells.map((c) => `#${c.index} ${c.prompt ?? c.count}`).join(', ');
      throw new Error(`the pad did not appear within ${timeoutMs / 1000} s (cells: ${cells})`);
    }
    await sleep(500);
  }
}

/** Adds a cell at the end that classifies `pixels` with the Java model, runs it, and parses its printed answer. */
async function classifyInKernel(page, pixels, { sleep, timeoutMs }) {
  const before = await page.locator(`${inPanel} .jp-CodeCell`).count();
  await page.locator(`${inPanel} .jp-CodeCell`).last().locator('.jp-InputPrompt').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [`${inPanel} .jp-CodeCell`, before]);
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(`DrawingPad.classify(Lab.committedModel("confirmation", "final", 101), new int[] {${pixels}})`);
  await page.keyboard.press('Shift+Enter');
  const out = page.locator(`${inPanel} .jp-CodeCell`).nth(before).locator('.jp-OutputArea-output');
  const t0 = Date.now();
  for (;;) {
    const text = (await out.allInnerTexts()).join('\n');
    const m = text.match(/digit (\d); probabilities ([\d.,]+)/);
    if (m) return { digit: Number(m[1]), probabilities: m[2].split(',').map(Number) };
    if (/Exception|Error/.test(text)) throw new Error(`the classify cell failed: ${text.slice(0, 400)}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`the classify cell printed no answer in ${timeoutMs / 1000} s: ${text.slice(0, 200)}`);
    await sleep(250);
  }
}
