/**
 * True peak per ITU-R BS.1770-4 Annex 2: 4× oversampling with the Annex's 48-tap polyphase FIR
 * (four phases of 12 taps), the peak being the largest absolute value of the oversampled signal
 * (or of the samples themselves, whichever is larger).
 */
const PHASES: readonly (readonly number[])[] = [
  [0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625, 0.97216796875, -0.102294921875, 0.0476074218750, -0.0266113281250, 0.014892578125, -0.00830078125],
  [-0.0291748046875, 0.029296875, -0.0517578125, 0.089111328125, -0.16650390625, 0.465087890625, 0.77978515625, -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375],
  [-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625, -0.2003173828125, 0.77978515625, 0.465087890625, -0.16650390625, 0.089111328125, -0.0517578125, 0.029296875, -0.0291748046875],
  [-0.00830078125, 0.014892578125, -0.0266113281250, 0.0476074218750, -0.102294921875, 0.97216796875, 0.1373291015625, -0.0594482421875, 0.033203125, -0.0196533203125, 0.010986328125, 0.001708984375],
];
const TAPS = 12;
/** No output of a phase can exceed the window's largest |sample| times the phase's sum of |taps|. */
const GAIN_BOUND = Math.max(...PHASES.map((p) => p.reduce((s, h) => s + Math.abs(h), 0)));
const BLOCK = 256;

/** Largest true-peak amplitude over all channels (linear, 1.0 = 0 dBTP). */
export function truePeak(channels: Float32Array[], samplePeakAmplitude: number): number {
  let peak = samplePeakAmplitude;
  const h = PHASES.map((p) => Float64Array.from(p));
  for (const x of channels) {
    const n = x.length;
    for (let start = 0; start < n; start += BLOCK) {
      // Skip a block whose window cannot beat the peak found so far: exact, and most blocks of
      // music are skipped once a loud passage has set the peak.
      const from = Math.max(0, start - TAPS);
      const to = Math.min(n, start + BLOCK + TAPS);
      let windowMax = 0;
      for (let i = from; i < to; i++) {
        const a = x[i] < 0 ? -x[i] : x[i];
        if (a > windowMax) windowMax = a;
      }
      if (windowMax * GAIN_BOUND <= peak) continue;
      // The last block runs on past the end so the filter's tail (zeros after the track) is seen too.
      const end = start + BLOCK >= n ? n + TAPS : start + BLOCK;
      for (let i = start; i < end; i++) {
        // Output i of each phase interpolates between samples i−6 and i−5 (the filter's delay).
        for (let p = 0; p < 4; p++) {
          const taps = h[p];
          let y = 0;
          for (let t = 0; t < TAPS; t++) {
            const j = i - t;
            if (j >= 0 && j < n) y += taps[t] * x[j];
          }
          const a = y < 0 ? -y : y;
          if (a > peak) peak = a;
        }
      }
    }
  }
  return peak;
}
