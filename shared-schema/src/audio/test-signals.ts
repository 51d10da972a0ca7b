/**
 * Signals the tests and the bench generate for themselves (no downloaded audio): the EBU
 * Tech 3341/3342 sine sequences, click tracks, drum patterns and chord progressions.
 */
import type { DecodedAudio } from './types.ts';

export function sine(freqHz: number, dbfs: number, seconds: number, sampleRate: number, phase = 0): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const amp = Math.pow(10, dbfs / 20);
  const w = (2 * Math.PI * freqHz) / sampleRate;
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin(w * i + phase);
  return out;
}

/** Segments of a 1 kHz stereo sine at the given levels, as in EBU Tech 3341 and 3342. */
export function sineSequence(segments: { dbfs: number; seconds: number }[], sampleRate = 48000): DecodedAudio {
  const parts = segments.map((s) => sine(1000, s.dbfs, s.seconds, sampleRate));
  const x = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    x.set(p, at);
    at += p.length;
  }
  return { channels: [x, x.slice()], sampleRate };
}

/** A small seeded PRNG (mulberry32), so generated noise is the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function whiteNoise(seconds: number, sampleRate: number, dbfs = -20, seed = 1): Float32Array {
  const rand = random(seed);
  const amp = Math.pow(10, dbfs / 20) * Math.sqrt(3);
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amp * (rand() * 2 - 1);
  return out;
}

type Voice = (out: Float32Array, at: number, sampleRate: number, gain: number, rand: () => number) => void;

const kick: Voice = (out, at, fs, gain) => {
  const n = Math.min(out.length - at, Math.round(0.25 * fs));
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    phase += (2 * Math.PI * (50 + 100 * Math.exp(-t * 30))) / fs;
    out[at + i] += gain * Math.exp(-t * 12) * Math.sin(phase);
  }
};

const snare: Voice = (out, at, fs, gain, rand) => {
  const n = Math.min(out.length - at, Math.round(0.18 * fs));
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    const body = Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t * 25);
    out[at + i] += gain * (0.5 * body + 0.6 * (rand() * 2 - 1) * Math.exp(-t * 20));
  }
};

const hat: Voice = (out, at, fs, gain, rand) => {
  const n = Math.min(out.length - at, Math.round(0.05 * fs));
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const noise = rand() * 2 - 1;
    // A first difference tilts the noise towards the top octaves, as a closed hi-hat is.
    out[at + i] += gain * (noise - prev) * 0.5 * Math.exp((-i / fs) * 80);
    prev = noise;
  }
};

const click: Voice = (out, at, fs, gain) => {
  const n = Math.min(out.length - at, Math.round(0.02 * fs));
  for (let i = 0; i < n; i++) out[at + i] += gain * Math.sin((2 * Math.PI * 1500 * i) / fs) * Math.exp((-i / fs) * 300);
};

/** A metronome: a click on every beat, the first of each bar louder. */
export function clickTrack(bpm: number, seconds: number, sampleRate = 44100): DecodedAudio {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const beat = (60 / bpm) * sampleRate;
  for (let b = 0; b * beat < out.length; b++) click(out, Math.round(b * beat), sampleRate, b % 4 === 0 ? 0.8 : 0.5, Math.random);
  return { channels: [out, out.slice()], sampleRate };
}

/**
 * Drums in 4/4: `rock` is kick on 1 and 3, snare on 2 and 4 and closed hats on every eighth;
 * `four-on-the-floor` is a kick on every beat, snare on 2 and 4 and hats on the off-beats;
 * `two-step` (drum and bass) is a kick on 1 and the and of 3, snare on 2 and 4, hats on eighths.
 */
export type DrumStyle = 'rock' | 'four-on-the-floor' | 'two-step';
export function drumPattern(bpm: number, seconds: number, style: DrumStyle, sampleRate = 44100): DecodedAudio {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const rand = random(bpm);
  const eighth = (30 / bpm) * sampleRate;
  for (let e = 0; e * eighth < out.length; e++) {
    const at = Math.round(e * eighth);
    const beatInBar = Math.floor(e / 2) % 4;
    const onBeat = e % 2 === 0;
    const eighthInBar = e % 8;
    const kickHere =
      style === 'four-on-the-floor' ? onBeat : style === 'rock' ? onBeat && beatInBar % 2 === 0 : eighthInBar === 0 || eighthInBar === 5;
    if (kickHere) kick(out, at, sampleRate, 0.7, rand);
    if (onBeat && beatInBar % 2 === 1) snare(out, at, sampleRate, 0.5, rand);
    if (style !== 'four-on-the-floor' || !onBeat) hat(out, at, sampleRate, 0.25, rand);
  }
  return { channels: [out, out.slice()], sampleRate };
}

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** A tone with eight harmonics falling as 1/n, a soft attack and a decay. */
function tone(out: Float32Array, at: number, length: number, freq: number, fs: number, gain: number) {
  const n = Math.min(out.length - at, length);
  for (let h = 1; h <= 8; h++) {
    const f = freq * h;
    if (f >= fs / 2) break;
    const w = (2 * Math.PI * f) / fs;
    const g = gain / h;
    for (let i = 0; i < n; i++) {
      const env = Math.min(1, i / (0.01 * fs)) * Math.exp((-i / fs) * 1.5);
      out[at + i] += g * env * Math.sin(w * i);
    }
  }
}

/**
 * A diatonic chord progression in a key: I–IV–V–I in major, i–iv–V–i (harmonic minor's major
 * dominant) in minor, each chord with its root doubled an octave below.
 */
export function chordProgression(tonic: string, mode: 'major' | 'minor', seconds = 16, sampleRate = 22050): DecodedAudio {
  const root = NOTE_NAMES.indexOf(tonic);
  if (root < 0) throw new Error(`unknown note ${tonic}`);
  const third = mode === 'major' ? 4 : 3;
  // Degrees as semitones above the tonic: [chord root, third, fifth].
  const chords =
    mode === 'major'
      ? [[0, 4, 7], [5, 9, 12], [7, 11, 14], [0, 4, 7]]
      : [[0, third, 7], [5, 8, 12], [7, 11, 14], [0, third, 7]];
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const chordLength = Math.round(sampleRate * 1.0);
  // Middle C is MIDI 60; voice the tonic between MIDI 55 and 66.
  const base = 55 + ((root - 7 + 12) % 12);
  for (let c = 0, at = 0; at < out.length; c++, at += chordLength) {
    const chord = chords[c % chords.length];
    const freq = (midi: number) => 440 * Math.pow(2, (midi - 69) / 12);
    tone(out, at, chordLength, freq(base + chord[0] - 12), sampleRate, 0.12);
    for (const d of chord) tone(out, at, chordLength, freq(base + d), sampleRate, 0.08);
  }
  return { channels: [out, out.slice()], sampleRate };
}
