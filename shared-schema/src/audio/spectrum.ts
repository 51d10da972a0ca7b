/**
 * Energy below 250 Hz, from 250 Hz to 4 kHz and above 4 kHz, as shares of the total, from
 * 2048-sample frames of the channel mix taken ten times a second (a summary, not a meter:
 * a tenth of the track is plenty).
 */
import { hannWindow, powerSpectraOfTwo } from './fft.ts';
import type { SpectrumSummary } from './types.ts';

const FRAME = 2048;
export const LOW_MID_HZ = 250;
export const MID_HIGH_HZ = 4000;

export function spectrumSummary(channels: Float32Array[], sampleRate: number): SpectrumSummary | null {
  const n = channels[0]?.length ?? 0;
  if (n < FRAME) return null;
  const hop = Math.max(FRAME, Math.round(sampleRate / 10));
  const window = hannWindow(FRAME);
  const re = new Float64Array(FRAME);
  const im = new Float64Array(FRAME);
  const a = new Float64Array(FRAME / 2 + 1);
  const b = new Float64Array(FRAME / 2 + 1);
  const lowEnd = Math.round((LOW_MID_HZ * FRAME) / sampleRate);
  const midEnd = Math.round((MID_HIGH_HZ * FRAME) / sampleRate);
  const bands = [0, 0, 0];
  const add = (power: Float64Array) => {
    for (let k = 1; k <= FRAME / 2; k++) bands[k < lowEnd ? 0 : k < midEnd ? 1 : 2] += power[k];
  };
  const scale = 1 / channels.length;
  const mix = (start: number, i: number) => {
    let v = 0;
    for (const x of channels) v += x[start + i];
    return v * scale;
  };
  for (let start = 0; start + FRAME <= n; start += 2 * hop) {
    const second = start + hop;
    const hasSecond = second + FRAME <= n;
    for (let i = 0; i < FRAME; i++) {
      re[i] = mix(start, i) * window[i];
      im[i] = hasSecond ? mix(second, i) * window[i] : 0;
    }
    powerSpectraOfTwo(re, im, a, b);
    add(a);
    if (hasSecond) add(b);
  }
  const total = bands[0] + bands[1] + bands[2];
  if (!(total > 1e-12)) return null;
  const share = (v: number) => Math.round((v / total) * 1000) / 1000;
  return { low: share(bands[0]), mid: share(bands[1]), high: share(bands[2]) };
}
