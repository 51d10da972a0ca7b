/** Decoded PCM as the Web Audio API's decodeAudioData and the Node decoders give it. */
export interface DecodedAudio {
  /** One array per channel, samples in [-1, 1], all the same length. */
  channels: Float32Array[];
  sampleRate: number;
}

/** Min/max pairs over equal spans of the track, mixed over channels; drawable at any width. */
export interface WaveformOverview {
  /** Number of buckets (min[i], max[i] cover the i-th 1/buckets of the track). */
  buckets: number;
  min: number[];
  max: number[];
}

/** Share of the track's energy below 250 Hz, 250 Hz–4 kHz and above 4 kHz (sums to 1). */
export interface SpectrumSummary {
  low: number;
  mid: number;
  high: number;
}

/**
 * What the analyser says about one track. A figure it cannot give (a silent track has no key,
 * no tempo and no loudness) is null, never a guess.
 */
export interface TrackAnalysis {
  analyzerVersion: string;
  durationS: number;
  sampleRate: number;
  channels: number;
  bpm: number | null;
  /** 0–1: how clearly the onset envelope repeats at that period. */
  bpmConfidence: number | null;
  /** e.g. "A minor". */
  key: string | null;
  /** 0–1: the profile correlation of the best key, scaled down when the runner-up is close. */
  keyConfidence: number | null;
  lufsIntegrated: number | null;
  loudnessRangeLu: number | null;
  samplePeakDbfs: number | null;
  truePeakDbfs: number | null;
  rmsDbfs: number | null;
  waveform: WaveformOverview;
  spectrum: SpectrumSummary | null;
}

/** Called with the fraction done (0–1) as the analysis goes. */
export type AnalysisProgress = (fraction: number) => void;
