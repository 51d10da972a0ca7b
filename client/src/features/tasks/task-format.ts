import { addDays, daysBetween } from '@ignition/shared/dates.ts';

/** A due date in words relative to today: "Today", "Tomorrow", "Yesterday", "Overdue · 3 days", "Fri 11 Dec". */
export function dueWords(due: string, today: string): string {
  if (due === today) return 'Today';
  if (due === addDays(today, 1)) return 'Tomorrow';
  const d = new Date(`${due}T12:00:00Z`);
  const label = d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  if (due < today) {
    const n = daysBetween(due, today);
    return `Overdue · ${n === 1 ? 'yesterday' : `${n} days`} (${label})`;
  }
  return label;
}

export const PRIORITY_LABEL: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low' };
