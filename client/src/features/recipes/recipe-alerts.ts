import { notify } from '../../ui/notices.tsx';
import { chime as playChime } from '../../ui/chime.ts';

/** Which recipe's follow mode is on screen (it announces its own timers), or null. */
export const followView: { open: string | null } = { open: null };

/** The timer's chime (`ui/chime.ts`). */
export const chime = () => playChime([880, 660, 880], 0.3);

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
