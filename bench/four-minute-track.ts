// The bench's generated track, pure so it also bundles into a page for the Chromium figure.
import { chordProgression, drumPattern } from '@ignition/shared/audio/test-signals.ts';
import type { DecodedAudio } from '@ignition/shared/audio/types.ts';

export const FOUR_MINUTES_S = 240;
const RATE = 44100;

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
  const n = FOUR_MINUTES_S * RATE;
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

