import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Row } from '../../db/db.ts';
import { facets, filterExercises, useExercises, type ExerciseFilter } from './library.ts';

const PAGE = 40;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Search and filters over the offline library; `render` draws each match (a pick button or a detail row). */
/** One library filter: "any" or one of the values the library holds. */
function FilterSelect({ label, name, any, value, options, onChange }: { label: string; name: string; any: string; value?: string; options: string[]; onChange: (v: string | undefined) => void }) {
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} name={name}>
        <option value="">{any}</option>
        {options.map((m) => (
          <option key={m} value={m}>
            {cap(m)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ExerciseSearch({ render, label = 'Search exercises', autoFocus }: { render: (e: Row) => React.ReactNode; label?: string; autoFocus?: boolean }) {
  const all = useExercises();
  const [f, setF] = useState<ExerciseFilter>({});
  const [shown, setShown] = useState(PAGE);
  const options = useMemo(() => facets(all ?? []), [all]);
  const matches = useMemo(() => filterExercises(all ?? [], f), [all, f]);
  const set = (patch: ExerciseFilter) => {
    setF({ ...f, ...patch });
    setShown(PAGE);
  };
  if (!all) return <p className="muted">Loading the exercise library…</p>;
  return (
    <div className="stack exercise-search">
      <div className="form-row">
        <label>
          {label}
          <input type="search" value={f.q ?? ''} onChange={(e) => set({ q: e.target.value })} placeholder="e.g. bench press" autoFocus={autoFocus} name="exercise-search" onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()} />
        </label>
        <FilterSelect label="Muscle" name="muscle" any="Any muscle" value={f.muscle} options={options.muscles} onChange={(muscle) => set({ muscle })} />
        <FilterSelect label="Equipment" name="equipment" any="Any equipment" value={f.equipment} options={options.equipment} onChange={(equipment) => set({ equipment })} />
        <FilterSelect label="Category" name="category" any="Any category" value={f.category} options={options.categories} onChange={(category) => set({ category })} />
      </div>
      <p className="small muted" aria-live="polite">
        {matches.length === 1 ? '1 exercise' : `${matches.length} exercises`}
      </p>
      {matches.length === 0 ? (
        <p className="muted">No exercise matches. Try fewer words, or add it as your own exercise.</p>
      ) : (
        <ul className="list exercise-results">{matches.slice(0, shown).map((e) => <li key={e.id}>{render(e)}</li>)}</ul>
      )}
      {matches.length > shown && (
        <button type="button" className="btn" onClick={() => setShown(shown + PAGE * 2)}>
          Show more ({matches.length - shown} left)
        </button>
      )}
    </div>
  );
}

export function describeMuscles(e: Row): string {
  const m = Array.isArray(e.muscle_groups) ? (e.muscle_groups as string[]) : [];
  return [m.join(', '), e.equipment].filter(Boolean).join(' · ');
}

/**
 * Focus back on the button that opened the picker once it closes. The picker takes that button's
 * place, so the button is mounted anew on closing: `ref` focuses it as it mounts after `closing()`.
 */
export function useReturnFocus() {
  const pending = useRef(false);
  const ref = useCallback((el: HTMLButtonElement | null) => {
    if (el && pending.current) {
      pending.current = false;
      el.focus();
    }
  }, []);
  const closing = useCallback(() => void (pending.current = true), []);
  return { ref, closing };
}

/** A compact picker: choose one exercise (used by templates and sessions). Escape closes it, like its Close button. */
export function ExercisePicker({ onPick, onCancel }: { onPick: (e: Row) => void; onCancel: () => void }) {
  // Opened from a button low on the page, it is brought into view whole (its search box and first
  // results), and holds the focus (so Escape closes it) until its search box arrives with the library.
  const self = useRef<HTMLDivElement>(null);
  // A layout effect: focus is inside the moment the picker is drawn, so an Escape pressed straight
  // after opening it closes it (Preact runs plain effects a frame later).
  useLayoutEffect(() => {
    const el = self.current;
    if (!el) return;
    if (!el.contains(document.activeElement)) el.focus({ preventScroll: true });
    // (Not returned: Chromium's scrollIntoView returns a promise, which React would take for a cleanup.)
    void el.scrollIntoView({ block: 'start' });
  }, []);
  return (
    <div
      ref={self}
      tabIndex={-1}
      className="card picker"
      role="dialog"
      aria-label="Choose an exercise"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
    >
      <div className="spread">
        <h3>Choose an exercise</h3>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          Close
        </button>
      </div>
      <ExerciseSearch
        autoFocus
        render={(e) => (
          // Named "Choose <exercise>" by its own text (a hidden "Choose"), the muscles as its description:
          // an aria-label that left out the visible muscles did not match what is seen.
          <button type="button" className="btn pick-row" onClick={() => onPick(e)} aria-describedby={`pick-muscles-${e.id}`}>
            <span>
              <span className="visually-hidden">Choose </span>
              {String(e.name)}
            </span>
            <span className="small muted" id={`pick-muscles-${e.id}`} aria-hidden>
              {describeMuscles(e)}
            </span>
          </button>
        )}
      />
    </div>
  );
}
