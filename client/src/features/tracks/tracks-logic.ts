/**
 * The reference-track library on the device. Importing a file: hash its bytes (SHA-256), reuse an
 * analysis any device already made of the same bytes with the same analyser version, otherwise
 * decode and analyse (in the worker), then store the audio and only after it is safely stored
 * write the track row (which syncs: analysis, markers, notes; the audio never leaves the device).
 */
import { ANALYZER_VERSION } from '@ignition/shared/audio/analyze-track.ts';
import type { DecodedAudio, TrackAnalysis } from '@ignition/shared/audio/types.ts';
import { TRACK_LIMITS, type TrackMarker } from '@ignition/shared/rules/tracks.ts';
import type { IgnitionDb, Row } from '../../db/db.ts';
import { commit, newId } from '../../sync/outbox.ts';

export { ANALYZER_VERSION };
export type { TrackMarker };

/** Extensions and types offered by the picker; the browser's decoder has the last word. */
export const AUDIO_ACCEPT = '.wav,.wave,.flac,.ogg,.oga,.opus,.mp3,.m4a,.aac,audio/*';

export class StorageFullError extends Error {
  constructor() {
    super('This device has no room left for that file. Nothing was saved: free some space (or remove a track’s audio here) and try again.');
    this.name = 'StorageFullError';
  }
}

