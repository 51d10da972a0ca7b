/**
 * The mono mix at about 11 kHz that tempo and key work on: both need only what is below 5 kHz,
 * and a quarter of the samples is a quarter of the Fourier transforms.
 */
const TARGET_RATE = 11025;

export interface MonoSignal {
  samples: Float32Array;
  sampleRate: number;
}

function mixdown(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const n = channels[0]?.length ?? 0;
  const out = new Float32Array(n);
  const scale = 1 / channels.length;
  for (const x of channels) for (let i = 0; i < n; i++) out[i] += x[i] * scale;
  return out;
}

/** Windowed-sinc low-pass at 90 % of the new Nyquist frequency, applied only where an output sample falls. */
function decimate(x: Float32Array, factor: number): Float32Array {
  if (factor === 1) return x;
  const half = 4 * factor;
  const taps = new Float64Array(2 * half + 1);
  const cutoff = 0.45 / factor; // cycles per input sample
  let sum = 0;
  for (let i = -half; i <= half; i++) {
    const sinc = i === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * i) / (Math.PI * i);
    const blackman = 0.42 + 0.5 * Math.cos((Math.PI * i) / (half + 1)) + 0.08 * Math.cos((2 * Math.PI * i) / (half + 1));
    taps[i + half] = sinc * blackman;
    sum += taps[i + half];
  }
  for (let i = 0; i < taps.length; i++) taps[i] /= sum;
  const out = new Float32Array(Math.floor(x.length / factor));
  const n = x.length;
  for (let o = 0; o < out.length; o++) {
    const centre = o * factor;
    let y = 0;
    if (centre - half >= 0 && centre + half < n) {
      for (let t = 0, j = centre - half; t < taps.length; t++, j++) y += taps[t] * x[j];
    } else {
      for (let t = 0, j = centre - half; t < taps.length; t++, j++) if (j >= 0 && j < n) y += taps[t] * x[j];
    }
    out[o] = y;
  }
  return out;
}

export function analysisMono(channels: Float32Array[], sampleRate: number): MonoSignal {
  const factor = Math.max(1, Math.floor(sampleRate / TARGET_RATE));
  return { samples: decimate(mixdown(channels), factor), sampleRate: sampleRate / factor };
}
