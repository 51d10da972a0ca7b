/// <reference lib="webworker" />
// Runs analyzeTrack off the main thread so the page stays responsive; posts progress at most
// every 2 % so a long track does not flood the page with messages.
import { analyzeTrack } from '@ignition/shared/audio/analyze-track.ts';
import type { AnalyseRequest, AnalysisMessage } from './analysis-messages.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: AnalysisMessage) => scope.postMessage(m);

scope.onmessage = (event: MessageEvent<AnalyseRequest>) => {
  const { id, channels, sampleRate } = event.data;
  let reported = -1;
  try {
    const analysis = analyzeTrack({ channels, sampleRate }, (fraction) => {
      if (fraction - reported >= 0.02 || fraction === 1) {
        reported = fraction;
        post({ id, type: 'progress', fraction });
      }
    });
    post({ id, type: 'done', analysis });
  } catch (e) {
    post({ id, type: 'failed', message: (e as Error).message });
  }
};
