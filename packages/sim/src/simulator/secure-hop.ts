import type { PeerProfile } from "@meshwright/core";
import type { SessionToVerify } from "../mtls";
import { verifySession } from "../mtls";
import type { TlsSession } from "../trace/hop";
import type { SimContext } from "./context";
import type { Flow, HopDraft } from "./flow";

/** A TLS / HBONE session of a hop: the two ends as proxies, and what the client expects. */
export interface SessionEnds {
  readonly client: {
    readonly proxy: string;
    readonly cluster: string;
    readonly identity: string;
    readonly profile: PeerProfile;
  };
  readonly server: {
    readonly proxy: string;
    readonly cluster: string;
    readonly identity: string;
    readonly profile: PeerProfile;
  };
  readonly clientExpects: readonly string[];
  readonly sni?: string;
}

/** One end of a session: `proxy` acting for something with a cluster and an identity (a workload, a gateway). */
export function sessionEnd(
  proxy: string,
  of: { readonly cluster: string; readonly identity: string },
  profile: PeerProfile,
): SessionEnds["client"] {
  return { proxy, cluster: of.cluster, identity: of.identity, profile };
}

/**
 * Adds a hop whose sessions are mutual TLS, each checked with the mesh's real certificates when a
 * PKI is attached (both directions, pki.md §2.3). Returns false, with the flow failed at this hop,
 * when a side rejects the other. Without a PKI the sessions are recorded as assumed valid.
 */
export function addSecureHop(
  ctx: SimContext,
  flow: Flow,
  draft: HopDraft,
  sessions: readonly SessionEnds[],
): boolean {
  const verdicts = sessions.map((s) =>
    ctx.pki ? verifySession(toVerify(s), (cluster) => ctx.trustOf(cluster), ctx.pki.at) : undefined,
  );
  const tls: TlsSession[] = sessions.map((s, i) => {
    const verdict = verdicts[i];
    const serverTrust = ctx.trustOf(s.server.cluster);
    return {
      client: { proxy: s.client.proxy, presents: s.client.identity },
      server: { proxy: s.server.proxy, presents: s.server.identity },
      clientExpects: s.clientExpects,
      serverAccepts: serverTrust
        ? s.server.profile === "sidecar"
          ? [serverTrust.trustDomain, ...serverTrust.trustDomainAliases]
          : [serverTrust.trustDomain]
        : [ctx.mesh.trustDomain],
      ...(s.sni ? { sni: s.sni } : {}),
      verified: verdict
        ? { ok: verdict.ok, detail: verdict.detail }
        : {
            ok: true,
            detail: "assumed valid: no PKI attached (compile with { pki } to check real certificates)",
          },
    };
  });
  flow.add({ ...draft, tls });
  const failed = verdicts.find((v) => v && !v.ok);
  if (failed?.failure) {
    flow.fail(failed.failure.name, failed.failure.reason);
    return false;
  }
  return true;
}

function toVerify(s: SessionEnds): SessionToVerify {
  return {
    client: { cluster: s.client.cluster, identity: s.client.identity, profile: s.client.profile },
    server: { cluster: s.server.cluster, identity: s.server.identity, profile: s.server.profile },
    clientExpects: s.clientExpects,
  };
}
