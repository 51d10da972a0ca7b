import { describe, expect, it } from 'vitest';
import { analysisMono } from './mono.ts';
import { onsetEnvelope } from './onset.ts';
import { estimateTempo } from './tempo.ts';
import { clickTrack, drumPattern, whiteNoise } from './test-signals.ts';
import type { DecodedAudio } from './types.ts';

const tempoOf = (a: DecodedAudio) => estimateTempo(onsetEnvelope(analysisMono(a.channels, a.sampleRate)));
const TEMPOS = [70, 90, 120, 128, 140, 174];

// ±0.5 BPM; half or double the tempo is as wrong as any other figure.
describe('tempo within ±0.5 BPM, half and double time counted as wrong', () => {
  it.each(TEMPOS)('a click track at %d BPM', (bpm) => {
    expect(Math.abs(tempoOf(clickTrack(bpm, 30))!.bpm - bpm)).toBeLessThanOrEqual(0.5);
  });

  it.each(TEMPOS)('a rock beat (kick 1 and 3, snare 2 and 4, eighth hats) at %d BPM', (bpm) => {
    expect(Math.abs(tempoOf(drumPattern(bpm, 30, 'rock'))!.bpm - bpm)).toBeLessThanOrEqual(0.5);
  });

  it.each(TEMPOS)('four on the floor (kick every beat, off-beat hats) at %d BPM', (bpm) => {
    expect(Math.abs(tempoOf(drumPattern(bpm, 30, 'four-on-the-floor'))!.bpm - bpm)).toBeLessThanOrEqual(0.5);
  });

  it.each([140, 174])('a drum-and-bass two-step at %d BPM', (bpm) => {
    expect(Math.abs(tempoOf(drumPattern(bpm, 30, 'two-step'))!.bpm - bpm)).toBeLessThanOrEqual(0.5);
  });

  it('reads the same tempo at 48 kHz with a quiet noise floor under the beat', () => {
    const drums = drumPattern(128, 30, 'rock', 48000);
    const noise = whiteNoise(30, 48000, -40, 7);
    const channels = drums.channels.map((x) => x.map((v, i) => v + noise[i]));
    expect(Math.abs(tempoOf({ channels, sampleRate: 48000 })!.bpm - 128)).toBeLessThanOrEqual(0.5);
  });

  it('is confident about a steady beat', () => {
    expect(tempoOf(drumPattern(120, 30, 'rock'))!.confidence).toBeGreaterThan(0.5);
  });

  it('names no tempo for silence, steady noise or a clip too short to repeat', () => {
    expect(tempoOf({ channels: [new Float32Array(44100 * 20)], sampleRate: 44100 })).toBeNull();
    expect(tempoOf({ channels: [whiteNoise(20, 44100)], sampleRate: 44100 })).toBeNull();
    expect(tempoOf(clickTrack(120, 2))).toBeNull();
  });
});
