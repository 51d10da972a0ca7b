import { notify } from '../../ui/notices.tsx';

/** Which recipe's follow mode is on screen (it announces its own timers), or null. */
export const followView: { open: string | null } = { open: null };

/** A short chime from Web Audio: no file to cache, works offline. */
export function chime() {
  try {
    const ctx = new AudioContext();
    [0, 0.3, 0.6].forEach((at, i) => {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = [880, 660, 880][i];
      g.gain.setValueAtTime(0.0001, ctx.currentTime + at);
      g.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + at + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.25);
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + at);
      o.stop(ctx.currentTime + at + 0.3);
    });
    setTimeout(() => void ctx.close(), 1500);
  } catch {
    /* no audio available */
  }
}

async function notifyTimer(title: string, body: string) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const reg = await navigator.serviceWorker?.getRegistration();
    if (reg) await reg.showNotification(title, { body, tag: 'recipe-timer' });
    else new Notification(title, { body, tag: 'recipe-timer' });
  } catch {
    /* notifications unavailable */
  }
}

/** The end of step timers: a chime, a notice in the app and a system notification where allowed. */
export function announceTimers(recipeTitle: string, steps: number[]) {
  for (const s of steps) {
    chime();
    const words = `Step ${s + 1} of “${recipeTitle}”: time is up`;
    notify(`⏱ ${words}`, 'success');
    void notifyTimer('Timer finished', words);
  }
}
