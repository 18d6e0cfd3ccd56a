/** Where a certificate sits in the mesh's hierarchy, for naming findings. */
export type CertificateRole = "leaf" | "intermediate" | "root";

/** Human label of a role. */
export function roleLabel(role: CertificateRole): string {
  return role === "leaf" ? "workload certificate" : role === "intermediate" ? "intermediate CA" : "root CA";
}
