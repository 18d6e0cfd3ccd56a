/**
 * Extracts the Kubernetes / Istio manifests embedded in a seed guide (markdown): fenced YAML blocks
 * and shell heredocs (`kubectl apply -f - <<EOF`, `cat <<EOF | istioctl install -f -`) holding
 * `apiVersion` and `kind`. Shell variables in unquoted heredocs are substituted from the guide's own
 * `export NAME=value` lines, as the shell would after sourcing them; command substitutions (`$(...)`)
 * are not run and expand to nothing (test support only).
 */

/** One manifest found in a guide: its text and the 1-based line of the guide where it starts. */
export interface SeedManifest {
  readonly line: number;
  readonly text: string;
  readonly origin: "fenced-yaml" | "heredoc";
}

const FENCE = /^\s*```\s*([A-Za-z]*)\s*$/;
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;
const EXPORT = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** A fenced block of the guide: language, first content line (1-based) and its lines (fence indentation removed). */
interface Fence {
  readonly language: string;
  readonly line: number;
  readonly lines: readonly string[];
}

function fences(markdown: string): Fence[] {
  const lines = markdown.split("\n");
  const found: Fence[] = [];
  let open: { language: string; line: number; indent: number; lines: string[] } | undefined;
  lines.forEach((text, index) => {
    const fence = FENCE.exec(text);
    if (fence) {
      if (open) {
        found.push(open);
        open = undefined;
      } else
        open = { language: fence[1]!.toLowerCase(), line: index + 2, indent: text.indexOf("`"), lines: [] };
      return;
    }
    if (!open) return;
    const prefix = text.slice(0, open.indent);
    open.lines.push(prefix.trim() === "" ? text.slice(open.indent) : text);
  });
  return found;
}

/** The environment the guide's `export` lines build, in order (later lines see earlier values). */
export function seedEnvironment(markdown: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const fence of fences(markdown)) {
    for (const line of fence.lines) {
      const match = EXPORT.exec(line);
      if (match) env.set(match[1]!, shellValue(match[2]!, env));
    }
  }
  return env;
}

/** The value of an assignment's right-hand side: quotes removed, variables expanded, comments dropped. */
function shellValue(raw: string, env: ReadonlyMap<string, string>): string {
  const text = raw.trim();
  if (text.startsWith("'")) return text.slice(1, text.indexOf("'", 1) < 0 ? undefined : text.indexOf("'", 1));
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    return expand(text.slice(1, end < 0 ? undefined : end), env);
  }
  const comment = text.search(/\s#/);
  return expand(comment < 0 ? text : text.slice(0, comment).trimEnd(), env);
}

/** `$VAR` / `${VAR}` expansion (unset → empty), `$(...)` → empty. */
export function expand(text: string, env: ReadonlyMap<string, string>): string {
  return text
    .replace(/\$\([^)]*\)/g, "")
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (_, a?: string, b?: string) => env.get((a ?? b)!) ?? "",
    );
}

const looksLikeManifest = (lines: readonly string[]): boolean =>
  lines.some((l) => /^apiVersion:/.test(l)) && lines.some((l) => /^kind:/.test(l));

/** Every manifest embedded in the guide, in order. */
export function seedManifests(markdown: string): SeedManifest[] {
  const env = seedEnvironment(markdown);
  const manifests: SeedManifest[] = [];
  for (const fence of fences(markdown)) {
    let heredocFound = false;
    for (let i = 0; i < fence.lines.length; i++) {
      const heredoc = HEREDOC.exec(fence.lines[i]!);
      if (!heredoc) continue;
      const bodyStart = i + 1;
      const end = fence.lines.findIndex((l, j) => j > i && l.trim() === heredoc[2]);
      const body = fence.lines.slice(bodyStart, end < 0 ? undefined : end);
      i = end < 0 ? fence.lines.length : end;
      if (!looksLikeManifest(body)) continue;
      heredocFound = true;
      const quoted = heredoc[1] !== "";
      const text = `${body.join("\n")}\n`;
      manifests.push({
        line: fence.line + bodyStart,
        text: quoted ? text : expand(text, env),
        origin: "heredoc",
      });
    }
    if (heredocFound || !looksLikeManifest(fence.lines)) continue;
    if (fence.language !== "yaml" && fence.language !== "yml" && fence.language !== "") continue;
    // Unlabelled blocks (seed 003) often start with the command that printed the YAML: keep from `apiVersion:`.
    const start = fence.language === "" ? fence.lines.findIndex((l) => /^apiVersion:/.test(l)) : 0;
    manifests.push({
      line: fence.line + start,
      text: `${fence.lines.slice(start).join("\n")}\n`,
      origin: "fenced-yaml",
    });
  }
  return manifests;
}
