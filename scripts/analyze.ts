// `npm run analyze -- <file.wav|file.flac> [...]`: one JSON line per file on stdout; a file that
// cannot be read gets one plain line on stderr, the others still run, and the exit code is 1.
import { analyzeFile } from './analyze/analyze-file.ts';

const files = process.argv.slice(2);
if (!files.length || files.includes('--help')) {
  console.error('usage: npm run analyze -- <file.wav|file.flac> [...]');
  process.exit(files.length ? 0 : 2);
}
let failed = 0;
for (const file of files) {
  try {
    process.stdout.write(`${JSON.stringify(await analyzeFile(file))}\n`);
  } catch (e) {
    failed++;
    process.stderr.write(`analyze: ${file}: ${(e as Error).message}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
