import { EnvError } from './env.ts';
import { buildIfNeeded, StartupError, startServer } from './server.ts';

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
