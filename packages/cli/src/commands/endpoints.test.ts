import { describe, expect, it } from "vitest";
import { run, SEED_000 } from "./cli-test-support";

const proxy = ["--mesh", SEED_000, "--proxy", "eks-cluster/default/eks-shell"];

describe("meshwright endpoints", () => {
  it("lists what the proxy holds for a service: ztunnel's split-horizon workload for AKS's echo pods", async () => {
    const { code, stdout } = await run(
      "endpoints",
      ...proxy,
      "--host",
      "echo-service.app-a",
      "--port",
      "8080",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("(ztunnel)");
    expect(stdout).toMatch(/split-horizon for \d+ workload\(s\)/);
    expect(stdout).not.toContain("why:");
  });

  it("says why a table is empty, in the table and in the distribution", async () => {
    for (const extra of [[], ["--distribution"]]) {
      const { code, stdout } = await run(
        "endpoints",
        ...proxy,
        "--host",
        "nothing.here",
        "--port",
        "80",
        ...extra,
      );
      expect(code, extra.join(" ")).toBe(0);
      expect(stdout, extra.join(" ")).toContain("why: nothing.here is not a cluster.local name");
    }
  });

  it("-o json is the EndpointTable, its explanation included", async () => {
    const { stdout } = await run(
      "endpoints",
      ...proxy,
      "--host",
      "nothing.here",
      "--port",
      "80",
      "-o",
      "json",
    );
    const table = JSON.parse(stdout) as { rows: unknown[]; explanation: string[] };
    expect(table.rows).toEqual([]);
    expect(table.explanation.join("\n")).toContain("kube-dns forwards it upstream");
  });

  it("a bad port is a usage error (exit 2), without a stack trace", async () => {
    const { code, stderr } = await run("endpoints", ...proxy, "--host", "echo-service.app-a", "--port", "0");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^meshwright: --port must be 1-65535/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
