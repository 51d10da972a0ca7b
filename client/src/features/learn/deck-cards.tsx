import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { Markdown } from '../../ui/markdown.tsx';
import { notify } from '../../ui/notices.tsx';
import { MAX_CARD_TEXT } from './card-file.ts';
import { addCards, deleteCards, formatWhen, updateCard } from './learn-data.ts';
import { FormFooter } from '../../ui/form-footer.tsx';

function CardForm({ initial, submitLabel, onSubmit, onCancel }: { initial?: { front: string; back: string }; submitLabel: string; onSubmit: (c: { front: string; back: string }) => Promise<void>; onCancel?: () => void }) {
  const [front, setFront] = useState(initial?.front ?? '');
  const [back, setBack] = useState(initial?.back ?? '');
  const [error, setError] = useState('');
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!front.trim() || !back.trim()) return setError('A card needs both a front and a back.');
    setError('');
    await onSubmit({ front: front.trim(), back: back.trim() });
    if (!initial) {
      setFront('');
      setBack('');
      (document.getElementById('new-card-front') as HTMLTextAreaElement | null)?.focus();
    }
  };
  // Ctrl/Cmd+Enter saves from either side, so cards can be typed in quickly.
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
  };
  return (
    <form className="form" onSubmit={submit} aria-label={submitLabel}>
      <div className="form-row">
        <label>
          Front
          <textarea id={initial ? undefined : 'new-card-front'} value={front} maxLength={MAX_CARD_TEXT} onChange={(e) => setFront(e.target.value)} onKeyDown={onKey} placeholder="Question (markdown)" />
        </label>
        <label>
          Back
          <textarea value={back} maxLength={MAX_CARD_TEXT} onChange={(e) => setBack(e.target.value)} onKeyDown={onKey} placeholder="Answer (markdown)" />
        </label>
      </div>
      <FormFooter error={error} submitLabel={submitLabel} onCancel={onCancel}>
        <span className="muted small">Ctrl+Enter to save</span>
      </FormFooter>
    </form>
  );
}

function CardItem({ deck, card }: { deck: Row; card: Row }) {
  const [editing, setEditing] = useState(false);
  const remove = async () => {
    await deleteCards(deck.id, [card.id]);
    notify('Card deleted', 'info', { label: 'Undo', run: () => void addCards(deck.id, [card as Row & { front: string; back: string }]) });
  };
  if (editing)
    return (
      <li>
        <CardForm
          initial={{ front: String(card.front), back: String(card.back) }}
          submitLabel="Save card"
          onSubmit={async (c) => {
            await updateCard(card, c);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  return (
    <li className="learn-card-item" data-testid="card-item" id={`card-${card.id}`}>
      <div className="learn-card-item__sides">
        <Markdown text={String(card.front)} />
        <Markdown text={String(card.back)} className="muted" />
      </div>
      <div className="spread">
        <span className="small muted" data-testid="card-due">
          {card.next_review ? `Due ${formatWhen(String(card.next_review))}` : 'New'} · {Number(card.review_count ?? 0)} reviews
        </span>
        <span className="row">
          <button className="btn btn-small" onClick={() => setEditing(true)} aria-label="Edit card">
            Edit
          </button>
          <button className="btn btn-small btn-danger" onClick={remove} aria-label="Delete card">
            Delete
          </button>
        </span>
      </div>
    </li>
  );
}

const PAGE = 100;

export function CardList({ deck, cards }: { deck: Row; cards: Row[] }) {
  const [shown, setShown] = useState(PAGE);
  const [query, setQuery] = useState('');
  // Open on an empty deck, and left as the person set it after that (adding cards keeps it open).
  const [adding, setAdding] = useState(cards.length === 0);
  const q = query.trim().toLowerCase();
  const sorted = cards
    .filter((c) => !q || String(c.front).toLowerCase().includes(q) || String(c.back).toLowerCase().includes(q))
    // Newest additions first; cards imported together keep their order in the file (ids are time-ordered).
    .sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')) || a.id.localeCompare(b.id));
  return (
    <>
      <details className="card" open={adding} onToggle={(e) => setAdding(e.currentTarget.open)}>
        <summary>
          <strong>Add a card</strong>
        </summary>
        <CardForm submitLabel="Add card" onSubmit={async (c) => void (await addCards(deck.id, [c]))} />
      </details>
      {cards.length > 0 && (
        <section className="stack" aria-label="Cards">
          <div className="spread">
            <h2>Cards</h2>
            <input type="search" placeholder="Search cards" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search cards" />
          </div>
          <ul className="list">
            {sorted.slice(0, shown).map((c) => (
              <CardItem key={c.id} deck={deck} card={c} />
            ))}
          </ul>
          {sorted.length > shown && (
            <button className="btn" onClick={() => setShown(shown + PAGE)}>
              Show more ({sorted.length - shown} left)
            </button>
          )}
        </section>
      )}
    </>
  );
}
