import { addDays, weekStart } from '@ignition/shared/dates.ts';

/**
 * A year of days as a GitHub-style grid; `values` maps YYYY-MM-DD to a count. Days in `skipped`
 * with no count are drawn outlined (a skipped day of a habit: neither done nor missed).
 */
export function YearHeatmap({ values, today, label, color = 'var(--accent)', skipped }: { values: Map<string, number>; today: string; label: string; color?: string; skipped?: Set<string> }) {
  const start = weekStart(addDays(today, -364));
  const weeks: string[][] = [];
  for (let d = start; d <= today; d = addDays(d, 7)) weeks.push(Array.from({ length: 7 }, (_, i) => addDays(d, i)));
  const max = Math.max(1, ...values.values());
  const cell = 11;
  return (
    <svg
      role="img"
      aria-label={label}
      className="heatmap"
      viewBox={`0 0 ${weeks.length * (cell + 2)} ${7 * (cell + 2)}`}
      width="100%"
      style={{ maxWidth: weeks.length * (cell + 2) }}
    >
      {weeks.map((week, x) =>
        week.map((day, y) => {
          if (day > today) return null;
          const v = values.get(day) ?? 0;
          if (!v && skipped?.has(day))
            return (
              <rect key={day} data-skipped="true" x={x * (cell + 2) + 1} y={y * (cell + 2) + 1} width={cell - 2} height={cell - 2} rx={2} fill="none" stroke={color} strokeWidth={1.5} strokeDasharray="2 1.5">
                <title>{`${day}: skipped`}</title>
              </rect>
            );
          return (
            <rect key={day} x={x * (cell + 2)} y={y * (cell + 2)} width={cell} height={cell} rx={2} fill={v ? color : 'var(--surface-2)'} opacity={v ? 0.35 + 0.65 * (v / max) : 1}>
              <title>{`${day}: ${v}`}</title>
            </rect>
          );
        }),
      )}
    </svg>
  );
}
