/** What people can send as feedback, and the triage values only an admin sets. */
export const FEEDBACK_TYPES = ['bug', 'feature', 'other'] as const;
export const FEEDBACK_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export const FEEDBACK_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
/** The triage fields: a device sets them only when it creates a report (to the values below). */
export const FEEDBACK_TRIAGE_FIELDS = ['status', 'priority'] as const;
/** The values a device writes when someone sends feedback; anything else is an admin's triage. */
export const NEW_FEEDBACK_STATUS = 'open';
export const NEW_FEEDBACK_PRIORITY = 'medium';

/**
 * Checks a device's write to its own `user_feedback` row: a known kind, and status and priority
 * only at their starting values (triage is the admin's, through PATCH /api/admin/feedback, so a
 * device cannot mark its own report critical or resolved). Null when the fields are fine.
 */
export function feedbackFieldError(table: string, fields: Record<string, unknown>): string | null {
  if (table !== 'user_feedback') return null;
  if ('type' in fields && !(FEEDBACK_TYPES as readonly unknown[]).includes(fields.type)) return `type must be one of ${FEEDBACK_TYPES.join(', ')}`;
  if ('status' in fields && fields.status !== NEW_FEEDBACK_STATUS) return `status is set by an admin; a device sends only "${NEW_FEEDBACK_STATUS}"`;
  if ('priority' in fields && fields.priority !== NEW_FEEDBACK_PRIORITY) return `priority is set by an admin; a device sends only "${NEW_FEEDBACK_PRIORITY}"`;
  return null;
}
