import { describe, expect, it } from 'vitest';
import { chroma, estimateKey } from './key.ts';
import { analysisMono } from './mono.ts';
import { chordProgression, clickTrack, whiteNoise } from './test-signals.ts';
import type { DecodedAudio } from './types.ts';

const keyOf = (a: DecodedAudio) => estimateKey(chroma(analysisMono(a.channels, a.sampleRate)));
const SPELLING: Record<string, string> = { 'D#': 'Eb', 'G#': 'Ab', 'A#': 'Bb' };
const TONICS = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

describe('key and mode of chord progressions of eight-harmonic tones', () => {
  it.each(TONICS.flatMap((t) => (['major', 'minor'] as const).map((m) => [t, m] as const)))('%s %s', (tonic, mode) => {
    expect(keyOf(chordProgression(tonic, mode, 12, 22050))?.key).toBe(`${SPELLING[tonic] ?? tonic} ${mode}`);
  });

  it('reads the key at 44.1 kHz as at 22.05 kHz', () => {
    expect(keyOf(chordProgression('A', 'minor', 12, 44100))?.key).toBe('A minor');
  });

  it('is more confident of a clear major progression than of nothing', () => {
    expect(keyOf(chordProgression('G', 'major', 12, 22050))!.confidence).toBeGreaterThan(0.8);
  });

  it('names no key for silence, noise or a metronome', () => {
    expect(keyOf({ channels: [new Float32Array(22050 * 10)], sampleRate: 22050 })).toBeNull();
    expect(keyOf({ channels: [whiteNoise(10, 22050)], sampleRate: 22050 })).toBeNull();
    expect(keyOf(clickTrack(120, 10))).toBeNull();
  });
});