export class UndecodableAudioError extends Error {
  constructor(name: string) {
    super(`“${name}” could not be read as audio by this browser. WAV, FLAC, Ogg/Opus and MP3 usually work.`);
    this.name = 'UndecodableAudioError';
  }
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** True for the quota errors IndexedDB (and Dexie's wrapper of them) throws. */
export function isQuotaError(e: unknown): boolean {
  for (let err = e as { name?: string; inner?: unknown } | undefined, depth = 0; err && depth < 4; err = err.inner as typeof err, depth++) {
    if (err.name === 'QuotaExceededError' || (err as { code?: number }).code === 22) return true;
  }
  return false;
}

/** "Artist - Title.wav" → { artist, title }; otherwise the name without its extension is the title. */
export function titleFromFileName(name: string): { title: string; artist: string | null } {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/_/g, ' ').trim() || 'Untitled';
  const m = /^(.+?)\s+[-–]\s+(.+)$/.exec(base);
  const cut = (s: string, n: number) => s.slice(0, n);
  return m ? { artist: cut(m[1], TRACK_LIMITS.artist), title: cut(m[2], TRACK_LIMITS.title) } : { title: cut(base, TRACK_LIMITS.title), artist: null };
}

/** "techno, Ref ,, dark" → ["techno", "Ref", "dark"], capped to the contract's limits. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const t = raw.trim().slice(0, TRACK_LIMITS.tag);
    if (t && !seen.has(t.toLowerCase()) && seen.size < TRACK_LIMITS.tags) seen.add(t);
  }
  return [...seen];
}

export function markersOf(row: Row | undefined): TrackMarker[] {
  const m = row?.markers;
  const list = typeof m === 'string' ? safeJson(m) : m;
  return Array.isArray(list) ? (list as TrackMarker[]).filter((x) => x && typeof x.at_s === 'number').sort((a, b) => a.at_s - b.at_s) : [];
}

export function tagsOf(row: Row | undefined): string[] {
  const t = row?.tags;
  const list = typeof t === 'string' ? safeJson(t) : t;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

export function analysisOf(row: Row | undefined): TrackAnalysis | null {
  const a = row?.analysis;
  const v = typeof a === 'string' ? safeJson(a) : a;
  return v && typeof v === 'object' ? (v as TrackAnalysis) : null;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** A marker added at `atS` (rounded to ms), named "Marker n" unless a label is given. */
export function withMarker(list: TrackMarker[], atS: number, label?: string, id = newId().replace(/[^A-Za-z0-9_-]/g, '')): TrackMarker[] {
  if (list.length >= TRACK_LIMITS.markers) return list;
  const at_s = Math.max(0, Math.round(atS * 1000) / 1000);
  const name = (label ?? `Marker ${list.length + 1}`).slice(0, TRACK_LIMITS.markerLabel);
  return [...list, { id: id.slice(0, 64), label: name, at_s }].sort((a, b) => a.at_s - b.at_s);
}

export const renamedMarker = (list: TrackMarker[], id: string, label: string) => list.map((m) => (m.id === id ? { ...m, label: label.slice(0, TRACK_LIMITS.markerLabel) } : m));
export const withoutMarker = (list: TrackMarker[], id: string) => list.filter((m) => m.id !== id);

/**
 * Loudness-matched A/B: both tracks are brought to the quieter one's integrated loudness (only
 * ever turned down, so nothing clips), and each one's gain in dB is shown. Null gains when a
 * track has no loudness (silence).
 */
export function loudnessMatch(lufsA: number | null | undefined, lufsB: number | null | undefined): { targetLufs: number | null; gainDbA: number; gainDbB: number } {
  if (lufsA == null || lufsB == null) return { targetLufs: null, gainDbA: 0, gainDbB: 0 };
  const target = Math.min(lufsA, lufsB);
  const r = (v: number) => Math.round(v * 10) / 10 || 0;
  return { targetLufs: target, gainDbA: r(target - lufsA), gainDbB: r(target - lufsB) };
}

export const dbToGain = (db: number) => Math.min(1, Math.pow(10, db / 20));

export function formatTime(s: number): string {
  if (!Number.isFinite(s) || s < 0) s = 0;
  const m = Math.floor(s / 60);
  const sec = s - m * 60;
  return `${m}:${sec < 10 ? '0' : ''}${sec.toFixed(1)}`;
}

export interface ImportDeps {
  db: IgnitionDb;
  /** bytes → PCM (the page uses the WAV decoder or the browser's decodeAudioData) */
  decode: (bytes: ArrayBuffer, file: { name: string; type: string }) => Promise<DecodedAudio>;
  /** PCM → analysis (the page uses the worker) */
  analyse: (audio: DecodedAudio, onProgress: (fraction: number) => void) => Promise<TrackAnalysis>;
  now?: () => string;
}

export type ImportStage = 'reading' | 'decoding' | 'analysing' | 'storing';

export interface ImportResult {
  id: string;
  /** `analysed`: a new analysis; `cached`: an analysis of the same bytes and analyser version was reused */
  outcome: 'analysed' | 'cached';
}

/** Stores the audio, or throws StorageFullError with nothing written. */
export async function storeAudio(db: IgnitionDb, sha256: string, blob: Blob, now: string): Promise<void> {
  if (await db.track_audio.get(sha256)) return;
  try {
    await db.track_audio.put({ sha256, blob, type: blob.type || 'application/octet-stream', size: blob.size, stored_at: now });
  } catch (e) {
    await db.track_audio.delete(sha256).catch(() => {});
    if (isQuotaError(e)) throw new StorageFullError();
    throw e;
  }
}

export async function importTrack(file: Blob & { name: string }, deps: ImportDeps, onProgress: (stage: ImportStage, fraction: number) => void = () => {}): Promise<ImportResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date().toISOString();
  onProgress('reading', 0);
  const bytes = await file.arrayBuffer();
  const sha = await sha256Hex(bytes);
  const same = (await db.tracks.where('content_sha256').equals(sha).toArray()) as Row[];
  const cached = same.find((r) => r.analyzer_version === ANALYZER_VERSION && analysisOf(r));
  if (cached) {
    // Analysed already (here, or on another device and synced): keep the audio here, analyse nothing.
    onProgress('storing', 1);
    await storeAudio(db, sha, file, now);
    return { id: cached.id, outcome: 'cached' };
  }
  onProgress('decoding', 0);
  let audio: DecodedAudio;
  try {
    audio = await deps.decode(bytes, { name: file.name, type: file.type });
  } catch {
    throw new UndecodableAudioError(file.name);
  }
  if (!audio.channels.length || !audio.channels[0].length) throw new UndecodableAudioError(file.name);
  onProgress('analysing', 0);
  const analysis = await deps.analyse(audio, (f) => onProgress('analysing', f));
  onProgress('storing', 1);
  await storeAudio(db, sha, file, now);
  const fields = {
    content_sha256: sha,
    analyzer_version: analysis.analyzerVersion,
    analysis,
    duration_s: Math.min(TRACK_LIMITS.durationS, Math.round(analysis.durationS * 1000) / 1000),
    updated_at: now,
  };
  const old = same[0];
  const id = old?.id ?? newId();
  try {
    if (old) await commit([{ table: 'tracks', id, fields }], [], db);
    else {
      const { title, artist } = titleFromFileName(file.name);
      await commit([{ table: 'tracks', id, fields: { title, artist, tags: [], markers: [], notes: null, file_name: file.name.slice(0, TRACK_LIMITS.fileName), file_size: Math.min(file.size, TRACK_LIMITS.fileSize), created_at: now, ...fields } }], [], db);
    }
  } catch (e) {
    // No row, no orphan audio: the blob goes unless another track holds the same bytes.
    if (!old) await db.track_audio.delete(sha).catch(() => {});
    if (isQuotaError(e)) throw new StorageFullError();
    throw e;
  }
  return { id, outcome: 'analysed' };
}

/** Removes a track (its row syncs as deleted) and its audio on this device unless another track uses the same bytes. */
export async function deleteTrack(db: IgnitionDb, row: Row): Promise<void> {
  await commit([{ table: 'tracks', id: row.id, delete: true }], [], db);
  const sha = row.content_sha256 as string | undefined;
  if (sha && (await db.tracks.where('content_sha256').equals(sha).count()) === 0) await db.track_audio.delete(sha);
}

/** What this origin uses of the device's storage, and whether it is kept under storage pressure. */
export async function storageInfo(): Promise<{ usage: number | null; quota: number | null; persisted: boolean | null }> {
  const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const est = await s?.estimate?.().catch(() => undefined);
  const persisted = await s?.persisted?.().catch(() => null);
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted: persisted ?? null };
}

/** Asks the browser to keep this origin's storage (the audio lives only here). */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!s?.persist) return null;
  return s.persist().catch(() => null);
}

export function formatBytes(n: number | null): string {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
