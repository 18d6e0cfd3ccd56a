/** Small measuring helpers shared by the benches: wall time, percentiles and peak memory. */
import { performance } from "node:perf_hooks";

/** Runs `fn` and returns its result and duration in milliseconds. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** The p-th percentile (0..100) of samples (sorted copy; nearest-rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Peak resident set size of this process so far, in MiB (from the OS, so it includes native memory). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Prints one figure line: `name: value unit (target ...)`, and whether the target is met. */
export function report(name: string, value: number, unit: string, target?: { max: number }): void {
  const verdict = target
    ? value <= target.max
      ? `  [target <= ${target.max} ${unit}: met]`
      : `  [target <= ${target.max} ${unit}: MISSED]`
    : "";
  process.stdout.write(`${name}: ${value.toFixed(value < 10 ? 3 : 1)} ${unit}${verdict}\n`);
}
