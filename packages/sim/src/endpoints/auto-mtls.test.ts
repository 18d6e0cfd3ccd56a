import { describe, expect, it } from "vitest";
import {
  type DrTlsMode,
  destinationRuleTlsMode,
  sidecarSendsMtls,
  type TlsDestinationRuleView,
  tlsModeForPort,
} from "./auto-mtls";

describe("mtls_checker.go checkMtlsEnabled (istio-semantics §2.8 client side)", () => {
  it("DR ISTIO_MUTUAL wins over PeerAuthentication DISABLE (mtls-on-override-pa)", () => {
    const verdict = sidecarSendsMtls({
      drTlsMode: "ISTIO_MUTUAL",
      endpointTlsMode: "istio",
      peerAuthMode: "DISABLE",
    });
    expect(verdict.mtls).toBe(true);
    expect(verdict.reason).toMatch(/DestinationRule/);
  });

  it.each<DrTlsMode>(["DISABLE", "SIMPLE", "MUTUAL"])(
    "DR %s is not Istio mTLS, whatever the endpoint",
    (mode) => {
      expect(
        sidecarSendsMtls({ drTlsMode: mode, endpointTlsMode: "istio", peerAuthMode: "STRICT" }).mtls,
      ).toBe(false);
    },
  );

  it("DR ISTIO_MUTUAL even to an endpoint without a sidecar", () => {
    expect(
      sidecarSendsMtls({ drTlsMode: "ISTIO_MUTUAL", endpointTlsMode: "disabled", peerAuthMode: "PERMISSIVE" })
        .mtls,
    ).toBe(true);
  });

  it("auto mTLS needs tlsMode=istio on the endpoint", () => {
    const verdict = sidecarSendsMtls({ endpointTlsMode: "disabled", peerAuthMode: "STRICT" });
    expect(verdict).toEqual({ mtls: false, reason: expect.stringMatching(/tlsMode=istio/) });
  });

  it.each([
    ["STRICT", true],
    ["PERMISSIVE", true],
    ["DISABLE", false],
  ] as const)(
    "auto mTLS with PeerAuthentication %s → %s (mtls-off-global / namespace / workload / port)",
    (mode, mtls) => {
      expect(sidecarSendsMtls({ endpointTlsMode: "istio", peerAuthMode: mode }).mtls).toBe(mtls);
    },
  );

  it("enableAutoMtls=false without a DR TLS mode: plaintext (cluster_tls.go buildUpstreamTLSSettings)", () => {
    expect(
      sidecarSendsMtls({ endpointTlsMode: "istio", peerAuthMode: "STRICT", enableAutoMtls: false }).mtls,
    ).toBe(false);
    expect(
      sidecarSendsMtls({
        drTlsMode: "ISTIO_MUTUAL",
        endpointTlsMode: "istio",
        peerAuthMode: "STRICT",
        enableAutoMtls: false,
      }).mtls,
    ).toBe(true);
  });
});

describe("mtls_checker.go tlsModeForDestinationRule (ep_filters_test.go mtlsCases, DestinationRule)", () => {
  const port80 = (mode: DrTlsMode) => ({ portLevelSettings: [{ port: { number: 80 }, tls: { mode } }] });
  it("destination level and port level (port-level wins for its port only)", () => {
    expect(tlsModeForPort({ tls: { mode: "ISTIO_MUTUAL" } }, 80)).toBe("ISTIO_MUTUAL");
    expect(tlsModeForPort({ tls: { mode: "ISTIO_MUTUAL" }, ...port80("DISABLE") }, 80)).toBe("DISABLE");
    expect(tlsModeForPort({ tls: { mode: "ISTIO_MUTUAL" }, ...port80("DISABLE") }, 9080)).toBe(
      "ISTIO_MUTUAL",
    );
    expect(tlsModeForPort(port80("ISTIO_MUTUAL"), 9080)).toBeUndefined();
  });

  it("a tls block without mode is DISABLE (proto zero value)", () => {
    expect(tlsModeForPort({ tls: {} }, 80)).toBe("DISABLE");
  });

  const subsetRule = (dr: DrTlsMode, subset?: DrTlsMode): TlsDestinationRuleView => ({
    trafficPolicy: { tls: { mode: dr } },
    subsets: [{ name: "s", trafficPolicy: subset ? { tls: { mode: subset } } : {} }],
  });
  it("mtls-off-subset-level / mtls-on-subset-level: the subset's mode wins", () => {
    expect(destinationRuleTlsMode(subsetRule("ISTIO_MUTUAL", "DISABLE"), 80, "s", "1.31")).toBe("DISABLE");
    expect(destinationRuleTlsMode(subsetRule("DISABLE", "ISTIO_MUTUAL"), 80, "s", "1.31")).toBe(
      "ISTIO_MUTUAL",
    );
  });

  it("subset without TLS: 1.31 falls back to the DR level (mtls-*-subset-fallback-to-destination), 1.30 yields none", () => {
    expect(destinationRuleTlsMode(subsetRule("DISABLE"), 80, "s", "1.31")).toBe("DISABLE");
    expect(destinationRuleTlsMode(subsetRule("ISTIO_MUTUAL"), 80, "s", "1.31")).toBe("ISTIO_MUTUAL");
    expect(destinationRuleTlsMode(subsetRule("DISABLE"), 80, "s", "1.30")).toBeUndefined();
  });

  it("no subset uses the DR level; an unknown subset or no DR yields none", () => {
    expect(destinationRuleTlsMode(subsetRule("DISABLE"), 80, "", "1.31")).toBe("DISABLE");
    expect(destinationRuleTlsMode(subsetRule("DISABLE"), 80, "other", "1.31")).toBeUndefined();
    expect(destinationRuleTlsMode(undefined, 80, "", "1.31")).toBeUndefined();
  });
});
