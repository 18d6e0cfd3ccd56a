import { describe, expect, it } from "vitest";
import { matrixToCsv } from "./matrix-csv";
import { matrixToTable } from "./matrix-table";
import type { ReachabilityMatrix } from "./types";

const matrix: ReachabilityMatrix = {
  classes: [
    {
      id: "c1/shop|sa=web|sidecar|n1|r/z/",
      label: "c1/shop/web",
      cluster: "c1",
      namespace: "shop",
      serviceAccount: "web",
      identity: "spiffe://cluster.local/ns/shop/sa/web",
      dataplane: "sidecar",
      kind: "Pod",
      network: "n1",
      locality: "r/z/",
      labels: {},
      members: ["c1/shop/web-1"],
      representative: "c1/shop/web-1",
    },
  ],
  destinations: [
    {
      id: "api.shop.svc.cluster.local:9090",
      host: "api.shop.svc.cluster.local",
      port: 9090,
      service: "shop/api",
      protocol: "tcp",
      url: "tcp://api.shop.svc.cluster.local:9090",
      clusters: ["c1"],
    },
  ],
  cells: [
    {
      source: "c1/shop|sa=web|sidecar|n1|r/z/",
      destination: "api.shop.svc.cluster.local:9090",
      ok: false,
      code: "MW6506",
      name: "AUTHZ_DENIED_TCP",
      symptom: "curl: (56) Recv failure, reset",
      servedBy: { c2: 0.25, c1: 0.75 },
      sample: "c1/shop/web-1",
    },
  ],
  totals: { cells: 1, ok: 0, failed: 1 },
  requests: 1,
  diagnostics: [],
};

describe("matrix renderings", () => {
  it("CSV: one quoted-where-needed line per cell, shares by cluster name", () => {
    expect(matrixToCsv(matrix)).toBe(
      "source,destination,ok,code,name,symptom,served_by,sample\n" +
        'c1/shop|sa=web|sidecar|n1|r/z/,api.shop.svc.cluster.local:9090,false,MW6506,AUTHZ_DENIED_TCP,"curl: (56) Recv failure, reset",c1=0.75;c2=0.25,c1/shop/web-1\n',
    );
  });

  it("table: a grid of classes × destinations with the failure name, and a summary", () => {
    const table = matrixToTable(matrix).split("\n");
    const label = "c1/shop/web (sidecar, r/z)";
    expect(table[0]).toBe(`${"SOURCE".padEnd(label.length)} | api.shop:9090`);
    expect(table[1]).toBe(`${"-".repeat(label.length)}-+-${"-".repeat("AUTHZ_DENIED_TCP".length)}`);
    expect(table[2]).toBe(`${label} | AUTHZ_DENIED_TCP`);
    expect(table[3]).toBe("1 source class(es) × 1 destination(s): 0 ok, 1 failed (1 request(s) simulated)");
  });
});
