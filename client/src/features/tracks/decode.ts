/**
 * Bytes → PCM on the page. WAV goes through the shared decoder (exact samples at the file's own
 * rate, the same code the CLI runs); everything else through the browser's decodeAudioData,
 * which knows FLAC, Ogg/Opus, MP3 and AAC where the browser does (it resamples to the context's
 * rate, so such a file reports the device's rate).
 */
import { decodeWav, isWav } from '@ignition/shared/audio/wav.ts';
import type { DecodedAudio } from '@ignition/shared/audio/types.ts';

export async function decodeAudioBytes(bytes: ArrayBuffer): Promise<DecodedAudio> {
  const view = new Uint8Array(bytes);
  if (isWav(view)) {
    try {
      return decodeWav(view);
    } catch {
      // a WAV variant the shared decoder does not read (e.g. A-law): let the browser try
    }
  }
  const Ctx = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) throw new Error('This browser cannot decode audio');
  const ctx = new Ctx();
  try {
    const buffer = await ctx.decodeAudioData(bytes.slice(0));
    return { channels: Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c).slice()), sampleRate: buffer.sampleRate };
  } finally {
    void ctx.close().catch(() => {});
  }
}
