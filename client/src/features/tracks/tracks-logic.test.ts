import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyzeTrack, ANALYZER_VERSION } from '@ignition/shared/audio/analyze-track.ts';
import { decodeWav, encodeWav } from '@ignition/shared/audio/wav.ts';
import { clickTrack } from '@ignition/shared/audio/test-signals.ts';
import type { DecodedAudio, TrackAnalysis } from '@ignition/shared/audio/types.ts';
import { contractError } from '@ignition/shared/contracts.ts';
import { openIgnitionDb, type IgnitionDb } from '../../db/db.ts';
import { newId } from '../../sync/outbox.ts';
import { importTrack, loudnessMatch, markersOf, parseTags, renamedMarker, StorageFullError, titleFromFileName, withMarker, withoutMarker, type ImportDeps } from './tracks-logic.ts';

const dbs: IgnitionDb[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await Dexie.delete(d.name);
  }
});
function freshDb() {
  const d = openIgnitionDb(`tracks-${newId()}`);
  dbs.push(d);
  return d;
}
function wavFile(name: string, audio: DecodedAudio) {
  const bytes = encodeWav(audio);
  return Object.assign(new Blob([bytes as BlobPart], { type: 'audio/wav' }), { name });
}
function deps(db: IgnitionDb) {
  const analyse = vi.fn(async (a: DecodedAudio, p: (f: number) => void): Promise<TrackAnalysis> => analyzeTrack(a, p));
  const d: ImportDeps = { db, decode: async (b) => decodeWav(new Uint8Array(b)), analyse, now: () => '2026-11-24T17:00:00.000Z' };
  return { d, analyse };
}

describe('importing a track', () => {
  it('analyses a new file once, stores its audio, and writes a row the server contract accepts', async () => {
    const db = freshDb();
    const { d, analyse } = deps(db);
    const file = wavFile('Artist X - Club Ref.wav', clickTrack(120, 8));
    const stages: string[] = [];
    const r = await importTrack(file, d, (s) => stages.push(s));
    expect(r.outcome).toBe('analysed');
    expect(analyse).toHaveBeenCalledTimes(1);
    expect(stages).toContain('analysing');
    const row = (await db.tracks.get(r.id))!;
    expect(row).toMatchObject({ title: 'Club Ref', artist: 'Artist X', analyzer_version: ANALYZER_VERSION, file_name: 'Artist X - Club Ref.wav' });
    expect((row.analysis as TrackAnalysis).durationS).toBeCloseTo(8, 2);
    expect((row.analysis as TrackAnalysis).waveform.buckets).toBeGreaterThan(100);
    expect(row.content_sha256).toMatch(/^[0-9a-f]{64}$/);
    const audio = await db.track_audio.get(row.content_sha256 as string);
    expect(audio?.size).toBe(file.size);
    const { id: _id, ...fields } = row;
    expect(contractError('tracks', fields)).toBeNull();
    expect(await db.outbox_changes.where('table').equals('tracks').count()).toBeGreaterThan(0);

    // The same bytes again: no second analysis, no second row.
    const again = await importTrack(wavFile('copy.wav', clickTrack(120, 8)), d);
    expect(again).toEqual({ id: r.id, outcome: 'cached' });
    expect(analyse).toHaveBeenCalledTimes(1);
    expect(await db.tracks.count()).toBe(1);
  });

  it('reuses an analysis synced from another device (same hash and version) and keeps the audio here', async () => {
    const first = freshDb();
    const { d: d1 } = deps(first);
    const audio = clickTrack(90, 6);
    const r = await importTrack(wavFile('a.wav', audio), d1);
    const synced = (await first.tracks.get(r.id))!;

    const second = freshDb();
    await second.tracks.put(synced); // as a pull would put it: the row, no audio
    expect(await second.track_audio.count()).toBe(0);
    const { d: d2, analyse } = deps(second);
    const again = await importTrack(wavFile('a.wav', audio), d2);
    expect(again).toEqual({ id: r.id, outcome: 'cached' });
    expect(analyse).not.toHaveBeenCalled();
    expect(await second.track_audio.count()).toBe(1);
  });

  it('re-analyses when the analyser version changed, on the same row', async () => {
    const db = freshDb();
    const { d, analyse } = deps(db);
    const audio = clickTrack(128, 6);
    const r = await importTrack(wavFile('a.wav', audio), d);
    await db.tracks.update(r.id, { analyzer_version: '0' });
    const again = await importTrack(wavFile('a.wav', audio), d);
    expect(again).toEqual({ id: r.id, outcome: 'analysed' });
    expect(analyse).toHaveBeenCalledTimes(2);
    expect((await db.tracks.get(r.id))?.analyzer_version).toBe(ANALYZER_VERSION);
  });

  it('on a full disk says so and writes nothing (no audio, no row, nothing to sync)', async () => {
    const db = freshDb();
    const { d } = deps(db);
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    vi.spyOn(db.track_audio, 'put').mockRejectedValueOnce(quota);
    await expect(importTrack(wavFile('big.wav', clickTrack(120, 4)), d)).rejects.toBeInstanceOf(StorageFullError);
    expect(await db.tracks.count()).toBe(0);
    expect(await db.track_audio.count()).toBe(0);
    expect(await db.outbox_changes.count()).toBe(0);
  });

  it('refuses a file the decoder cannot read with a clear message', async () => {
    const db = freshDb();
    const { d } = deps(db);
    const junk = Object.assign(new Blob([new Uint8Array([1, 2, 3, 4])]), { name: 'notes.txt' });
    await expect(importTrack(junk, d)).rejects.toThrow(/could not be read as audio/);
    expect(await db.tracks.count()).toBe(0);
  });
});

describe('track helpers', () => {
  it('markers are added in time order, renamed, removed, and pass the contract', () => {
    let m = withMarker([], 30.12345, undefined, 'a');
    m = withMarker(m, 5, 'intro', 'b');
    expect(m.map((x) => [x.id, x.label, x.at_s])).toEqual([['b', 'intro', 5], ['a', 'Marker 1', 30.123]]);
    m = renamedMarker(m, 'a', 'drop');
    expect(markersOf({ id: 't', markers: m }).map((x) => x.label)).toEqual(['intro', 'drop']);
    expect(withoutMarker(m, 'b').map((x) => x.id)).toEqual(['a']);
    expect(contractError('tracks', { markers: m })).toBeNull();
  });

  it('loudness matching turns the louder track down to the quieter one', () => {
    expect(loudnessMatch(-8, -14)).toEqual({ targetLufs: -14, gainDbA: -6, gainDbB: 0 });
    expect(loudnessMatch(-14, -14)).toEqual({ targetLufs: -14, gainDbA: 0, gainDbB: 0 });
    expect(loudnessMatch(null, -14).targetLufs).toBeNull();
  });

  it('titles and tags from what people type', () => {
    expect(titleFromFileName('my_mix_v3.flac')).toEqual({ title: 'my mix v3', artist: null });
    expect(parseTags(' techno, Ref ,, techno,dark')).toEqual(['techno', 'Ref', 'dark']);
  });
});
