import { useState, type FormEvent, type ReactNode } from 'react';
import { notify } from '../../ui/notices.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { adminFetch, qs, useAdminQuery, type AdminError, type Page } from './admin-api.ts';
import { AdminPager, PAGE } from './admin-pager.tsx';
import { FormFooter } from '../../ui/form-footer.tsx';
import { stepsToText, textToSteps } from '../recipes/index.ts';

export type Row = Record<string, unknown> & { id: string };

export interface FieldDef {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'decimal' | 'select' | 'bool' | 'list' | 'steps';
  options?: string[];
  required?: boolean;
  min?: number;
  max?: number;
  initial?: unknown;
  help?: string;
}

export interface KindDef {
  /** the API path segment: quests, skills, rewards, exercises, courses, lessons */
  kind: string;
  singular: string;
  fields: FieldDef[];
  title: (row: Row) => string;
  details?: (row: Row) => ReactNode;
  /** extra query (e.g. a course filter for lessons) */
  query?: Record<string, string | undefined>;
  /** values a new row starts with that the form does not show (e.g. the course of a lesson) */
  fixed?: Record<string, unknown>;
  onSaved?: (reply: Row) => void;
  /** a custom id may be given on create (skills are named by id) */
  askId?: boolean;
}

const listValue = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v.startsWith('[')) {
    try {
      return (JSON.parse(v) as unknown[]).map(String);
    } catch {
      return [];
    }
  }
  return typeof v === 'string' && v ? v.split(',').map((s) => s.trim()) : [];
};

function toInput(f: FieldDef, v: unknown): string | boolean {
  if (f.type === 'bool') return v === undefined || v === null ? Boolean(f.initial ?? true) : v === true || v === 1;
  if (f.type === 'list') return listValue(v).join(', ');
  if (f.type === 'steps') return stepsToText(Array.isArray(v) ? v : typeof v === 'string' && v.startsWith('[') ? (JSON.parse(v) as Array<{ text: string; timer_s?: number | null }>) : []);
  return v === undefined || v === null ? (f.initial === undefined ? '' : String(f.initial)) : String(v);
}

function fromInput(f: FieldDef, v: string | boolean): unknown {
  if (f.type === 'bool') return Boolean(v);
  if (f.type === 'list') return String(v).split(',').map((s) => s.trim()).filter(Boolean);
  if (f.type === 'steps') return textToSteps(String(v));
  if (f.type === 'number' || f.type === 'decimal') return v === '' ? null : Number(v);
  return v === '' ? null : String(v);
}

