/** A timer's length as the forms write it: "5 min", "1:30", "1:00:00". */
export function formatTimer(seconds: number): string {
  if (seconds % 60 === 0 && seconds < 3600) return `${seconds / 60} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * What a person typed as a step timer, in seconds: "5" or "5m" is five minutes, "90s" ninety
 * seconds, "1:30" a minute and a half, "1:00:00" an hour; empty is no timer (null). Undefined
 * when it cannot be read or is outside 1 second to 24 hours.
 */
export function parseTimer(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  let s: number | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d+(?:[.,]\d+)?)\s*(m|min|mins|minutes?)?$/.exec(t))) s = Math.round(Number(m[1].replace(',', '.')) * 60);
  else if ((m = /^(\d+)\s*(s|sec|secs|seconds?)$/.exec(t))) s = Number(m[1]);
  else if ((m = /^(\d+)\s*(h|hours?)$/.exec(t))) s = Number(m[1]) * 3600;
  else if ((m = /^(\d+):([0-5]\d)$/.exec(t))) s = Number(m[1]) * 60 + Number(m[2]);
  else if ((m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(t))) s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return s !== undefined && s >= 1 && s <= 86_400 ? s : undefined;
}

/**
 * Steps as one block of text for the admin screens: steps separated by a line of `---`, a step's
 * timer on a last line `timer: 5:00`. `textToSteps` reads it back.
 */
export function stepsToText(steps: Array<{ text: string; timer_s?: number | null }>): string {
  return steps.map((s) => (s.timer_s ? `${s.text}\ntimer: ${formatTimer(s.timer_s)}` : s.text)).join('\n---\n');
}

export function textToSteps(text: string): Array<{ text: string; timer_s: number | null }> {
  return text
    .split(/\n\s*---\s*\n/)
    .map((chunk) => {
      const lines = chunk.trim().split('\n');
      const last = /^timer:\s*(.+)$/i.exec(lines[lines.length - 1]?.trim() ?? '');
      const timer = last ? parseTimer(last[1]) : null;
      return { text: (last ? lines.slice(0, -1) : lines).join('\n').trim(), timer_s: timer ?? null };
    })
    .filter((s) => s.text);
}
