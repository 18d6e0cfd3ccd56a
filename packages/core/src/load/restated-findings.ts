import type { Diagnostic } from "../diagnostics/diagnostic";
import { getOrCreate } from "../memo/memo";
import { DERIVE_CODES } from "../model/derive/codes";

/**
 * `createMesh`'s per-object checks that the loader's own validation of every manifest object also
 * makes (label syntax, a controller's selector), each with the loader codes that report the same
 * problem. `createMesh` keeps its checks, since meshes built in code never pass the loader.
 */
const RESTATED_BY: ReadonlyMap<string, readonly string[]> = new Map([
  [DERIVE_CODES.labelKeyInvalid.code, ["MW1303"]],
  [DERIVE_CODES.labelValueInvalid.code, ["MW1304", "MW1305"]],
  [DERIVE_CODES.selectorMismatch.code, ["MW1411"]],
  [DERIVE_CODES.selectorInvalid.code, ["MW1404", "MW1410"]],
]);

/**
 * The loader's findings by source document, so that a located `createMesh` diagnostic that
 * restates one of them is reported once: the loader's, which points at the exact field.
 */
export class LoaderFindings {
  private readonly byDocument = new Map<string, { readonly code: string; readonly path: string }[]>();

  constructor(loaderDiagnostics: readonly Diagnostic[]) {
    for (const d of loaderDiagnostics) {
      if (d.file === undefined || d.path === undefined) continue;
      getOrCreate(this.byDocument, documentKey(d.file, d.document), () => []).push({
        code: d.code,
        path: d.path,
      });
    }
  }

  /**
   * Whether `diagnostic` (from `createMesh`, located in its file) restates a loader finding of the
   * same document at its path or under it (a selector problem is found at its expression or key).
   */
  restates(diagnostic: Diagnostic): boolean {
    const codes = RESTATED_BY.get(diagnostic.code);
    const { file, path } = diagnostic;
    if (!codes || file === undefined || path === undefined) return false;
    return (this.byDocument.get(documentKey(file, diagnostic.document)) ?? []).some(
      (found) =>
        codes.includes(found.code) &&
        (found.path === path || found.path.startsWith(`${path}.`) || found.path.startsWith(`${path}[`)),
    );
  }
}

function documentKey(file: string, document: number | undefined): string {
  return `${file}\u0000${document ?? ""}`;
}