function ContentForm({ def, row, onDone }: { def: KindDef; row?: Row; onDone: () => void }) {
  const [values, setValues] = useState<Record<string, string | boolean>>(() => Object.fromEntries(def.fields.map((f) => [f.name, toInput(f, row?.[f.name])])));
  const [newId, setNewId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = {};
    for (const f of def.fields) {
      const v = fromInput(f, values[f.name]);
      if (row) {
        if (JSON.stringify(v) !== JSON.stringify(fromInput(f, toInput(f, row[f.name])))) body[f.name] = v;
      } else if (v !== null) body[f.name] = v;
    }
    if (row && Object.keys(body).length === 0) {
      setBusy(false);
      return onDone();
    }
    try {
      const reply = row
        ? await adminFetch<Row>(`/${def.kind}/${encodeURIComponent(row.id)}`, { method: 'PATCH', body })
        : await adminFetch<Row>(`/${def.kind}`, { body: { ...def.fixed, ...(newId.trim() ? { id: newId.trim() } : {}), ...body } });
      notify(`${def.singular} ${row ? 'saved' : 'created'}`, 'success');
      def.onSaved?.(reply);
      onDone();
    } catch (err) {
      setError((err as AdminError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card admin-form" onSubmit={submit} aria-label={row ? `Edit ${def.singular}` : `New ${def.singular}`}>
      {!row && def.askId && (
        <label>
          Id (letters, digits, _)
          <input value={newId} onChange={(e) => setNewId(e.target.value)} pattern="[A-Za-z0-9_:.\-]+" maxLength={64} name="id" />
        </label>
      )}
      <div className="admin-form__fields">
        {def.fields.map((f) => {
          const v = values[f.name];
          const set = (nv: string | boolean) => setValues((s) => ({ ...s, [f.name]: nv }));
          if (f.type === 'bool')
            return (
              <label key={f.name} className="admin-check">
                <input type="checkbox" name={f.name} checked={Boolean(v)} onChange={(e) => set(e.target.checked)} /> {f.label}
              </label>
            );
          return (
            <label key={f.name} className={f.type === 'textarea' || f.type === 'steps' ? 'admin-form__wide' : undefined}>
              {f.label}
              {f.type === 'select' ? (
                <select name={f.name} value={String(v)} onChange={(e) => set(e.target.value)} required={f.required}>
                  {!f.required && <option value="">—</option>}
                  {f.options!.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : f.type === 'textarea' || f.type === 'steps' ? (
                <textarea name={f.name} value={String(v)} rows={f.type === 'steps' ? 10 : 5} onChange={(e) => set(e.target.value)} required={f.required} />
              ) : (
                <input
                  name={f.name}
                  type={f.type === 'number' || f.type === 'decimal' ? 'number' : 'text'}
                  step={f.type === 'decimal' ? 'any' : undefined}
                  min={f.min}
                  max={f.max}
                  value={String(v)}
                  onChange={(e) => set(e.target.value)}
                  required={f.required}
                />
              )}
              {f.help && <span className="small muted">{f.help}</span>}
            </label>
          );
        })}
      </div>
      <FormFooter error={error} submitLabel={row ? 'Save' : `Create ${def.singular.toLowerCase()}`} onCancel={onDone} busy={busy} />
    </form>
  );
}


/** List, search, create, edit and delete (with Undo) one kind of shared content. */
export function ContentManager({ def }: { def: KindDef }) {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const { data, error, loading, reload } = useAdminQuery<Page<Row>>(`/${def.kind}${qs({ q, limit: PAGE, offset, ...def.query })}`);
  const remove = async (row: Row) => {
    if (!confirm(`Delete ${def.singular.toLowerCase()} “${def.title(row)}”? Every device loses it on its next sync.`)) return;
    try {
      await adminFetch(`/${def.kind}/${encodeURIComponent(row.id)}`, { method: 'DELETE' });
      reload();
      const restore = Object.fromEntries(def.fields.map((f) => [f.name, fromInput(f, toInput(f, row[f.name]))]).filter(([, v]) => v !== null));
      notify(`${def.singular} deleted`, 'info', {
        label: 'Undo',
        run: () =>
          void adminFetch(`/${def.kind}`, { body: { id: row.id, ...def.fixed, ...restore } })
            .then(reload)
            .catch((e: AdminError) => notify(e.message, 'error')),
      });
    } catch (e) {
      notify((e as AdminError).message, 'error');
    }
  };
  return (
    <div className="stack">
      <div className="spread admin-toolbar">
        <input type="search" placeholder={`Search ${def.kind}`} aria-label={`Search ${def.kind}`} value={q} onChange={(e) => (setQ(e.target.value), setOffset(0))} />
        <button className="btn btn-primary" onClick={() => setEditing('new')}>
          New {def.singular.toLowerCase()}
        </button>
      </div>
      {editing === 'new' && <ContentForm def={def} onDone={() => (setEditing(null), reload())} />}
      {error && (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      )}
      {data && data.items.length === 0 && !loading && (
        <EmptyState icon="🗂️" title={q ? 'Nothing matches' : `No ${def.kind} yet`}>
          {q ? 'Try another search.' : `Create the first ${def.singular.toLowerCase()}; every device gets it on its next sync.`}
        </EmptyState>
      )}
      <ul className="list" aria-busy={loading}>
        {data?.items.map((row) =>
          editing !== 'new' && editing?.id === row.id ? (
            <li key={row.id}>
              <ContentForm def={def} row={row} onDone={() => (setEditing(null), reload())} />
            </li>
          ) : (
            <li key={row.id} className="spread admin-item">
              <div>
                <strong>{def.title(row)}</strong>
                {def.details && <div className="small muted">{def.details(row)}</div>}
              </div>
              <div className="row">
                <button className="btn btn-small" onClick={() => setEditing(row)} aria-label={`Edit ${def.title(row)}`}>
                  Edit
                </button>
                <button className="btn btn-small btn-danger" onClick={() => void remove(row)} aria-label={`Delete ${def.title(row)}`}>
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {data && <AdminPager offset={offset} total={data.total} onOffset={setOffset} />}
    </div>
  );
}
