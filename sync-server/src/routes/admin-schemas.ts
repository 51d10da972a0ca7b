import { z } from 'zod';
import { FEEDBACK_PRIORITIES, FEEDBACK_STATUSES, FEEDBACK_TYPES } from '../services/admin-feedback-service.ts';

/** Request shapes of the admin API (docs/admin-api.md describes them for curl users). */
export const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
};

export const idParam = z.object({ id: z.string().min(1).max(64) });

export const userListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(['user', 'admin']).optional(),
  approval: z.enum(['approved', 'pending', 'denied']).optional(),
  sort: z.enum(['created', 'activity', 'name', 'email']).default('created'),
  ...paging,
});

export const userPatch = z
  .strictObject({
    approved: z.boolean().optional(),
    denialReason: z.string().trim().min(1).max(500).optional(),
    role: z.enum(['user', 'admin']).optional(),
  })
  .refine((v) => v.approved !== undefined || v.role !== undefined, 'name approved or role')
  .refine((v) => v.approved !== false || !!v.denialReason, { message: 'denying an account needs a denialReason the user will see', path: ['denialReason'] });

export const contentListQuery = z.object({ q: z.string().trim().max(100).optional(), courseId: z.string().max(64).optional(), ...paging });

export const feedbackListQuery = z.object({
  status: z.enum(FEEDBACK_STATUSES).optional(),
  type: z.enum(FEEDBACK_TYPES).optional(),
  priority: z.enum(FEEDBACK_PRIORITIES).optional(),
  q: z.string().trim().max(100).optional(),
  ...paging,
});

export const feedbackPatch = z
  .strictObject({
    status: z.enum(FEEDBACK_STATUSES).optional(),
    priority: z.enum(FEEDBACK_PRIORITIES).optional(),
    admin_notes: z.string().max(5000).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'name status, priority or admin_notes');

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(40).optional(),
  action: z.string().max(60).optional(),
});

export const restoreQuery = z.object({ dryRun: z.enum(['1', '0', 'true', 'false']).optional() });
