import type { ParsedCertificate } from "../validate/asn1/certificate";
import { CertificateCache } from "../validate/certificate-cache";
import type { ChainPolicy } from "../validate/chain-policy";
import { createTrustBundle } from "../validate/trust-bundle";
import { verifyChain } from "../validate/verify-chain";
import type { LimboCase, LimboResult, LimboSuite } from "./limbo-case";
import { matchExpectedPeerName } from "./peer-name";

/**
 * Optional x509-limbo features this validator claims. Cases tagged with any other feature are
 * skipped, as `harness/README.md` asks: CRLs (Istio's CRL support is a separate istiod feature),
 * policy constraints, public-suffix wildcards (needs the PSL), the webpki/RFC 5280 conflict.
 */
export const CLAIMED_FEATURES: ReadonlySet<string> = new Set([
  "denial-of-service",
  "name-constraint-dn",
  "max-chain-depth",
  "pedantic-webpki-subscriber-key",
]);

/** Features that only pedantic mode claims (RFC 5280 / CA/B Forum rules no Istio verifier enforces). */
export const PEDANTIC_FEATURES: ReadonlySet<string> = new Set([
  "pedantic-webpki-eku",
  "pedantic-serial-number",
  "pedantic-rfc5280",
]);

/** Why a case is outside what the validator claims, or undefined when it is in scope. */
export function skipReason(testcase: LimboCase, pedantic: boolean): string | undefined {
  const unclaimed = (testcase.features ?? []).filter(
    (f) => !CLAIMED_FEATURES.has(f) && !(pedantic && PEDANTIC_FEATURES.has(f)),
  );
  if (unclaimed.length > 0) return `feature not claimed: ${unclaimed.join(", ")}`;
  if ((testcase.signature_algorithms ?? []).length > 0)
    return "signature algorithm constraints are not claimed";
  if ((testcase.extended_key_usage ?? []).some((e) => e !== "serverAuth" && e !== "clientAuth")) {
    return "extended key usage other than serverAuth/clientAuth";
  }
  return undefined;
}

function leafKeyUsageProblem(leaf: ParsedCertificate, required: readonly string[]): string | undefined {
  if (!leaf.keyUsage) return undefined;
  const missing = required.filter((usage) => !leaf.keyUsage!.usages.includes(usage as never));
  return missing.length > 0 ? `leaf keyUsage lacks ${missing.join(", ")}` : undefined;
}

/** Runs one testcase through the validator with `policy`. */
export function runLimboCase(testcase: LimboCase, policy: ChainPolicy, cache: CertificateCache): LimboResult {
  const base = { id: testcase.id, expected: testcase.expected_result };
  const skip = skipReason(testcase, policy.pedantic);
  if (skip) return { ...base, actual: "SKIPPED", context: skip };
  const fail = (context: string): LimboResult => ({ ...base, actual: "FAILURE", context });
  const leafResult = cache.fromPem(testcase.peer_certificate);
  if (!leafResult.ok) return fail(`leaf: ${leafResult.reason}`);
  const intermediates: ParsedCertificate[] = [];
  for (const pem of testcase.untrusted_intermediates) {
    const parsed = cache.fromPem(pem);
    if (parsed.ok) intermediates.push(parsed.certificate);
  }
  const bundle = createTrustBundle(testcase.trusted_certs as string[], cache);
  const usage = testcase.extended_key_usage?.includes("clientAuth") ? "clientAuth" : "serverAuth";
  const verification = verifyChain({
    leaf: leafResult.certificate,
    intermediates,
    bundle,
    at: testcase.validation_time ? Date.parse(testcase.validation_time) : Date.now(),
    policy: { ...policy, usage },
  });
  const blocking = verification.problems.find((p) => p.blocking);
  if (!verification.ok) return fail(blocking?.detail ?? "no valid path");
  const depth = verification.path.slice(1, -1).filter((c) => !c.selfIssued).length;
  if (testcase.max_chain_depth !== null && depth > testcase.max_chain_depth) {
    return fail(`path has ${depth} intermediates, more than max_chain_depth ${testcase.max_chain_depth}`);
  }
  const keyUsage = leafKeyUsageProblem(leafResult.certificate, testcase.key_usage ?? []);
  if (keyUsage) return fail(keyUsage);
  const expectedNames = testcase.expected_peer_name
    ? [testcase.expected_peer_name]
    : (testcase.expected_peer_names ?? []);
  for (const expected of expectedNames) {
    const mismatch = matchExpectedPeerName(leafResult.certificate, expected);
    if (mismatch) return fail(mismatch);
  }
  return {
    ...base,
    actual: "SUCCESS",
    context: verification.path.map((c) => c.subject.text || "<empty>").join(" <- "),
  };
}

/** Counts in the shape the harness prints. */
export interface LimboSummary {
  readonly conformant: number;
  readonly nonConformant: number;
  readonly skipped: number;
  readonly results: readonly LimboResult[];
}

/** Runs a whole suite. Conformant = actual equals expected; skipped cases count separately. */
export function runLimbo(suite: LimboSuite, policy: ChainPolicy): LimboSummary {
  const cache = new CertificateCache();
  const results = suite.testcases.map((testcase) => runLimboCase(testcase, policy, cache));
  const skipped = results.filter((r) => r.actual === "SKIPPED").length;
  const conformant = results.filter((r) => r.actual === r.expected).length;
  return { conformant, nonConformant: results.length - skipped - conformant, skipped, results };
}
