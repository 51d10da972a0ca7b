import { useRef, useState, type ChangeEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { notify } from '../../ui/notices.tsx';
import { CardFileError, formatCardFile, parseCardFile, type Delimiter } from './card-file.ts';
import { addCards, deleteCards } from './learn-data.ts';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Import (CSV/TSV, all-or-nothing) and export of a deck's cards. */
export function CardTransfer({ deck, cards }: { deck: Row; cards: Row[] }) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError('');
    if (file.size > MAX_FILE_BYTES) return setError(`“${file.name}” is larger than 5 MB; split it into smaller files.`);
    setBusy(true);
    try {
      const { cards: parsed } = parseCardFile(await file.text(), file.name);
      const ids = await addCards(deck.id, parsed);
      notify(`Imported ${parsed.length} cards from “${file.name}”`, 'success', { label: 'Undo', run: () => void deleteCards(deck.id, ids) });
    } catch (err) {
      setError(err instanceof CardFileError ? `Nothing was imported from “${file.name}”. ${err.message}.` : `Could not import “${file.name}”: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const exportAs = (delimiter: Delimiter) => {
    const text = formatCardFile(
      cards.map((c) => ({ front: String(c.front), back: String(c.back) })),
      delimiter,
    );
    const blob = new Blob([text], { type: delimiter === ',' ? 'text/csv' : 'text/tab-separated-values' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${String(deck.title || 'deck').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'deck'}.${delimiter === ',' ? 'csv' : 'tsv'}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <div className="card stack">
      <div className="spread">
        <span>
          <strong>Import or export</strong>
          <span className="muted small"> — two columns, front and back; a header row is optional.</span>
        </span>
        <span className="row">
          <button className="btn btn-small" onClick={() => input.current?.click()} disabled={busy}>
            Import CSV/TSV
          </button>
          <button className="btn btn-small" onClick={() => exportAs(',')} disabled={!cards.length}>
            Export CSV
          </button>
          <button className="btn btn-small" onClick={() => exportAs('\t')} disabled={!cards.length}>
            Export TSV
          </button>
        </span>
      </div>
      <input ref={input} type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" onChange={onFile} hidden data-testid="card-import" />
      {error && (
        <p className="error-text" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </div>
  );
}
