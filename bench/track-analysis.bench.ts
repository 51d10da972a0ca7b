import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../scripts/analyze/analyze-file.ts';
import { chordProgression, drumPattern } from '../shared-schema/src/audio/test-signals.ts';
import { encodeWav } from '../shared-schema/src/audio/wav.ts';
import type { DecodedAudio } from '../shared-schema/src/audio/types.ts';
import type { BenchResult } from './results.ts';

const SECONDS = 240;
const RATE = 44100;
const TARGET = 30;

/**
 * A 4-minute stereo 44.1 kHz track: 16 s of drums under a C minor progression, repeated, with a
 * 20 s fade-in and a quieter breakdown from 2:00 to 2:30 so the loudness and true-peak work is
 * not a steady tone's.
 */
export function fourMinuteTrack(): DecodedAudio {
  // 16 s at 120 BPM is eight whole bars, so the repeats keep the beat.
  const drums = drumPattern(120, 16, 'rock', RATE);
  const chords = chordProgression('C', 'minor', 16, RATE);
  const loop = drums.channels.map((x, c) => x.map((v, i) => 0.6 * v + chords.channels[c][i]));
  const n = SECONDS * RATE;
  const channels = loop.map((x, c) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const t = i / RATE;
      const gain = Math.min(1, t / 20) * (t >= 120 && t < 150 ? 0.4 : 1) * (c === 0 ? 1 : 0.9);
      out[i] = gain * x[i % x.length];
    }
    return out;
  });
  return { channels, sampleRate: RATE };
}

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
    const factor = SECONDS / times[1];
    return { name: 'track_analysis_realtime_factor_node', value: factor, unit: 'x', target: TARGET, pass: factor >= TARGET };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
