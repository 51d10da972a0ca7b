/** In-place radix-2 complex FFT on split real/imaginary arrays, tables cached per size. */
interface FftTables {
  reverse: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

const tables = new Map<number, FftTables>();

function tablesFor(n: number): FftTables {
  let t = tables.get(n);
  if (t) return t;
  if (n < 2 || (n & (n - 1)) !== 0) throw new Error(`FFT size must be a power of two, got ${n}`);
  const bits = Math.log2(n);
  const reverse = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = -Math.sin((2 * Math.PI * i) / n);
  }
  t = { reverse, cos, sin };
  tables.set(n, t);
  return t;
}

export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  const { reverse, cos, sin } = tablesFor(n);
  for (let i = 0; i < n; i++) {
    const j = reverse[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, w = 0; k < half; k++, w += step) {
        const a = start + k;
        const b = a + half;
        const wr = cos[w];
        const wi = sin[w];
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/**
 * Power spectra (bins 0…n/2) of two real frames with one complex FFT: frame a goes in the real
 * part, frame b in the imaginary part, and the two spectra are separated by conjugate symmetry.
 * Halves the cost of a short-time Fourier transform.
 */
export function powerSpectraOfTwo(
  re: Float64Array,
  im: Float64Array,
  outA: Float64Array,
  outB: Float64Array,
): void {
  fft(re, im);
  const n = re.length;
  for (let k = 0; k <= n / 2; k++) {
    const j = (n - k) & (n - 1);
    const ar = (re[k] + re[j]) / 2;
    const ai = (im[k] - im[j]) / 2;
    const br = (im[k] + im[j]) / 2;
    const bi = (re[j] - re[k]) / 2;
    outA[k] = ar * ar + ai * ai;
    outB[k] = br * br + bi * bi;
  }
}
