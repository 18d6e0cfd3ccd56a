import { bytesEqual, readSingle } from "../../der/reader";
import type { ParsedCertificate } from "../asn1/certificate";
import { readDistinguishedName } from "../asn1/distinguished-name";
import type { NameConstraints, NameSubtree } from "../asn1/extensions";
import type { GeneralName } from "../asn1/general-names";
import type { ChainProblem } from "../chain-problem";
import {
  dnsWithinConstraint,
  isValidDnsConstraint,
  isValidDnsName,
  uriHost,
  wildcardMayReach,
} from "../dns-names";
import { formatIpAddress, ipWithinSubnet } from "../ip-addresses";
import { type PathCheck, type PathContext, problemAt } from "../path-context";

/** Go's `maxConstraintComparisons`: beyond this many name × constraint comparisons, give up (x509-limbo nc-dos). */
const MAX_COMPARISONS = 250_000;

/** The names of a certificate that constraints apply to: its subject (if not empty) and its SANs. */
function namesOf(certificate: ParsedCertificate): GeneralName[] {
  const names: GeneralName[] = certificate.subject.empty
    ? []
    : [{ kind: "dn", der: certificate.subject.der }];
  return [...names, ...(certificate.subjectAltName?.names ?? [])];
}

type Verdict = { readonly ok: true } | { readonly ok: false; readonly why: string };
const OK: Verdict = { ok: true };

function render(name: GeneralName): string {
  switch (name.kind) {
    case "ip":
      return formatIpAddress(name.bytes);
    case "dn":
      return "<directoryName>";
    case "other":
      return `<GeneralName [${name.tagNumber}]>`;
    default:
      return name.value;
  }
}

/** RFC 5280 §4.2.1.6 rfc822Name: `local-part@domain`, one `@`, a valid host name as the domain. */
function isValidMailbox(mailbox: string): boolean {
  const at = mailbox.lastIndexOf("@");
  return at > 0 && mailbox.indexOf("@") === at && isValidDnsName(mailbox.slice(at + 1), false);
}

function renderSubtree(subtree: NameSubtree): string {
  if (subtree.kind !== "ip") return render(subtree);
  const bits = [...subtree.mask].reduce((sum, byte) => sum + byte.toString(2).replace(/0/g, "").length, 0);
  return `${formatIpAddress(subtree.address)}/${bits}`;
}

function uriWithin(uri: string, constraint: string): boolean {
  const host = uriHost(uri)?.toLowerCase() ?? "";
  const c = constraint.toLowerCase();
  // RFC 5280 §4.2.1.10: `.example.com` = any subdomain, otherwise exactly that host.
  return c.startsWith(".") ? host.endsWith(c) : host === c;
}

function emailWithin(mailbox: string, constraint: string): boolean {
  const at = mailbox.lastIndexOf("@");
  if (at < 0) return false;
  const domain = mailbox.slice(at + 1).toLowerCase();
  if (constraint.includes("@")) {
    const cAt = constraint.lastIndexOf("@");
    return (
      mailbox.slice(0, at) === constraint.slice(0, cAt) && domain === constraint.slice(cAt + 1).toLowerCase()
    );
  }
  const c = constraint.toLowerCase();
  return c.startsWith(".") ? domain.endsWith(c) : domain === c;
}

/** Does `subtree` cover `name`? undefined when the subtree is of another name form. */
function covers(subtree: NameSubtree, name: GeneralName, excluded: boolean): boolean | undefined {
  if (subtree.kind !== name.kind) return undefined;
  if (subtree.kind === "dns" && name.kind === "dns") {
    return (
      dnsWithinConstraint(name.value, subtree.value) ||
      (excluded && wildcardMayReach(name.value, subtree.value))
    );
  }
  if (subtree.kind === "uri" && name.kind === "uri") return uriWithin(name.value, subtree.value);
  if (subtree.kind === "email" && name.kind === "email") return emailWithin(name.value, subtree.value);
  if (subtree.kind === "ip" && name.kind === "ip")
    return ipWithinSubnet(name.bytes, subtree.address, subtree.mask);
  if (subtree.kind === "dn" && name.kind === "dn") return dnWithin(name.der, subtree.der);
  return undefined;
}

