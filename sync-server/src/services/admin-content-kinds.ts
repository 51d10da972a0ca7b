import { z } from 'zod';
import { SKILLS } from '@ignition/shared/rules/levels.ts';
import { CONTRACTS } from '@ignition/shared/contracts.ts';
import { fieldZod } from '@ignition/shared/contract-zod.ts';
import { recipeFields } from './recipe-schema.ts';

/**
 * Shared content an admin manages: universal quests, skill curves, global rewards, the shared
 * exercise library, courses, lessons and global recipes. Each kind names its table, the rows it may touch
 * (shared rows only — personal quests and rewards live in the same tables), the fields a
 * create/patch may carry, and which user data blocks a hard delete.
 */
export interface ContentKind {
  table: string;
  /** SQL condition selecting this kind's rows */
  scope: string;
  /** columns fixed on create (shared rows carry no owner) */
  fixed: Record<string, string | number | null>;
  create: z.ZodObject;
  patch: z.ZodObject;
  searchColumns: string[];
  orderBy: string;
  hasCreatedAt: boolean;
  hasUpdatedAt: boolean;
  /** tables whose rows referencing this one make a delete refuse (deactivate instead) */
  protectedBy: string[];
  /** ids that can never be deleted (the skills the economy's columns are named after) */
  undeletable?: readonly string[];
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().max(max).nullable().optional();
const count = z.number().int().min(0).max(1_000_000);

const questFields = {
  title: text(120),
  description: optText(1000),
  type: fieldZod(CONTRACTS.quests.fields.type),
  // the same closed list a personal quest takes: a quest counting an event that does not exist never completes
  event_type: fieldZod(CONTRACTS.quests.fields.event_type),
  target: z.number().int().min(1).max(10_000),
  xp_reward: count,
  coin_reward: count,
  skill_id: z.string().max(32).nullable().optional(),
  is_active: z.boolean().optional(),
};

const skillFields = {
  name: text(60),
  description: optText(500),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3b82f6').optional(),
  max_level: z.number().int().min(1).max(1000),
  xp_scaling_base: z.number().int().min(1).max(1_000_000),
  xp_scaling_multiplier: z.number().min(1).max(10),
  display_order: z.number().int().min(0).max(1000).optional(),
  is_active: z.boolean().optional(),
};

const rewardFields = {
  name: text(120),
  description: optText(500),
  cost: fieldZod(CONTRACTS.rewards.fields.cost),
  kind: fieldZod(CONTRACTS.rewards.fields.kind).optional(),
  is_active: z.boolean().optional(),
};

const exerciseFields = {
  name: text(120),
  category: text(40),
  muscle_groups: z.array(z.string().max(40)).max(20),
  secondary_muscles: z.array(z.string().max(40)).max(20).optional(),
  equipment: optText(60),
  level: optText(20),
  force: optText(20),
  mechanic: optText(20),
  instructions: optText(10_000),
};

const courseFields = {
  title: text(160),
  description: optText(2000),
  category: optText(60),
  difficulty: optText(30),
  estimated_hours: z.number().int().min(0).max(10_000).nullable().optional(),
  image_url: z.url().max(500).nullable().optional(),
  is_published: z.boolean().optional(),
};

const lessonFields = {
  course_id: z.string().min(1).max(64),
  title: text(160),
  content: z.string().max(100_000).nullable().optional(),
  order_index: z.number().int().min(0).max(10_000),
  duration_minutes: z.number().int().min(0).max(10_000).nullable().optional(),
  xp_reward: z.number().int().min(0).max(1000).nullable().optional(),
};

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_:.-]+$/, 'ids are letters, digits and _ : . -').optional();
const kind = (fields: Record<string, z.ZodType>) => ({
  create: z.strictObject({ id, ...fields }),
  patch: z
    .strictObject(fields)
    .partial()
    .refine((v) => Object.keys(v).length > 0, 'name at least one field to change'),
});

export const CONTENT_KINDS = {
  quests: {
    table: 'quests',
    scope: 'user_id IS NULL',
    fixed: { user_id: null, is_universal: 1 },
    ...kind(questFields),
    searchColumns: ['title', 'description', 'event_type'],
    orderBy: 'type, title',
    hasCreatedAt: true,
    hasUpdatedAt: true,
    protectedBy: [],
  },
  skills: {
    table: 'skill_definitions',
    scope: '1 = 1',
    fixed: {},
    ...kind(skillFields),
    searchColumns: ['name', 'description'],
    orderBy: 'display_order, name',
    hasCreatedAt: true,
    hasUpdatedAt: true,
    protectedBy: [],
    undeletable: SKILLS,
  },
  rewards: {
    table: 'rewards',
    scope: 'user_id IS NULL',
    fixed: { user_id: null, is_global: 1 },
    ...kind(rewardFields),
    searchColumns: ['name', 'description'],
    orderBy: 'cost, name',
    hasCreatedAt: true,
    hasUpdatedAt: false,
    protectedBy: ['reward_purchases'],
  },
  exercises: {
    table: 'exercises',
    scope: 'user_id IS NULL',
    fixed: { user_id: null, is_custom: 0 },
    ...kind(exerciseFields),
    searchColumns: ['name', 'category', 'equipment'],
    orderBy: 'name',
    hasCreatedAt: false,
    hasUpdatedAt: false,
    protectedBy: ['workout_exercises', 'workout_sets', 'personal_records'],
  },
  courses: {
    table: 'courses',
    scope: '1 = 1',
    fixed: {},
    ...kind(courseFields),
    searchColumns: ['title', 'description', 'category'],
    orderBy: 'title',
    hasCreatedAt: true,
    hasUpdatedAt: false,
    protectedBy: ['user_lesson_progress'],
  },
  lessons: {
    table: 'lessons',
    scope: '1 = 1',
    fixed: {},
    ...kind(lessonFields),
    searchColumns: ['title', 'content'],
    orderBy: 'course_id, order_index',
    hasCreatedAt: false,
    hasUpdatedAt: false,
    protectedBy: ['user_lesson_progress'],
  },
  /** global recipes (no owner): shipped starters and the admin's own; people's marks cascade with a deleted one */
  recipes: {
    table: 'recipes',
    scope: 'user_id IS NULL',
    fixed: { user_id: null, is_global: 1 },
    ...kind(recipeFields),
    searchColumns: ['title', 'description', 'category', 'tags'],
    orderBy: 'category, title',
    hasCreatedAt: true,
    hasUpdatedAt: true,
    protectedBy: [],
  },
} satisfies Record<string, ContentKind>;

export type ContentKindName = keyof typeof CONTENT_KINDS;
export const CONTENT_KIND_NAMES = Object.keys(CONTENT_KINDS) as ContentKindName[];
