import { EnvError, loadEnv } from '../env.ts';
import { openAndMigrate, StartupError } from '../server.ts';

/**
 * `npm run migrate`: brings the database at DATABASE_URL to the latest migration and seeds the
 * shared content, exactly as `npm start` does before it listens (so a deploy can migrate first).
 * Safe to run while servers run: each migration is one write transaction, applied once.
 */
if (process.argv.includes('--help')) {
  console.error('usage: npm run migrate   (migrates DATABASE_URL, default file:./data/ignition.db, to the latest version)');
  process.exit(0);
}
try {
  const env = loadEnv();
  const db = await openAndMigrate(env);
  const rs = await db.execute('SELECT version, name FROM _migrations ORDER BY version DESC LIMIT 1');
  console.log(`${env.DATABASE_URL} is at migration ${rs.rows[0]?.version} (${rs.rows[0]?.name})`);
  db.close();
} catch (e) {
  console.error(`migrate failed: ${e instanceof EnvError || e instanceof StartupError ? e.message : (e as Error).message}`);
  process.exit(1);
}
