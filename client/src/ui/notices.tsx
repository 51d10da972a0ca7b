import { useEffect, useState } from 'react';
import { X } from 'lucide-react';

export type NoticeKind = 'info' | 'success' | 'error';
interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  action?: { label: string; run: () => void };
}

let nextId = 1;
let notices: Notice[] = [];
const listeners = new Set<(n: Notice[]) => void>();
const emit = () => listeners.forEach((l) => l(notices));

/** Shows a short message (with an optional action such as Undo); it fades after a few seconds. */
export function notify(text: string, kind: NoticeKind = 'info', action?: Notice['action'], ms = 6000) {
  const id = nextId++;
  notices = [...notices, { id, kind, text, action }];
  emit();
  setTimeout(() => dismiss(id), ms);
  return id;
}

export function dismiss(id: number) {
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function Notices() {
  const [list, setList] = useState(notices);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return (
    <div className="notices" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span style={{ flex: 1 }}>{n.text}</span>
          {n.action && (
            <button
              className="btn btn-small"
              onClick={() => {
                n.action!.run();
                dismiss(n.id);
              }}
            >
              {n.action.label}
            </button>
          )}
          <button className="btn btn-small" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            <X aria-hidden size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
