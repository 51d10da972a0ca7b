/**
 * Key and mode: a chroma vector (the magnitudes of spectral peaks from 80 Hz to 2 kHz folded
 * onto the 12 pitch classes) correlated with the 24 rotations of the Krumhansl–Kessler major and minor key
 * profiles (the Krumhansl–Schmuckler algorithm).
 */
import { hannWindow, powerSpectraOfTwo } from './fft.ts';
import type { MonoSignal } from './mono.ts';

const FRAME = 4096;
/** Below about 80 Hz a kick drum's body outweighs the bass notes, and bins are a semitone apart. */
const MIN_HZ = 80;
const MAX_HZ = 2000;
const PEAK_SPAN = 8;
const PEAK_OVER_FLOOR = 4;
const HOP = 2048;
const NOTE_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
const MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];
/**
 * Drums alone leave almost no spectral peaks (their tonal share is under 1 %; chords over drums
 * 15–30 %, white noise 2 %), and a key needs more than one or two notes: below either there is
 * no key to name.
 */
const MIN_TONAL_SHARE = 0.04;
const MIN_PITCH_CLASSES = 3;
/** A best correlation below this means no key stands out. */
const MIN_CORRELATION = 0.5;

export interface KeyEstimate {
  key: string;
  confidence: number;
}

export interface Chroma {
  /** Summed peak magnitude per pitch class, C first. */
  pitchClasses: Float64Array;
  /** The share of all spectral magnitude in range that sits in the counted peaks. */
  tonalShare: number;
}

export function chroma({ samples, sampleRate }: MonoSignal): Chroma {
  const out = new Float64Array(12);
  let peaks = 0;
  let all = 0;
  if (samples.length < FRAME) return { pitchClasses: out, tonalShare: 0 };
  const window = hannWindow(FRAME);
  // Pitch class of each bin in range; −1 outside it.
  const pitchClass = new Int8Array(FRAME / 2 + 1).fill(-1);
  for (let k = 1; k <= FRAME / 2; k++) {
    const f = (k * sampleRate) / FRAME;
    if (f < MIN_HZ || f > MAX_HZ) continue;
    const midi = Math.round(69 + 12 * Math.log2(f / 440));
    pitchClass[k] = ((midi % 12) + 12) % 12;
  }
  const re = new Float64Array(FRAME);
  const im = new Float64Array(FRAME);
  const a = new Float64Array(FRAME / 2 + 1);
  const b = new Float64Array(FRAME / 2 + 1);
  const frames = Math.floor((samples.length - FRAME) / HOP) + 1;
  // Only spectral peaks count: a tone is a peak standing above its neighbourhood, while drums
  // and noise spread over every bin and would otherwise outvote the notes.
  const fold = (power: Float64Array) => {
    for (let k = 2; k < FRAME / 2 - 1; k++) {
      if (pitchClass[k] < 0) continue;
      const p = power[k];
      all += Math.sqrt(p);
      if (p <= power[k - 1] || p < power[k + 1]) continue;
      let floor = 0;
      for (let j = k - PEAK_SPAN; j <= k + PEAK_SPAN; j++) floor += power[Math.max(0, Math.min(FRAME / 2, j))];
      floor /= 2 * PEAK_SPAN + 1;
      if (p >= PEAK_OVER_FLOOR * floor) {
        out[pitchClass[k]] += Math.sqrt(p);
        peaks += Math.sqrt(p);
      }
    }
  };
  for (let f = 0; f < frames; f += 2) {
    const start = f * HOP;
    const hasB = f + 1 < frames;
    for (let i = 0; i < FRAME; i++) {
      re[i] = samples[start + i] * window[i];
      im[i] = hasB ? samples[start + HOP + i] * window[i] : 0;
    }
    powerSpectraOfTwo(re, im, a, b);
    fold(a);
    if (hasB) fold(b);
  }
  return { pitchClasses: out, tonalShare: all > 0 ? peaks / all : 0 };
}

function correlation(x: ArrayLike<number>, y: ArrayLike<number>, shift: number): number {
  let mx = 0, my = 0;
  for (let i = 0; i < 12; i++) {
    mx += x[(i + shift) % 12];
    my += y[i];
  }
  mx /= 12;
  my /= 12;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < 12; i++) {
    const dx = x[(i + shift) % 12] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

export function estimateKey({ pitchClasses, tonalShare }: Chroma): KeyEstimate | null {
  const strongest = Math.max(...pitchClasses);
  const heard = pitchClasses.filter((v) => v > 0 && v >= 0.25 * strongest).length;
  if (tonalShare < MIN_TONAL_SHARE || heard < MIN_PITCH_CLASSES) return null;
  const scores: { key: string; r: number }[] = [];
  for (let tonic = 0; tonic < 12; tonic++) {
    scores.push({ key: `${NOTE_NAMES[tonic]} major`, r: correlation(pitchClasses, MAJOR, tonic) });
    scores.push({ key: `${NOTE_NAMES[tonic]} minor`, r: correlation(pitchClasses, MINOR, tonic) });
  }
  scores.sort((p, q) => q.r - p.r);
  const [best, second] = scores;
  if (!(best.r >= MIN_CORRELATION)) return null;
  // A close runner-up (often the relative or parallel key) halves the confidence at a 0.05 gap.
  const margin = Math.min(1, (best.r - second.r) / 0.1);
  return { key: best.key, confidence: Math.round(best.r * (0.5 + 0.5 * margin) * 1000) / 1000 };
}
