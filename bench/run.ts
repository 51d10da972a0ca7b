// `npm run bench`: every benchmark, each with its baseline or target, into bench/results.json.
import { existsSync } from 'node:fs';
import { benchServer } from './server.bench.ts';
import { clientApply10k } from './client.bench.ts';
import { report, type BenchResult } from './results.ts';
import { benchTrackAnalysisNode } from './track-analysis.bench.ts';
import { benchRemote } from './remote.bench.ts';
import { HAVE_CHROMIUM } from '../e2e/harness.ts';

const results: BenchResult[] = [];
const step = async (name: string, fn: () => Promise<BenchResult | BenchResult[]>) => {
  process.stdout.write(`running ${name}…\n`);
  try {
    const r = await fn();
    results.push(...(Array.isArray(r) ? r : [r]));
  } catch (e) {
    console.error(`${name} failed: ${(e as Error).message}`);
  }
};

await step('server benchmarks', benchServer);
await step('remote path (libSQL client)', benchRemote);
await step('track analysis in Node', benchTrackAnalysisNode);
if (HAVE_CHROMIUM) {
  const { initialJsTransferKb, benchLighthouse } = await import('./lighthouse.bench.ts');
  await step('initial JS transferred', initialJsTransferKb);
  await step('client apply 10k', clientApply10k);
  for (const [file, fn] of [
    ['./today.bench.ts', 'benchToday'],
    ['./log-set.bench.ts', 'benchLogSet'],
    ['./screens.bench.ts', 'benchScreens'],
    ['./search.bench.ts', 'benchSearch'],
    ['./track-analysis-chromium.bench.ts', 'benchTrackAnalysisChromium'],
  ] as const) {
    if (!existsSync(new URL(file, import.meta.url))) continue;
    const mod = (await import(file)) as Record<string, () => Promise<BenchResult | BenchResult[]>>;
    await step(fn, mod[fn]);
  }
  // Last: the slowest, and the one other work on the machine disturbs most.
  if (process.env.BENCH_LIGHTHOUSE !== '0') await step('lighthouse', benchLighthouse);
}
report(results);
process.exit(0);
