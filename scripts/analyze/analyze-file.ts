/** One file through the CLI's path: read, decode, analyse, and keep the figures the CLI prints. */
import { analyzeTrack } from '@ignition/shared/audio/analyze-track.ts';
import type { TrackAnalysis } from '@ignition/shared/audio/types.ts';
import { readAudioFile } from './read-audio-file.ts';

export type CliLine = { file: string } & Pick<
  TrackAnalysis,
  | 'durationS' | 'sampleRate' | 'channels' | 'bpm' | 'bpmConfidence' | 'key' | 'keyConfidence'
  | 'lufsIntegrated' | 'loudnessRangeLu' | 'samplePeakDbfs' | 'truePeakDbfs' | 'rmsDbfs'
>;

export async function analyzeFile(file: string): Promise<CliLine> {
  const a = analyzeTrack(await readAudioFile(file));
  return {
    file,
    durationS: a.durationS,
    sampleRate: a.sampleRate,
    channels: a.channels,
    bpm: a.bpm,
    bpmConfidence: a.bpmConfidence,
    key: a.key,
    keyConfidence: a.keyConfidence,
    lufsIntegrated: a.lufsIntegrated,
    loudnessRangeLu: a.loudnessRangeLu,
    samplePeakDbfs: a.samplePeakDbfs,
    truePeakDbfs: a.truePeakDbfs,
    rmsDbfs: a.rmsDbfs,
  };
}
