/**
 * Loudness per ITU-R BS.1770-4 (K-weighting, 400 ms gating blocks, absolute gate −70 LUFS and
 * relative gate −10 LU) and loudness range per EBU Tech 3342 (3 s short-term loudness, gates
 * −70 LUFS and −20 LU, 95th minus 10th percentile).
 *
 * Both gate on blocks that start every 100 ms, so the K-weighted signal is reduced once to the
 * channel-weighted mean square of each 100 ms sub-block; a block's power is the mean of its
 * sub-blocks' (4 for a gating block, 30 for a short-term window).
 */
const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const LRA_RELATIVE_GATE_LU = -20;

/** K-weighting (pre-filter shelf + RLB high-pass) for any sample rate, from the analogue prototypes. */
function kWeightingCoefficients(fs: number): { b: number[]; a: number[] }[] {
  let f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / fs);
  const vh = Math.pow(10, gainDb / 20);
  const vb = Math.pow(vh, 0.4996667741545416);
  let a0 = 1 + k / q + k * k;
  const shelf = {
    b: [(vh + (vb * k) / q + k * k) / a0, (2 * (k * k - vh)) / a0, (vh - (vb * k) / q + k * k) / a0],
    a: [1, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0],
  };
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / fs);
  a0 = 1 + k / q + k * k;
  const highPass = { b: [1, -2, 1], a: [1, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0] };
  return [shelf, highPass];
}

/** BS.1770 channel weights: 1.0 for front channels, 1.41 for surrounds, 0 for LFE (5.1 order L R C LFE Ls Rs). */
function channelWeights(count: number): number[] {
  if (count === 6) return [1, 1, 1, 0, 1.41, 1.41];
  if (count === 5) return [1, 1, 1, 1.41, 1.41];
  return Array.from({ length: count }, () => 1);
}

/**
 * Channel-weighted mean square of the K-weighted signal in each whole 100 ms sub-block.
 * `onChannel` is told after each channel (the filtering is most of the work).
 */
export function kWeightedSubBlockPower(
  channels: Float32Array[],
  sampleRate: number,
  onChannel?: (done: number) => void,
): Float64Array {
  const subBlock = Math.round(sampleRate / 10);
  const length = channels[0]?.length ?? 0;
  const count = Math.floor(length / subBlock);
  const power = new Float64Array(count);
  const weights = channelWeights(channels.length);
  const [shelf, highPass] = kWeightingCoefficients(sampleRate);
  const [sb0, sb1, sb2] = shelf.b;
  const [, sa1, sa2] = shelf.a;
  const [, ha1, ha2] = highPass.a;
  channels.forEach((x, c) => {
    const weight = weights[c];
    if (weight > 0) {
      // Direct form II transposed, two sections, state kept across sub-blocks.
      let s1 = 0, s2 = 0, h1 = 0, h2 = 0;
      for (let block = 0; block < count; block++) {
        let sum = 0;
        const end = (block + 1) * subBlock;
        for (let i = block * subBlock; i < end; i++) {
          const input = x[i];
          const y = sb0 * input + s1;
          s1 = sb1 * input - sa1 * y + s2;
          s2 = sb2 * input - sa2 * y;
          // RLB high-pass: b = [1, -2, 1].
          const z = y + h1;
          h1 = -2 * y - ha1 * z + h2;
          h2 = y - ha2 * z;
          sum += z * z;
        }
        power[block] += (weight * sum) / subBlock;
      }
    }
    onChannel?.(c + 1);
  });
  return power;
}

function loudnessOf(power: number): number {
  return -0.691 + 10 * Math.log10(power);
}

/** Mean power of windows of `span` sub-blocks starting at every sub-block. */
function windowPowers(subBlockPower: Float64Array, span: number): Float64Array {
  const count = subBlockPower.length - span + 1;
  if (count <= 0) return new Float64Array(0);
  const out = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < span; i++) sum += subBlockPower[i];
  out[0] = sum / span;
  for (let i = 1; i < count; i++) {
    sum += subBlockPower[i + span - 1] - subBlockPower[i - 1];
    out[i] = Math.max(0, sum / span);
  }
  return out;
}

function gatedMeanPower(powers: Float64Array, thresholdLufs: number): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const p of powers) {
    if (p > 0 && loudnessOf(p) > thresholdLufs) {
      sum += p;
      count++;
    }
  }
  return { mean: count ? sum / count : 0, count };
}

/** Integrated loudness in LUFS; null when no 400 ms block is above the absolute gate. */
export function integratedLoudness(subBlockPower: Float64Array): number | null {
  const blocks = windowPowers(subBlockPower, 4);
  const absolute = gatedMeanPower(blocks, ABSOLUTE_GATE_LUFS);
  if (!absolute.count) return null;
  const relativeGate = Math.max(ABSOLUTE_GATE_LUFS, loudnessOf(absolute.mean) + RELATIVE_GATE_LU);
  const gated = gatedMeanPower(blocks, relativeGate);
  return gated.count ? loudnessOf(gated.mean) : null;
}

/** Loudness range in LU; null when no 3 s window is above the absolute gate. */
export function loudnessRange(subBlockPower: Float64Array): number | null {
  const windows = windowPowers(subBlockPower, 30);
  const absolute = gatedMeanPower(windows, ABSOLUTE_GATE_LUFS);
  if (!absolute.count) return null;
  const relativeGate = loudnessOf(absolute.mean) + LRA_RELATIVE_GATE_LU;
  const kept: number[] = [];
  for (const p of windows) {
    if (p <= 0) continue;
    const l = loudnessOf(p);
    if (l > ABSOLUTE_GATE_LUFS && l > relativeGate) kept.push(l);
  }
  if (!kept.length) return null;
  kept.sort((a, b) => a - b);
  const at = (p: number) => kept[Math.min(kept.length - 1, Math.round((kept.length - 1) * p))];
  return at(0.95) - at(0.1);
}
