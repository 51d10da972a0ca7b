import { useCallback, useEffect, useState } from 'react';
import { notify } from '../../ui/notices.tsx';
import { currentSubscription, disablePush, enablePush, permission, pushApi, pushSupport } from './push-client.ts';

interface Settings {
  habits_enabled: boolean;
  habits_time: string;
  planner_enabled: boolean;
  planner_minutes: number;
  flashcards_enabled: boolean;
  flashcards_time: string;
  focus_enabled: boolean;
  streak_enabled: boolean;
  streak_time: string;
  quiet_enabled: boolean;
  quiet_start: string;
  quiet_end: string;
}
interface Device {
  id: string;
  endpoint: string;
  device_label: string | null;
  enabled: boolean;
  last_error: string | null;
}

const SUPPORT_WORDS: Record<string, string> = {
  no_service_worker: 'This browser cannot run the app in the background, so it cannot show reminders while Ignition is closed.',
  no_push: 'This browser does not support push notifications. On iPhone and iPad, add Ignition to the Home Screen first, then open it from there.',
  no_notifications: 'This browser cannot show notifications.',
};

/**
 * Settings → Reminders: a plain explainer, this device on or off, a test notification, the other
 * devices, and what reminds when (in the person's time zone) with quiet hours.
 */
export function RemindersPanel({ signedIn }: { signedIn: boolean }) {
  const support = pushSupport();
  const [perm, setPerm] = useState(permission());
  const [endpoint, setEndpoint] = useState<string | null | undefined>(undefined);
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [timezone, setTimezone] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setEndpoint((await currentSubscription().catch(() => null))?.endpoint ?? null);
    if (!signedIn) return;
    try {
      const [d, s] = await Promise.all([pushApi<{ subscriptions: Device[] }>('/api/push/subscriptions'), pushApi<{ settings: Settings; timezone: string }>('/api/push/settings')]);
      setDevices(d.subscriptions);
      setSettings(s.settings);
      setTimezone(s.timezone);
      setError(null);
    } catch (e) {
      setError(navigator.onLine ? (e as Error).message : 'You are offline: reminder settings load when you are back online.');
    }
  }, [signedIn]);
  useEffect(() => {
    void load();
  }, [load]);

  const thisDevice = devices?.find((d) => d.endpoint === endpoint) ?? null;
  const on = !!thisDevice?.enabled && perm === 'granted';

  const run = async (what: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await what();
      if (done) notify(done, 'success');
    } catch (e) {
      notify((e as Error).message, 'error');
    } finally {
      setPerm(permission());
      setBusy(false);
      await load();
    }
  };
  const save = (patch: Partial<Settings>) => {
    setSettings((s) => (s ? { ...s, ...patch } : s));
    void pushApi('/api/push/settings', { method: 'PUT', body: patch }).catch((e: Error) => notify(`Reminder settings not saved: ${e.message}`, 'error'));
  };

  return (
    <div className="form card" data-testid="reminders-panel" aria-labelledby="reminders-title">
      <h2 id="reminders-title">Reminders</h2>
      <p className="muted">
        Ignition can remind you on this device even when the app is closed: a habit at the time you choose (only on days it is still to do), a planner event before it starts, flashcards that are due, and a focus session that ends. Your browser asks once for permission; you can turn it off here at any time.
      </p>
      {support !== 'supported' ? (
        <p role="status" data-testid="reminders-state" data-state="unsupported">
          {SUPPORT_WORDS[support]}
        </p>
      ) : !signedIn ? (
        <p role="status" data-testid="reminders-state" data-state="signed-out">
          Sign in to get reminders: they are sent by the server, so it needs to know this device.
        </p>
      ) : perm === 'denied' ? (
        <p role="status" data-testid="reminders-state" data-state="denied">
          Notifications are blocked for Ignition in this browser. To get reminders, allow notifications for this site in the browser’s site settings (the icon beside the address), then come back here.
        </p>
      ) : (
        <div className="row" data-testid="reminders-state" data-state={on ? 'on' : 'off'}>
          <strong>{on ? 'On for this device' : 'Off for this device'}</strong>
          {on ? (
            <>
              <button className="btn" type="button" disabled={busy} onClick={() => void run(() => pushApi('/api/push/test', { body: { subscription_id: thisDevice!.id } }), 'Test notification sent')}>
                Send a test notification
              </button>
              <button className="btn" type="button" disabled={busy} onClick={() => void run(disablePush, 'Reminders are off for this device')}>
                Turn off on this device
              </button>
            </>
          ) : (
            <button className="btn btn-primary" type="button" disabled={busy || !navigator.onLine} onClick={() => void run(enablePush, 'Reminders are on for this device')}>
              Turn on reminders on this device
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="muted" role="status">
          {error}
        </p>
      )}
      {signedIn && devices && devices.filter((d) => d.id !== thisDevice?.id).length > 0 && (
        <div className="stack">
          <h3>Your other devices</h3>
          <ul className="stack" aria-label="Devices that get reminders">
            {devices
              .filter((d) => d.id !== thisDevice?.id)
              .map((d) => (
                <li key={d.id} className="row">
                  <label>
                    <input type="checkbox" checked={d.enabled} onChange={(e) => void run(() => pushApi(`/api/push/subscriptions/${d.id}`, { method: 'PATCH', body: { enabled: e.target.checked } }))} /> {d.device_label ?? 'A device'}
                  </label>
                  {d.last_error && <span className="muted">Last try failed: {d.last_error}</span>}
                  <button className="btn btn-small" type="button" onClick={() => void run(() => pushApi(`/api/push/subscriptions/${d.id}`, { method: 'DELETE' }))}>
                    Remove
                  </button>
                </li>
              ))}
          </ul>
        </div>
      )}
      {signedIn && settings && (
        <fieldset className="stack" data-testid="reminder-settings">
          <legend>What reminds you{timezone ? ` (times in ${timezone})` : ''}</legend>
          <div className="form-row">
            <label>
              <input type="checkbox" checked={settings.habits_enabled} onChange={(e) => save({ habits_enabled: e.target.checked })} /> Habits still to do, at
            </label>
            <input type="time" aria-label="Habit reminder time" value={settings.habits_time} onChange={(e) => e.target.value && save({ habits_time: e.target.value })} />
          </div>
          <div className="form-row">
            <label>
              <input type="checkbox" checked={settings.planner_enabled} onChange={(e) => save({ planner_enabled: e.target.checked })} /> Planner events, minutes before
            </label>
            <input type="number" min={0} max={1440} aria-label="Minutes before a planner event" value={settings.planner_minutes} onChange={(e) => save({ planner_minutes: Math.max(0, Math.min(1440, Math.round(Number(e.target.value) || 0))) })} />
          </div>
          <div className="form-row">
            <label>
              <input type="checkbox" checked={settings.flashcards_enabled} onChange={(e) => save({ flashcards_enabled: e.target.checked })} /> Flashcards due, once a day at
            </label>
            <input type="time" aria-label="Flashcard reminder time" value={settings.flashcards_time} onChange={(e) => e.target.value && save({ flashcards_time: e.target.value })} />
          </div>
          <label>
            <input type="checkbox" checked={settings.focus_enabled} onChange={(e) => save({ focus_enabled: e.target.checked })} /> A focus session or break ending while the app is closed
          </label>
          <div className="form-row">
            <label>
              <input type="checkbox" checked={settings.streak_enabled} onChange={(e) => save({ streak_enabled: e.target.checked })} /> A gentle evening note when your streak is still open, at
            </label>
            <input type="time" aria-label="Streak reminder time" value={settings.streak_time} onChange={(e) => e.target.value && save({ streak_time: e.target.value })} />
          </div>
          <div className="form-row">
            <label>
              <input type="checkbox" checked={settings.quiet_enabled} onChange={(e) => save({ quiet_enabled: e.target.checked })} /> Quiet hours from
            </label>
            <input type="time" aria-label="Quiet hours start" value={settings.quiet_start} onChange={(e) => e.target.value && save({ quiet_start: e.target.value })} />
            <span>to</span>
            <input type="time" aria-label="Quiet hours end" value={settings.quiet_end} onChange={(e) => e.target.value && save({ quiet_end: e.target.value })} />
          </div>
          <p className="muted">Nothing is sent during quiet hours; a daily reminder that falls in them waits until they end.</p>
        </fieldset>
      )}
    </div>
  );
}
