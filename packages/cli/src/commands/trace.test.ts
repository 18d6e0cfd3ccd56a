import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Trace } from "@meshwright/sim";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { run, SEED_000 } from "./cli-test-support";

const directory = mkdtempSync(join(tmpdir(), "meshwright-trace-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// Seed 000, Part 10: EKS's shell pod calls the echo service that runs in AKS, through nested HBONE.
const call = [
  "--mesh",
  SEED_000,
  "--from",
  "eks-cluster/default/eks-shell",
  "--to",
  "http://echo-service.app-a:8080/",
];

describe("meshwright trace", () => {
  it("prints the hop table and the outcome, and exits 0 when the request succeeds", async () => {
    const { code, stdout } = await run("trace", ...call);
    expect(code).toBe(0);
    expect(stdout).toContain("double HBONE");
    expect(stdout).toContain("eastwest-gateway aks-cluster/istio-system/eastwest");
    expect(stdout).toMatch(/OK {2}HTTP 200 from aks-cluster\/app-a\/echo-service-/);
  });

  it("-o json and -o yaml are the Trace", async () => {
    const json = JSON.parse((await run("trace", ...call, "-o", "json")).stdout) as Trace;
    const yaml = parse((await run("trace", ...call, "-o", "yaml")).stdout) as Trace;
    expect(yaml).toEqual(json);
    expect(json.outcome).toEqual({ ok: true });
    expect(json.hops.map((h) => h.protocol)).toEqual(["TCP", "double HBONE", "HBONE", "TCP"]);
    expect(json.endpoint?.cluster).toBe("aks-cluster");
  });

  it("a failed request prints why and the fix, and exits 1", async () => {
    const { code, stdout } = await run("trace", ...call, "--fault", "gateway-down=aks-cluster");
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL MW\d+ GATEWAY_UNREACHABLE/);
    expect(stdout).toMatch(/\n {2}why: .+\n {2}fix: .+/);
  });

  it("an unknown workload, a bad URL or an invalid mesh exit 2, without a stack trace", async () => {
    const invalid = join(directory, "invalid.yaml");
    writeFileSync(
      invalid,
      "apiVersion: meshwright.dev/v1alpha1\nkind: Mesh\nspec:\n  clusters: [{ name: a, network: ghost }]\n",
    );
    for (const argv of [
      ["trace", "--mesh", SEED_000, "--from", "nope/x/y", "--to", "http://echo-service.app-a:8080/"],
      ["trace", "--mesh", SEED_000, "--from", "eks-cluster/default/eks-shell", "--to", "::::"],
      ["trace", "--mesh", invalid, "--from", "a/b/c", "--to", "http://x:80/"],
    ]) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr, argv.join(" ")).toMatch(/^meshwright: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
