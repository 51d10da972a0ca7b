import { z } from 'zod';

import { MAX_PULL_LIMIT } from './limits.ts';

/** Sync protocol version 1 (ARCHITECTURE.md §5). A client speaking another version gets `client_outdated`. */
export * from './limits.ts';

const HLC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;
export const hlcString = z.string().regex(HLC_RE, 'must be an HLC timestamp');
export const rowId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_:.-]+$/, 'ids are letters, digits and _ : . -');
export const localDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const rowChangeSchema = z.strictObject({
  table: z.string().min(1).max(64),
  id: rowId,
  op: z.enum(['upsert', 'delete']),
  fields: z.record(z.string().max(64), z.unknown()).optional(),
  hlc: hlcString,
});
export type RowChange = z.infer<typeof rowChangeSchema>;

export const pushEventSchema = z.object({
  id: rowId,
  event_type: z.string().min(1).max(64),
  entity_id: rowId.nullish(),
  skill_id: z.string().max(32).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  created_at: z.iso.datetime({ offset: true }),
  local_date: localDateString.optional(),
  /** the client's optimistic guesses; the server ignores them */
  xp_earned: z.number().optional(),
  coins_earned: z.number().optional(),
});
export type PushEvent = z.infer<typeof pushEventSchema>;

export const pushRequestSchema = z.strictObject({
  protocolVersion: z.number().int(),
  clientId: z.string().min(1).max(64),
  changes: z.array(rowChangeSchema),
  events: z.array(pushEventSchema),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface ProgressSnapshot {
  total_xp: number;
  level: number;
  coins: number;
  skills: Record<string, { xp: number; level: number }>;
}

export interface StreakSnapshot {
  current: number;
  best: number;
  shields: number;
  lastActiveDate: string | null;
}

export interface PushResponse {
  accepted: string[];
  rejected: Array<{ id: string; code: string; message: string }>;
  changeErrors: Array<{ table: string; id: string; code: string; message: string; details?: { field: string; reason: string } }>;
  progress: ProgressSnapshot;
  streaks: { daily: StreakSnapshot };
  cursor: string;
  /** the server's wall clock when it answered: devices correct their clocks by it (rule 8) */
  serverTime: string;
}

export const pullQuerySchema = z.strictObject({
  cursor: z.string().regex(/^\d{1,18}$/, 'must be a cursor returned by an earlier pull').optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
});

export interface PulledChange {
  table: string;
  id: string;
  op: 'upsert' | 'delete';
  row?: Record<string, unknown>;
  clocks?: Record<string, string>;
  seq: number;
}

export interface PullResponse {
  changes: PulledChange[];
  cursor: string;
  hasMore: boolean;
}
