/**
 * Tempo from the onset envelope's autocorrelation. A tempo's score is the mean autocorrelation
 * at every multiple of its beat period, so a period that truly repeats scores high at all its
 * multiples, while an eighth-note period scores low at its odd multiples (hats line up with
 * kicks there, not kicks with kicks). The octave is then chosen among the best tempo's octaves
 * in 60–200 BPM (see chooseOctave).
 */
import { fft } from './fft.ts';
import type { OnsetEnvelope } from './onset.ts';

export const MIN_BPM = 60;
export const MAX_BPM = 200;
/** Below this score the envelope does not repeat enough to name a tempo. */
const MIN_SCORE = 0.1;

export interface TempoEstimate {
  bpm: number;
  confidence: number;
}

/** Envelope minus its one-second moving mean, rectified: keeps onsets, drops slow swells. */
function detrend(values: Float64Array, frameRate: number): Float64Array {
  const half = Math.round(frameRate / 2);
  const n = values.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - half);
    const to = Math.min(n, i + half + 1);
    out[i] = Math.max(0, values[i] - (prefix[to] - prefix[from]) / (to - from));
  }
  return out;
}

/** Unbiased autocorrelation normalised to 1 at lag 0, up to maxLag, by FFT. */
function autocorrelation(x: Float64Array, maxLag: number): Float64Array {
  let size = 1;
  while (size < 2 * x.length) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length || 1;
  for (let i = 0; i < x.length; i++) re[i] = x[i] - mean;
  fft(re, im);
  for (let i = 0; i < size; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fft(re, im); // the power spectrum is real and even, so a forward transform is the inverse up to scale
  const out = new Float64Array(maxLag + 1);
  const zero = re[0] / x.length;
  for (let lag = 0; lag <= maxLag; lag++) out[lag] = zero > 0 ? re[lag] / (x.length - lag) / zero : 0;
  return out;
}

function at(acf: Float64Array, lag: number): number {
  const i = Math.floor(lag);
  if (i + 1 >= acf.length) return 0;
  const f = lag - i;
  return acf[i] * (1 - f) + acf[i + 1] * f;
}

/** Mean autocorrelation at the multiples of a period (in frames) that the autocorrelation covers. */
function periodScore(acf: Float64Array, period: number): number {
  let sum = 0;
  let count = 0;
  for (let lag = period; lag < acf.length - 1; lag += period) {
    sum += at(acf, lag);
    count++;
  }
  return count ? sum / count : 0;
}

export function estimateTempo({ values, frameRate }: OnsetEnvelope): TempoEstimate | null {
  const envelope = detrend(values, frameRate);
  const periodOf = (bpm: number) => (60 * frameRate) / bpm;
  // At least four periods of the slowest tempo, so every candidate has several multiples.
  const maxLag = Math.floor(envelope.length / 2);
  if (maxLag < 4 * periodOf(MIN_BPM)) return null;
  const acf = autocorrelation(envelope, maxLag);
  const score = (bpm: number) => periodScore(acf, periodOf(bpm));
  let best = MIN_BPM;
  for (let bpm = MIN_BPM; bpm <= MAX_BPM; bpm += 0.25) if (score(bpm) > score(best)) best = bpm;
  best = refine(score, best, 0.25);
  best = chooseOctave(score, envelope, frameRate, best);
  const confidence = score(best);
  if (!(confidence >= MIN_SCORE)) return null;
  return { bpm: Math.round(best * 100) / 100, confidence: Math.min(1, confidence) };
}

function refine(score: (bpm: number) => number, around: number, span: number): number {
  let best = around;
  for (let bpm = around - span; bpm <= around + span; bpm += 0.01) if (score(bpm) > score(best)) best = bpm;
  return best;
}

/**
 * Onsets at alternate beats of a period, at the phase that catches most onset strength: the
 * weaker of the two means over the stronger. A beat level has onsets of like strength on every
 * beat (kick and snare); a level below the beat alternates strong and weak (kick, hat, snare,
 * hat), so its evenness is low.
 */
function evenness(envelope: Float64Array, period: number): number {
  const peakNear = (pos: number) => {
    const i = Math.round(pos);
    let m = 0;
    for (let j = i - 2; j <= i + 2; j++) if (j >= 0 && j < envelope.length && envelope[j] > m) m = envelope[j];
    return m;
  };
  let bestPhase = 0;
  let bestSum = -1;
  for (let phase = 0; phase < period; phase += 1) {
    let sum = 0;
    for (let pos = phase; pos < envelope.length; pos += period) sum += envelope[Math.round(pos)] ?? 0;
    if (sum > bestSum) {
      bestSum = sum;
      bestPhase = phase;
    }
  }
  const sums = [0, 0];
  const counts = [0, 0];
  let k = 0;
  for (let pos = bestPhase; pos < envelope.length - 2; pos += period, k++) {
    sums[k % 2] += peakNear(pos);
    counts[k % 2]++;
  }
  const even = sums[0] / (counts[0] || 1);
  const odd = sums[1] / (counts[1] || 1);
  const top = Math.max(even, odd);
  return top > 0 ? Math.min(even, odd) / top : 0;
}

/**
 * The octave: among the best tempo's octaves in range whose score is close to the best one's,
 * the fastest whose beats are even (see evenness); the best-scoring one when none is.
 */
const FAMILY_SCORE = 0.7;
export const MIN_EVENNESS = 0.5;
function chooseOctave(score: (bpm: number) => number, envelope: Float64Array, frameRate: number, bpm: number): number {
  const levels: number[] = [];
  for (let m = 0.25; m <= 4; m *= 2) {
    const level = bpm * m;
    if (level >= MIN_BPM - 0.5 && level <= MAX_BPM + 0.5) levels.push(m === 1 ? bpm : refine(score, level, 0.1));
  }
  const top = Math.max(...levels.map(score));
  const candidates = levels.filter((l) => score(l) >= FAMILY_SCORE * top).sort((a, b) => b - a);
  return candidates.find((l) => evenness(envelope, (60 * frameRate) / l) >= MIN_EVENNESS) ?? levels.reduce((a, b) => (score(b) > score(a) ? b : a));
}
