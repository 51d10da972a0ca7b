import { describe, expect, it } from 'vitest';
import { analyzeTrack, ANALYZER_VERSION, InvalidAudioError } from './analyze-track.ts';
import { chordProgression, drumPattern, sineSequence } from './test-signals.ts';
import { waveformColumns } from './waveform.ts';

describe('analyzeTrack', () => {
  it('gives every figure of a drums-and-chords track and reports progress up to 1', () => {
    const drums = drumPattern(90, 20, 'rock', 44100);
    const chords = chordProgression('D', 'major', 20, 44100);
    const channels = drums.channels.map((x, c) => x.map((v, i) => 0.6 * v + chords.channels[c][i]));
    const progress: number[] = [];
    const a = analyzeTrack({ channels, sampleRate: 44100 }, (f) => progress.push(f));
    expect(a).toMatchObject({ analyzerVersion: ANALYZER_VERSION, durationS: 20, sampleRate: 44100, channels: 2, key: 'D major' });
    expect(Math.abs(a.bpm! - 90)).toBeLessThanOrEqual(0.5);
    expect(a.truePeakDbfs!).toBeGreaterThanOrEqual(a.samplePeakDbfs!);
    expect(a.rmsDbfs!).toBeLessThan(a.samplePeakDbfs!);
    expect(a.spectrum!.low + a.spectrum!.mid + a.spectrum!.high).toBeCloseTo(1, 2);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((p, q) => p - q));
  });

  it('reads a −23 dBFS stereo 1 kHz sine as −23 dBFS peak, −26 dBFS RMS and −23 LUFS', () => {
    const a = analyzeTrack(sineSequence([{ dbfs: -23, seconds: 20 }]));
    expect(a.samplePeakDbfs).toBeCloseTo(-23, 1);
    expect(a.rmsDbfs).toBeCloseTo(-26.01, 1);
    expect(a.lufsIntegrated).toBeCloseTo(-23, 1);
    expect(a.spectrum!.mid).toBeGreaterThan(0.99);
  });

  it('answers null for every figure that silence does not have', () => {
    const a = analyzeTrack({ channels: [new Float32Array(44100 * 10), new Float32Array(44100 * 10)], sampleRate: 44100 });
    expect(a).toMatchObject({ bpm: null, bpmConfidence: null, key: null, keyConfidence: null, lufsIntegrated: null, loudnessRangeLu: null, samplePeakDbfs: null, truePeakDbfs: null, rmsDbfs: null, spectrum: null, durationS: 10 });
  });

  it('keeps a waveform overview that draws at any width', () => {
    const a = analyzeTrack(sineSequence([{ dbfs: -6, seconds: 5 }, { dbfs: -40, seconds: 5 }]));
    expect(a.waveform.buckets).toBe(2048);
    const narrow = waveformColumns(a.waveform, 4);
    expect(narrow.max[0]).toBeCloseTo(0.5, 2);
    expect(narrow.max[3]).toBeCloseTo(0.01, 2);
    expect(waveformColumns(a.waveform, 5000).max).toHaveLength(5000);
  });

  it('refuses input that is not decoded audio', () => {
    expect(() => analyzeTrack({ channels: [], sampleRate: 44100 })).toThrow(InvalidAudioError);
    expect(() => analyzeTrack({ channels: [new Float32Array(10), new Float32Array(5)], sampleRate: 44100 })).toThrow(/differ in length/);
  });
});
