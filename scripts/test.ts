// `npm test`: the linter (any error or warning fails the run), then every layer through vitest,
// then one plain summary line CI can read.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lint = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'], { stdio: 'inherit', env: process.env });
if (lint.status !== 0) {
  console.log('\n0 passed, 1 failed (lint: fix the problems above, or run `npm run lint`)');
  process.exit(1);
}
console.log('lint: no problems');

const out = join(mkdtempSync(join(tmpdir(), 'ignition-vitest-')), 'results.json');
const args = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  console.log(`\n${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests + j.numTodoTests} skipped`);
} else {
  console.log('\n0 passed, 1 failed (vitest wrote no results)');
}
process.exit(r.status ?? 1);
