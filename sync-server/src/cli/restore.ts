import { readFileSync } from 'node:fs';
import { loadEnv, EnvError } from '../env.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { restoreBackup } from '../services/admin-restore-service.ts';

/**
 * `node --import tsx sync-server/src/cli/restore.ts backup.json [--dry-run]`: replaces the
 * database's content with a backup of any schema version (the same code as POST /api/admin/restore).
 * Run it with the server stopped, or accept that live devices will pull the restored state.
 */
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const dryRun = args.includes('--dry-run');
if (!file) {
  console.error('usage: node --import tsx sync-server/src/cli/restore.ts <backup.json> [--dry-run]');
  process.exit(2);
}
try {
  const env = loadEnv();
  const db = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  await migrate(db);
  const report = await restoreBackup({ db, env }, null, readFileSync(file, 'utf8'), { dryRun });
  db.close();
  console.log(JSON.stringify(report, null, 2));
} catch (e) {
  console.error(`restore failed: ${e instanceof EnvError ? e.message : (e as Error).message}`);
  process.exit(1);
}
