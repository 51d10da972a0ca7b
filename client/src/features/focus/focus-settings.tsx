import { useEffect, useState, type FormEvent } from 'react';
import { notify } from '../../ui/notices.tsx';
import { FOCUS_LIMITS, type FocusMode } from '@ignition/shared/rules/focus.ts';
import { MODE_LABEL, useFocusSettings } from './focus-logic.ts';

const COLUMN: Record<FocusMode, string> = { focus: 'focus_minutes', short_break: 'short_break_minutes', long_break: 'long_break_minutes' };
const MODES: FocusMode[] = ['focus', 'short_break', 'long_break'];

/** Durations, sound and notifications, kept with the timer they change. */
export function FocusSettings() {
  const settings = useFocusSettings();
  const [values, setValues] = useState<Record<FocusMode, number> | null>(null);
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  useEffect(() => {
    if (settings.loaded && !values) setValues({ focus: settings.minutes('focus'), short_break: settings.minutes('short_break'), long_break: settings.minutes('long_break') });
  }, [settings, values]);
  if (!values) return null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    for (const m of MODES) {
      const l = FOCUS_LIMITS[m];
      if (!Number.isInteger(values[m]) || values[m] < l.min || values[m] > l.max) return notify(`${MODE_LABEL[m]} must be ${l.min}–${l.max} minutes`, 'error');
    }
    await settings.save(Object.fromEntries(MODES.map((m) => [COLUMN[m], values[m]])));
    notify('Timer settings saved', 'success');
  };
  return (
    <details className="card focus-settings">
      <summary>Timer settings</summary>
      <form className="form" onSubmit={save} aria-label="Timer settings">
        <div className="form-row">
          {MODES.map((m) => (
            <label key={m}>
              {MODE_LABEL[m]} (min)
              <input type="number" min={FOCUS_LIMITS[m].min} max={FOCUS_LIMITS[m].max} value={values[m]} name={`setting-${m}-minutes`} onChange={(e) => setValues({ ...values, [m]: Number(e.target.value) })} />
            </label>
          ))}
        </div>
        <label className="row">
          <input type="checkbox" checked={settings.sound} onChange={(e) => void settings.save({ sound_enabled: e.target.checked })} /> Play a sound at the end
        </label>
        <div className="row">
          <button className="btn btn-primary">Save durations</button>
          {permission === 'default' && (
            <button type="button" className="btn" onClick={() => void Notification.requestPermission().then(setPermission)}>
              Allow notifications
            </button>
          )}
          {permission === 'denied' && <span className="muted small">Notifications are blocked in this browser.</span>}
        </div>
      </form>
    </details>
  );
}
