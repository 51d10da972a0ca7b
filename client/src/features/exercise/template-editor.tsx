import { useEffect, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useLocation } from 'wouter';
import { db } from '../../db/db.ts';
import { newId } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { displayWeight, parseRepTarget, storedKg, typedWeightError, type WeightUnit } from '@ignition/shared/rules/fitness.ts';
import { useWeightUnit } from './library.ts';
import { ExercisePicker, useReturnFocus } from './exercise-picker.tsx';
import { emptyTemplate, loadTemplate, saveTemplate, SECTION_TYPES, type Template, type TemplateItem, type TemplateSection } from './template-ops.ts';

type EditItem = TemplateItem & { weightText: string };
type EditSection = Omit<TemplateSection, 'items'> & { items: EditItem[] };
type EditTemplate = Omit<Template, 'sections'> & { sections: EditSection[] };

const toEdit = (t: Template, unit: WeightUnit): EditTemplate => ({ ...t, sections: t.sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, weightText: displayWeight(i.weight, unit) })) })) });
const move = <T,>(xs: T[], i: number, by: number): T[] => {
  const j = i + by;
  if (j < 0 || j >= xs.length) return xs;
  const out = [...xs];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
};
const LABEL: Record<string, string> = { warmup: 'Warm-up', main: 'Main', cooldown: 'Cooldown', superset: 'Superset', circuit: 'Circuit' };

