// Every script in package.json starts: its entry file exists and is type-checked (in tsconfig's
// include), its tool is installed, and the command-line ones answer --help through the exact
// command package.json runs. `npm run migrate` once pointed at a file that did not exist.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const include = (JSON.parse(readFileSync('tsconfig.json', 'utf8')) as { include: string[] }).include;

/** `node [flags] --import tsx <file> [args]` → the file and the node arguments. */
function nodeCommand(command: string): { file: string; args: string[] } | null {
  const words = command.split(/\s+/);
  if (words[0] !== 'node') return null;
  const file = words.find((w) => w.endsWith('.ts'));
  return file ? { file, args: words.slice(1) } : null;
}

/** A script run through the very command package.json has, with more arguments. */
function run(name: string, extra: string[], env: Record<string, string> = {}) {
  const cmd = nodeCommand(scripts[name])!;
  return spawnSync(process.execPath, [...cmd.args, ...extra], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}

// Each case starts a Node process (tsx compiles on the way): seconds on a loaded 2-core machine.
describe('package.json scripts', { timeout: 60_000 }, () => {
  it.each(Object.entries(scripts))('%s starts something that exists', (_name, command) => {
    const node = nodeCommand(command);
    if (node) {
      expect(existsSync(node.file), node.file).toBe(true);
      expect(include.some((dir) => node.file === dir || node.file.startsWith(`${dir}/`)), `${node.file} is type-checked`).toBe(true);
    } else {
      const tool = command.split(/\s+/)[0];
      expect(existsSync(join('node_modules/.bin', tool)), tool).toBe(true);
    }
  });

  it.each(['backup', 'migrate', 'analyze'])('%s answers --help with its usage', (name) => {
    const r = run(name, ['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`npm run ${name}`);
  });

  it('migrate brings a new database to the latest migration', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'ignition-migrate-')), 'fresh.db')}`;
    const { LATEST_VERSION } = await import('../sync-server/src/db/migrate.ts');
    const r = run('migrate', [], { DATABASE_URL: url });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`is at migration ${LATEST_VERSION}`);
    expect(run('migrate', [], { DATABASE_URL: url }).status).toBe(0); // again: nothing to do
  });
});
