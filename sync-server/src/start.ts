import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { EnvError } from './env.ts';
import { DIST_DIR, PROJECT_ROOT, StartupError, startServer } from './server.ts';

/** `npm start`: build the PWA if it is missing or older than its sources, then serve. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const index = join(DIST_DIR, 'index.html');
  const sources = Math.max(newestMtime(join(PROJECT_ROOT, 'client')), newestMtime(join(PROJECT_ROOT, 'shared-schema', 'src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('Building the app (first start or changed sources)…');
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new StartupError('The client build failed (see above)');
}

try {
  if (process.env.SKIP_BUILD !== '1') buildIfNeeded();
  const { url, env, server } = await startServer();
  console.log(`Ignition is running at ${url}  (database: ${env.DATABASE_URL}${env.AUTH_DEV_LOGIN ? ', dev login on' : ''})`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof EnvError || e instanceof StartupError) {
    console.error(`ignition: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
