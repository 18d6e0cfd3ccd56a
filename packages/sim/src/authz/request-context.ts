/**
 * The per-request view compiled matchers read. Everything derived from the request (parsed
 * addresses, the normalized path, the caller's identity split into namespace and service account,
 * the trusted client address) is computed at most once and only when a rule asks for it, so a
 * decision costs lookups, not parsing.
 */
import type { Diagnostic } from "@meshwright/core";
import { authzDiagnostic } from "./codes";
import { type ForwardedForSettings, trustedClientAddress } from "./forwarded-for";
import { parseIp, parseIpv4 } from "./ip-address";
import type { IpSet } from "./ip-set";
import type { NormalizedPath } from "./path-normalization";
import type { AuthzRequest } from "./request";
import { asciiLowerCase } from "./string-matchers";

/** How the enforcing proxy reads requests (fixed per compiled policy set). */
export interface RequestReadingSettings {
  /** The server's path normalization (`pathNormalizer(mode)` of MeshConfig `pathNormalization`). */
  readonly normalizePath: (raw: string) => NormalizedPath;
  readonly forwardedFor: ForwardedForSettings;
}

const SPIFFE_PREFIX = "spiffe://";

/** A parsed request address. */
class ParsedAddress {
  constructor(
    readonly v4: number,
    readonly v6: Uint32Array | null,
  ) {}
}

const UNPARSEABLE = new ParsedAddress(-1, null);

/**
 * Addresses parsed lately: requests repeat their addresses, and a lookup by the request's own
 * string is cheaper than parsing it again. Bounded (cleared when full); only valid addresses are
 * kept, so an invalid one is reported every time.
 */
const ADDRESS_MEMO_LIMIT = 4096;
const parsedAddresses = new Map<string, ParsedAddress>();

/** The request as the compiled matchers see it. */
export class RequestContext {
  /** Peer principal (no `spiffe://`) when the connection is mTLS, else null (plaintext: no identity). */
  readonly principal: string | null;
  /** The workload port. */
  readonly destinationPort: number;
  /** `connection.sni` ("" when the client sent none). */
  readonly sni: string;
  /** `:method`, or undefined outside HTTP. */
  readonly method: string | undefined;
  /** `:authority`, or undefined outside HTTP. */
  readonly host: string | undefined;
  /** False while CUSTOM rules are matched: Envoy runs them before the JWT filter (istio-semantics §2.2). */
  jwtVisible = true;
  // Created on first use: most requests never look at most addresses.
  private source: ParsedAddress | null = null;
  private remote: ParsedAddress | null = null;
  private destination: ParsedAddress | null = null;
  private lowerHost: string | undefined | null = null;
  private pathState: 0 | 1 = 0;
  private normalizedPath: string | null = null;
  private pathRejection: string | null = null;
  private identityState: 0 | 1 = 0;
  private nsStart = -1;
  private nsEnd = -1;
  private saStart = -1;
  private findings: Diagnostic[] | null = null;

  constructor(
    readonly request: AuthzRequest,
    readonly settings: RequestReadingSettings,
  ) {
    this.destinationPort = request.destination.port;
    this.sni = request.destination.sni ?? "";
    this.method = request.http?.method;
    this.host = request.http?.host;
    const source = request.source;
    const principal = typeof source.principal === "string" ? source.principal : "";
    if (source.mtls !== true) {
      this.principal = null;
    } else if (principal === "") {
      this.principal = "";
      this.report(authzDiagnostic("mtlsWithoutPrincipal", { path: "$.source.principal" }));
    } else if (principal.startsWith(SPIFFE_PREFIX)) {
      this.principal = principal.slice(SPIFFE_PREFIX.length);
      this.report(
        authzDiagnostic("principalWithSpiffePrefix", { path: "$.source.principal", found: principal }),
      );
    } else {
      this.principal = principal;
    }
  }

  /** Problems found while reading the request (null when none). */
  get diagnostics(): readonly Diagnostic[] | null {
    return this.findings;
  }

  private report(diagnostic: Diagnostic): void {
    if (this.findings === null) this.findings = [];
    if (!this.findings.some((d) => d.code === diagnostic.code && d.path === diagnostic.path)) {
      this.findings.push(diagnostic);
    }
  }

  private parse(text: string, path: string): ParsedAddress {
    if (typeof text !== "string") {
      this.report(
        authzDiagnostic("invalidRequestAddress", { path, found: JSON.stringify(text) ?? "undefined" }),
      );
      return UNPARSEABLE;
    }
    const known = parsedAddresses.get(text);
    if (known !== undefined) return known;
    const v4 = parseIpv4(text);
    const ip = v4 >= 0 ? null : parseIp(text);
    const v6 = ip?.family === 6 ? ip.v6 : null;
    if (v4 < 0 && v6 === null) {
      this.report(authzDiagnostic("invalidRequestAddress", { path, found: JSON.stringify(text) }));
      return UNPARSEABLE;
    }
    const parsed = new ParsedAddress(v4, v6);
    if (parsedAddresses.size >= ADDRESS_MEMO_LIMIT) parsedAddresses.clear();
    parsedAddresses.set(text, parsed);
    return parsed;
  }

  /** `ipBlocks` / `source.ip`: the direct peer address. */
  sourceIn(set: IpSet): boolean {
    const a = (this.source ??= this.parse(this.request.source.ip, "$.source.ip"));
    return set.has(a.v4, a.v6);
  }

  /** `remoteIpBlocks` / `remote.ip`: the trusted client address. */
  remoteIn(set: IpSet): boolean {
    const a = (this.remote ??= this.parse(this.remoteAddress(), "$.source.remoteIp"));
    return set.has(a.v4, a.v6);
  }

