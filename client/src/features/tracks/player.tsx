import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { analysisOf, dbToGain, formatTime, loudnessMatch, markersOf, renamedMarker, withMarker, withoutMarker, type TrackMarker } from './tracks-logic.ts';
import { Waveform } from './waveform.tsx';

/** An object URL of a track's audio on this device, or null when the audio is not here. */
function useAudioUrl(sha: unknown): string | null | undefined {
  const audio = useLiveQuery(async () => (typeof sha === 'string' ? ((await db.track_audio.get(sha)) ?? null) : null), [sha]);
  const url = useMemo(() => (audio ? URL.createObjectURL(audio.blob) : audio === null ? null : undefined), [audio]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

const inField = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * The player: waveform with playhead and markers, play/pause, seek, an A/B loop, and a
 * loudness-matched comparison with a second track (each turned to the quieter one's integrated
 * loudness, the applied gain shown). Space, arrows, M, [ and ] on a keyboard.
 */
export function TrackPlayer({ track, others }: { track: Row; others: Row[] }) {
  const analysis = analysisOf(track);
  const markers = markersOf(track);
  const [compareId, setCompareId] = useState<string>('');
  const compare = others.find((o) => o.id === compareId);
  const compareAnalysis = analysisOf(compare);
  const [side, setSide] = useState<'A' | 'B'>('A');
  const [matched, setMatched] = useState(true);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [loop, setLoop] = useState<{ a: number | null; b: number | null }>({ a: null, b: null });
  const urlA = useAudioUrl(track.content_sha256);
  const urlB = useAudioUrl(compare?.content_sha256);
  const a = useRef<HTMLAudioElement | null>(null);
  const b = useRef<HTMLAudioElement | null>(null);
  const duration = Number(side === 'B' && compareAnalysis ? compareAnalysis.durationS : (analysis?.durationS ?? track.duration_s ?? 0));
  const match = loudnessMatch(analysis?.lufsIntegrated, compareAnalysis?.lufsIntegrated);

  useEffect(() => {
    a.current = urlA ? new Audio(urlA) : null;
    return () => a.current?.pause();
  }, [urlA]);
  useEffect(() => {
    b.current = urlB ? new Audio(urlB) : null;
    return () => b.current?.pause();
  }, [urlB]);
  const current = () => (side === 'B' && compare ? b.current : a.current);

  // Gains: with a comparison and matching on, each side is turned to the common loudness.
  useEffect(() => {
    if (a.current) a.current.volume = compare && matched ? dbToGain(match.gainDbA) : 1;
    if (b.current) b.current.volume = matched ? dbToGain(match.gainDbB) : 1;
  }, [urlA, urlB, compare, matched, match.gainDbA, match.gainDbB]);

  // The playhead follows the audio, and the A/B loop jumps back at its end.
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    const step = () => {
      const el = current();
      if (el) {
        if (loop.a != null && loop.b != null && el.currentTime >= loop.b) el.currentTime = loop.a;
        setPosition(el.currentTime);
        if (el.ended) setPlaying(false);
      }
      raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  });

  const seek = (s: number) => {
    const el = current();
    if (el) el.currentTime = s;
    setPosition(s);
  };
  const toggle = () => {
    const el = current();
    if (!el) return;
    if (el.paused) {
      el.currentTime = position;
      void el.play().then(() => setPlaying(true), () => setPlaying(false));
    } else {
      el.pause();
      setPlaying(false);
    }
  };
  const switchSide = (to: 'A' | 'B') => {
    if (to === side || (to === 'B' && !b.current)) return;
    const from = current();
    const wasPlaying = from ? !from.paused : false;
    from?.pause();
    setSide(to);
    const next = to === 'B' ? b.current : a.current;
    if (next) {
      next.currentTime = Math.min(position, next.duration || position);
      if (wasPlaying) void next.play().catch(() => setPlaying(false));
    }
  };
  const saveMarkers = (list: TrackMarker[]) => commit([{ table: 'tracks', id: track.id, fields: { markers: list, updated_at: new Date().toISOString() } }]);
  const addMarker = () => void saveMarkers(withMarker(markers, position));
  const setLoopPoint = (which: 'a' | 'b') =>
    setLoop((l) => {
      const next = { ...l, [which]: position };
      if (next.a != null && next.b != null && next.b <= next.a) return which === 'a' ? { a: position, b: null } : { a: null, b: position };
      return next;
    });

  // Keyboard control on desktop (never while typing in a field).
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e) => {
    if (inField(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
    const step = e.shiftKey ? 1 : 5;
    if (e.key === ' ') toggle();
    else if (e.key === 'ArrowLeft') seek(Math.max(0, position - step));
    else if (e.key === 'ArrowRight') seek(Math.min(duration, position + step));
    else if (e.key === 'm' || e.key === 'M') addMarker();
    else if (e.key === '[') setLoopPoint('a');
    else if (e.key === ']') setLoopPoint('b');
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const h = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, []);

  if (!analysis) return null;
  const wave = side === 'B' && compareAnalysis ? compareAnalysis.waveform : analysis.waveform;
  const canPlay = side === 'B' ? !!urlB : !!urlA;
  return (
    <div className="card track-player" data-testid="track-player">
      <h2>
        {String(track.title || 'Untitled')}
        {compare && side === 'B' ? <span className="muted"> → B: {String(compare.title || 'Untitled')}</span> : null}
      </h2>
      <Waveform waveform={wave} duration={duration} position={position} markers={side === 'A' ? markers : []} loop={loop} onSeek={seek} />
      <div className="track-controls">
        <button className="btn btn-primary track-big" onClick={toggle} disabled={!canPlay} aria-label={playing ? 'Pause' : 'Play'}>
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <span className="track-time" aria-live="off">
          {formatTime(position)} / {formatTime(duration)}
        </span>
        <button className="btn track-big" onClick={addMarker} disabled={side === 'B'} title="Add a marker at the playhead (M)">
          + Marker
        </button>
        <button className="btn track-big" onClick={() => setLoopPoint('a')} title="Loop start ([)">
          Loop A{loop.a != null ? ` ${formatTime(loop.a)}` : ''}
        </button>
        <button className="btn track-big" onClick={() => setLoopPoint('b')} title="Loop end (])">
          Loop B{loop.b != null ? ` ${formatTime(loop.b)}` : ''}
        </button>
        {(loop.a != null || loop.b != null) && (
          <button className="btn track-big" onClick={() => setLoop({ a: null, b: null })}>
            Clear loop
          </button>
        )}
      </div>
      {!canPlay && <p className="muted">The audio of this track is not on this device (audio never syncs). Import the same file here to play it; its analysis and markers are already here.</p>}
      <p className="muted small">Keys: Space play/pause · ← → seek 5 s (Shift: 1 s) · M marker · [ ] loop start/end</p>

      <h3>Markers</h3>
      {markers.length === 0 ? (
        <p className="muted">No markers yet: play to a spot and add one (intro, drop, chorus…).</p>
      ) : (
        <ul className="track-markers">
          {markers.map((m) => (
            <li key={m.id}>
              <button className="btn" onClick={() => seek(m.at_s)} aria-label={`Go to ${m.label} at ${formatTime(m.at_s)}`}>
                {formatTime(m.at_s)}
              </button>
              <input
                aria-label="Marker name"
                defaultValue={m.label}
                maxLength={80}
                onBlur={(e) => e.target.value !== m.label && void saveMarkers(renamedMarker(markers, m.id, e.target.value))}
                onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
              />
              <button className="btn btn-danger" onClick={() => void saveMarkers(withoutMarker(markers, m.id))} aria-label={`Remove marker ${m.label}`}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>Loudness-matched A/B</h3>
      <label>
        Compare with{' '}
        <select value={compareId} onChange={(e) => (setCompareId(e.target.value), setSide('A'))}>
          <option value="">(choose a track)</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {String(o.title || 'Untitled')}
            </option>
          ))}
        </select>
      </label>
      {compare && (
        <div className="track-ab">
          <div role="group" aria-label="Which track you hear">
            <button className={`btn track-big${side === 'A' ? ' btn-primary' : ''}`} aria-pressed={side === 'A'} onClick={() => switchSide('A')}>
              A: {String(track.title || 'Untitled')}
            </button>
            <button className={`btn track-big${side === 'B' ? ' btn-primary' : ''}`} aria-pressed={side === 'B'} onClick={() => switchSide('B')} disabled={!urlB}>
              B: {String(compare.title || 'Untitled')}
            </button>
          </div>
          <label>
            <input type="checkbox" checked={matched} onChange={(e) => setMatched(e.target.checked)} /> Match loudness
          </label>
          {match.targetLufs == null ? (
            <p className="muted">One of the tracks has no measurable loudness, so they play as they are.</p>
          ) : (
            <p data-testid="ab-gains">
              {matched ? `Both at ${match.targetLufs.toFixed(1)} LUFS: ` : 'Not matched: '}A {matched ? fmtDb(match.gainDbA) : '0.0 dB'} · B {matched ? fmtDb(match.gainDbB) : '0.0 dB'}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

const fmtDb = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)} dB`;
