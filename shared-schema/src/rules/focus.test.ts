import { describe, expect, it } from 'vitest';
import { focusState, expiresAt, nextModeAfter, pauseFields, resumeFields, clampMinutes, settleFocus, focusedSeconds, completeFields, formatClock } from './focus.ts';

const start = '2026-11-24T10:00:00.000Z';
const at = (min: number) => Date.parse(start) + min * 60_000;
const session = { duration: 25 * 60, started_at: start, paused_total: 0, paused_at: null, status: 'active' };

describe('the focus timer from timestamps', () => {
  it('counts down from the start time', () => {
    expect(focusState(session, at(10)).remainingMs).toBe(15 * 60_000);
    expect(focusState(session, at(25)).isFinished).toBe(true);
  });

  it('does not count a pause as focus', () => {
    const paused = { ...session, ...pauseFields(session, at(10)) };
    expect(focusState(paused, at(20)).remainingMs).toBe(15 * 60_000);
    expect(focusState(paused, at(20)).isPaused).toBe(true);
    const resumed = { ...paused, ...resumeFields(paused, at(20)) };
    expect(resumed.paused_total).toBe(600);
    expect(focusState(resumed, at(30)).remainingMs).toBe(5 * 60_000);
    expect(focusState(resumed, at(35)).isFinished).toBe(true);
  });

  it('expires at start + 2 × planned + pauses', () => {
    expect(expiresAt(start, 1500, 600)).toBe('2026-11-24T11:00:00.000Z');
    expect(focusState(session, at(50)).isExpired).toBe(false);
    expect(focusState(session, at(51)).isExpired).toBe(true);
    const resumed = { ...session, paused_total: 600 };
    expect(focusState(resumed, at(59)).isExpired).toBe(false);
  });

  it('offers a long break after every fourth focus session', () => {
    expect([1, 2, 3, 4, 5, 8].map(nextModeAfter)).toEqual(['short_break', 'short_break', 'short_break', 'long_break', 'short_break', 'long_break']);
  });

  it('keeps durations within the limits', () => {
    expect(clampMinutes('focus', 500)).toBe(120);
    expect(clampMinutes('short_break', 0)).toBe(1);
  });
});

describe('settling a session when the app opens', () => {
  it('completes a running session at its scheduled end, pauses included, even if opened much later', () => {
    const resumed = { ...session, paused_total: 300 };
    expect(settleFocus(resumed, at(29))).toBeNull();
    expect(settleFocus(resumed, at(45))).toEqual({ status: 'completed', completed_at: '2026-11-24T10:30:00.000Z' });
    expect(focusedSeconds({ ...resumed, completed_at: '2026-11-24T10:30:00.000Z' })).toBe(1500);
  });

  it('abandons a session left paused past its expiry, and keeps one paused within it', () => {
    const paused = { ...session, ...pauseFields(session, at(10)) };
    expect(settleFocus(paused, at(49))).toBeNull();
    expect(settleFocus(paused, at(51))).toMatchObject({ status: 'abandoned' });
  });

  it('completes early by hand at now, and never after the scheduled end', () => {
    expect(completeFields(session, at(12))).toMatchObject({ status: 'completed', completed_at: '2026-11-24T10:12:00.000Z' });
    expect(completeFields(session, at(40)).completed_at).toBe('2026-11-24T10:25:00.000Z');
    const paused = { ...session, ...pauseFields(session, at(10)) };
    const done = completeFields(paused, at(20));
    expect(done.paused_total).toBe(600);
    expect(focusedSeconds({ ...session, ...done })).toBe(600);
  });

  it('leaves finished sessions alone and formats the remaining time for the title', () => {
    expect(settleFocus({ ...session, status: 'completed' }, at(90))).toBeNull();
    expect(formatClock(25 * 60_000)).toBe('25:00');
    expect(formatClock(61_500)).toBe('1:02');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});
