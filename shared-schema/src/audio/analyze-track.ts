/**
 * The whole analysis of one decoded track: the same code in the browser's worker and in the
 * Node CLI. Pure: takes decoded channels, returns figures, touches no DOM and no file system.
 */
import { estimateKey, chroma } from './key.ts';
import { integratedLoudness, kWeightedSubBlockPower, loudnessRange } from './loudness.ts';
import { rms, samplePeak, toDbfs } from './levels.ts';
import { analysisMono } from './mono.ts';
import { onsetEnvelope } from './onset.ts';
import { spectrumSummary } from './spectrum.ts';
import { estimateTempo } from './tempo.ts';
import { truePeak } from './true-peak.ts';
import type { AnalysisProgress, DecodedAudio, TrackAnalysis } from './types.ts';
import { waveformOverview } from './waveform.ts';

/**
 * Part of the cache key of a stored analysis (with the file's SHA-256): bump it whenever a
 * change to this folder can change a figure, so stored analyses are redone.
 */
export const ANALYZER_VERSION = '1';

export class InvalidAudioError extends Error {
  override name = 'InvalidAudioError';
}

function check({ channels, sampleRate }: DecodedAudio) {
  if (!channels.length) throw new InvalidAudioError('the audio has no channels');
  if (!(sampleRate > 0 && Number.isFinite(sampleRate))) throw new InvalidAudioError(`bad sample rate ${sampleRate}`);
  if (channels.some((c) => c.length !== channels[0].length)) throw new InvalidAudioError('channels differ in length');
}

const round = (v: number | null, places: number) => (v === null ? null : Math.round(v * 10 ** places) / 10 ** places);

export function analyzeTrack(audio: DecodedAudio, onProgress: AnalysisProgress = () => {}): TrackAnalysis {
  check(audio);
  const { channels, sampleRate } = audio;
  // Shares of the work, measured on a 4-minute stereo track: K-weighting is the largest.
  const kDone = (c: number) => onProgress((0.4 * c) / channels.length);
  const subBlocks = kWeightedSubBlockPower(channels, sampleRate, kDone);
  const lufs = integratedLoudness(subBlocks);
  const lra = loudnessRange(subBlocks);
  const peak = samplePeak(channels);
  const tp = peak > 0 ? truePeak(channels, peak) : 0;
  onProgress(0.55);
  const mono = analysisMono(channels, sampleRate);
  onProgress(0.7);
  const tempo = estimateTempo(onsetEnvelope(mono));
  onProgress(0.8);
  const key = estimateKey(chroma(mono));
  onProgress(0.88);
  const spectrum = spectrumSummary(channels, sampleRate);
  const waveform = waveformOverview(channels);
  const result: TrackAnalysis = {
    analyzerVersion: ANALYZER_VERSION,
    durationS: round(channels[0].length / sampleRate, 3)!,
    sampleRate,
    channels: channels.length,
    bpm: tempo?.bpm ?? null,
    bpmConfidence: round(tempo?.confidence ?? null, 3),
    key: key?.key ?? null,
    keyConfidence: key?.confidence ?? null,
    lufsIntegrated: round(lufs, 2),
    loudnessRangeLu: round(lra, 2),
    samplePeakDbfs: round(toDbfs(peak), 2),
    truePeakDbfs: round(toDbfs(tp), 2),
    rmsDbfs: round(toDbfs(rms(channels)), 2),
    waveform,
    spectrum,
  };
  onProgress(1);
  return result;
}
