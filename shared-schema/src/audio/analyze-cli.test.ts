// The Node CLI (scripts/analyze.ts) run as a person runs it, on files written to a temp dir.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { chordProgression, drumPattern } from './test-signals.ts';
import type { DecodedAudio } from './types.ts';
import { encodeWav } from './wav.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ignition-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyze(...files: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...files]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Drums at 120 BPM under an E minor progression, stereo 44.1 kHz. */
function song(seconds: number): DecodedAudio {
  const drums = drumPattern(120, seconds, 'rock');
  const chords = chordProgression('E', 'minor', seconds, 44100);
  return { channels: drums.channels.map((x, c) => x.map((v, i) => 0.6 * v + chords.channels[c][i])), sampleRate: 44100 };
}

/** A FLAC stream of VERBATIM 16-bit subframes (the simplest valid FLAC, no encoder needed). */
function encodeFlac({ channels, sampleRate }: DecodedAudio): Uint8Array {
  const crc8 = (b: number[]) => b.reduce((c, x) => { c ^= x; for (let i = 0; i < 8; i++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff; return c; }, 0);
  const crc16 = (b: number[]) => b.reduce((c, x) => { c ^= x << 8; for (let i = 0; i < 8; i++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff; return c; }, 0);
  const total = channels[0].length;
  const block = 4096;
  const out: number[] = [...'fLaC'].map((c) => c.charCodeAt(0));
  const info = [block >> 8, block & 0xff, block >> 8, block & 0xff, 0, 0, 0, 0, 0, 0];
  // sample rate (20 bits), channels − 1 (3), bits − 1 (5), total samples (36), MD5 (unknown: zeros)
  info.push(sampleRate >> 12, (sampleRate >> 4) & 0xff, ((sampleRate & 0xf) << 4) | ((channels.length - 1) << 1) | (15 >> 4));
  info.push(((15 & 0xf) << 4) | Math.floor(total / 2 ** 32), (total >>> 24) & 0xff, (total >>> 16) & 0xff, (total >>> 8) & 0xff, total & 0xff);
  info.push(...new Array(16).fill(0));
  out.push(0x80, 0, 0, info.length, ...info);
  for (let frame = 0, start = 0; start < total; frame++, start += block) {
    const size = Math.min(block, total - start);
    // Block size as a 16-bit field after the frame number; sample rate code 1001 is 44.1 kHz (the
    // decoder's frame parser does not accept 0000, "see STREAMINFO", which encoders never write).
    if (sampleRate !== 44100) throw new Error('this writer only writes 44.1 kHz');
    const f = [0xff, 0xf8, (0b0111 << 4) | 0b1001, ((channels.length - 1) << 4) | (0b100 << 1)];
    f.push(...(frame < 128 ? [frame] : [0xc0 | (frame >> 6), 0x80 | (frame & 0x3f)]), (size - 1) >> 8, (size - 1) & 0xff);
    f.push(crc8(f));
    for (const x of channels) {
      f.push(0x02); // VERBATIM subframe, no wasted bits
      for (let i = start; i < start + size; i++) {
        const s = Math.max(-32768, Math.min(32767, Math.round(x[i] * 32768)));
        f.push((s >> 8) & 0xff, s & 0xff);
      }
    }
    const crc = crc16(f);
    out.push(...f, crc >> 8, crc & 0xff);
  }
  return Uint8Array.from(out);
}

// Each case starts Node with tsx; a loaded machine needs more than the default 5 s.
describe('npm run analyze', { timeout: 30_000 }, () => {
  it('prints one JSON line per WAV and FLAC file with the analysis', async () => {
    const wav = join(dir, 'song.wav');
    const flac = join(dir, 'song.flac');
    const audio = song(20);
    writeFileSync(wav, encodeWav(audio, 'pcm24'));
    writeFileSync(flac, encodeFlac(audio));
    const { code, stdout, stderr } = await analyze(wav, flac);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([wav, flac]);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['file', 'durationS', 'sampleRate', 'channels', 'bpm', 'bpmConfidence', 'key', 'keyConfidence', 'lufsIntegrated', 'loudnessRangeLu', 'samplePeakDbfs', 'truePeakDbfs', 'rmsDbfs']);
      expect(line).toMatchObject({ durationS: 20, sampleRate: 44100, channels: 2, key: 'E minor' });
      expect(Math.abs(line.bpm - 120)).toBeLessThanOrEqual(0.5);
      expect(line.truePeakDbfs).toBeGreaterThanOrEqual(line.samplePeakDbfs);
    }
    expect(Math.abs(lines[0].lufsIntegrated - lines[1].lufsIntegrated)).toBeLessThan(0.05);
  });

  it('gives nulls, not guesses, for a silent file', async () => {
    const silent = join(dir, 'silent.wav');
    writeFileSync(silent, encodeWav({ channels: [new Float32Array(44100 * 5)], sampleRate: 44100 }));
    const line = JSON.parse((await analyze(silent)).stdout);
    expect(line).toMatchObject({ bpm: null, key: null, lufsIntegrated: null, loudnessRangeLu: null, samplePeakDbfs: null, truePeakDbfs: null, rmsDbfs: null, durationS: 5 });
  });

  it('names each bad file in one line, goes on with the rest and exits non-zero', async () => {
    const good = join(dir, 'good.wav');
    const bad = join(dir, 'bad.wav');
    writeFileSync(good, encodeWav(song(5)));
    writeFileSync(bad, 'RIFF????WAVEjunk');
    const { code, stdout, stderr } = await analyze(bad, join(dir, 'missing.flac'), good);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim().split('\n')).toEqual([`analyze: ${bad}: no fmt chunk`, `analyze: ${join(dir, 'missing.flac')}: no such file`]);
  });
});
