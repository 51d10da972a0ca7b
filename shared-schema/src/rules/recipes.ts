import { parsedJson, tagListProblem } from './tag-list.ts';
export { tagsOf } from './tag-list.ts';
/**
 * Recipes: general step-by-step guides (a dish, a warm-up, a weekly review, a focus ritual).
 * Pure rules shared by the row contract, the app and the server: the limits and shape checks of
 * the JSON fields, the reward for finishing a run (GAME-RULES-style table in docs/recipes.md),
 * servings scaling of quantities written as numbers, and step timers computed from timestamps
 * (so they survive a reload and a locked phone, like the focus timer).
 */
export const RECIPE_LIMITS = {
  title: 200,
  description: 2000,
  category: 60,
  ingredients: 10_000,
  instructions: 50_000,
  /** a tag's characters, and how many tags a recipe may have */
  tag: 40,
  tags: 20,
  /** how many steps, a step's markdown, and its timer (24 hours) */
  steps: 100,
  stepText: 5000,
  /** the whole step list as JSON */
  stepsChars: 60_000,
  timerS: 86_400,
  servings: 1000,
  durationMinutes: 7 * 24 * 60,
} as const;

/** The categories the app offers (a recipe may name its own too). */
export const RECIPE_CATEGORIES = ['cooking', 'fitness', 'review', 'focus', 'routine', 'other'] as const;

export interface RecipeStep {
  text: string;
  /** seconds, when the step has a timer */
  timer_s?: number | null;
}

/** Why a value is not a valid step list, or null. */
export function stepsProblem(v: unknown): string | null {
  const list = parsedJson(v);
  if (!Array.isArray(list)) return 'steps must be a list of { text, timer_s }';
  if (list.length > RECIPE_LIMITS.steps) return `a recipe has at most ${RECIPE_LIMITS.steps} steps`;
  for (const s of list) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return 'steps must be a list of { text, timer_s }';
    const { text, timer_s, ...rest } = s as Record<string, unknown>;
    const extra = Object.keys(rest).find((k) => k !== 'id');
    if (extra) return `a step has only text and timer_s (not ${extra.slice(0, 40)})`;
    if (typeof text !== 'string' || text.length > RECIPE_LIMITS.stepText) return `a step's text must be text of at most ${RECIPE_LIMITS.stepText.toLocaleString('en-US')} characters`;
    if (timer_s !== null && timer_s !== undefined && (typeof timer_s !== 'number' || !Number.isInteger(timer_s) || timer_s < 1 || timer_s > RECIPE_LIMITS.timerS))
      return 'a step timer must be a whole number of seconds from 1 to 86,400';
  }
  return null;
}

/** Why a value is not a valid tag list, or null. */
export function recipeTagsProblem(v: unknown): string | null {
  return tagListProblem(v, 'a recipe', { tags: RECIPE_LIMITS.tags, tag: RECIPE_LIMITS.tag });
}

/** The row rule of `recipes`: steps and tags of the right shape. Null when fine. */
export function recipeFieldError(fields: Record<string, unknown>): string | null {
  if (fields.steps !== null && fields.steps !== undefined) {
    const p = stepsProblem(fields.steps);
    if (p) return p;
  }
  if (fields.tags !== null && fields.tags !== undefined) {
    const p = recipeTagsProblem(fields.tags);
    if (p) return p;
  }
  return null;
}

/**
 * A recipe's steps as the app follows them: its `steps` when it has any, else a seed-era row's
 * `instructions` read one step per paragraph (or per line for a numbered list), without timers.
 */
export function stepsOf(recipe: { steps?: unknown; instructions?: unknown }): RecipeStep[] {
  const list = parsedJson(recipe.steps);
  if (Array.isArray(list) && list.length > 0 && stepsProblem(list) === null) return (list as RecipeStep[]).map((s) => ({ text: s.text, timer_s: s.timer_s ?? null }));
  const text = typeof recipe.instructions === 'string' ? recipe.instructions.trim() : '';
  if (!text) return [];
  const paras = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const parts = paras.length > 1 ? paras : text.split(/\n/).map((l) => l.trim()).filter(Boolean);
  return parts.map((p) => ({ text: p.replace(/^(\d+[.)]|[-*•])\s+/, ''), timer_s: null }));
}


// ---- the reward -----------------------------------------------------------------------------

export const RECIPE_REWARD = { xp: 10, coins: 4, skill: 'proficiency' } as const;
/** At most this many finished runs are rewarded per local day (more runs are fine; they earn nothing). */
export const RECIPE_DAILY_CAP = 3;

export type RecipeRewardResult = { xp: number; coins: number; skill: string } | { rejected: 'not_completed' | 'daily_cap_reached'; message: string };

/**
 * What finishing a run of a recipe pays: a small fixed reward, only for a recipe with at least
 * one step, at most RECIPE_DAILY_CAP per local day. The server's facts decide (the recipe is
 * global or the person's own, its steps as stored, the runs already rewarded that day).
 */
export function recipeCompleteReward(input: { steps: number; rewardedToday: number }): RecipeRewardResult {
  if (!(input.steps >= 1)) return { rejected: 'not_completed', message: 'A recipe with no steps cannot be finished' };
  if (input.rewardedToday >= RECIPE_DAILY_CAP) return { rejected: 'daily_cap_reached', message: `At most ${RECIPE_DAILY_CAP} finished recipes are rewarded per day` };
  return { ...RECIPE_REWARD };
}

// ---- servings scaling -----------------------------------------------------------------------

