import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { compileAuthorization } from "./compile";
import { ap, req } from "./test-helpers";

const denyBlocks = compileAuthorization(
  [
    ap("foo/deny-blocks", {
      action: "DENY",
      rules: [{ from: [{ source: { ipBlocks: ["10.9.0.0/16", "fd00::/8"] } }] }],
    }),
  ],
  { enforcer: "sidecar" },
);

describe("request addresses, parsed once and remembered", () => {
  it("an unparseable address is reported on every request, not only the first", () => {
    for (let i = 0; i < 2; i++) {
      const d = authorize(denyBlocks, req({ sourceIp: "not-an-ip" }));
      expect(d.decision).toBe("ALLOW");
      expect(d.diagnostics.map((x) => [x.code, x.path])).toEqual([["MW6020", "$.source.ip"]]);
    }
  });

  it("a remembered address gives the same answer as the first parse (IPv4 and IPv6)", () => {
    for (const [ip, decision] of [
      ["10.9.3.4", "DENY"],
      ["10.8.3.4", "ALLOW"],
      ["fd00::1", "DENY"],
      ["fe80::1", "ALLOW"],
    ] as const) {
      const first = authorize(denyBlocks, req({ sourceIp: ip }));
      const again = authorize(denyBlocks, req({ sourceIp: ip }));
      expect([first.decision, again.decision]).toEqual([decision, decision]);
      expect(again.diagnostics).toEqual([]);
    }
  });
});
