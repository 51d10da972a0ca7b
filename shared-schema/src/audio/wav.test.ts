import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, WavFormatError, type WavEncoding } from './wav.ts';

const audio = () => {
  const left = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10) * 0.9);
  const right = Float32Array.from({ length: 1000 }, (_, i) => Math.cos(i / 7) * -0.5);
  return { channels: [left, right], sampleRate: 44100 };
};

describe('WAV decoding', () => {
  it.each([
    ['pcm16', 1 / 32767],
    ['pcm24', 1 / 8388607],
    ['pcm32', 1e-7],
    ['float32', 0],
  ] as [WavEncoding, number][])('reads back %s samples to within one step', (encoding, step) => {
    const decoded = decodeWav(encodeWav(audio(), encoding));
    expect(decoded.sampleRate).toBe(44100);
    expect(decoded.channels).toHaveLength(2);
    decoded.channels.forEach((x, c) => {
      const original = audio().channels[c];
      let worst = 0;
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - original[i]));
      expect(worst).toBeLessThanOrEqual(step + 1e-7);
    });
  });

  it('skips chunks before the data and reads WAVE_FORMAT_EXTENSIBLE', () => {
    const plain = encodeWav(audio(), 'pcm16');
    // fmt as a 40-byte extensible chunk, then a LIST chunk, then the data.
    const fmt = new Uint8Array(48);
    const v = new DataView(fmt.buffer);
    fmt.set([...'fmt '].map((c) => c.charCodeAt(0)));
    v.setUint32(4, 40, true);
    fmt.set(plain.subarray(20, 36), 8);
    v.setUint16(8, 0xfffe, true);
    v.setUint16(24, 22, true);
    v.setUint16(26, 16, true);
    v.setUint16(32, 1, true); // sub-format GUID starts with the format tag
    const list = new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]));
    const bytes = new Uint8Array([...plain.subarray(0, 12), ...fmt, ...list, ...plain.subarray(36)]);
    const decoded = decodeWav(bytes);
    expect(decoded.channels[0][10]).toBeCloseTo(audio().channels[0][10], 4);
  });

  it('refuses what it cannot read, with a reason', () => {
    expect(() => decodeWav(new TextEncoder().encode('hello, not audio'))).toThrow(WavFormatError);
    const bytes = encodeWav(audio(), 'pcm16');
    new DataView(bytes.buffer).setUint16(20, 2, true); // ADPCM
    expect(() => decodeWav(bytes)).toThrow(/unsupported WAV encoding/);
    expect(() => decodeWav(bytes.subarray(0, 36))).toThrow(/no data chunk/);
  });
});
