import { useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import { db, type IgnitionDb } from '../db/db.ts';
import { levelProgress, skillProgress, SKILLS, DEFAULT_SKILL_DEFINITIONS, type SkillId } from '@ignition/shared/rules/levels.ts';
import { computeDailyStreak, MAX_SHIELDS } from '@ignition/shared/rules/streaks.ts';
import type { ProgressSnapshot } from '@ignition/shared/sync/protocol.ts';
import { todayLocal } from './outbox.ts';
import { questStates, sortQuestStates, type QuestState } from './quest-state.ts';

export interface Economy {
  totalXp: number;
  level: number;
  xpIntoLevel: number;
  xpForNext: number;
  fraction: number;
  coins: number;
  skills: Array<{ id: SkillId; name: string; color: string; xp: number; level: number; maxLevel: number; fraction: number }>;
  streak: { current: number; best: number; shields: number; lastActiveDate: string | null };
  pending: number;
  /** every active quest in its current period, with optimistic progress */
  quests: QuestState[];
  /** true when these numbers include optimistic effects the server has not confirmed yet */
  optimistic: boolean;
}

const SKILL_COLUMN = Object.fromEntries(SKILLS.map((s) => [s, `${s}_xp`])) as Record<SkillId, string>;

/**
 * The economy as the person should see it now: the server's authoritative figures (pulled
 * `user_progress`, or the last push reply) plus the optimistic effect of events not yet
 * confirmed. A rejected event carries no effect, so a rejection rolls back by itself.
 */
export async function loadEconomy(database: IgnitionDb = db): Promise<Economy> {
  const [progressRows, meta, pending, streakRow, defs, signedIn, questRows, questProgress] = await Promise.all([
    database.user_progress.toArray(),
    database.meta.get('server_progress'),
    database.activity_events.where('sync_status').equals('pending').toArray(),
    database.user_streaks.where('streak_type').equals('daily').first(),
    database.skill_definitions.toArray(),
    database.meta.get('session'),
    database.quests.toArray(),
    database.user_quest_progress.toArray(),
  ]);
  const row = progressRows[0];
  const snap = meta?.value as ProgressSnapshot | undefined;
  const base = {
    total_xp: Number(row?.total_xp ?? snap?.total_xp ?? 0),
    coins: Number(row?.coins ?? snap?.coins ?? 0),
    skills: Object.fromEntries(SKILLS.map((s) => [s, Number(row?.[SKILL_COLUMN[s]] ?? snap?.skills?.[s]?.xp ?? 0)])) as Record<SkillId, number>,
  };
  // Local-only use (never synced): accepted events are still only local guesses.
  const everSynced = !!row || !!snap || !!(signedIn?.value as { user?: unknown } | undefined)?.user;
  // Every event but the rejected ones: the pending ones (read above) and the accepted ones, by
  // index (a filtered collection walked a cursor, one IndexedDB step per event of a year's worth).
  const unconfirmed = everSynced ? pending : [...pending, ...(await database.activity_events.where('sync_status').equals('accepted').toArray())];
  let xp = base.total_xp;
  let coins = base.coins;
  const skillXp = { ...base.skills };
  for (const e of unconfirmed) {
    xp += e.xp_earned || 0;
    coins += e.coins_earned || 0;
    const s = e.skill_id as SkillId | null | undefined;
    if (s && s in skillXp && (e.xp_earned || 0) > 0) skillXp[s] += e.xp_earned;
  }
  // Quests the unconfirmed events complete: the server will grant them as quest_complete events.
  const today = todayLocal();
  const serverDates = Array.isArray(streakRow?.history)
    ? (streakRow!.history as Array<{ start: string; end: string; length: number }>).flatMap((r) => expandRun(r))
    : [];
  const quests = questStates(questRows, questProgress, unconfirmed, new Set(serverDates), today);
  for (const q of quests.optimisticCompletions) {
    xp += q.xp;
    coins += q.coins;
    if (q.skill && q.skill in skillXp && q.xp > 0) skillXp[q.skill as SkillId] += q.xp;
  }
  coins = Math.max(0, coins);
  const lp = levelProgress(xp);
  const defsById = new Map(defs.map((d) => [String(d.id), d]));
  const skills = SKILLS.map((id) => {
    const fallback = DEFAULT_SKILL_DEFINITIONS.find((d) => d.id === id)!;
    const d = defsById.get(id);
    const curve = {
      xp_scaling_base: Number(d?.xp_scaling_base ?? fallback.xp_scaling_base),
      xp_scaling_multiplier: Number(d?.xp_scaling_multiplier ?? fallback.xp_scaling_multiplier),
      max_level: Number(d?.max_level ?? fallback.max_level),
    };
    const p = skillProgress(skillXp[id], curve);
    return { id, name: String(d?.name ?? fallback.name), color: String(d?.color ?? fallback.color), xp: skillXp[id], level: p.level, maxLevel: curve.max_level, fraction: p.fraction };
  });
  // The streak: the server's days plus today's optimistic activity.
  const localDates = unconfirmed.filter((e) => (e.xp_earned || 0) > 0).map((e) => e.local_date);
  const computed = computeDailyStreak([...serverDates, ...localDates], [], today);
  const serverCurrent = streakRow ? recomputeCurrent(streakRow, today) : 0;
  const streak = {
    current: Math.max(computed.current, serverCurrent),
    best: Math.max(computed.best, Number(streakRow?.best_streak ?? 0)),
    // A shield bought offline counts at once (held up to 3); a rejected purchase is not pending.
    shields: Math.min(MAX_SHIELDS, (everSynced ? Number(streakRow?.shields ?? 0) : 0) + unconfirmed.filter((e) => e.event_type === 'reward_purchase' && e.metadata?.kind === 'streak_shield').length),
    lastActiveDate: computed.lastActiveDate ?? ((streakRow?.last_active_date as string | null) ?? null),
  };
  return { totalXp: xp, level: lp.level, xpIntoLevel: lp.xpIntoLevel, xpForNext: lp.xpForNext, fraction: lp.fraction, coins, skills, streak, pending: pending.length, quests: sortQuestStates(quests.current), optimistic: pending.length > 0 };
}

function expandRun(r: { start: string; end: string; length: number }): string[] {
  const out: string[] = [];
  let d = new Date(`${r.start}T00:00:00Z`);
  const end = new Date(`${r.end}T00:00:00Z`);
  while (d <= end && out.length < 4000) {
    out.push(d.toISOString().slice(0, 10));
    d = new Date(d.getTime() + 86_400_000);
  }
  return out;
}

/** A stored streak goes stale when days pass without activity; the current value is re-read against today. */
export function recomputeCurrent(row: Record<string, unknown>, today: string): number {
  const last = row.last_active_date as string | null;
  if (!last) return 0;
  const gap = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${last}T00:00:00Z`)) / 86_400_000);
  if (gap <= 1) return Number(row.current_streak ?? 0);
  if (gap === 2 && Number(row.shields ?? 0) > 0) return Number(row.current_streak ?? 0);
  return 0;
}

/**
 * One live economy for the whole app: the top-bar chip and the page below it share a single
 * Dexie subscription instead of each re-reading the same tables on every change.
 */
let latest: Economy | undefined;
let subscription: { unsubscribe(): void } | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!subscription)
    subscription = liveQuery(() => loadEconomy()).subscribe({
      next: (value) => {
        latest = value;
        listeners.forEach((l) => l());
      },
      error: () => undefined,
    });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      subscription?.unsubscribe();
      subscription = null;
    }
  };
}

/**
 * Starts the app-wide economy query at app start rather than when the first screen subscribes
 * after its first render; the shell's chip keeps it alive for the app's lifetime anyway.
 * Resolves when the first figures are in.
 */
export function startEconomy(): Promise<void> {
  subscribe(() => undefined);
  return new Promise((resolve) => {
    if (latest) return resolve();
    const first = () => {
      listeners.delete(first);
      resolve();
    };
    listeners.add(first);
  });
}

export function useEconomy(): Economy | undefined {
  return useSyncExternalStore(subscribe, () => latest);
}
