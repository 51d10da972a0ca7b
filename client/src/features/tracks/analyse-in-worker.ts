/**
 * The page's side of the analysis worker: decoded audio in, a promise of the analysis out,
 * progress along the way. The channels are copied out of the AudioBuffer and their buffers
 * transferred, so the worker gets them without a second copy.
 */
import type { TrackAnalysis } from '@ignition/shared/audio/types.ts';
import type { AnalyseRequest, AnalysisMessage } from './analysis-messages.ts';

let worker: Worker | null = null;
let nextId = 1;

function analysisWorker(): Worker {
  worker ??= new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

export function analyseInWorker(audio: AudioBuffer, onProgress?: (fraction: number) => void): Promise<TrackAnalysis> {
  const channels = Array.from({ length: audio.numberOfChannels }, (_, c) => audio.getChannelData(c).slice());
  return analyseChannelsInWorker(channels, audio.sampleRate, onProgress);
}

export function analyseChannelsInWorker(
  channels: Float32Array[],
  sampleRate: number,
  onProgress?: (fraction: number) => void,
): Promise<TrackAnalysis> {
  const w = analysisWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<AnalysisMessage>) => {
      const m = event.data;
      if (m.id !== id) return;
      if (m.type === 'progress') return onProgress?.(m.fraction);
      w.removeEventListener('message', onMessage);
      if (m.type === 'done') resolve(m.analysis);
      else reject(new Error(m.message));
    };
    w.addEventListener('message', onMessage);
    const request: AnalyseRequest = { id, channels, sampleRate };
    w.postMessage(request, channels.map((c) => c.buffer as ArrayBuffer));
  });
}
