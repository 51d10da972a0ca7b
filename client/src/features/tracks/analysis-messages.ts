/** What the page and the analysis worker say to each other. */
import type { TrackAnalysis } from '@ignition/shared/audio/types.ts';

export interface AnalyseRequest {
  id: number;
  /** Decoded channels (from AudioBuffer.getChannelData copies); their buffers are transferred. */
  channels: Float32Array[];
  sampleRate: number;
}

export type AnalysisMessage =
  | { id: number; type: 'progress'; fraction: number }
  | { id: number; type: 'done'; analysis: TrackAnalysis }
  | { id: number; type: 'failed'; message: string };
