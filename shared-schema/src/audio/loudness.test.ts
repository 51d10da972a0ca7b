import { describe, expect, it } from 'vitest';
import { integratedLoudness, kWeightedSubBlockPower, loudnessRange } from './loudness.ts';
import { sine, sineSequence } from './test-signals.ts';
import { truePeak } from './true-peak.ts';
import { samplePeak } from './levels.ts';
import type { DecodedAudio } from './types.ts';

const integrated = (a: DecodedAudio) => integratedLoudness(kWeightedSubBlockPower(a.channels, a.sampleRate));
const range = (a: DecodedAudio) => loudnessRange(kWeightedSubBlockPower(a.channels, a.sampleRate));
const seg = (dbfs: number, seconds: number) => ({ dbfs, seconds });

describe('integrated loudness meets the EBU Tech 3341 minimum requirements (±0.1 LU)', () => {
  it.each([
    ['case 1: stereo 1 kHz at −23 dBFS for 20 s reads -23 LUFS', [seg(-23, 20)], -23],
    ['case 2: stereo 1 kHz at −33 dBFS for 20 s reads -33 LUFS', [seg(-33, 20)], -33],
    ['case 3: −36 / −23 / −36 dBFS for 10 / 60 / 10 s (relative gate) reads -23 LUFS', [seg(-36, 10), seg(-23, 60), seg(-36, 10)], -23],
    ['case 4: −72 / −36 / −23 / −36 / −72 dBFS (both gates) reads -23 LUFS', [seg(-72, 10), seg(-36, 10), seg(-23, 60), seg(-36, 10), seg(-72, 10)], -23],
    ['case 5: −26 / −20 / −26 dBFS for 20 / 20.1 / 20 s reads -23 LUFS', [seg(-26, 20), seg(-20, 20.1), seg(-26, 20)], -23],
  ])('%s', (_name, segments, expected) => {
    expect(Math.abs(integrated(sineSequence(segments))! - expected)).toBeLessThanOrEqual(0.1);
  });

  it('gives the same reading at 44.1 kHz (K-weighting is derived for any rate)', () => {
    expect(Math.abs(integrated(sineSequence([seg(-23, 20)], 44100))! + 23)).toBeLessThanOrEqual(0.1);
  });

  it('has no loudness for silence or for a signal below the absolute gate', () => {
    expect(integrated({ channels: [new Float32Array(48000 * 5)], sampleRate: 48000 })).toBeNull();
    expect(integrated(sineSequence([seg(-80, 10)]))).toBeNull();
  });
});

describe('loudness range meets the EBU Tech 3342 minimum requirements (±1 LU)', () => {
  it.each([
    ['case 1: −20 then −30 dBFS reads 10 LU', [seg(-20, 20), seg(-30, 20)], 10],
    ['case 2: −20 then −15 dBFS reads 5 LU', [seg(-20, 20), seg(-15, 20)], 5],
    ['case 3: −40 then −20 dBFS reads 20 LU', [seg(-40, 20), seg(-20, 20)], 20],
    ['case 4: −50 / −35 / −20 / −35 / −50 dBFS reads 15 LU', [seg(-50, 20), seg(-35, 20), seg(-20, 20), seg(-35, 20), seg(-50, 20)], 15],
  ])('%s', (_name, segments, expected) => {
    expect(Math.abs(range(sineSequence(segments))! - expected)).toBeLessThanOrEqual(1);
  });
});

describe('true peak (BS.1770-4 Annex 2, ±0.3 dB)', () => {
  const dbtp = (x: Float32Array) => 20 * Math.log10(truePeak([x], samplePeak([x])));

  it('finds the inter-sample peak of a full-scale sine at fs/4 sampled 45° off its crest', () => {
    const x = sine(12000, 0, 1, 48000, Math.PI / 4);
    expect(20 * Math.log10(samplePeak([x]))).toBeCloseTo(-3.01, 1);
    expect(Math.abs(dbtp(x))).toBeLessThanOrEqual(0.3);
  });

  it('reads −6 dBTP for the same sine at half scale (Tech 3341 case 15)', () => {
    expect(Math.abs(dbtp(sine(12000, -6, 1, 48000, Math.PI / 4)) + 6)).toBeLessThanOrEqual(0.3);
  });

  it('finds the peak between samples of a sine at fs/6 sampled 60° off its crest', () => {
    const x = sine(8000, -1, 1, 48000, Math.PI / 6 + Math.PI / 2);
    expect(Math.abs(dbtp(x) + 1)).toBeLessThanOrEqual(0.3);
  });
});