/** Directory names: the constraint's RDNs must be a prefix of the name's (RFC 5280 §7.1, byte comparison). */
function dnWithin(nameDer: Uint8Array, constraintDer: Uint8Array): boolean {
  const name = readDistinguishedName(readSingle(nameDer));
  const constraint = readDistinguishedName(readSingle(constraintDer));
  return (
    constraint.rdns.length <= name.rdns.length &&
    constraint.rdns.every((rdn, i) => bytesEqual(rdn, name.rdns[i]!))
  );
}

function malformedSubtree(subtree: NameSubtree): boolean {
  return subtree.kind === "dns" && !isValidDnsConstraint(subtree.value);
}

function checkName(name: GeneralName, constraints: NameConstraints, context: PathContext): Verdict {
  const shown = render(name);
  if (name.kind === "dns" && !isValidDnsName(name.value, true))
    return { ok: false, why: `x509: cannot parse dnsName "${shown}"` };
  if (name.kind === "ip" && name.bytes.length !== 4 && name.bytes.length !== 16) {
    return { ok: false, why: `x509: cannot parse IP address of length ${name.bytes.length}` };
  }
  if (name.kind === "email" && !isValidMailbox(name.value)) {
    return { ok: false, why: `x509: cannot parse rfc822Name "${shown}"` };
  }
  if (name.kind === "uri") {
    const host = uriHost(name.value);
    if (!host) return { ok: false, why: `x509: cannot parse URI "${shown}": no host` };
    if (host.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      return { ok: false, why: `x509: URI with IP ("${shown}") cannot be matched against constraints` };
    }
  }
  const all = [...constraints.permitted, ...constraints.excluded];
  if (
    name.kind === "uri" &&
    context.policy.uriNameConstraints === "reject" &&
    all.some((s) => s.kind === "uri")
  ) {
    return { ok: false, why: "uri-unsupported" };
  }
  if (name.kind === "other" && all.some((s) => s.kind === "other" && s.tagNumber === name.tagNumber)) {
    return { ok: false, why: `x509: cannot process a name constraint on ${shown}` };
  }
  for (const subtree of constraints.excluded) {
    if (malformedSubtree(subtree))
      return { ok: false, why: `x509: malformed name constraint "${renderSubtree(subtree)}"` };
    if (covers(subtree, name, true)) {
      return { ok: false, why: `x509: "${shown}" is excluded by constraint "${renderSubtree(subtree)}"` };
    }
  }
  const sameForm = constraints.permitted.filter((subtree) => subtree.kind === name.kind);
  if (sameForm.some(malformedSubtree)) return { ok: false, why: "x509: malformed permitted name constraint" };
  if (sameForm.length > 0 && !sameForm.some((subtree) => covers(subtree, name, false))) {
    return { ok: false, why: `x509: "${shown}" is not permitted by any constraint` };
  }
  return OK;
}

/**
 * Name constraints of every CA on the path apply to the names of every certificate below it
 * except self-issued intermediates (RFC 5280 §6.1.3(b)). DNS, IP, URI and email forms are
 * enforced; ztunnel's webpki fails closed on any URI constraint that meets a URI SAN — every
 * SPIFFE leaf — while sidecars and Go enforce it (pki.md §5 #18).
 */
export const checkNameConstraints: PathCheck = (context) => {
  const problems: ChainProblem[] = [];
  context.path.forEach((issuer, index) => {
    const constraints = issuer.nameConstraints;
    if (index === 0 || !constraints) return;
    const constraintCount = constraints.permitted.length + constraints.excluded.length;
    for (let below = 0; below < index; below++) {
      const subject = context.path[below]!;
      if (below > 0 && subject.selfIssued) continue;
      const names = namesOf(subject);
      if (names.length * constraintCount > MAX_COMPARISONS) {
        problems.push(
          problemAt(
            context,
            "name-constraint-violation",
            index,
            "x509: too many name constraint comparisons",
          ),
        );
        continue;
      }
      for (const name of names) {
        const verdict = checkName(name, constraints, context);
        if (verdict.ok) continue;
        problems.push(
          verdict.why === "uri-unsupported"
            ? problemAt(
                context,
                "uri-name-constraints-unsupported",
                index,
                "invalid peer certificate: NameConstraintViolation (URI name constraints are not supported: fail closed)",
              )
            : problemAt(context, "name-constraint-violation", index, verdict.why),
        );
      }
    }
  });
  return problems;
};
