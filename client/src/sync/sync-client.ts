import { PROTOCOL_VERSION } from '@ignition/shared/sync/limits.ts';
import type { PullResponse, PushResponse } from '@ignition/shared/sync/protocol.ts';
import type { IgnitionDb, LocalEvent, OutboxChange } from '../db/db.ts';
import { applyPulledChanges } from './apply-pull.ts';
import { observeRemoteClock, unsyncedCount } from './outbox.ts';
import { learnServerTime, wasAhead } from './device-clock.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SyncResult {
  pushedChanges: number;
  pushedEvents: number;
  rejected: Array<{ id: string; code: string; message: string; event_type?: string }>;
  pulled: number;
}

/**
 * One sync pass: push the outbox in batches, then pull until `hasMore` is false.
 * An outbox entry is removed only after the server answered for it (rule 3); a batch the
 * server finds too large is halved and retried.
 */
export class SyncClient {
  batchSize = 250;
  pullLimit = 1000;
  /** Told after each push batch and each pull page (a first sync of a big account takes a while). */
  onProgress?: (p: { pushed: number; pulled: number }) => void;

  constructor(
    private readonly db: IgnitionDb,
    private readonly fetchImpl: FetchLike,
    private readonly baseUrl = '',
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await this.fetchImpl(this.baseUrl + path, {
      credentials: 'include',
      ...init,
      headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
    });
    const text = await res.text();
    let body: { error?: { code?: string; message?: string } } | undefined;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      throw new SyncHttpError(res.status, 'bad_response', `The server answered ${res.status} without JSON`);
    }
    if (!res.ok) throw new SyncHttpError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
    return body as unknown as T;
  }

  async clientId(): Promise<string> {
    return String((await this.db.meta.get('hlc_node'))?.value ?? 'unknown-client');
  }

  pendingCount(): Promise<number> {
    return unsyncedCount(this.db);
  }

  async push(): Promise<Omit<SyncResult, 'pulled'>> {
    const result = { pushedChanges: 0, pushedEvents: 0, rejected: [] as SyncResult['rejected'] };
    for (;;) {
      const changes = (await this.db.outbox_changes.orderBy('seq').limit(this.batchSize).toArray()) as OutboxChange[];
      const events = (await this.db.activity_events.where('sync_status').equals('pending').limit(this.batchSize).toArray()) as LocalEvent[];
      if (changes.length === 0 && events.length === 0) return result;
      // Events reference rows; send an event only once the changes before it are in this or an earlier push.
      const body = {
        protocolVersion: PROTOCOL_VERSION,
        clientId: await this.clientId(),
        changes: changes.map((c) => ({ table: c.table, id: c.row_id, op: c.op, ...(c.fields ? { fields: c.fields } : {}), hlc: c.hlc })),
        events: (changes.length === this.batchSize ? [] : events).map((e) => ({
          id: e.id,
          event_type: e.event_type,
          entity_id: e.entity_id,
          skill_id: e.skill_id ?? null,
          metadata: e.metadata,
          created_at: e.created_at,
          local_date: e.local_date,
          xp_earned: e.xp_earned,
          coins_earned: e.coins_earned,
        })),
      };
      let reply: PushResponse;
      const sentAt = Date.now();
      try {
        reply = await this.call<PushResponse>('/api/sync/push', { method: 'POST', body: JSON.stringify(body) });
      } catch (e) {
        if (e instanceof SyncHttpError && (e.code === 'push_too_large' || e.status === 413) && this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
          continue;
        }
        throw e;
      }
      await learnServerTime(this.db, reply.serverTime, sentAt, Date.now());
      const sentSeqs = changes.map((c) => c.seq!);
      const byId = new Map(events.map((e) => [e.id, e]));
      // This device's stamps of fields the server did not take as sent are forgotten, so the next
      // pull brings the server's value and stamp: changes stamped further ahead than the server
      // allows were restamped there (rule 8), and refused changes were not applied (their rows are
      // logged again for this pull); a kept stamp would hold the device's copy apart (rule 4).
      const refusedKeys = new Set((reply.changeErrors ?? []).map((r) => `${r.table}:${r.id}`));
      const restamped = changes.filter((c) => c.op === 'upsert' && (wasAhead(c.hlc, reply.serverTime) || refusedKeys.has(`${c.table}:${c.row_id}`)));
      await this.db.transaction('rw', [this.db.outbox_changes, this.db.activity_events, this.db.refused_changes, this.db.meta, this.db.row_clocks], async () => {
        await this.db.outbox_changes.bulkDelete(sentSeqs);
        for (const c of restamped) {
          const key = `${c.table}:${c.row_id}`;
          const rec = await this.db.row_clocks.get(key);
          if (!rec) continue;
          for (const f of Object.keys(c.fields ?? {})) if (rec.clocks[f] === c.hlc) delete rec.clocks[f];
          await this.db.row_clocks.put(rec);
        }
        // A refused row change leaves the outbox too; what was refused and why is kept to be shown.
        const at = new Date().toISOString();
        for (const r of reply.changeErrors ?? []) {
          const sent = changes.filter((c) => c.table === r.table && c.row_id === r.id).pop();
          await this.db.refused_changes.put({ key: `${r.table}:${r.id}:${sent?.hlc ?? at}`, table: r.table, row_id: r.id, code: r.code, message: r.message, at });
        }
        for (const id of reply.accepted) await this.db.activity_events.update(id, { sync_status: 'accepted' });
        // A refusal is kept on the device with its reason, and with what had been counted for it,
        // until the person dismisses it from a "Not counted" list (rule 3: nothing silent).
        for (const r of reply.rejected) {
          const sent = byId.get(r.id);
          const claimed = sent && sent.sync_status === 'pending' ? { claimed_xp: sent.xp_earned, claimed_coins: sent.coins_earned } : {};
          await this.db.activity_events.update(r.id, { sync_status: 'rejected', reject_code: r.code, reject_message: r.message, ...claimed, xp_earned: 0, coins_earned: 0 });
        }
        await this.db.meta.put({ key: 'server_progress', value: reply.progress });
        await this.db.meta.put({ key: 'server_streaks', value: reply.streaks });
      });
      result.pushedChanges += changes.length;
      result.pushedEvents += body.events.length;
      result.rejected.push(...reply.rejected.map((r) => ({ ...r, event_type: byId.get(r.id)?.event_type })));
      this.onProgress?.({ pushed: result.pushedChanges + result.pushedEvents, pulled: 0 });
    }
  }

  async pull(): Promise<number> {
    let total = 0;
    for (;;) {
      const cursor = (await this.db.meta.get('pull_cursor'))?.value as string | undefined;
      const qs = new URLSearchParams({ limit: String(this.pullLimit), ...(cursor ? { cursor } : {}) });
      const page = await this.call<PullResponse>(`/api/sync/pull?${qs}`);
      const maxHlc = await applyPulledChanges(this.db, page.changes);
      if (maxHlc) await observeRemoteClock(maxHlc, this.db);
      await this.db.meta.put({ key: 'pull_cursor', value: page.cursor });
      total += page.changes.length;
      if (!page.hasMore) return total;
      this.onProgress?.({ pushed: 0, pulled: total });
    }
  }

  async syncOnce(): Promise<SyncResult> {
    const pushed = await this.push();
    const pulled = await this.pull();
    return { ...pushed, pulled };
  }
}
