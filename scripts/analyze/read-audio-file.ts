/** Decodes a WAV or FLAC file for the Node analyser (the browser decodes with Web Audio instead). */
import { readFile } from 'node:fs/promises';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { decodeWav, isWav } from '@ignition/shared/audio/wav.ts';
import type { DecodedAudio } from '@ignition/shared/audio/types.ts';

export class UnreadableAudioError extends Error {
  override name = 'UnreadableAudioError';
}

const isFlac = (b: Uint8Array) => b.length >= 4 && b[0] === 0x66 && b[1] === 0x4c && b[2] === 0x61 && b[3] === 0x43;

async function decodeFlac(bytes: Uint8Array): Promise<DecodedAudio> {
  const decoder = new FLACDecoder();
  await decoder.ready;
  // The decoder also console.errors each bad frame; the CLI prints one line per file instead.
  const consoleError = console.error;
  console.error = () => {};
  try {
    const result = await decoder.decodeFile(bytes);
    if (result.errors.length) throw new UnreadableAudioError(`FLAC decoding failed: ${result.errors[0].message}`);
    if (!result.samplesDecoded) throw new UnreadableAudioError('the FLAC file holds no audio');
    return { channels: result.channelData, sampleRate: result.sampleRate };
  } finally {
    console.error = consoleError;
    decoder.free();
  }
}

export async function readAudioFile(path: string): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableAudioError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? (e as Error).message})`);
  }
  if (isWav(bytes)) return decodeWav(bytes);
  if (isFlac(bytes)) return decodeFlac(bytes);
  throw new UnreadableAudioError('not a WAV or FLAC file (the CLI reads those two; the app also reads MP3 and Ogg)');
}
