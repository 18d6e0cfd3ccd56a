import type { Diagnostic, Severity } from "../diagnostics";
import { PKI_CATALOGUE, type PkiFindingName } from "./codes";
import type { ParsedCertificate } from "./validate/asn1/certificate";

/** Whose behaviour a finding describes: the component that would print `symptom`. */
export type PkiComponent = "istiod" | "envoy" | "ztunnel" | "meshwright";

/**
 * A PKI finding: a `Diagnostic` with its symbolic name (pki.md §5), the component that fails and
 * the message that component would print. Never holds private key material.
 */
export interface PkiFinding extends Diagnostic {
  readonly name: PkiFindingName;
  readonly component: PkiComponent;
  /** What istiod / Envoy / ztunnel print for this problem, when there is such a message. */
  readonly symptom?: string;
  /** The certificate concerned: subject and SHA-256 fingerprint. */
  readonly certificate?: { readonly subject: string; readonly fingerprint: string };
}

/** What a caller adds to a catalogue entry to make a finding. */
export interface PkiFindingDetails {
  readonly message: string;
  readonly component?: PkiComponent;
  readonly symptom?: string;
  readonly severity?: Severity;
  readonly fix?: string;
  readonly path?: string;
  readonly file?: string;
  readonly cluster?: string;
  readonly expected?: string;
  readonly found?: string;
  readonly certificate?: ParsedCertificate;
}

/** Builds a finding from the catalogue; details override the entry's severity and fix. */
export function pkiFinding(name: PkiFindingName, details: PkiFindingDetails): PkiFinding {
  const entry = PKI_CATALOGUE[name];
  const { certificate, component, severity, fix, ...rest } = details;
  const finding: PkiFinding = {
    code: entry.code,
    name,
    severity: severity ?? entry.severity,
    component: component ?? "meshwright",
    ...rest,
    fix: fix ?? entry.fix,
    ...(certificate
      ? {
          certificate: {
            subject: certificate.subject.text || "<empty subject>",
            fingerprint: certificate.fingerprint,
          },
        }
      : {}),
  };
  return finding;
}

/** True when any finding is an error. */
export function hasPkiErrors(findings: readonly PkiFinding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

/** A value, or the findings that explain why there is none. */
export type PkiResult<T> =
  | { readonly ok: true; readonly value: T; readonly findings: readonly PkiFinding[] }
  | { readonly ok: false; readonly findings: readonly PkiFinding[] };
