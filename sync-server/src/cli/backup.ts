import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadEnv, EnvError } from '../env.ts';
import { openDatabase } from '../db/client.ts';
import { backupChunks } from '../services/backup-service.ts';

/**
 * `npm run backup -- out.json` (or `-` for stdout): the same streamed JSON as
 * POST /api/admin/backup, for operators with shell access. Reads DATABASE_URL like the server.
 */
const out = process.argv[2];
if (!out || out === '--help') {
  console.error('usage: npm run backup -- <out.json | ->   (uses DATABASE_URL, default file:./data/ignition.db)');
  process.exit(out ? 0 : 2);
}
try {
  const env = loadEnv();
  const db = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  const started = Date.now();
  const source = Readable.from(backupChunks(db));
  if (out === '-') await pipeline(source, process.stdout);
  else await pipeline(source, createWriteStream(out));
  db.close();
  if (out !== '-') console.error(`backup written to ${out} in ${Date.now() - started} ms`);
} catch (e) {
  console.error(`backup failed: ${e instanceof EnvError ? e.message : (e as Error).message}`);
  process.exit(1);
}
