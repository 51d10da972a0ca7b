import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { Row } from '../../db/db.ts';
import { addDays } from '@ignition/shared/dates.ts';
import { EVENT_COLORS, EVENT_TYPES, DEFAULT_COLOR, type EventFields, type PlannerEventType, type Scope } from '@ignition/shared/rules/planner-edits.ts';
import { parseRecurrence, toRRule, utcToZoned, WEEKDAYS, zonedToUtc, type RecurrenceFreq, type WeekdayCode } from '@ignition/shared/rules/recurrence.ts';
import { createEvent, editOccurrence, type Occ } from './planner-actions.ts';
import { defaultEnd, endAfterStartChange, endDateAfterDateChange } from './event-times.ts';
import { FormFooter } from '../../ui/form-footer.tsx';

const DAY_NAMES: Record<WeekdayCode, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const TYPE_LABEL: Record<PlannerEventType, string> = { meeting: 'Meeting', workout: 'Workout', focus: 'Focus', appointment: 'Appointment' };

interface Props {
  tz: string;
  workouts: Row[];
  /** the occurrence being edited; absent for a new event */
  occ?: Occ;
  /** where a new event starts */
  start?: { date: string; time: string };
  onDone: () => void;
}

const weekdayOf = (date: string) => WEEKDAYS[(new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7];

/** Create or edit an event. Plain date and time inputs, so it works the same on phones and with a keyboard. */
export function EventForm({ tz, workouts, occ, start, onDone }: Props) {
  const series = occ?.row;
  const s = occ ? utcToZoned(occ.start, tz) : { date: start?.date ?? '', time: start?.time ?? '09:00' };
  const e = occ ? utcToZoned(occ.allDay ? new Date(Date.parse(occ.end) - 1).toISOString() : occ.end, tz) : defaultEnd(s);
  const rule = parseRecurrence(occ && !occ.override ? (series?.recurrence as string) : null);
  const [title, setTitle] = useState(String(series?.title ?? ''));
  const [type, setType] = useState<PlannerEventType>((series?.event_type as PlannerEventType) ?? 'meeting');
  const [allDay, setAllDay] = useState(!!occ?.allDay);
  const [date, setDate] = useState(s.date);
  const [endDate, setEndDate] = useState(e.date);
  const [startTime, setStartTime] = useState(occ?.allDay ? '09:00' : s.time);
  const [endTime, setEndTime] = useState(occ?.allDay ? '10:00' : e.time);
  const [color, setColor] = useState<string | null>((series?.color as string) ?? null);
  const [freq, setFreq] = useState<RecurrenceFreq | 'none'>(rule?.freq ?? 'none');
  const [byDay, setByDay] = useState<WeekdayCode[]>(rule?.byDay.length ? rule.byDay : [weekdayOf(s.date || '2026-01-05')]);
  const [ends, setEnds] = useState<'never' | 'until' | 'count'>(rule?.until ? 'until' : rule?.count ? 'count' : 'never');
  const [until, setUntil] = useState(rule?.until ?? addDays(s.date || '2026-01-01', 90));
  const [count, setCount] = useState(rule?.count ?? 10);
  const [workout, setWorkout] = useState<string>((series?.linked_workout_id as string) ?? '');
  const [description, setDescription] = useState(String(series?.description ?? ''));
  const [scope, setScope] = useState<Scope>('one');
  const [error, setError] = useState<string | null>(null);
  const recurring = !!occ?.recurring;
  const showRepeat = !occ || !recurring || scope === 'all' ? !occ?.override : false;

  // Moving the start moves the end with it, so the event keeps its length (and may end the next day).
  const changeDate = (next: string) => {
    setDate(next);
    setEndDate(endDateAfterDateChange(date, endDate, next));
  };
  const changeStartTime = (next: string) => {
    setStartTime(next);
    if (!next) return;
    const end = endAfterStartChange({ date, time: startTime }, { date: endDate, time: endTime }, { date, time: next });
    setEndDate(end.date);
    setEndTime(end.time);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!title.trim()) return setError('Give the event a title');
    if (!date) return setError('Choose a date');
    if (!allDay && (!startTime || !endTime)) return setError('Choose a start and an end time');
    const startIso = zonedToUtc(date, allDay ? '00:00' : startTime, tz);
    const endIso = allDay ? zonedToUtc(addDays(endDate < date ? date : endDate, 1), '00:00', tz) : zonedToUtc(endDate || date, endTime, tz);
    if (Date.parse(endIso) <= Date.parse(startIso)) return setError('The event must end after it starts: move Ends (or its end date) later');
    if (freq === 'weekly' && byDay.length === 0) return setError('Choose at least one day of the week');
    if (freq !== 'none' && ends === 'until' && until < date) return setError('The repeat must end after the first date');
    const recurrence = freq === 'none' ? null : toRRule({ freq, interval: 1, byDay: freq === 'weekly' ? byDay : [], until: ends === 'until' ? until : null, count: ends === 'count' ? Math.max(1, Math.min(1000, count)) : null });
    const fields: EventFields = {
      title: title.trim(),
      description: description.trim() || null,
      event_type: type,
      start_time: startIso,
      end_time: endIso,
      all_day: allDay,
      color,
      recurrence,
      linked_workout_id: workout || null,
    };
    if (!occ) await createEvent(fields);
    else {
      const { recurrence: _r, ...noRule } = fields;
      await editOccurrence(occ, recurring ? scope : 'all', showRepeat ? fields : noRule, tz, recurring && scope === 'one' ? 'This occurrence was changed' : 'Event saved');
    }
    onDone();
  };

  return (
    <form className="form card planner-form" onSubmit={submit} aria-label={occ ? 'Edit event' : 'New event'}>
      <h2>{occ ? 'Edit event' : 'New event'}</h2>
      {recurring && (
        <fieldset className="planner-scope">
          <legend>Change</legend>
          <label>
            <input type="radio" name="scope" checked={scope === 'one'} onChange={() => setScope('one')} /> This occurrence
          </label>
          <label>
            <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> All occurrences
          </label>
        </fieldset>
      )}
      <label>
        Title
        <input value={title} onChange={(x) => setTitle(x.target.value)} autoFocus required maxLength={200} name="event-title" />
      </label>
      <div className="form-row">
        <label>
          Type
          <select value={type} onChange={(x) => setType(x.target.value as PlannerEventType)} name="event-type">
            {EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="planner-check">
          <input type="checkbox" checked={allDay} onChange={(x) => setAllDay(x.target.checked)} name="all-day" /> All day
        </label>
      </div>
      <div className="form-row">
        <label>
          {allDay ? 'From' : 'Date'}
          <input type="date" value={date} onChange={(x) => changeDate(x.target.value)} required name="event-date" />
        </label>
        {allDay ? (
          <label>
            To
            <input type="date" value={endDate} min={date} onChange={(x) => setEndDate(x.target.value)} name="event-end-date" />
          </label>
        ) : (
          <label>
            Starts
            <input type="time" value={startTime} step={300} onChange={(x) => changeStartTime(x.target.value)} required name="event-start" />
          </label>
        )}
      </div>
      {!allDay && (
        <div className="form-row">
          <label>
            End date
            <input type="date" value={endDate} min={date} onChange={(x) => setEndDate(x.target.value)} required name="event-end-date" />
          </label>
          <label>
            Ends
            <input type="time" value={endTime} step={300} onChange={(x) => setEndTime(x.target.value)} required name="event-end" />
          </label>
        </div>
      )}
      <fieldset className="planner-colors">
        <legend>Colour</legend>
        <label className="planner-swatch" style={{ background: DEFAULT_COLOR[type] }} title="Type colour">
          <input type="radio" name="color" checked={color === null} onChange={() => setColor(null)} aria-label="Colour of the type" />
        </label>
        {EVENT_COLORS.map((c) => (
          <label key={c} className="planner-swatch" style={{ background: c }}>
            <input type="radio" name="color" checked={color === c} onChange={() => setColor(c)} aria-label={`Colour ${c}`} />
          </label>
        ))}
      </fieldset>
      {showRepeat && (
        <fieldset className="planner-repeat">
          <legend>Repeat</legend>
          <select value={freq} onChange={(x) => setFreq(x.target.value as RecurrenceFreq | 'none')} aria-label="Repeat" name="repeat">
            <option value="none">Does not repeat</option>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
          </select>
          {freq === 'weekly' && (
            <div className="planner-days" role="group" aria-label="Repeat on">
              {WEEKDAYS.map((d) => (
                <label key={d} className={`planner-day ${byDay.includes(d) ? 'is-on' : ''}`}>
                  <input type="checkbox" checked={byDay.includes(d)} onChange={(x) => setByDay(x.target.checked ? [...byDay, d] : byDay.filter((b) => b !== d))} />
                  {DAY_NAMES[d]}
                </label>
              ))}
            </div>
          )}
          {freq !== 'none' && (
            <div className="row">
              <select value={ends} onChange={(x) => setEnds(x.target.value as typeof ends)} aria-label="Ends">
                <option value="never">Never ends</option>
                <option value="until">Ends on</option>
                <option value="count">Ends after</option>
              </select>
              {ends === 'until' && <input type="date" value={until} min={date} onChange={(x) => setUntil(x.target.value)} aria-label="Last date" />}
              {ends === 'count' && (
                <label className="row">
                  <input type="number" min={1} max={1000} value={count} onChange={(x) => setCount(Number(x.target.value))} aria-label="Number of times" className="planner-count" /> times
                </label>
              )}
            </div>
          )}
        </fieldset>
      )}
      <label>
        Linked workout
        {workouts.length === 0 ? (
          <span className="muted small">
            No workout templates yet — <Link href="/exercise/templates">create one in Exercise</Link>.
          </span>
        ) : (
          <select
            value={workout}
            onChange={(x) => {
              setWorkout(x.target.value);
              if (x.target.value && !occ) setType('workout');
            }}
            name="linked-workout"
          >
            <option value="">None</option>
            {workouts.map((w) => (
              <option key={w.id} value={w.id}>
                {String(w.name ?? 'Untitled workout')}
              </option>
            ))}
          </select>
        )}
      </label>
      <label>
        Notes
        <textarea value={description} onChange={(x) => setDescription(x.target.value)} maxLength={5000} rows={2} />
      </label>
      <FormFooter error={error} submitLabel={occ ? 'Save' : 'Add event'} onCancel={onDone} />
    </form>
  );
}
