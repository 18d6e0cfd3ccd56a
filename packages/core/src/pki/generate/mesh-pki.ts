import type { Cluster, EastWestGatewayModel, Mesh } from "../../model";
import { bundleOf, type CaBundle } from "../bundle/ca-bundle";
import { isKeySpec, type KeySpec } from "../crypto/key-spec";
import { type CryptoProviderName, cryptoProvider } from "../crypto/provider";
import { randomSerials, type SerialSource } from "../crypto/serial-numbers";
import { type PkiFinding, type PkiResult, pkiFinding } from "../finding";
import { createTrustBundle, type TrustBundle } from "../validate/trust-bundle";
import { createRootAuthority, createSubordinateAuthority, type GenerationContext } from "./authorities";
import { type CaTemplate, intermediateTemplate, rootTemplate } from "./ca-template";
import type { CertificateAuthority } from "./certificate-authority";
import { compileLeafIssuer, type LeafIssuer } from "./leaf-issuer";
import { workloadSpiffeId } from "./spiffe";
import {
  issueWorkloadCertificate,
  type WorkloadCertificate,
  type WorkloadCertificateOptions,
} from "./workload-certificate";

/** Options of `generateMeshPki`. Every field has a default. */
export interface MeshPkiOptions {
  /** Default `native` when Node's WebCrypto exists (faster, non-blocking RSA; see crypto/provider.ts). */
  readonly provider?: CryptoProviderName;
  /** Injected clock: the moment CA validity starts. */
  readonly clock?: () => Date;
  readonly rootKey?: KeySpec;
  readonly intermediateKey?: KeySpec;
  /** Validity in days (defaults: 3650 and 3650, as tools/certs/common.mk). */
  readonly rootValidityDays?: number;
  readonly intermediateValidityDays?: number;
  /** Subject O= of the CAs (default `Istio`). */
  readonly organization?: string;
  /** Reuse an existing root (e.g. to add a cluster, or to issue the next intermediates in a rotation). */
  readonly root?: CertificateAuthority;
  /** Change the templates (tests build broken hierarchies this way). */
  readonly rootTemplate?: (defaults: CaTemplate) => CaTemplate;
  readonly intermediateTemplate?: (cluster: string, defaults: CaTemplate) => CaTemplate;
  readonly serials?: SerialSource;
}

/** One cluster's plug-in CA: the intermediate, its cacerts bundle and a compiled leaf issuer. */
export interface ClusterCa {
  readonly cluster: string;
  readonly authority: CertificateAuthority;
  readonly bundle: CaBundle;
  readonly issuer: LeafIssuer;
}

/** The mesh's certificate hierarchy: a shared root, one intermediate per cluster, and leaf issuance. */
export interface MeshPki {
  readonly trustDomain: string;
  readonly root: CertificateAuthority;
  readonly clusters: ReadonlyMap<string, ClusterCa>;
  /** The root bundle every proxy trusts (the root's certificate). */
  readonly trustBundle: TrustBundle;
  /** Issues a workload certificate from `cluster`'s CA as istiod would (24 h, back-dated 2 min). */
  issueWorkloadCert(
    cluster: string,
    spiffeId: string,
    at: Date,
    options?: WorkloadCertificateOptions,
  ): PkiResult<WorkloadCertificate>;
  /** Issues the identity of an east-west gateway of `cluster`. */
  issueGatewayCert(cluster: string, gateway: EastWestGatewayModel, at: Date): PkiResult<WorkloadCertificate>;
}

/** Annotation that names a Gateway API gateway's service account (`annotation.GatewayServiceAccount`). */
export const GATEWAY_SERVICE_ACCOUNT_ANNOTATION = "gateway.istio.io/service-account";

/**
 * The service account an east-west gateway runs as. Classic gateways installed by
 * `gen-eastwest-gateway.sh` / IstioOperator use `<name>-service-account`. Ambient (Gateway API)
 * gateways: the `gateway.istio.io/service-account` annotation, else the Gateway's own name — the
 * east-west class disables the `-<class>` name suffix (`gatewaycommon/classinfo.go`
 * DisableNameSuffix) and istiod expects exactly that name (`kube/conversion.go` GatewaySA).
 */
export function eastWestGatewayServiceAccount(gateway: EastWestGatewayModel): string {
  if (gateway.kind === "classic") return `${gateway.name}-service-account`;
  return gateway.annotations[GATEWAY_SERVICE_ACCOUNT_ANNOTATION] || gateway.name;
}