  /** `destination.ip`: the workload address. */
  destinationIn(set: IpSet): boolean {
    const a = (this.destination ??= this.parse(this.request.destination.ip, "$.destination.ip"));
    return set.has(a.v4, a.v6);
  }

  private remoteAddress(): string {
    const source = this.request.source;
    if (source.remoteIp !== undefined) return source.remoteIp;
    return trustedClientAddress(this.header("x-forwarded-for"), source.ip, this.settings.forwardedFor);
  }

  /** `:authority` in ASCII lower case (computed once), or undefined outside HTTP. */
  hostLowerCase(): string | undefined {
    if (this.lowerHost === null)
      this.lowerHost = this.host === undefined ? undefined : asciiLowerCase(this.host);
    return this.lowerHost;
  }

  /** The normalized, query-less path; null outside HTTP or when Envoy rejects the path. */
  path(): string | null {
    if (this.pathState === 0) {
      this.pathState = 1;
      const raw = this.request.http?.path;
      if (raw !== undefined) {
        const normalized = this.settings.normalizePath(raw);
        if (normalized.ok) this.normalizedPath = normalized.path;
        else this.pathRejection = normalized.reason;
      }
    }
    return this.normalizedPath;
  }

  /** Why Envoy rejects the request path before authorization (HTTP 400), or null. */
  get rejectedPath(): string | null {
    this.path();
    return this.pathRejection;
  }

  /**
   * A request header by lower-case name (pseudo-headers `:method`, `:path`, `:authority` and `host`
   * included); duplicate values merged with ",". Undefined when absent or outside HTTP.
   */
  header(lowerName: string): string | undefined {
    const http = this.request.http;
    if (http === undefined) return undefined;
    switch (lowerName) {
      case ":method":
        return http.method;
      case ":path":
        return http.path;
      case ":authority":
      case "host":
        return http.host;
    }
    const headers = http.headers;
    if (headers === undefined) return undefined;
    let value = headers[lowerName];
    if (value === undefined) {
      for (const name in headers) {
        if (name.length === lowerName.length && name.toLowerCase() === lowerName) {
          value = headers[name];
          break;
        }
      }
    }
    return value === undefined || typeof value === "string" ? value : value.join(",");
  }

  /** A JWT claim by path (nested keys), or undefined without a validated JWT. */
  claim(path: readonly string[]): unknown {
    const auth = this.jwtVisible ? this.request.requestAuth : undefined;
    if (auth === undefined) return undefined;
    if (path.length === 1) {
      if (path[0] === "aud" && auth.audiences !== undefined) return auth.audiences;
      if (path[0] === "azp" && auth.presenter !== undefined) return auth.presenter;
      const direct = auth.claims?.[path[0]!];
      if (direct !== undefined || (path[0] !== "iss" && path[0] !== "sub")) return direct;
      // iss / sub fall back to the two halves of `<iss>/<sub>` (split at the last "/").
      const cut = auth.principal.lastIndexOf("/");
      if (path[0] === "iss") return cut < 0 ? auth.principal : auth.principal.slice(0, cut);
      return cut < 0 ? undefined : auth.principal.slice(cut + 1);
    }
    let node: unknown = auth.claims;
    for (const key of path) {
      if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  }

  /** Envoy dynamic metadata `filter` → `key`. */
  filterMetadata(filter: string, key: string): unknown {
    return this.request.filterMetadata?.[filter]?.[key];
  }

  private splitIdentity(): void {
    this.identityState = 1;
    const p = this.principal;
    if (p === null) return;
    // ztunnel identities are exactly `<td>/ns/<ns>/sa/<sa>` (Identity::Spiffe).
    const tdEnd = p.indexOf("/");
    if (tdEnd < 0 || !p.startsWith("ns/", tdEnd + 1)) return;
    const nsStart = tdEnd + 4;
    const nsEnd = p.indexOf("/", nsStart);
    if (nsEnd < 0 || !p.startsWith("sa/", nsEnd + 1) || p.indexOf("/", nsEnd + 4) >= 0) return;
    this.nsStart = nsStart;
    this.nsEnd = nsEnd;
    this.saStart = nsEnd + 4;
  }

  /** ztunnel ServiceAccountMatch: identity namespace and service account equal the given ones. */
  hasServiceAccount(namespace: string, serviceAccount: string): boolean {
    if (this.identityState === 0) this.splitIdentity();
    const p = this.principal;
    if (p === null || this.nsStart < 0) return false;
    return (
      this.nsEnd - this.nsStart === namespace.length &&
      p.startsWith(namespace, this.nsStart) &&
      p.length - this.saStart === serviceAccount.length &&
      p.endsWith(serviceAccount)
    );
  }

  /** ztunnel StringMatch on the identity's namespace ("" without identity). */
  namespaceMatches(kind: "exact" | "prefix" | "suffix" | "presence", text: string): boolean {
    if (this.identityState === 0) this.splitIdentity();
    const p = this.principal;
    const length = this.nsEnd - this.nsStart;
    // Without a (well-formed) identity ztunnel compares against "" (`unwrap_or_default`).
    if (p === null || this.nsStart < 0) return kind !== "presence" && text === "";
    switch (kind) {
      case "presence":
        return length > 0;
      case "exact":
        return length === text.length && p.startsWith(text, this.nsStart);
      case "prefix":
        return length >= text.length && p.startsWith(text, this.nsStart);
      case "suffix":
        return length >= text.length && p.endsWith(text, this.nsEnd);
    }
  }
}
