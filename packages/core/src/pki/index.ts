/**
 * PKI: the mesh's real certificate hierarchy — generated, imported and judged the way istiod,
 * Envoy sidecars and ztunnel judge it. See docs/pki.md for the user guide and the finding catalogue.
 */
// Loaded before anything imports @peculiar/x509 (pki.md §4.3 gotcha 1), also when this module is imported directly.
import "reflect-metadata";

// Bundles.
export { bundleOf, type CaBundle, toCacertsFiles, toTlsFiles } from "./bundle/ca-bundle";
export {
  type BundleFiles,
  type BundleLayout,
  detectLayout,
  ISTIO_LAYOUT,
  TLS_LAYOUT,
} from "./bundle/layouts";
export { toSecret } from "./bundle/secret";
export { writeBundleFiles } from "./bundle/write-files";
export { PKI_CATALOGUE, type PkiCatalogueEntry, type PkiFindingName } from "./codes";
export { isKeySpec, KEY_SPECS, type KeySpec } from "./crypto/key-spec";
// Crypto.
export { type CryptoProviderName, cryptoProvider, defaultCryptoProviderName } from "./crypto/provider";
export { randomSerials, type SerialSource, seededSerials } from "./crypto/serial-numbers";
export {
  hasPkiErrors,
  type PkiComponent,
  type PkiFinding,
  type PkiFindingDetails,
  type PkiResult,
  pkiFinding,
} from "./finding";
// Generation.
export {
  createRootAuthority,
  createSubordinateAuthority,
  type GenerationContext,
} from "./generate/authorities";
export {
  type CaTemplate,
  intermediateTemplate,
  type NameAttribute,
  rootTemplate,
} from "./generate/ca-template";
export type { CertificateAuthority } from "./generate/certificate-authority";
export { compileLeafIssuer, type LeafIssuer, type LeafRequest } from "./generate/leaf-issuer";
export {
  type ClusterCa,
  eastWestGatewayServiceAccount,
  GATEWAY_SERVICE_ACCOUNT_ANNOTATION,
  generateMeshPki,
  type MeshPki,
  type MeshPkiOptions,
} from "./generate/mesh-pki";
export { parseSpiffeId, type SpiffeId, workloadSpiffeId } from "./generate/spiffe";
export {
  CLOCK_SKEW_GRACE_MS,
  DEFAULT_WORKLOAD_TTL_MS,
  issueWorkloadCertificate,
  MAX_WORKLOAD_TTL_MS,
  type WorkloadCertificate,
  type WorkloadCertificateOptions,
} from "./generate/workload-certificate";
// Import.
export { type CaMaterial, loadCaMaterial, missingBundleFiles } from "./import/ca-material";
export { importCertificateAuthority } from "./import/certificate-authority";
export { readCertificateFile } from "./import/certificate-file";
export { type PrivateKeyFormat, parsePrivateKeyPem } from "./import/private-key";
export { readBundleDir } from "./import/read-bundle-dir";
export { bundleFilesFromSecret } from "./import/secret-files";
export { type CertificateSummary, summarizeCertificate } from "./inspect";
export {
  CLAIMED_FEATURES,
  type LimboSummary,
  PEDANTIC_FEATURES,
  runLimbo,
  runLimboCase,
} from "./limbo/harness";
export type { LimboCase, LimboResult, LimboSuite } from "./limbo/limbo-case";
// Mesh-wide checks, rotation, inspection.
export {
  type ClusterPkiInput,
  checkMeshPki,
  type MeshPkiCheckOptions,
  type MeshPkiView,
} from "./mesh-checks";
export { encodePem, type PemBlock, parsePem } from "./pem";
export { PrivateKeyHandle } from "./private-key";
// Profiles.
export { type IstiodLoadRequest, type IstiodLoadResult, validateIstiodLoad } from "./profiles/istiod-load";
export {
  type PeerProfile,
  type PeerValidation,
  type PeerValidationRequest,
  validatePeer,
} from "./profiles/peer";
export type { ClusterPhaseState, Generation, RotationPhase } from "./rotation/phases";
export { planRootRotation, type RotationPlan, type RotationPlanRequest } from "./rotation/plan";
export { type RotationCa, rotationCaFromClusterCa, rotationCaFromMaterial } from "./rotation/rotation-ca";
export { type PairCheck, type PhaseVerification, verifyRotationPhases } from "./rotation/verify-phases";
// Validation.
export type { CertificateDefect, ParsedCertificate } from "./validate/asn1/certificate";
export { parseCertificateDer } from "./validate/asn1/certificate";
export {
  CertificateCache,
  type CertificateInput,
  sharedCertificateCache,
} from "./validate/certificate-cache";
export {
  type ChainPolicy,
  ISTIOD_LOAD_POLICY,
  type RequiredUsage,
  SIDECAR_POLICY,
  ZTUNNEL_POLICY,
} from "./validate/chain-policy";
export type { ChainProblem, ChainProblemKind } from "./validate/chain-problem";
export { createTrustBundle, type TrustBundle } from "./validate/trust-bundle";
export { type ChainRequest, type ChainVerification, verifyChain } from "./validate/verify-chain";
