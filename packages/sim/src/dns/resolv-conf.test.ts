import { describe, expect, it } from "vitest";
import { isValidDnsName, podResolvConf, queryNames } from "./resolv-conf";

describe("pod resolver search path (kubelet ClusterFirst resolv.conf, glibc res_nsearch)", () => {
  const conf = podResolvConf("sample");
  it("search list and ndots 5", () => {
    expect(conf).toEqual({
      search: ["sample.svc.cluster.local", "svc.cluster.local", "cluster.local"],
      ndots: 5,
    });
  });
  it("fewer dots than ndots: search domains first, the bare name last", () => {
    expect(queryNames("helloworld.sample", conf)).toEqual([
      "helloworld.sample.sample.svc.cluster.local",
      "helloworld.sample.svc.cluster.local",
      "helloworld.sample.cluster.local",
      "helloworld.sample",
    ]);
  });
  it("a full service name has only 4 dots, so it is also tried with the search domains first", () => {
    expect(queryNames("a.b.svc.cluster.local", conf)[0]).toBe(
      "a.b.svc.cluster.local.sample.svc.cluster.local",
    );
  });
  it("at least ndots dots: the name first; a trailing dot: the name only", () => {
    expect(queryNames("a.b.c.d.e.f", conf)[0]).toBe("a.b.c.d.e.f");
    expect(queryNames("Example.COM.", conf)).toEqual(["example.com"]);
  });
  it("validates names", () => {
    expect(isValidDnsName("echo-service.ecs-1.ecs.local")).toBe(true);
    expect(isValidDnsName("bad..name")).toBe(false);
    expect(isValidDnsName("-bad")).toBe(false);
  });
});
