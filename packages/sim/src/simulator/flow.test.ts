import { describe, expect, it } from "vitest";
import { Flow } from "./flow";

const hop = {
  from: { role: "sidecar", id: "a" },
  to: { role: "sidecar", id: "b", address: "10.0.0.2:8080" },
  protocol: "TCP",
} as const;

describe("Flow", () => {
  it("makes later decisions only when the hop's decisions are read, in their place", () => {
    const flow = new Flow();
    let made = 0;
    flow.decide("dns", "resolved", "kube-dns");
    flow.decideLater(() => {
      made++;
      return [{ kind: "wds", decision: "2 workloads as-is", reason: "local network" }];
    });
    flow.add(hop);
    flow.decide("endpoint-pick", "b", "only one");
    const { hops } = flow.result();
    expect(made).toBe(0);
    expect(Object.keys(hops[0]!)).toEqual(["index", "from", "to", "protocol", "tls", "decisions"]);
    expect(hops[0]!.decisions.map((d) => d.kind)).toEqual(["dns", "wds", "endpoint-pick"]);
    expect(hops[0]!.decisions.map((d) => d.kind)).toEqual(["dns", "wds", "endpoint-pick"]);
    expect(made).toBe(1);
    expect(JSON.parse(JSON.stringify(hops[0]!)).decisions).toHaveLength(3);
  });

  it("leaves hops without later decisions as plain data", () => {
    const flow = new Flow();
    flow.add(hop);
    flow.decide("route", "default", "no VirtualService");
    const { hops } = flow.result();
    expect(Object.getOwnPropertyDescriptor(hops[0]!, "decisions")?.value).toEqual([
      { kind: "route", decision: "default", reason: "no VirtualService" },
    ]);
  });
});
