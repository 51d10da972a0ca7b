/**
 * WAV (RIFF/WAVE) reading and writing on bytes alone, so Node's CLI and tests share it:
 * integer PCM of 8, 16, 24 and 32 bits and IEEE float of 32 and 64 bits, plain or
 * WAVE_FORMAT_EXTENSIBLE.
 */
import type { DecodedAudio } from './types.ts';

export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

function fourCC(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

export function isWav(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return fourCC(view, 0) === 'RIFF' && fourCC(view, 8) === 'WAVE';
}

export function decodeWav(bytes: Uint8Array): DecodedAudio {
  if (!isWav(bytes)) throw new WavFormatError('not a WAV file (no RIFF/WAVE header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { tag: number; channels: number; sampleRate: number; bits: number; blockAlign: number } | null = null;
  let data: { offset: number; length: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = fourCC(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavFormatError('the fmt chunk is too short');
      let tag = view.getUint16(body, true);
      if (tag === EXTENSIBLE && size >= 40) tag = view.getUint16(body + 24, true);
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      // A streamed file may give a size past its end; take what is there.
      data = { offset: body, length: Math.min(size, bytes.length - body) };
      break;
    }
    at = body + size + (size % 2);
  }
  if (!format) throw new WavFormatError('no fmt chunk');
  if (!data) throw new WavFormatError('no data chunk');
  const { tag, channels, sampleRate, bits } = format;
  if (!channels) throw new WavFormatError('the file declares no channels');
  if (!sampleRate) throw new WavFormatError('the file declares a sample rate of 0');
  const read = sampleReader(tag, bits, view);
  const bytesPerSample = bits / 8;
  const frameSize = bytesPerSample * channels;
  const frames = Math.floor(data.length / frameSize);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0, at = data.offset; f < frames; f++) {
    for (let c = 0; c < channels; c++, at += bytesPerSample) out[c][f] = read(at);
  }
  return { channels: out, sampleRate };
}

function sampleReader(tag: number, bits: number, view: DataView): (at: number) => number {
  if (tag === PCM) {
    if (bits === 8) return (at) => (view.getUint8(at) - 128) / 128;
    if (bits === 16) return (at) => view.getInt16(at, true) / 32768;
    if (bits === 24) return (at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608);
    if (bits === 32) return (at) => view.getInt32(at, true) / 2147483648;
  }
  if (tag === FLOAT) {
    if (bits === 32) return (at) => view.getFloat32(at, true);
    if (bits === 64) return (at) => view.getFloat64(at, true);
  }
  const kind = tag === PCM ? 'integer PCM' : tag === FLOAT ? 'float' : `format ${tag}`;
  throw new WavFormatError(`unsupported WAV encoding: ${bits}-bit ${kind} (supported: 8/16/24/32-bit PCM, 32/64-bit float)`);
}

export type WavEncoding = 'pcm16' | 'pcm24' | 'pcm32' | 'float32';

/** A WAV file of the given channels (for tests, the bench and exports). */
export function encodeWav({ channels, sampleRate }: DecodedAudio, encoding: WavEncoding = 'pcm16'): Uint8Array {
  const bits = encoding === 'pcm16' ? 16 : encoding === 'pcm24' ? 24 : 32;
  const bytesPerSample = bits / 8;
  const frames = channels[0]?.length ?? 0;
  const dataLength = frames * channels.length * bytesPerSample;
  const bytes = new Uint8Array(44 + dataLength);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataLength, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, encoding === 'float32' ? FLOAT : PCM, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels.length * bytesPerSample, true);
  view.setUint16(32, channels.length * bytesPerSample, true);
  view.setUint16(34, bits, true);
  text(36, 'data');
  view.setUint32(40, dataLength, true);
  // The decoder's scale (2^(bits−1)), clamped to the largest code, so a round trip is exact to one step.
  const quantize = (v: number, full: number) => Math.max(-full, Math.min(full - 1, Math.round(v * full)));
  let at = 44;
  for (let f = 0; f < frames; f++) {
    for (const x of channels) {
      const v = x[f];
      if (encoding === 'float32') view.setFloat32(at, v, true);
      else if (encoding === 'pcm16') view.setInt16(at, quantize(v, 32768), true);
      else if (encoding === 'pcm32') view.setInt32(at, quantize(v, 2147483648), true);
      else {
        const s = quantize(v, 8388608);
        view.setUint8(at, s & 0xff);
        view.setUint8(at + 1, (s >> 8) & 0xff);
        view.setUint8(at + 2, (s >> 16) & 0xff);
      }
      at += bytesPerSample;
    }
  }
  return bytes;
}
