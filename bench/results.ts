import { writeFileSync, mkdirSync } from 'node:fs';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  target?: number;
  pass?: boolean;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function report(results: BenchResult[]) {
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2));
  for (const r of results) {
    const extra = [
      r.baseline !== undefined ? `baseline ${r.baseline.toFixed(1)}` : '',
      r.ratio !== undefined ? `ratio ${r.ratio.toFixed(3)}` : '',
      r.target !== undefined ? `target ${r.target}` : '',
      r.pass !== undefined ? (r.pass ? 'PASS' : 'FAIL') : '',
    ]
      .filter(Boolean)
      .join('  ');
    console.log(`${r.name.padEnd(26)} ${r.value.toFixed(2).padStart(12)} ${r.unit.padEnd(8)} ${extra}`);
  }
}
