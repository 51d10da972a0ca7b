import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { analyseChannelsInWorker } from './analyse-in-worker.ts';
import { decodeAudioBytes } from './decode.ts';
import { TrackPlayer } from './player.tsx';
import {
  analysisOf,
  AUDIO_ACCEPT,
  deleteTrack,
  formatBytes,
  formatTime,
  importTrack,
  parseTags,
  requestPersistentStorage,
  storageInfo,
  tagsOf,
  type ImportStage,
} from './tracks-logic.ts';
import './tracks.css';

const STAGE_WORDS: Record<ImportStage, string> = { reading: 'Reading', decoding: 'Decoding', analysing: 'Analysing', storing: 'Saving' };

const fmt = (v: number | null | undefined, digits = 1, unit = '') => (v == null ? '—' : `${v.toFixed(digits)}${unit}`);

export default function TracksPage() {
  const tracks = useLiveQuery(() => db.tracks.toArray(), []);
  const onDevice = useLiveQuery(async () => new Set((await db.track_audio.toCollection().primaryKeys()) as string[]), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState<{ name: string; stage: ImportStage; fraction: number } | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [storage, setStorage] = useState<Awaited<ReturnType<typeof storageInfo>> | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const refreshStorage = () => void storageInfo().then(setStorage);
  useEffect(refreshStorage, [onDevice?.size]);

  const importFiles = async (files: File[]) => {
    setMessage(null);
    if (files.length) void requestPersistentStorage().then(refreshStorage);
    for (const file of files) {
      setBusy({ name: file.name, stage: 'reading', fraction: 0 });
      try {
        const r = await importTrack(
          file,
          {
            db,
            decode: (bytes) => decodeAudioBytes(bytes),
            analyse: (audio, progress) => analyseChannelsInWorker(audio.channels, audio.sampleRate, progress),
          },
          (stage, fraction) => setBusy({ name: file.name, stage, fraction }),
        );
        setSelected(r.id);
        setMessage({ kind: 'info', text: r.outcome === 'cached' ? `“${file.name}” was analysed before (same file, same analyser): its analysis is reused.` : `“${file.name}” imported and analysed.` });
      } catch (e) {
        setMessage({ kind: 'error', text: (e as Error).message || `“${file.name}” could not be imported.` });
      }
    }
    setBusy(null);
    refreshStorage();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void importFiles([...e.dataTransfer.files]);
  };

  const list = (tracks ?? []).slice().sort((x, y) => String(y.created_at ?? '').localeCompare(String(x.created_at ?? '')));
  const current = list.find((t) => t.id === selected);

  return (
    <section className="page tracks-page" onDragOver={(e) => (e.preventDefault(), setDragging(true))} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <PageHeader
        title="Reference tracks"
        subtitle="Analyse tracks on this device and compare them loudness-matched."
        actions={
          <button className="btn btn-primary track-big" onClick={() => input.current?.click()} disabled={!!busy}>
            Import audio
          </button>
        }
      />
      <input ref={input} type="file" accept={AUDIO_ACCEPT} multiple hidden data-testid="track-file-input" onChange={(e) => (void importFiles([...(e.target.files ?? [])]), (e.target.value = ''))} />
      <div className={`card track-drop${dragging ? ' dragging' : ''}`}>
        <p>
          <strong>Drop audio files here</strong> (WAV, FLAC, Ogg/Opus, MP3 — whatever this browser decodes) or use Import audio.
        </p>
        <p className="muted" data-testid="audio-stays">
          The audio stays on this device: it is never uploaded. The analysis, markers, tags and notes sync to your other devices.
        </p>
        <p className="muted small" data-testid="storage-used">
          Space used here: {formatBytes(storage?.usage ?? null)}
          {storage?.quota ? ` of ${formatBytes(storage.quota)} available` : ''}
          {storage?.persisted ? ' · kept by the browser (persistent)' : storage?.persisted === false ? ' · the browser may clear it when space runs low' : ''}
        </p>
      </div>
      {busy && (
        <div className="card" aria-live="polite">
          <p>
            {STAGE_WORDS[busy.stage]} “{busy.name}”…
          </p>
          <progress className="track-progress" max={1} value={busy.stage === 'analysing' ? busy.fraction : busy.stage === 'storing' ? 1 : undefined} aria-label="Import progress" />
        </div>
      )}
      {message && (
        <p className={message.kind === 'error' ? 'track-error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {tracks === undefined ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 ? (
        !busy && (
          <EmptyState
            icon="🎧"
            title="No reference tracks yet"
            action={
              <button className="btn btn-primary track-big" onClick={() => input.current?.click()}>
                Import your first track
              </button>
            }
          >
            Import a track you like the sound of: its tempo, key, loudness and waveform are worked out here, on this device, even offline.
          </EmptyState>
        )
      ) : (
        <>
          {current && <TrackPlayer key={current.id} track={current} others={list.filter((t) => t.id !== current.id && analysisOf(t))} />}
          <ul className="list track-list">
            {list.map((t) => (
              <TrackItem key={t.id} track={t} hasAudio={!!onDevice?.has(String(t.content_sha256))} open={t.id === selected} onOpen={() => setSelected(t.id)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function TrackItem({ track, hasAudio, open, onOpen }: { track: Row; hasAudio: boolean; open: boolean; onOpen: () => void }) {
  const a = analysisOf(track);
  const save = (fields: Record<string, unknown>) => commit([{ table: 'tracks', id: track.id, fields: { ...fields, updated_at: new Date().toISOString() } }]);
  const remove = async () => {
    if (!confirm(`Remove “${String(track.title || 'Untitled')}” from your library on every device?`)) return;
    await deleteTrack(db, track);
  };
  return (
    <li className={`card track-item${open ? ' open' : ''}`} data-testid="track-item">
      <div className="track-fields">
        <input aria-label="Title" className="track-title" defaultValue={String(track.title ?? '')} maxLength={300} onBlur={(e) => e.target.value !== track.title && void save({ title: e.target.value })} />
        <input aria-label="Artist" placeholder="Artist" defaultValue={String(track.artist ?? '')} maxLength={200} onBlur={(e) => e.target.value !== (track.artist ?? '') && void save({ artist: e.target.value || null })} />
        <input
          aria-label="Tags"
          placeholder="Tags, comma separated"
          defaultValue={tagsOf(track).join(', ')}
          onBlur={(e) => {
            const tags = parseTags(e.target.value);
            if (tags.join('\u0000') !== tagsOf(track).join('\u0000')) void save({ tags });
          }}
        />
      </div>
      {a ? (
        <dl className="track-figures" data-testid="track-figures">
          <div>
            <dt>Tempo</dt>
            <dd>{a.bpm == null ? '—' : `${a.bpm.toFixed(1)} BPM`}</dd>
          </div>
          <div>
            <dt>Key</dt>
            <dd>{a.key ?? '—'}</dd>
          </div>
          <div>
            <dt>Loudness</dt>
            <dd>{fmt(a.lufsIntegrated, 1, ' LUFS')}</dd>
          </div>
          <div>
            <dt>True peak</dt>
            <dd>{fmt(a.truePeakDbfs, 1, ' dBTP')}</dd>
          </div>
          <div>
            <dt>Range</dt>
            <dd>{fmt(a.loudnessRangeLu, 1, ' LU')}</dd>
          </div>
          <div>
            <dt>Length</dt>
            <dd>{formatTime(a.durationS)}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">Not analysed yet.</p>
      )}
      <p className="muted small">
        {hasAudio ? 'Audio on this device' : 'Audio not on this device (import the same file here to play it)'}
        {a ? ` · ${a.sampleRate} Hz · ${a.channels === 1 ? 'mono' : `${a.channels} channels`}` : ''}
      </p>
      <textarea aria-label="Notes" placeholder="Notes (what to listen for)" rows={2} maxLength={10_000} defaultValue={String(track.notes ?? '')} onBlur={(e) => e.target.value !== (track.notes ?? '') && void save({ notes: e.target.value || null })} />
      <div className="track-actions">
        <button className="btn track-big" onClick={onOpen} aria-pressed={open}>
          {open ? 'Open' : 'Open in player'}
        </button>
        <button className="btn btn-danger track-big" onClick={() => void remove()}>
          Remove
        </button>
      </div>
    </li>
  );
}
