/**
 * What Envoy does to `:path` before RBAC sees it (istio-semantics §2.6; Istio
 * reference/config/security/normalization; `listener_builder.go` maps MeshConfig
 * `pathNormalization` to the HCM's normalize_path / merge_slashes / path_with_escaped_slashes_action).
 * The normalized path is also what the backend receives; RBAC path matchers ignore the query.
 */

/** MeshConfig `pathNormalization.normalization` (default BASE). */
export type PathNormalization = "NONE" | "BASE" | "MERGE_SLASHES" | "DECODE_AND_MERGE_SLASHES";

/** The path RBAC matches (query and fragment removed), or why Envoy answered 400 instead. */
export type NormalizedPath =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly reason: string };

const HEX = /^[0-9a-fA-F]{2}$/;

/** RFC 3986 unreserved characters: the only escapes BASE decodes (`%2d %2e %30-%39 %41-%5a %5f %61-%7a %7e`). */
function isUnreserved(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e
  );
}

function decodeEscapes(path: string, decodeSlashes: boolean): string {
  return path.replace(/%(..)/g, (sequence: string, hex: string) => {
    if (!HEX.test(hex)) return sequence;
    const code = Number.parseInt(hex, 16);
    if (isUnreserved(code)) return String.fromCharCode(code);
    // UNESCAPE_AND_FORWARD: %2F and %5C become / and \ (the latter then turns into / below).
    if (decodeSlashes && (code === 0x2f || code === 0x5c)) return String.fromCharCode(code);
    return sequence;
  });
}

/** RFC 3986 §5.2.4 remove_dot_segments on an absolute path. */
function removeDotSegments(path: string): string {
  const segments = path.split("/");
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === "." || segment === "..") {
      if (segment === "..") out.pop();
      if (last) out.push("");
      continue;
    }
    out.push(segment);
  }
  return `/${out.join("/")}`;
}

/** True when normalization and query stripping would leave `path` unchanged (checked without allocating). */
export function isAlreadyNormalized(path: string, mode: PathNormalization): boolean {
  const mergeSlashes = mode === "MERGE_SLASHES" || mode === "DECODE_AND_MERGE_SLASHES";
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    // % (escapes), \ (backslash), . (dot segments), ? and # (query / fragment).
    if (c === 0x25 || c === 0x5c || c === 0x2e || c === 0x3f || c === 0x23) return false;
    if (mergeSlashes && c === 0x2f && path.charCodeAt(i + 1) === 0x2f) return false;
  }
  return true;
}

/**
 * Normalizes a request path the way the server-side Envoy does and strips the query for matching.
 * Clean paths come back unchanged without allocating.
 */
export function normalizeRequestPath(raw: string, mode: PathNormalization): NormalizedPath {
  if (isAlreadyNormalized(raw, mode)) return { ok: true, path: raw };
  const merge = mode === "MERGE_SLASHES" || mode === "DECODE_AND_MERGE_SLASHES";
  const cut = raw.search(/[?#]/);
  let path = cut < 0 ? raw : raw.slice(0, cut);
  // Envoy rejects an encoded NUL in the path outright (HTTP 400), whatever the normalization setting.
  if (path.includes("%00")) return { ok: false, reason: "path contains %00 (Envoy answers 400 Bad Request)" };
  if (mode === "NONE") return { ok: true, path };
  path = decodeEscapes(path, mode === "DECODE_AND_MERGE_SLASHES").replace(/\\/g, "/");
  if (path.startsWith("/")) path = removeDotSegments(path);
  if (merge) path = path.replace(/\/{2,}/g, "/");
  return { ok: true, path };
}

const MEMO_LIMIT = 4096;
const normalizers = new Map<PathNormalization, (raw: string) => NormalizedPath>();

/**
 * `normalizeRequestPath` for one mode, remembered for the most recent distinct paths: traffic
 * repeats paths, and the function is pure, so a bounded memo (cleared when full) changes nothing but
 * the cost. A lookup by the request's own string (whose hash V8 caches) is cheaper than even
 * checking that a path is already clean.
 */
export function pathNormalizer(mode: PathNormalization): (raw: string) => NormalizedPath {
  let normalizer = normalizers.get(mode);
  if (normalizer === undefined) {
    const memo = new Map<string, NormalizedPath>();
    normalizer = (raw) => {
      let result = memo.get(raw);
      if (result === undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        result = normalizeRequestPath(raw, mode);
        memo.set(raw, result);
      }
      return result;
    };
    normalizers.set(mode, normalizer);
  }
  return normalizer;
}
