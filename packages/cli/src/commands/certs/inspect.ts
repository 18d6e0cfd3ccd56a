import { readFileSync } from "node:fs";
import {
  encodePem,
  parseCertificateDer,
  parsePem,
  parsePrivateKeyPem,
  summarizeCertificate,
} from "@meshwright/core";
import { CliError } from "../../output/errors";
import { renderTable, serialise } from "../../output/format";
import { outputFormat } from "./report";

/**
 * `certs inspect <pem>`: every certificate of a PEM file summarised (subject, issuer, validity,
 * key, CA flags, SANs, SHA-256). Private keys in the file are named, never printed. Exit 0, or 1 when
 * nothing in the file can be read, 2 on usage errors.
 */
export function runInspect(file: string, output: string | undefined): number {
  const format = outputFormat(output);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new CliError(`cannot read ${file}`, 2);
  }
  const { blocks } = parsePem(text);
  if (blocks.length === 0) {
    process.stderr.write(
      `meshwright: ${file} holds no PEM block (convert DER with: openssl x509 -inform der -in ${file})\n`,
    );
    return 1;
  }
  const entries = blocks.map((block, index) => {
    if (block.label === "CERTIFICATE") {
      const parsed = parseCertificateDer(block.der);
      return parsed.ok
        ? { index, certificate: summarizeCertificate(parsed.certificate) }
        : { index, error: parsed.reason };
    }
    if (block.label.includes("PRIVATE KEY")) {
      const key = parsePrivateKeyPem(encodePem(block.label, block.der));
      return {
        index,
        privateKey: key.key
          ? `${key.format} ${key.key.type} key (not shown)`
          : `${block.label} (not readable by istiod)`,
      };
    }
    return { index, other: block.label };
  });
  if (format === "json" || format === "yaml") {
    process.stdout.write(serialise({ file, entries }, format));
  } else {
    const rows = entries.map((e) => {
      if ("certificate" in e && e.certificate) {
        const c = e.certificate;
        const ca = c.ca ? `CA${c.pathLen !== undefined ? ` pathlen:${c.pathLen}` : ""}` : "leaf";
        return [
          String(e.index),
          c.subject,
          c.issuer,
          `${c.notBefore} → ${c.notAfter}`,
          `${c.key} ${c.signature}`,
          ca,
          c.subjectAltNames.join(" "),
          c.sha256.slice(0, 16),
        ];
      }
      const what =
        "privateKey" in e
          ? e.privateKey
          : "error" in e
            ? `unparsable: ${e.error}`
            : `PEM ${"other" in e ? e.other : ""}`;
      return [String(e.index), String(what), "", "", "", "", "", ""];
    });
    process.stdout.write(
      renderTable(["#", "subject", "issuer", "validity", "key / signature", "type", "SANs", "sha256"], rows),
    );
  }
  return entries.some((e) => "certificate" in e) ? 0 : 1;
}