const UNICODE_FRACTIONS: Record<string, number> = { '½': 1 / 2, '⅓': 1 / 3, '⅔': 2 / 3, '¼': 1 / 4, '¾': 3 / 4, '⅛': 1 / 8, '⅜': 3 / 8, '⅝': 5 / 8, '⅞': 7 / 8, '⅕': 1 / 5 };
const FRAC_CHARS = Object.keys(UNICODE_FRACTIONS).join('');
/** one quantity: "1 1/2", "1/2", "1½", "½", "1.5", "1,5", "200" */
const QTY = `(?:\\d+\\s+\\d+\\/\\d+|\\d+\\/\\d+|\\d+[${FRAC_CHARS}]|[${FRAC_CHARS}]|\\d+(?:[.,]\\d+)?)`;
/** a quantity or a range of two ("2-3", "2–3", "2 to 3") at the start of a line (after a list mark) */
const LEADING = new RegExp(`^(\\s*(?:[-*•]\\s+)?)(${QTY})(?:(\\s*(?:-|–|—|to)\\s*)(${QTY}))?(?=\\s|[a-zA-Z]|$)`);

function qtyValue(s: string): number {
  const t = s.trim();
  let m = /^(\d+)\s+(\d+)\/(\d+)$/.exec(t);
  if (m) return Number(m[1]) + Number(m[2]) / Number(m[3]);
  m = /^(\d+)\/(\d+)$/.exec(t);
  if (m) return Number(m[1]) / Number(m[2]);
  const last = t.slice(-1);
  if (UNICODE_FRACTIONS[last] !== undefined) return (t.length > 1 ? Number(t.slice(0, -1)) : 0) + UNICODE_FRACTIONS[last];
  return Number(t.replace(',', '.'));
}

const NICE_FRACTIONS: Array<[number, string]> = [
  [1 / 8, '1/8'],
  [1 / 4, '1/4'],
  [1 / 3, '1/3'],
  [3 / 8, '3/8'],
  [1 / 2, '1/2'],
  [5 / 8, '5/8'],
  [2 / 3, '2/3'],
  [3 / 4, '3/4'],
  [7 / 8, '7/8'],
];

/**
 * A scaled quantity written the way the recipe wrote it: fractions stay fractions where a common
 * one is close (1/2 × 1.5 = 3/4), decimals are rounded to at most two places, large numbers to
 * whole ones.
 */
export function formatQuantity(v: number, asFraction: boolean): string {
  if (!Number.isFinite(v) || v < 0) return String(v);
  if (asFraction) {
    const whole = Math.floor(v + 1e-9);
    const rest = v - whole;
    if (rest < 0.02) return String(whole);
    if (rest > 0.98) return String(whole + 1);
    const near = NICE_FRACTIONS.find(([f]) => Math.abs(f - rest) < 0.02);
    if (near) return whole ? `${whole} ${near[1]}` : near[1];
  }
  if (v >= 100) return String(Math.round(v));
  if (v >= 10) return String(Math.round(v * 10) / 10);
  return String(Math.round(v * 100) / 100);
}

/**
 * One ingredient line scaled by `factor` where it starts with a number: "200 g flour" × 1.5 →
 * "300 g flour", "1/2 tsp salt" × 1.5 → "3/4 tsp salt", "2-3 eggs" × 2 → "4-6 eggs". A line
 * without a leading quantity ("salt to taste") is left as it is.
 */
export function scaleLine(line: string, factor: number): string {
  if (!Number.isFinite(factor) || factor <= 0 || factor === 1) return line;
  const m = LEADING.exec(line);
  if (!m) return line;
  const [all, lead, a, sep, b] = m;
  const fraction = (s: string) => /\/|[½⅓⅔¼¾⅛⅜⅝⅞⅕]/.test(s);
  const scaled = (s: string) => formatQuantity(qtyValue(s) * factor, fraction(s));
  const out = `${lead}${scaled(a)}${b !== undefined ? `${sep}${scaled(b)}` : ''}`;
  return out + line.slice(all.length);
}

/** Every line of an ingredient list scaled from `from` servings to `to`. */
export function scaleIngredients(text: string, from: number | null | undefined, to: number): string {
  if (!from || from <= 0 || !(to > 0)) return text;
  return text
    .split('\n')
    .map((l) => scaleLine(l, to / from))
    .join('\n');
}

// ---- step timers ----------------------------------------------------------------------------

/**
 * A step timer as stored on the device: when it was started, for how long, and its pauses, all
 * as epoch milliseconds, so what is left is computed from the clock whenever it is read.
 */
export interface StepTimer {
  step: number;
  duration_s: number;
  started_at: number;
  /** set while paused */
  paused_at?: number | null;
  /** milliseconds spent paused before the current pause */
  paused_ms?: number;
}

export function startTimer(step: number, duration_s: number, now: number): StepTimer {
  return { step, duration_s, started_at: now, paused_at: null, paused_ms: 0 };
}

export function pauseTimer(t: StepTimer, now: number): StepTimer {
  return t.paused_at != null ? t : { ...t, paused_at: now };
}

export function resumeTimer(t: StepTimer, now: number): StepTimer {
  if (t.paused_at == null) return t;
  return { ...t, paused_at: null, paused_ms: (t.paused_ms ?? 0) + Math.max(0, now - t.paused_at) };
}

/** What is left of a timer at `now` (ms, never below 0), whether it has run out, and whether it is paused. */
export function timerState(t: StepTimer, now: number): { remainingMs: number; done: boolean; paused: boolean; endsAt: number | null } {
  const paused = t.paused_at != null;
  const until = paused ? (t.paused_at as number) : now;
  const elapsed = Math.max(0, until - t.started_at - (t.paused_ms ?? 0));
  const remainingMs = Math.max(0, t.duration_s * 1000 - elapsed);
  return { remainingMs, done: remainingMs === 0, paused, endsAt: paused ? null : t.started_at + (t.paused_ms ?? 0) + t.duration_s * 1000 };
}

/** "4:05", "1:02:03" */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
