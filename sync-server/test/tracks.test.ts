import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, pushOk } from './sync-helpers.ts';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-11-24T18:00:00.000Z'));
  cookie = await t.signIn('producer@example.com');
});
afterEach(() => t.close());

const SHA = 'a'.repeat(64);
const analysis = {
  analyzerVersion: '1',
  durationS: 12.5,
  sampleRate: 44_100,
  channels: 2,
  bpm: 128,
  bpmConfidence: 0.8,
  key: 'A minor',
  keyConfidence: 0.6,
  lufsIntegrated: -9.2,
  loudnessRangeLu: 4.1,
  samplePeakDbfs: -0.3,
  truePeakDbfs: 0.1,
  rmsDbfs: -11,
  waveform: { buckets: 4, min: [-0.5, -0.2, -0.9, -0.1], max: [0.5, 0.2, 0.9, 0.1] },
  spectrum: { low: 0.5, mid: 0.4, high: 0.1 },
};
const track = (over: Record<string, unknown> = {}) => ({
  title: 'Reference',
  artist: 'Someone',
  tags: ['techno', 'ref'],
  content_sha256: SHA,
  analyzer_version: '1',
  analysis,
  markers: [{ id: 'm1', label: 'drop', at_s: 4.25 }],
  notes: 'Kick sits at -6 dB',
  duration_s: 12.5,
  file_name: 'ref.wav',
  file_size: 2_205_044,
  created_at: '2026-11-24T17:00:00.000Z',
  updated_at: '2026-11-24T17:00:00.000Z',
  ...over,
});

describe('tracks sync', () => {
  it('stores a pushed track with its analysis and markers and pulls it back (no audio)', async () => {
    const tid = id();
    const r = await pushOk(t, cookie, [{ table: 'tracks', id: tid, op: 'upsert', fields: track(), hlc: hlc() }]);
    expect(r.changeErrors ?? []).toEqual([]);
    const pulled = await (await t.req('/api/sync/pull', { cookie })).json();
    const row = pulled.changes.find((c: { table: string; id: string }) => c.table === 'tracks' && c.id === tid)?.row;
    expect(row).toMatchObject({ title: 'Reference', content_sha256: SHA, analyzer_version: '1', duration_s: 12.5 });
    expect(row.analysis).toMatchObject({ bpm: 128, key: 'A minor', waveform: { buckets: 4 } });
    expect(row.markers).toEqual([{ id: 'm1', label: 'drop', at_s: 4.25 }]);
    expect(row.tags).toEqual(['techno', 'ref']);
    expect(Object.keys(row)).not.toContain('audio');
  });

  it('refuses a bad row with invalid_field and writes nothing', async () => {
    const bad: Array<Record<string, unknown>> = [
      { content_sha256: 'not-a-hash' },
      { markers: [{ id: 'm1', label: 'drop', at_s: -3 }] },
      { markers: 'nonsense' },
      { tags: Array.from({ length: 50 }, (_, i) => `t${i}`) },
      { title: 'x'.repeat(301) },
      { duration_s: -1 },
      { analysis: { durationS: 'long' } },
      { analysis: { ...analysis, waveform: { buckets: 1, min: Array(20_000).fill(-0.1234), max: Array(20_000).fill(0.1234) } } },
    ];
    const r = await pushOk(t, cookie, bad.map((over) => ({ table: 'tracks', id: id(), op: 'upsert', fields: track(over), hlc: hlc() })));
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(bad.map(() => 'invalid_field'));
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM tracks')).rows[0].n)).toBe(0);
  });

  it('forbids another user from changing or deleting a track', async () => {
    const tid = id();
    await pushOk(t, cookie, [{ table: 'tracks', id: tid, op: 'upsert', fields: track(), hlc: hlc() }]);
    const other = await t.signIn('other@example.com');
    const r = await pushOk(t, other, [
      { table: 'tracks', id: tid, op: 'upsert', fields: { markers: [] }, hlc: hlc(Date.now() + 10_000) },
      { table: 'tracks', id: tid, op: 'delete', hlc: hlc(Date.now() + 20_000) },
    ]);
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(['forbidden', 'forbidden']);
    const row = (await t.db.execute({ sql: 'SELECT markers FROM tracks WHERE id = ?', args: [tid] })).rows[0];
    expect(JSON.parse(String(row.markers))).toHaveLength(1);
    const pulled = await (await t.req('/api/sync/pull', { cookie: other })).json();
    expect(pulled.changes.some((c: { id: string }) => c.id === tid)).toBe(false);
  });

  it('is in the account export', async () => {
    const tid = id();
    await pushOk(t, cookie, [{ table: 'tracks', id: tid, op: 'upsert', fields: track(), hlc: hlc() }]);
    const res = await t.req('/api/user/export', { cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.tables.tracks.map((r: { id: string }) => r.id)).toEqual([tid]);
  });
});