export function TemplateEditor({ workoutId }: { workoutId: string }) {
  const [, navigate] = useLocation();
  const [unit] = useWeightUnit();
  const [before, setBefore] = useState<Template | null | undefined>(undefined);
  const [t, setT] = useState<EditTemplate | null>(null);
  const [picking, setPicking] = useState<string | null>(null);
  // Only the closed picker's section has its add button mounted anew, so one hook serves every section.
  const addButton = useReturnFocus();
  const closePicker = () => {
    addButton.closing();
    setPicking(null);
  };
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (workoutId === 'new') {
      setBefore(null);
      setT(toEdit(emptyTemplate(), unit));
    } else
      void loadTemplate(workoutId).then((found) => {
        setBefore(found);
        if (found) setT(toEdit(found, unit));
      });
    // The unit only shapes the first display of weights.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workoutId]);
  const ids = t ? t.sections.flatMap((s) => s.items.map((i) => i.exercise_id)) : [];
  const names = useLiveQuery(async () => new Map((await db.exercises.bulkGet(ids)).filter(Boolean).map((e) => [e!.id, String(e!.name)])), [ids.join(',')]);
  if (before === undefined || (before === null && workoutId !== 'new')) return before === null ? <p>This template does not exist. <Link href="/templates">Back to templates</Link></p> : null;
  if (!t) return null;

  const setSection = (sid: string, patch: Partial<EditSection>) => setT({ ...t, sections: t.sections.map((s) => (s.id === sid ? { ...s, ...patch } : s)) });
  const setItem = (sid: string, iid: string, patch: Partial<EditItem>) =>
    setT({ ...t, sections: t.sections.map((s) => (s.id === sid ? { ...s, items: s.items.map((i) => (i.id === iid ? { ...i, ...patch } : i)) } : s)) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!t.name.trim()) return setError('Give the template a name');
    for (const s of t.sections)
      for (const i of s.items) {
        if (i.reps && !parseRepTarget(i.reps)) return setError(`Reps for ${names?.get(i.exercise_id) ?? 'an exercise'} must be a number or a range like 8-12`);
        const w = i.weightText.trim() === '' ? null : Number(i.weightText.replace(',', '.'));
        const weightError = w === null ? null : typedWeightError(w, unit);
        if (weightError) return setError(`${names?.get(i.exercise_id) ?? 'An exercise'}: ${weightError.toLowerCase()}`);
      }
    const out: Template = {
      ...t,
      sections: t.sections.map((s) => ({ ...s, items: s.items.map(({ weightText, ...i }) => ({ ...i, weight: weightText.trim() === '' ? null : storedKg(Number(weightText.replace(',', '.')), unit) })) })),
    };
    await saveTemplate(out, before);
    notify(before ? 'Template saved' : `Template “${out.name.trim()}” created`, 'success');
    navigate('/templates');
  };
  return (
    <form className="stack template-editor" onSubmit={(e) => void submit(e)} aria-label={before ? 'Edit template' : 'New template'}>
      <div className="card form">
        <div className="form-row">
          <label>
            Name
            <input value={t.name} onChange={(e) => setT({ ...t, name: e.target.value })} maxLength={100} autoFocus={!before} name="template-name" />
          </label>
          <label>
            Minutes (about)
            <input type="number" min={5} max={600} value={t.estimated_duration ?? ''} onChange={(e) => setT({ ...t, estimated_duration: e.target.value ? Number(e.target.value) : null })} />
          </label>
        </div>
        <label>
          Description
          <input value={t.description ?? ''} onChange={(e) => setT({ ...t, description: e.target.value })} maxLength={500} />
        </label>
      </div>
      {t.sections.map((s, si) => (
        <fieldset key={s.id} className="card stack template-section">
          <legend>{s.name || LABEL[s.section_type]}</legend>
          <div className="row">
            <label>
              Section name
              <input value={s.name} onChange={(e) => setSection(s.id, { name: e.target.value })} maxLength={60} />
            </label>
            <label>
              Kind
              <select value={s.section_type} onChange={(e) => setSection(s.id, { section_type: e.target.value as EditSection['section_type'] })}>
                {SECTION_TYPES.map((k) => (
                  <option key={k} value={k}>
                    {LABEL[k]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="btn btn-small" aria-label={`Move section ${s.name} up`} onClick={() => setT({ ...t, sections: move(t.sections, si, -1) })}>
              ↑
            </button>
            <button type="button" className="btn btn-small" aria-label={`Move section ${s.name} down`} onClick={() => setT({ ...t, sections: move(t.sections, si, 1) })}>
              ↓
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={() => setT({ ...t, sections: t.sections.filter((x) => x.id !== s.id) })}>
              Remove section
            </button>
          </div>
          {s.items.length === 0 && <p className="muted small">No exercises in this section yet.</p>}
          {s.items.map((i, ii) => {
            const name = names?.get(i.exercise_id) ?? 'Exercise';
            return (
              <div key={i.id} className="template-item" aria-label={name}>
                <strong>{name}</strong>
                <div className="form-row">
                  <label>
                    Sets
                    <input type="number" min={1} max={50} value={i.sets ?? ''} onChange={(e) => setItem(s.id, i.id, { sets: e.target.value ? Number(e.target.value) : null })} aria-label={`Sets of ${name}`} />
                  </label>
                  <label>
                    Reps
                    <input value={i.reps ?? ''} onChange={(e) => setItem(s.id, i.id, { reps: e.target.value || null })} placeholder="8-12" aria-label={`Reps of ${name}`} />
                  </label>
                  <label>
                    Weight ({unit})
                    <input inputMode="decimal" value={i.weightText} onChange={(e) => setItem(s.id, i.id, { weightText: e.target.value })} aria-label={`Weight of ${name}`} />
                  </label>
                  <label>
                    Rest (s)
                    <input type="number" min={0} max={900} step={15} value={i.rest_seconds ?? ''} onChange={(e) => setItem(s.id, i.id, { rest_seconds: e.target.value ? Number(e.target.value) : null })} aria-label={`Rest for ${name}`} />
                  </label>
                </div>
                <div className="row">
                  <button type="button" className="btn btn-small" aria-label={`Move ${name} up`} onClick={() => setSection(s.id, { items: move(s.items, ii, -1) })}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-small" aria-label={`Move ${name} down`} onClick={() => setSection(s.id, { items: move(s.items, ii, 1) })}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-small btn-danger" aria-label={`Remove ${name}`} onClick={() => setSection(s.id, { items: s.items.filter((x) => x.id !== i.id) })}>
                    Remove
                  </button>
                </div>
              </div>
            );
          })}
          {picking === s.id ? (
            <ExercisePicker
              onCancel={closePicker}
              onPick={(e) => {
                closePicker();
                setSection(s.id, { items: [...s.items, { id: newId(), exercise_id: e.id, sets: 3, reps: '8-12', weight: null, weightText: '', rest_seconds: 90, notes: null }] });
              }}
            />
          ) : (
            <button type="button" className="btn" onClick={() => setPicking(s.id)} ref={addButton.ref}>
              + Add exercise to {s.name || LABEL[s.section_type]}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="btn" onClick={() => setT({ ...t, sections: [...t.sections, { id: newId(), name: '', section_type: 'main', items: [] }] })}>
        + Add section
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="btn btn-primary">
          {before ? 'Save template' : 'Create template'}
        </button>
        <Link href="/templates" className="btn">
          Cancel
        </Link>
      </div>
    </form>
  );
}
