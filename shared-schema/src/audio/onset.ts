/**
 * Onset strength: the half-wave-rectified rise of the log-compressed magnitude spectrum from
 * one short frame to the next (spectral flux), averaged within octave bands from 30 Hz to 5 kHz
 * and summed over the bands. It peaks where notes and drums start, whatever their pitch; the
 * bands give a kick (a few low bins) as much say as a snare (hundreds of bins), as a mel
 * spectrum does.
 */
import { hannWindow, powerSpectraOfTwo } from './fft.ts';
import type { MonoSignal } from './mono.ts';

const FRAME = 512;
const HOP = 128;
/** log(1 + C·|X|) compresses loud and quiet onsets towards each other, as hearing does. */
const COMPRESSION = 100;

export interface OnsetEnvelope {
  values: Float64Array;
  frameRate: number;
}

export function onsetEnvelope({ samples, sampleRate }: MonoSignal): OnsetEnvelope {
  const frames = samples.length >= FRAME ? Math.floor((samples.length - FRAME) / HOP) + 1 : 0;
  const values = new Float64Array(frames);
  const window = hannWindow(FRAME);
  const lowBin = Math.max(1, Math.round((30 * FRAME) / sampleRate));
  const highBin = Math.min(FRAME / 2, Math.round((5000 * FRAME) / sampleRate));
  // Each bin's rise is divided by the number of bins in its octave band.
  const binWeight = new Float64Array(FRAME / 2 + 1);
  for (let lo = 30; lo < 5000; lo *= 2) {
    const from = Math.max(lowBin, Math.ceil((lo * FRAME) / sampleRate));
    const to = Math.min(highBin, Math.ceil((2 * lo * FRAME) / sampleRate) - 1);
    for (let k = from; k <= to; k++) binWeight[k] = 1 / (to - from + 1);
  }
  const re = new Float64Array(FRAME);
  const im = new Float64Array(FRAME);
  const powerA = new Float64Array(FRAME / 2 + 1);
  const powerB = new Float64Array(FRAME / 2 + 1);
  let previous = new Float64Array(FRAME / 2 + 1);
  let current = new Float64Array(FRAME / 2 + 1);
  const flux = (power: Float64Array, frame: number) => {
    let sum = 0;
    for (let k = lowBin; k <= highBin; k++) {
      current[k] = Math.log1p(COMPRESSION * Math.sqrt(power[k]));
      const rise = current[k] - previous[k];
      if (rise > 0 && frame > 0) sum += rise * binWeight[k];
    }
    values[frame] = sum;
    [previous, current] = [current, previous];
  };
  for (let f = 0; f < frames; f += 2) {
    const a = f * HOP;
    const b = a + HOP;
    const hasB = f + 1 < frames;
    for (let i = 0; i < FRAME; i++) {
      re[i] = samples[a + i] * window[i];
      im[i] = hasB ? samples[b + i] * window[i] : 0;
    }
    powerSpectraOfTwo(re, im, powerA, powerB);
    flux(powerA, f);
    if (hasB) flux(powerB, f + 1);
  }
  return { values, frameRate: sampleRate / HOP };
}
