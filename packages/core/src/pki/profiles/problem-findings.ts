import type { PkiFindingName } from "../codes";
import { type PkiFinding, pkiFinding } from "../finding";
import type { ChainProblem } from "../validate/chain-problem";
import type { ChainVerification } from "../validate/verify-chain";
import { type CertificateRole, roleLabel } from "./certificate-role";
import { chainSymptom, type ValidatingComponent } from "./symptoms";

/** How to word findings for one validation. */
export interface ProblemWording {
  readonly component: ValidatingComponent;
  /** The role of the certificate at `index` of the path. */
  readonly roleAt: (index: number, verification: ChainVerification) => CertificateRole;
  readonly cluster?: string;
  /** Prefixed to every message, e.g. "istiod loads this bundle, but Envoy rejects every leaf it issues:". */
  readonly prefix?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const BY_ROLE: Readonly<Record<"expired" | "not-yet-valid", Record<CertificateRole, PkiFindingName>>> = {
  expired: { leaf: "LEAF_EXPIRED", intermediate: "INTERMEDIATE_EXPIRED", root: "ROOT_EXPIRED" },
  "not-yet-valid": {
    leaf: "LEAF_NOT_YET_VALID",
    intermediate: "INTERMEDIATE_NOT_YET_VALID",
    root: "ROOT_NOT_YET_VALID",
  },
};

function nameFor(problem: ChainProblem, role: CertificateRole): PkiFindingName {
  switch (problem.kind) {
    case "expired":
    case "not-yet-valid":
      return BY_ROLE[problem.kind][role];
    case "not-ca-v1":
    case "not-ca-no-basic-constraints":
    case "not-ca-false":
      return "INTERMEDIATE_NOT_CA";
    case "path-length":
      return "PATHLEN_VIOLATION";
    case "issuer-key-usage":
      return "INTERMEDIATE_KU_NO_CERTSIGN";
    case "eku-incompatible":
      return role === "leaf" ? "LEAF_EKU_INCOMPATIBLE" : "INTERMEDIATE_EKU_RESTRICTS";
    case "insecure-signature":
      return "WEAK_SIGNATURE";
    case "weak-key":
    case "unsupported-key":
      return "WEAK_KEY";
    case "unhandled-critical-extension":
      return "UNKNOWN_CRITICAL_EXTENSION";
    case "name-constraint-violation":
      return "NAME_CONSTRAINT_VIOLATION";
    case "uri-name-constraints-unsupported":
      return "URI_NAME_CONSTRAINTS_AMBIENT";
    case "leaf-is-ca":
      return "LEAF_IS_CA";
    case "leaf-not-v3":
      return "LEAF_NOT_V3";
    case "malformed":
      return "CERTIFICATE_MALFORMED";
    case "rfc5280":
      return "RFC5280_VIOLATION";
    case "unknown-authority": {
      const cause = problem.cause;
      if (cause?.encodingMismatch) return "ISSUER_NAME_NOT_BYTE_EQUAL";
      if (cause?.signatureMismatch || cause?.untrustedRoot) return "ROOT_MISMATCH";
      return "CHAIN_INCOMPLETE";
    }
  }
}

function describe(problem: ChainProblem, role: CertificateRole): string {
  const who = `${roleLabel(role)} "${problem.certificate.subject.text || "<empty subject>"}"`;
  const c = problem.certificate;
  switch (problem.kind) {
    case "expired":
      return `${who} expired at ${iso(c.notAfter)}`;
    case "not-yet-valid":
      return `${who} is not valid before ${iso(c.notBefore)}`;
    case "not-ca-v1":
      return `${who} is a version-1 certificate without basicConstraints: it is not a CA to any verifier`;
    case "not-ca-no-basic-constraints":
      return `${who} has no basicConstraints extension, so it may not sign certificates`;
    case "not-ca-false":
      return `${who} has basicConstraints CA:FALSE, so it may not sign certificates`;
    case "path-length":
      return `${who} allows pathlen:${c.basicConstraints?.pathLen} but has more CAs below it`;
    case "issuer-key-usage":
      return `${who} has keyUsage without keyCertSign (${c.keyUsage?.usages.join(", ")})`;
    case "eku-incompatible":
      return `${who} has extKeyUsage ${c.extendedKeyUsage?.purposes.join(", ")}, which excludes the usage asked for`;
    case "unknown-authority": {
      const cause = problem.cause;
      if (cause?.encodingMismatch) {
        return `${who} names its issuer "${c.issuer.text}" with a different DER encoding than that CA's subject: byte-exact verifiers (Go, webpki) find no issuer, although openssl verify says OK`;
      }
      if (cause?.signatureMismatch) {
        return `${who} names issuer "${c.issuer.text}", and a trusted CA has that subject, but a different key: these are two different roots with the same name`;
      }
      if (cause?.untrustedRoot) return `${who} is a root that the verifier does not trust`;
      return `no certificate for issuer "${c.issuer.text}" of ${who} is in the chain or the trust bundle`;
    }
    default:
      return `${who}: ${problem.detail}`;
  }
}

/** Turns a verification's problems into findings worded for one component. */
export function findingsFromVerification(
  verification: ChainVerification,
  wording: ProblemWording,
): PkiFinding[] {
  return verification.problems.map((problem) => {
    const role = wording.roleAt(problem.index, verification);
    const name = nameFor(problem, role);
    const advisory = problem.kind === "rfc5280" && !problem.blocking;
    return pkiFinding(name, {
      component: wording.component,
      message: `${wording.prefix ? `${wording.prefix} ` : ""}${describe(problem, role)}`,
      ...(advisory ? {} : { symptom: chainSymptom(wording.component, problem.kind, problem.detail) }),
      ...(problem.kind === "rfc5280" ? { severity: problem.blocking ? "error" : "warning" } : {}),
      ...(wording.cluster ? { cluster: wording.cluster } : {}),
      certificate: problem.certificate,
    });
  });
}

/** Role by position for a peer validation: index 0 is the workload leaf, the anchor is the root. */
export function peerRoleAt(index: number, verification: ChainVerification): CertificateRole {
  if (index === 0) return "leaf";
  const top = index === verification.path.length - 1;
  return top && (verification.anchored || verification.path[index]!.selfIssued) ? "root" : "intermediate";
}
