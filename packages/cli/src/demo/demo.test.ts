import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDemoDiagrams } from "./demo-diagrams";
import { runSeed000Demo } from "./seed-000-demo";

describe("the seed-000 demo (the README's main job)", () => {
  it("runs end to end in well under 10 s, matches the guide, writes cacerts (keys 0600), report material and diagrams", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "meshwright-demo-"));
    const started = performance.now();
    const report = await runSeed000Demo({ outDir, at: new Date("2026-06-01T00:00:00Z") });
    const diagrams = await writeDemoDiagrams(outDir, report);
    expect(performance.now() - started).toBeLessThan(10_000);

    expect(report.ok).toBe(true);
    expect(report.part10.map((c) => [c.id, c.trace.outcome.ok])).toEqual([
      ["eks-to-aks", true],
      ["aks-to-ecs-1", true],
      ["ecs-1-to-ecs-2", true],
      ["ecs-1-to-aks", true],
    ]);
    const [allowed, denied] = report.part11;
    expect(allowed!.trace.outcome.ok).toBe(true);
    expect(denied!.trace.outcome).toMatchObject({ ok: false, name: "AUTHZ_DENIED_TCP" });
    expect(denied!.trace.symptom).toBe("curl: (56) Recv failure: Connection reset by peer");
    expect(report.pki.clusters.every((c) => c.istiodLoads)).toBe(true);

    for (const cluster of ["eks-cluster", "aks-cluster"]) {
      expect(statSync(join(outDir, "certs", cluster, "ca-key.pem")).mode & 0o777).toBe(0o600);
    }
    expect(diagrams.map((f) => f.slice(outDir.length + 1)).sort()).toEqual([
      "ecs-to-aks-denied.svg",
      "eks-to-aks.mmd",
      "eks-to-aks.svg",
      "topology.mmd",
      "topology.svg",
    ]);
    for (const file of diagrams) expect(readFileSync(file, "utf8")).not.toContain("PRIVATE KEY");
    expect(JSON.stringify(report)).not.toContain("PRIVATE KEY");
  });
});
