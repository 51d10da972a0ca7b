import { describe, expect, it } from 'vitest';
import { chroma, estimateKey } from './key.ts';
import { analysisMono } from './mono.ts';
import { chordProgression, clickTrack, drumPattern, whiteNoise } from './test-signals.ts';
import type { DecodedAudio } from './types.ts';

const keyOf = (a: DecodedAudio) => estimateKey(chroma(analysisMono(a.channels, a.sampleRate)));
const SPELLING: Record<string, string> = { 'D#': 'Eb', 'G#': 'Ab', 'A#': 'Bb' };
const TONICS = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

describe('key and mode of chord progressions of eight-harmonic tones', () => {
  it.each(TONICS.flatMap((t) => (['major', 'minor'] as const).map((m) => [t, m] as const)))('%s %s', (tonic, mode) => {
    expect(keyOf(chordProgression(tonic, mode, 12, 22050))?.key).toBe(`${SPELLING[tonic] ?? tonic} ${mode}`);
  });

  it.each([
    ['C', 'minor', 'rock'],
    ['G', 'major', 'four-on-the-floor'],
    ['F#', 'minor', 'two-step'],
    ['Bb', 'major', 'rock'],
  ] as const)('%s %s under loud %s drums', (tonic, mode, style) => {
    const drums = drumPattern(120, 16, style, 44100);
    const chords = chordProgression(tonic === 'Bb' ? 'A#' : tonic, mode, 16, 44100);
    const channels = drums.channels.map((x, c) => x.map((v, i) => 1.2 * v + chords.channels[c][i]));
    expect(keyOf({ channels, sampleRate: 44100 })?.key).toBe(`${tonic} ${mode}`);
  });

  it('reads the key at 44.1 kHz as at 22.05 kHz', () => {
    expect(keyOf(chordProgression('A', 'minor', 12, 44100))?.key).toBe('A minor');
  });

  it('is more confident of a clear major progression than of nothing', () => {
    expect(keyOf(chordProgression('G', 'major', 12, 22050))!.confidence).toBeGreaterThan(0.8);
  });

  it('names no key for silence, noise, a metronome or drums alone', () => {
    expect(keyOf(drumPattern(120, 16, 'rock', 22050))).toBeNull();
    expect(keyOf({ channels: [new Float32Array(22050 * 10)], sampleRate: 22050 })).toBeNull();
    expect(keyOf({ channels: [whiteNoise(10, 22050)], sampleRate: 22050 })).toBeNull();
    expect(keyOf(clickTrack(120, 10))).toBeNull();
  });
});
