/**
 * Real inputs the project did not write: every Istio sample loads unchanged with zero errors, and
 * every manifest embedded in the seed guides loads without crashing (seed 004's mis-indented YAML
 * gives exact, located diagnostics).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { parseManifests } from "./parse-manifests";
import { type SeedManifest, seedManifests } from "./test-support/seed-manifests";
import { sharedDir } from "./test-support/shared-dir";
import { validateObjects } from "./validate-object";

function loadText(text: string, file: string): { kinds: string[]; diagnostics: Diagnostic[] } {
  const parsed = parseManifests(text, file);
  const validation = validateObjects(parsed.objects, new Map([[file, text]]));
  return {
    kinds: parsed.objects.map((o) => o.object.kind),
    diagnostics: [...parsed.diagnostics, ...validation],
  };
}

const samplesDir = join(sharedDir, "fixtures/istio-samples");
const samples = readdirSync(samplesDir).filter((f) => /\.ya?ml$/.test(f));

describe("Istio samples (shared/fixtures/istio-samples) load unchanged", () => {
  it("finds the samples", () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(samples)("%s has zero diagnostics", (file) => {
    const { kinds, diagnostics } = loadText(readFileSync(join(samplesDir, file), "utf8"), file);
    expect(kinds.length).toBeGreaterThan(0);
    expect(diagnostics).toEqual([]);
  });
});

const seedsDir = join(sharedDir, "seeds");
const seeds = readdirSync(seedsDir)
  .filter((f) => f.endsWith(".md"))
  .sort();

/** A seed manifest's diagnostics as `[code, line in the guide, column, path]`. */
function seedFindings(seed: string, manifest: SeedManifest): [string, number, number, string | undefined][] {
  const { diagnostics } = loadText(manifest.text, `${seed}:${manifest.line}`);
  return diagnostics.map((d) => [d.code, manifest.line + (d.line ?? 1) - 1, d.column ?? 0, d.path]);
}

describe("manifests embedded in the seed guides", () => {
  const all = seeds.flatMap((seed) =>
    seedManifests(readFileSync(join(seedsDir, seed), "utf8")).map((manifest) => ({ seed, manifest })),
  );

  it("finds the fenced YAML blocks and heredocs of every seed", () => {
    const perSeed = seeds.map((seed) => all.filter((m) => m.seed === seed).length);
    expect(perSeed).toEqual([7, 0, 4, 12, 4]);
  });

  it("substitutes shell variables from the seed's own exports (seed 000: EKS_NETWORK)", () => {
    const gateway = all.find((m) => m.seed.startsWith("000") && m.manifest.line === 322)!;
    expect(gateway.manifest.text).toContain("topology.istio.io/network: network1");
    expect(gateway.manifest.text).not.toContain("${");
  });

  it.each(all.map((m) => [`${m.seed}:${m.manifest.line}`, m] as const))(
    "%s loads without crashing, with typed diagnostics",
    (_, { seed, manifest }) => {
      const { diagnostics } = loadText(manifest.text, `${seed}:${manifest.line}`);
      for (const d of diagnostics) expect(d.code).toMatch(/^MW1\d{3}$/);
    },
  );

  it("seed 000 (ambient EKS + AKS, Solo flavour): objects load with zero errors", () => {
    const errors = all
      .filter((m) => m.seed.startsWith("000"))
      .flatMap((m) => loadText(m.manifest.text, m.seed).diagnostics.filter((d) => d.severity === "error"));
    expect(errors).toEqual([]);
  });

  it("seed 004's mis-indented DestinationRule / VirtualService: exact located diagnostics", () => {
    const block = all.find((m) => m.seed.startsWith("004") && m.manifest.line === 376)!;
    const seed = block.seed;
    // DestinationRule: `labels:` indented under `- name: cluster1` continues the name's scalar;
    // VirtualService: `match:` / `route:` are one column right of `- name:`.
    expect(seedFindings(seed, block.manifest)).toEqual([
      ["MW1001", 383, 9, undefined],
      ["MW1001", 383, 9, undefined],
      ["MW1001", 386, 9, undefined],
      ["MW1001", 386, 9, undefined],
      ["MW1001", 399, 1, undefined],
      ["MW1001", 402, 1, undefined],
      ["MW1001", 407, 1, undefined],
      ["MW1001", 410, 1, undefined],
    ]);
  });

  it("seed 004's mis-indented Gateway: metadata.name is missing (name is not under metadata)", () => {
    const block = all.find((m) => m.seed.startsWith("004") && m.manifest.line === 264)!;
    expect(seedFindings(block.seed, block.manifest)).toEqual([["MW1300", 266, 1, "$.metadata"]]);
  });
});
