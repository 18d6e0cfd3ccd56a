import { describe, expect, it } from "vitest";
import { run, SEED_000 } from "./cli-test-support";

/** `meshwright endpoints` for EKS's shell pod towards host:port, with `extra` options. */
const endpoints = (host: string, port: string, ...extra: string[]) =>
  run(
    "endpoints",
    "--mesh",
    SEED_000,
    "--proxy",
    "eks-cluster/default/eks-shell",
    "--host",
    host,
    "--port",
    port,
    ...extra,
  );

describe("meshwright endpoints", () => {
  it("lists what the proxy holds for a service: ztunnel's split-horizon workload for AKS's echo pods", async () => {
    const { code, stdout } = await endpoints("echo-service.app-a", "8080");
    expect(code).toBe(0);
    expect(stdout).toContain("(ztunnel)");
    expect(stdout).toMatch(/split-horizon for \d+ workload\(s\)/);
    expect(stdout).not.toContain("why:");
  });

  it("says why a table is empty, in the table and in the distribution", async () => {
    for (const extra of [[], ["--distribution"]]) {
      const { code, stdout } = await endpoints("nothing.here", "80", ...extra);
      expect(code, extra.join(" ")).toBe(0);
      expect(stdout, extra.join(" ")).toContain("why: nothing.here is not a cluster.local name");
    }
  });

  it("-o json is the EndpointTable, its explanation included", async () => {
    const { stdout } = await endpoints("nothing.here", "80", "-o", "json");
    const table = JSON.parse(stdout) as { rows: unknown[]; explanation: string[] };
    expect(table.rows).toEqual([]);
    expect(table.explanation.join("\n")).toContain("kube-dns forwards it upstream");
  });

  it("a bad port is a usage error (exit 2), without a stack trace", async () => {
    const { code, stderr } = await endpoints("echo-service.app-a", "0");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^meshwright: --port must be 1-65535/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
