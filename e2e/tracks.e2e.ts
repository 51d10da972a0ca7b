import { describe, expect, it } from 'vitest';
import { clickTrack } from '@ignition/shared/audio/test-signals.ts';
import { encodeWav } from '@ignition/shared/audio/wav.ts';
import { HAVE_CHROMIUM, openApp, setOffline, signedInThenOffline, signIn, syncAndWait, useWorld } from './harness.ts';

const EMAIL = 'producer@example.com';

describe.skipIf(!HAVE_CHROMIUM)('reference tracks, offline then synced', () => {
  const w = useWorld(['studio', 'laptop']);

  it('imports and analyses a WAV offline, keeps audio and a marker across a reload, and another device gets the analysis and marker but not the audio', async () => {
    const { page, context } = w.studio;
    await signedInThenOffline(w.studio, w.server.url, EMAIL);
    await page.locator('.side-nav').getByRole('link', { name: 'Tracks' }).click();
    await page.getByRole('heading', { name: 'No reference tracks yet' }).waitFor();
    expect(await page.getByTestId('audio-stays').textContent()).toContain('The audio stays on this device');

    // A 12-second click track at 120 BPM, made here: no downloaded audio.
    const wav = Buffer.from(encodeWav(clickTrack(120, 12)));
    await page.getByTestId('track-file-input').setInputFiles({ name: 'Studio Ref - Click 120.wav', mimeType: 'audio/wav', buffer: wav });
    const item = page.getByTestId('track-item').first();
    const figures = item.getByTestId('track-figures');
    await figures.getByText(/BPM$/).waitFor({ timeout: 60_000 });
    const text = (await figures.textContent()) ?? '';
    const bpm = Number(/([\d.]+) BPM/.exec(text)?.[1]);
    expect(Math.abs(bpm - 120)).toBeLessThan(0.5);
    expect(text).toMatch(/-?\d+\.\d LUFS/);
    expect(text).toMatch(/dBTP/);
    expect(await item.getByLabel('Title').inputValue()).toBe('Click 120');
    expect(await item.getByLabel('Artist').inputValue()).toBe('Studio Ref');
    await item.getByText('Audio on this device').waitFor();
    // Tags edit like the title (saved when the field is left).
    await item.getByLabel('Tags').fill('click, test');
    await item.getByLabel('Tags').press('Tab');

    // The waveform is drawn from the stored overview.
    const wave = page.getByTestId('track-waveform');
    await wave.waitFor();
    const inked = await wave.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(500);

    // Seek to the middle by clicking the waveform, add a marker there and name it.
    const box = (await wave.boundingBox())!;
    await wave.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.getByText(/^0:06\.0 \//).waitFor();
    await page.getByRole('button', { name: '+ Marker' }).click();
    const markerName = page.getByLabel('Marker name');
    await markerName.waitFor();
    await markerName.fill('drop');
    await markerName.press('Enter');
    await page.getByRole('button', { name: 'Go to drop at 0:06.0' }).waitFor();

    // Reload, still offline: the track, its audio and its marker are all on the device.
    await page.reload();
    await page.getByTestId('track-item').first().waitFor();
    await page.getByTestId('track-item').first().getByText('Audio on this device').waitFor();
    await page.getByRole('button', { name: 'Open in player' }).click();
    await page.getByRole('button', { name: 'Go to drop at 0:06.0' }).waitFor();
    expect(await page.getByRole('button', { name: 'Play' }).isEnabled()).toBe(true);
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM tracks')).rows[0].n)).toBe(0);

    // Online: the analysis, tags and marker reach the server; the audio does not.
    await setOffline(context, false);
    await syncAndWait(page);
    const rows = (await w.server.db.execute('SELECT title, artist, tags, markers, analysis, content_sha256, analyzer_version FROM tracks')).rows;
    expect(rows).toHaveLength(1);
    const markers = JSON.parse(String(rows[0].markers)) as Array<{ label: string; at_s: number }>;
    expect(markers.map((m) => m.label)).toEqual(['drop']);
    expect(Math.abs(markers[0].at_s - 6)).toBeLessThan(0.1);
    expect(JSON.parse(String(rows[0].tags))).toEqual(['click', 'test']);
    expect(Math.abs(JSON.parse(String(rows[0].analysis)).bpm - 120)).toBeLessThan(0.5);
    expect(String(rows[0].content_sha256)).toMatch(/^[0-9a-f]{64}$/);

    // A second device signs in: it sees the analysis and the marker, and says the audio is not here.
    const laptop = w.laptop.page;
    await openApp(laptop, w.server.url);
    await signIn(laptop, EMAIL);
    await syncAndWait(laptop);
    await laptop.locator('.side-nav').getByRole('link', { name: 'Tracks' }).click();
    const other = laptop.getByTestId('track-item').first();
    await other.getByText(/BPM$/).waitFor();
    expect(await other.getByLabel('Title').inputValue()).toBe('Click 120');
    await other.getByText('Audio not on this device', { exact: false }).waitFor();
    await laptop.getByRole('button', { name: 'Open in player' }).click();
    await laptop.getByRole('button', { name: 'Go to drop at 0:06.0' }).waitFor();
    expect(await laptop.getByRole('button', { name: 'Play' }).isDisabled()).toBe(true);
    await laptop.getByTestId('track-waveform').waitFor();
    const audioHere = await laptop.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('ignition');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('track_audio').objectStore('track_audio').count();
            req.onsuccess = () => (resolve(req.result), open.result.close());
            req.onerror = () => reject(req.error);
          };
        }),
    );
    expect(audioHere).toBe(0);

    // The same file imported there is not analysed again: the synced analysis is reused, the audio kept.
    await laptop.getByTestId('track-file-input').setInputFiles({ name: 'renamed copy.wav', mimeType: 'audio/wav', buffer: wav });
    await laptop.getByText('was analysed before (same file, same analyser): its analysis is reused.', { exact: false }).waitFor();
    expect(await laptop.getByTestId('track-item').count()).toBe(1);
    await laptop.getByTestId('track-item').first().getByText('Audio on this device').waitFor();
    expect(await laptop.getByRole('button', { name: 'Play' }).isEnabled()).toBe(true);

    // A quieter second track: the loudness-matched A/B turns the louder one down, and says by how much.
    const quiet = clickTrack(120, 12);
    for (const ch of quiet.channels) for (let i = 0; i < ch.length; i++) ch[i] *= 0.5; // −6.02 dB
    await laptop.getByTestId('track-file-input').setInputFiles({ name: 'My Mix.wav', mimeType: 'audio/wav', buffer: Buffer.from(encodeWav(quiet)) });
    await laptop.getByTestId('track-item').nth(1).waitFor();
    await laptop.getByText('“My Mix.wav” imported and analysed.').waitFor({ timeout: 60_000 });
    await laptop.getByTestId('track-item').filter({ has: laptop.locator('input[value="Click 120"]') }).getByRole('button', { name: 'Open in player' }).click();
    await laptop.getByLabel('Compare with').selectOption({ label: 'My Mix' });
    const gains = (await laptop.getByTestId('ab-gains').textContent()) ?? '';
    expect(gains).toMatch(/A −6\.0 dB · B 0\.0 dB/);

    // Keyboard: arrows seek from the waveform, M adds a marker at the playhead.
    await laptop.getByTestId('track-waveform').focus();
    await laptop.keyboard.press('ArrowRight');
    await laptop.getByText(/^0:05\.0 \//).waitFor();
    await laptop.keyboard.press('m');
    await laptop.getByRole('button', { name: 'Go to Marker 2 at 0:05.0' }).waitFor();
  }, 180_000);
});
