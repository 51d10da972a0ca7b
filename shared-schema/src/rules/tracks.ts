import { parsedJson, tagListProblem } from './tag-list.ts';
/**
 * The reference-track library's limits and the shape checks of its JSON fields, shared by the
 * row contract (the server refuses a row that breaks them) and the app (which never writes one).
 */
export const TRACK_LIMITS = {
  title: 300,
  artist: 200,
  notes: 10_000,
  fileName: 500,
  /** a tag's characters, and how many tags a track may have */
  tag: 40,
  tags: 20,
  /** a marker's label, and how many markers a track may have */
  markerLabel: 80,
  markers: 200,
  /** 24 hours: longer than any track anyone imports, short enough to catch garbage */
  durationS: 86_400,
  /** 4 GiB */
  fileSize: 4 * 1024 ** 3,
  /** the analysis as JSON: the figures, a 2048-bucket waveform (~33k characters) and the spectrum */
  analysisChars: 80_000,
  analyzerVersion: 32,
} as const;

export interface TrackMarker {
  id: string;
  label: string;
  at_s: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
const MARKER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Why a value is not a valid markers list, or null. */
export function markersProblem(v: unknown): string | null {
  const list = parsedJson(v);
  if (!Array.isArray(list)) return 'markers must be a list of { id, label, at_s }';
  if (list.length > TRACK_LIMITS.markers) return `a track has at most ${TRACK_LIMITS.markers} markers`;
  for (const m of list) {
    if (!m || typeof m !== 'object') return 'markers must be a list of { id, label, at_s }';
    const { id, label, at_s } = m as Record<string, unknown>;
    if (typeof id !== 'string' || !MARKER_ID.test(id)) return 'a marker id must be letters, digits, _ or -, at most 64';
    if (typeof label !== 'string' || label.length > TRACK_LIMITS.markerLabel) return `a marker label must be text of at most ${TRACK_LIMITS.markerLabel} characters`;
    if (typeof at_s !== 'number' || !Number.isFinite(at_s) || at_s < 0 || at_s > TRACK_LIMITS.durationS) return 'a marker time must be a number of seconds from 0 to 86,400';
  }
  return null;
}

/** Why a value is not a valid tag list, or null. */
export function tagsProblem(v: unknown): string | null {
  return tagListProblem(v, 'a track', { tags: TRACK_LIMITS.tags, tag: TRACK_LIMITS.tag });
}

/** Why an analysis is not an object with the figures' numeric types, or null (its size is the contract's). */
export function analysisProblem(v: unknown): string | null {
  if (typeof v === 'string' && v.length > TRACK_LIMITS.analysisChars) return `analysis is too large (at most ${TRACK_LIMITS.analysisChars.toLocaleString('en-US')} characters)`;
  const a = parsedJson(v);
  if (!a || typeof a !== 'object' || Array.isArray(a)) return 'analysis must be an object';
  const o = a as Record<string, unknown>;
  for (const k of ['durationS', 'sampleRate', 'channels']) if (typeof o[k] !== 'number' || !Number.isFinite(o[k] as number) || (o[k] as number) < 0) return `analysis.${k} must be a number`;
  for (const k of ['bpm', 'bpmConfidence', 'keyConfidence', 'lufsIntegrated', 'loudnessRangeLu', 'samplePeakDbfs', 'truePeakDbfs', 'rmsDbfs'])
    if (o[k] !== null && o[k] !== undefined && (typeof o[k] !== 'number' || !Number.isFinite(o[k] as number))) return `analysis.${k} must be a number or null`;
  if (o.key !== null && o.key !== undefined && (typeof o.key !== 'string' || o.key.length > 40)) return 'analysis.key must be text or null';
  const w = o.waveform as Record<string, unknown> | undefined;
  if (w !== undefined && (!w || typeof w !== 'object' || !Array.isArray(w.min) || !Array.isArray(w.max) || typeof w.buckets !== 'number')) return 'analysis.waveform must be { buckets, min, max }';
  return null;
}

/** The row rule of `tracks`: a hex SHA-256, and markers, tags and analysis of the right shape. Null when fine. */
export function trackFieldError(fields: Record<string, unknown>): string | null {
  const sha = fields.content_sha256;
  if (sha !== null && sha !== undefined && (typeof sha !== 'string' || !SHA256.test(sha))) return 'content_sha256 must be 64 lowercase hex digits';
  if (fields.markers !== null && fields.markers !== undefined) {
    const p = markersProblem(fields.markers);
    if (p) return p;
  }
  if (fields.tags !== null && fields.tags !== undefined) {
    const p = tagsProblem(fields.tags);
    if (p) return p;
  }
  if (fields.analysis !== null && fields.analysis !== undefined) {
    const p = analysisProblem(fields.analysis);
    if (p) return p;
  }
  return null;
}
