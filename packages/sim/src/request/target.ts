/** What the caller asked to reach: parsed like curl parses its URL argument. */
export interface RequestTarget {
  readonly scheme: "http" | "https" | "tcp";
  /** Host as written (a short name such as `helloworld.sample` is resolved through the search path). */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** The original text. */
  readonly text: string;
}

const DEFAULT_PORTS = { http: 80, https: 443, tcp: 80 } as const;

/**
 * Parses `http://helloworld.sample:5000/hello`, `helloworld.sample:5000/hello` (curl's default
 * scheme is http), `tcp://db.ns:5432`, or `host:port`. Returns a message instead of throwing.
 */
export function parseTarget(text: string): RequestTarget | { readonly error: string } {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { error: "empty target: expected a URL such as http://svc.ns:8080/path" };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    // tcp:// is not special to WHATWG URL, so parse it as http and restore the scheme.
    url = new URL(withScheme.replace(/^tcp:\/\//i, "http://"));
  } catch {
    return { error: `cannot parse ${JSON.stringify(text)} as a URL` };
  }
  const scheme = /^tcp:\/\//i.test(withScheme)
    ? "tcp"
    : url.protocol === "https:"
      ? "https"
      : url.protocol === "http:"
        ? "http"
        : undefined;
  if (!scheme) return { error: `unsupported scheme ${url.protocol} (expected http, https or tcp)` };
  if (!url.hostname) return { error: `no host in ${JSON.stringify(text)}` };
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
  return {
    scheme,
    host: url.hostname.replace(/^\[|\]$/g, "").toLowerCase(),
    port,
    path: scheme === "tcp" ? "" : `${url.pathname}${url.search}`,
    text,
  };
}
