/** The subset of an x509-limbo testcase (limbo-schema.json `$defs.Testcase`) the harness reads. */
export interface LimboCase {
  readonly id: string;
  readonly features?: readonly string[] | null;
  readonly description: string;
  readonly validation_kind: "SERVER" | "CLIENT";
  readonly trusted_certs: readonly string[];
  readonly untrusted_intermediates: readonly string[];
  readonly peer_certificate: string;
  readonly validation_time: string | null;
  readonly signature_algorithms: readonly string[] | null;
  readonly key_usage: readonly string[] | null;
  readonly extended_key_usage: readonly string[] | null;
  readonly expected_result: "SUCCESS" | "FAILURE";
  readonly expected_peer_name: { readonly kind: "DNS" | "IP" | "RFC822"; readonly value: string } | null;
  readonly expected_peer_names?:
    | readonly { readonly kind: "DNS" | "IP" | "RFC822"; readonly value: string }[]
    | null;
  readonly max_chain_depth: number | null;
}

/** A limbo.json document. */
export interface LimboSuite {
  readonly version: number;
  readonly testcases: readonly LimboCase[];
}

/** One case's outcome, in the harness result shape (`harness/README.md`). */
export interface LimboResult {
  readonly id: string;
  readonly expected: "SUCCESS" | "FAILURE";
  readonly actual: "SUCCESS" | "FAILURE" | "SKIPPED";
  /** Why it was skipped, or the first blocking problem when it failed. */
  readonly context: string;
}
