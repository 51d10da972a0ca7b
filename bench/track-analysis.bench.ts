import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../scripts/analyze/analyze-file.ts';
import { encodeWav } from '@ignition/shared/audio/wav.ts';
import { FOUR_MINUTES_S, fourMinuteTrack } from './four-minute-track.ts';
import type { BenchResult } from './results.ts';

const TARGET = 30;

/** Seconds of audio analysed per second, through the CLI's own path (read, decode, analyse). */
export async function benchTrackAnalysisNode(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-bench-track-'));
  try {
    const file = join(dir, 'track.wav');
    writeFileSync(file, encodeWav(fourMinuteTrack(), 'pcm16'));
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      await analyzeFile(file);
      times.push((performance.now() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    const factor = FOUR_MINUTES_S / times[1];
    return { name: 'track_analysis_realtime_factor_node', value: factor, unit: 'x', target: TARGET, pass: factor >= TARGET };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
