import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { waveformColumns } from '@ignition/shared/audio/waveform.ts';
import type { WaveformOverview } from '@ignition/shared/audio/types.ts';
import { formatTime, type TrackMarker } from './tracks-logic.ts';

/**
 * The stored waveform overview drawn at the element's own width (no audio needed), with the
 * playhead, the markers and the A/B loop. Click or tap to seek; as a slider it takes the arrows.
 */
export function Waveform({
  waveform,
  duration,
  position,
  markers,
  loop,
  onSeek,
}: {
  waveform: WaveformOverview;
  duration: number;
  position: number;
  markers: TrackMarker[];
  loop: { a: number | null; b: number | null };
  onSeek: (s: number) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(600);
  const height = 120;

  useEffect(() => {
    const el = canvas.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.max(50, Math.round(entry.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = globalThis.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(el);
    const accent = style.getPropertyValue('--accent').trim() || '#ea580c';
    const muted = style.getPropertyValue('--muted').trim() || '#888';
    const x = (s: number) => (duration > 0 ? (s / duration) * width : 0);
    if (loop.a != null && loop.b != null) {
      ctx.fillStyle = 'rgb(59 130 246 / 0.18)';
      ctx.fillRect(x(loop.a), 0, x(loop.b) - x(loop.a), height);
    }
    const cols = waveformColumns(waveform, width);
    const mid = height / 2;
    const played = x(position);
    for (let c = 0; c < cols.min.length; c++) {
      ctx.fillStyle = c < played ? accent : muted;
      const top = mid - Math.max(0, cols.max[c]) * mid;
      const bottom = mid - Math.min(0, cols.min[c]) * mid;
      ctx.fillRect(c, top, 1, Math.max(1, bottom - top));
    }
    ctx.fillStyle = '#3b82f6';
    for (const m of markers) ctx.fillRect(x(m.at_s) - 1, 0, 2, height);
    ctx.fillStyle = style.getPropertyValue('--text').trim() || '#111';
    ctx.fillRect(played - 1, 0, 2, height);
  }, [waveform, width, position, markers, loop.a, loop.b, duration]);

  const seekAt = (clientX: number) => {
    const r = canvas.current!.getBoundingClientRect();
    onSeek(Math.min(duration, Math.max(0, ((clientX - r.left) / r.width) * duration)));
  };
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 1 : 5;
    if (e.key === 'ArrowLeft') onSeek(Math.max(0, position - step));
    else if (e.key === 'ArrowRight') onSeek(Math.min(duration, position + step));
    else if (e.key === 'Home') onSeek(0);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <canvas
      ref={canvas}
      className="track-waveform"
      style={{ height }}
      role="slider"
      tabIndex={0}
      aria-label="Waveform: click to seek"
      aria-valuemin={0}
      aria-valuemax={Math.round(duration)}
      aria-valuenow={Math.round(position)}
      aria-valuetext={`${formatTime(position)} of ${formatTime(duration)}`}
      data-testid="track-waveform"
      onPointerDown={(e) => seekAt(e.clientX)}
      onKeyDown={onKey}
    />
  );
}
