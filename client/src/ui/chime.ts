/**
 * A short chime from Web Audio: no file to cache, works offline. `notes` are the tones in Hz,
 * `gap` the seconds between them (the focus timer and a recipe's step timer each have their own).
 */
export function chime(notes: readonly number[], gap: number) {
  try {
    const ctx = new AudioContext();
    notes.forEach((hz, i) => {
      const at = i * gap;
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = hz;
      g.gain.setValueAtTime(0.0001, ctx.currentTime + at);
      g.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + at + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + gap - 0.03);
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + at);
      o.stop(ctx.currentTime + at + gap);
    });
    setTimeout(() => void ctx.close(), (notes.length * gap + 0.5) * 1000);
  } catch {
    /* no audio available */
  }
}
