import type { Options } from "tsup";

/** One build recipe for every package: ESM + CJS + .d.ts, Node 22 target, dependencies external. */
export function packageBuild(entry: Record<string, string>): Options {
  return {
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node22",
    tsconfig: "../../tsconfig.build.json",
  };
}
