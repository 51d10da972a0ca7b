/** A word as MiniSearch's default tokenizer cuts them (runs between spaces and punctuation). */
export const WORD = /[^\n\r\p{Z}\p{P}]+/gu;

/** Text cut into plain and matching parts, for rendering as text nodes (never HTML). */
export interface Segment {
  text: string;
  hit: boolean;
}

/** Marks each word of `text` that is one of `terms` (the lowercase matched words of a hit). */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const want = new Set(terms.map((t) => t.toLowerCase()));
  const out: Segment[] = [];
  let at = 0;
  const push = (t: string, hit: boolean) => {
    if (!t) return;
    const last = out[out.length - 1];
    if (last && last.hit === hit) last.text += t;
    else out.push({ text: t, hit });
  };
  if (want.size)
    for (const m of text.matchAll(WORD)) {
      if (!want.has(m[0].toLowerCase())) continue;
      push(text.slice(at, m.index), false);
      push(m[0], true);
      at = m.index + m[0].length;
    }
  push(text.slice(at), false);
  return out;
}
