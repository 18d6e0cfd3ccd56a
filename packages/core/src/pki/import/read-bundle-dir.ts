import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BundleFiles } from "../bundle/layouts";
import { type PkiFinding, pkiFinding } from "../finding";

/** Names istiod looks at in `ROOT_CA_DIR`; anything else in the directory is ignored. */
const BUNDLE_FILE =
  /^(ca-cert\.pem|ca-key\.pem|root-cert\.pem|cert-chain\.pem|ca-crl\.pem|tls\.crt|tls\.key|ca\.crt)$/;

/** Reads the plug-in CA files of a directory (a mounted `cacerts` or a `certs generate` output). */
export function readBundleDir(dir: string): { files: BundleFiles; findings: PkiFinding[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
    names = readdirSync(dir).filter((n) => BUNDLE_FILE.test(n));
  } catch (error) {
    return {
      files: {},
      findings: [
        pkiFinding("FILE_UNREADABLE", {
          message: `cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? "I/O error"}`,
          file: dir,
          expected: "a directory holding ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem",
        }),
      ],
    };
  }
  const files: Record<string, string> = {};
  const findings: PkiFinding[] = [];
  for (const name of names.sort()) {
    try {
      files[name] = readFileSync(join(dir, name), "utf8");
    } catch (error) {
      findings.push(
        pkiFinding("FILE_UNREADABLE", {
          message: `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? "I/O error"}`,
          file: join(dir, name),
        }),
      );
    }
  }
  return { files, findings };
}
