import { describe, expect, it } from "vitest";
import { allocateServiceEntryAddresses, autoAllocationMode, fnv1a32 } from "./auto-allocate";
import { parseExportTo } from "./export-to";
import type { ServiceEntryService } from "./service-entry";

function entry(
  namespace: string,
  hostname: string,
  overrides: Partial<ServiceEntryService> = {},
): ServiceEntryService {
  return {
    key: `${namespace}/${hostname}`,
    hostname,
    namespace,
    entryName: overrides.entryName ?? hostname,
    cluster: "c1",
    location: "MESH_EXTERNAL",
    resolution: "DNS",
    addresses: [],
    statusAddresses: [],
    ports: [{ number: 80, name: "http", protocol: "HTTP" }],
    endpoints: [],
    endpointSource: "hostname",
    selectedWorkloads: [],
    exportTo: parseExportTo(undefined, namespace, ["*"], "").exportTo,
    subjectAltNames: [],
    labels: {},
    autoAllocateOptOut: false,
    ...overrides,
  };
}

describe("allocator choice (PILOT_ENABLE_IP_AUTOALLOCATE default true)", () => {
  it("runs the controller unless the flag is explicitly false", () => {
    expect(autoAllocationMode({}, false)).toBe("controller");
    expect(autoAllocationMode({ PILOT_ENABLE_IP_AUTOALLOCATE: "true" }, false)).toBe("controller");
    expect(autoAllocationMode({ PILOT_ENABLE_IP_AUTOALLOCATE: "false" }, true)).toBe("hash");
    expect(autoAllocationMode({ PILOT_ENABLE_IP_AUTOALLOCATE: "false" }, false)).toBe("off");
  });
});

describe("legacy hash allocation (serviceentry/controller_test.go Test_autoAllocateIP_values)", () => {
  const hash = (services: ServiceEntryService[]) => allocateServiceEntryAddresses(services, "hash").addresses;

  it("FNV-1a 32 matches Go's hash/fnv New32a", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
  });
  it("allocate IP for dns lb: /foo.com → 240.240.227.81, 2001:2::f0f0:e351", () => {
    expect(hash([entry("", "foo.com")]).get("/foo.com")).toEqual({
      v4: "240.240.227.81",
      v6: "2001:2::f0f0:e351",
    });
  });
  it("collision: a17061/a44155.example.com get 240.240.25.11 and 240.240.31.17 by double hashing", () => {
    const out = hash([entry("", "a17061.example.com"), entry("", "a44155.example.com")]);
    expect(out.get("/a17061.example.com")?.v4).toBe("240.240.25.11");
    expect(out.get("/a17061.example.com")?.v6).toBe("2001:2::f0f0:19b");
    expect(out.get("/a44155.example.com")?.v4).toBe("240.240.31.17");
    expect(out.get("/a44155.example.com")?.v6).toBe("2001:2::f0f0:1f11");
  });
  it("stable IP, not affected by another namespace: a/ → 240.240.134.206, b/ → 240.240.41.100", () => {
    const out = hash([entry("a", "a.example.com"), entry("b", "a.example.com")]);
    expect(out.get("a/a.example.com")?.v4).toBe("240.240.134.206");
    expect(out.get("b/a.example.com")?.v4).toBe("240.240.41.100");
  });
  it("skips wildcards, resolution NONE and hosts with addresses", () => {
    const out = hash([
      entry("", "*.foo.com"),
      entry("", "none.com", { resolution: "NONE" }),
      entry("", "addr.com", { addresses: ["1.1.1.1"] }),
    ]);
    expect(out.size).toBe(0);
  });
  it("Test_legacyAutoAllocateIP_values: 65024 hosts fill the range, never x.x.x.0/255, last is 240.240.10.222", () => {
    const services = Array.from({ length: 256 * 254 }, (_, i) =>
      entry("", `foo${i}.com`, { resolution: "STATIC" }),
    );
    const out = hash(services);
    expect(out.get(`/foo${services.length - 1}.com`)?.v4).toBe("240.240.10.222");
    const all = new Set([...out.values()].map((a) => a.v4));
    expect(all.size).toBe(256 * 254);
    for (const bad of ["240.240.0.0", "240.240.0.255", "240.240.1.0", "240.240.1.255"])
      expect(all.has(bad)).toBe(false);
  });
});

describe("IP allocator controller (pilot/pkg/controllers/ipallocate)", () => {
  const controller = (services: ServiceEntryService[]) =>
    allocateServiceEntryAddresses(services, "controller");

  it("allocates sequentially from 240.240.0.1 / 2001:2::1 in creation order, one pair per host", () => {
    const out = controller([
      entry("ns", "b.com", { entryName: "b", creationTimestamp: "2024-01-02T00:00:00Z" }),
      entry("ns", "a.com", { entryName: "a", creationTimestamp: "2024-01-01T00:00:00Z" }),
      entry("ns", "a2.com", { entryName: "a", creationTimestamp: "2024-01-01T00:00:00Z" }),
    ]).addresses;
    expect(out.get("ns/a.com")).toEqual({ v4: "240.240.0.1", v6: "2001:2::1" });
    expect(out.get("ns/a2.com")).toEqual({ v4: "240.240.0.2", v6: "2001:2::2" });
    expect(out.get("ns/b.com")).toEqual({ v4: "240.240.0.3", v6: "2001:2::3" });
  });
  it("honours status.addresses and never reuses them (warm-up marks them used)", () => {
    const out = controller([
      entry("ns", "kept.com", { entryName: "kept", statusAddresses: ["240.240.0.1"] }),
      entry("ns", "new.com", { entryName: "new" }),
    ]).addresses;
    expect(out.get("ns/kept.com")?.v4).toBe("240.240.0.1");
    expect(out.get("ns/new.com")?.v4).toBe("240.240.0.2");
  });
  it("ShouldV2AutoAllocateIP: not for NONE, opt-out label, spec addresses; wildcards only for DYNAMIC_DNS", () => {
    const result = controller([
      entry("ns", "none.com", { resolution: "NONE" }),
      entry("ns", "optout.com", { autoAllocateOptOut: true }),
      entry("ns", "addr.com", { addresses: ["1.2.3.4"] }),
      entry("ns", "*.wild.com"),
      entry("ns", "*.dyn.com", { resolution: "DYNAMIC_DNS" }),
    ]);
    expect([...result.addresses.keys()]).toEqual(["ns/*.dyn.com"]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MW4035"]);
  });
});