function optionProblems(options: MeshPkiOptions): PkiFinding[] {
  const problems: PkiFinding[] = [];
  for (const field of ["rootKey", "intermediateKey"] as const) {
    const value = options[field];
    if (value !== undefined && !isKeySpec(value)) {
      problems.push(
        pkiFinding("INVALID_INPUT", {
          message: `unknown key type "${value}"`,
          path: field,
          expected: "rsa-2048 | rsa-3072 | rsa-4096 | ecdsa-p256 | ecdsa-p384",
          found: String(value),
        }),
      );
    }
  }
  for (const field of ["rootValidityDays", "intermediateValidityDays"] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      problems.push(
        pkiFinding("INVALID_INPUT", {
          message: `${field} must be a positive number of days`,
          path: field,
          found: String(value),
        }),
      );
    }
  }
  if (options.root && !options.root.keys) {
    problems.push(
      pkiFinding("INVALID_INPUT", {
        message: "the given root has no WebCrypto signing key (import it with importCertificateAuthority)",
        path: "root",
      }),
    );
  }
  return problems;
}

function unknownCluster(cluster: string, known: readonly string[]): PkiResult<never> {
  return {
    ok: false,
    findings: [
      pkiFinding("UNKNOWN_CLUSTER", {
        message: `no cluster "${cluster}" in this mesh PKI`,
        expected: known.join(" | "),
        found: cluster,
      }),
    ],
  };
}

/**
 * Generates the mesh's hierarchy: one root (or the given one) and one intermediate per cluster,
 * with `tools/certs`-recognisable but safer defaults (ca-template.ts), P-256 keys unless told
 * otherwise. Cluster keys are generated concurrently (native WebCrypto runs RSA generation on the
 * threadpool). Bad options yield findings, not exceptions.
 */
export async function generateMeshPki(
  mesh: Pick<Mesh, "trustDomain" | "flavour"> & { readonly clusters: readonly Pick<Cluster, "name">[] },
  options: MeshPkiOptions = {},
): Promise<PkiResult<MeshPki>> {
  const problems = optionProblems(options);
  if (problems.length > 0) return { ok: false, findings: problems };
  const context: GenerationContext = {
    crypto: cryptoProvider(options.provider),
    serials: options.serials ?? randomSerials,
  };
  const now = (options.clock ?? (() => new Date()))();
  const organization = options.organization ?? "Istio";
  const rootDefaults = rootTemplate(now, options.rootValidityDays ?? 3650, organization);
  const root =
    options.root ??
    (await createRootAuthority(
      options.rootTemplate ? options.rootTemplate(rootDefaults) : rootDefaults,
      options.rootKey ?? "ecdsa-p256",
      context,
    ));
  const intermediates = await Promise.all(
    mesh.clusters.map(async ({ name }) => {
      const defaults = intermediateTemplate(
        name,
        now,
        options.intermediateValidityDays ?? 3650,
        organization,
      );
      const template = options.intermediateTemplate ? options.intermediateTemplate(name, defaults) : defaults;
      const authority = await createSubordinateAuthority(
        root,
        template,
        options.intermediateKey ?? "ecdsa-p256",
        context,
      );
      const ca: ClusterCa = {
        cluster: name,
        authority,
        bundle: bundleOf(authority),
        issuer: compileLeafIssuer(authority.certificate, authority.privateKey),
      };
      return ca;
    }),
  );
  const clusters = new Map(intermediates.map((ca) => [ca.cluster, ca]));
  const names = [...clusters.keys()];
  const issueWorkloadCert: MeshPki["issueWorkloadCert"] = (cluster, spiffeId, at, issueOptions) => {
    const ca = clusters.get(cluster);
    if (!ca) return unknownCluster(cluster, names);
    return issueWorkloadCertificate(ca.issuer, ca.authority.chain, spiffeId, at, {
      serials: context.serials,
      ...issueOptions,
    });
  };
  const pki: MeshPki = {
    trustDomain: mesh.trustDomain,
    root,
    clusters,
    trustBundle: createTrustBundle([root.certificate]),
    issueWorkloadCert,
    issueGatewayCert: (cluster, gateway, at) =>
      issueWorkloadCert(
        cluster,
        workloadSpiffeId(mesh.trustDomain, gateway.namespace, eastWestGatewayServiceAccount(gateway)),
        at,
      ),
  };
  return { ok: true, value: pki, findings: [] };
}
