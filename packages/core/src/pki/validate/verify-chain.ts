import type { ParsedCertificate } from "./asn1/certificate";
import type { ChainPolicy } from "./chain-policy";
import type { ChainProblem } from "./chain-problem";
import { PATH_CHECKS } from "./checks";
import { searchPaths } from "./path-builder";
import type { PathContext } from "./path-context";
import { indexBySubject, type TrustBundle } from "./trust-bundle";

/** What `verifyChain` is asked. */
export interface ChainRequest {
  readonly leaf: ParsedCertificate;
  readonly intermediates: readonly ParsedCertificate[];
  readonly bundle: TrustBundle;
  /** Validation time (epoch ms or Date). */
  readonly at: number | Date;
  readonly policy: ChainPolicy;
}

/** The verdict on the best path found. */
export interface ChainVerification {
  /** True when an anchored path has no blocking problem. */
  readonly ok: boolean;
  /** The chosen path, leaf first; partial (no anchor) when `anchored` is false. */
  readonly path: readonly ParsedCertificate[];
  readonly anchored: boolean;
  readonly problems: readonly ChainProblem[];
}

function evaluate(context: PathContext): ChainProblem[] {
  return PATH_CHECKS.flatMap((check) => check(context));
}

const blockingCount = (problems: readonly ChainProblem[]): number =>
  problems.filter((p) => p.blocking).length;

/**
 * RFC 5280 §6.1 path validation as the policy's verifier does it: build candidate paths, judge
 * each with every check, return the first clean path or else the one with the fewest blocking
 * problems (so the report names everything wrong with the most plausible chain). When no path
 * reaches an anchor, the longest partial path is judged and an `unknown-authority` problem says why.
 */
export function verifyChain(request: ChainRequest): ChainVerification {
  const at = Math.floor((typeof request.at === "number" ? request.at : request.at.getTime()) / 1000) * 1000;
  const intermediates = indexBySubject(request.intermediates);
  let best: ChainVerification | undefined;
  const partial = searchPaths(
    { leaf: request.leaf, intermediates, bundle: request.bundle, policy: request.policy },
    (path) => {
      const problems = evaluate({ path, anchored: true, at, policy: request.policy });
      const blocking = blockingCount(problems);
      if (!best || blocking < blockingCount(best.problems))
        best = { ok: blocking === 0, path, anchored: true, problems };
      return blocking === 0;
    },
  );
  if (best) return best;
  const context: PathContext = { path: partial.path, anchored: false, at, policy: request.policy };
  const top = partial.path.length - 1;
  const unknown: ChainProblem = {
    kind: "unknown-authority",
    index: top,
    certificate: partial.path[top]!,
    detail: unknownAuthorityDetail(partial.cause),
    blocking: true,
    cause: partial.cause,
  };
  return { ok: false, path: partial.path, anchored: false, problems: [unknown, ...evaluate(context)] };
}

function unknownAuthorityDetail(cause: ChainProblem["cause"]): string {
  const base = "x509: certificate signed by unknown authority";
  if (cause?.signatureMismatch) {
    return `${base} (possibly because of "${cause.signatureMismatch.detail}" while trying to verify candidate authority certificate "${cause.signatureMismatch.candidate.subject.text}")`;
  }
  return base;
}
