/** Sample peak and RMS over every channel, in dBFS; null for digital silence. */
export function toDbfs(amplitude: number): number | null {
  return amplitude > 0 ? 20 * Math.log10(amplitude) : null;
}

export function samplePeak(channels: Float32Array[]): number {
  let peak = 0;
  for (const x of channels) {
    for (let i = 0; i < x.length; i++) {
      const a = x[i] < 0 ? -x[i] : x[i];
      if (a > peak) peak = a;
    }
  }
  return peak;
}

/** Root mean square over all samples of all channels (a full-scale sine reads −3.01 dBFS). */
export function rms(channels: Float32Array[]): number {
  let sum = 0;
  let count = 0;
  for (const x of channels) {
    for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
    count += x.length;
  }
  return count ? Math.sqrt(sum / count) : 0;
}
