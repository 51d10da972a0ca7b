/**
 * A waveform overview: min and max of the channel mix in each of a fixed number of equal
 * spans. A drawing of any width merges buckets (min of mins, max of maxes), so the overview is
 * stored once and drawn at any size without the audio.
 */
import type { WaveformOverview } from './types.ts';

export const WAVEFORM_BUCKETS = 2048;

const round4 = (v: number) => Math.round(v * 10000) / 10000;

export function waveformOverview(channels: Float32Array[], buckets = WAVEFORM_BUCKETS): WaveformOverview {
  const n = channels[0]?.length ?? 0;
  const count = Math.min(buckets, n);
  const min = new Array<number>(count).fill(0);
  const max = new Array<number>(count).fill(0);
  const scale = 1 / channels.length;
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * n) / count);
    const to = Math.floor(((b + 1) * n) / count);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      let v = 0;
      for (const x of channels) v += x[i];
      v *= scale;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[b] = round4(lo);
    max[b] = round4(hi);
  }
  return { buckets: count, min, max };
}

/** The overview merged (or repeated) to `width` columns for drawing. */
export function waveformColumns(w: WaveformOverview, width: number): { min: number[]; max: number[] } {
  const min: number[] = [];
  const max: number[] = [];
  if (!w.buckets || width <= 0) return { min, max };
  for (let c = 0; c < width; c++) {
    const from = Math.floor((c * w.buckets) / width);
    const to = Math.max(from + 1, Math.floor(((c + 1) * w.buckets) / width));
    let lo = Infinity;
    let hi = -Infinity;
    for (let b = from; b < to && b < w.buckets; b++) {
      lo = Math.min(lo, w.min[b]);
      hi = Math.max(hi, w.max[b]);
    }
    min.push(lo);
    max.push(hi);
  }
  return { min, max };
}
