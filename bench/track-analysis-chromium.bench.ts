import { build } from 'esbuild';
import { newDevice } from '../e2e/harness.ts';
import { FOUR_MINUTES_S } from './four-minute-track.ts';
import type { BenchResult } from './results.ts';

const TARGET = 30;

async function bundle(contents: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/**
 * The app's analysis worker (client/src/features/tracks/analysis.worker.ts, bundled as the
 * app bundles it) in Chromium on a 4-minute stereo 44.1 kHz track: seconds of audio per second,
 * from posting the channels to the analysis arriving, median of three.
 */
export async function benchTrackAnalysisChromium(): Promise<BenchResult> {
  const workerCode = await bundle("import './client/src/features/tracks/analysis.worker.ts';");
  const trackCode = await bundle("import { fourMinuteTrack } from './bench/four-minute-track.ts'; (globalThis as any).fourMinuteTrack = fourMinuteTrack;");
  const device = await newDevice();
  try {
    const { page } = device;
    await page.addScriptTag({ content: trackCode });
    const { times, bpm, key } = await page.evaluate(async (code) => {
      type Track = { channels: Float32Array[]; sampleRate: number };
      const track = (globalThis as unknown as { fourMinuteTrack: () => Track }).fourMinuteTrack();
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      const times: number[] = [];
      let result: { bpm: number | null; key: string | null } = { bpm: null, key: null };
      for (let run = 0; run < 3; run++) {
        const channels = track.channels.map((c) => c.slice());
        const t0 = performance.now();
        result = await new Promise((resolve, reject) => {
          worker.onmessage = (e) => {
            if (e.data.type === 'done') resolve(e.data.analysis);
            else if (e.data.type === 'failed') reject(new Error(e.data.message));
          };
          worker.postMessage({ id: run, channels, sampleRate: track.sampleRate }, channels.map((c) => c.buffer));
        });
        times.push((performance.now() - t0) / 1000);
      }
      worker.terminate();
      return { times, bpm: result.bpm, key: result.key };
    }, workerCode);
    if (bpm !== 120 || key !== 'C minor') throw new Error(`the worker misread the bench track: ${bpm} BPM, ${key}`);
    times.sort((a, b) => a - b);
    const factor = FOUR_MINUTES_S / times[1];
    return { name: 'track_analysis_realtime_factor', value: factor, unit: 'x', target: TARGET, pass: factor >= TARGET };
  } finally {
    await device.close();
  }
}
