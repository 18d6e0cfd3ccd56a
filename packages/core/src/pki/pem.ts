/**
 * PEM (RFC 7468) reading and writing. Reading is lenient about what surrounds the blocks
 * (comments, `openssl x509 -text` output, CRLF) like Go's `pem.Decode`, and strict about the
 * blocks themselves.
 */

/** One PEM block. `headers` are RFC 1421 headers (e.g. `Proc-Type: 4,ENCRYPTED` of legacy encrypted keys). */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Why a text could not be read as PEM. */
export interface PemProblem {
  readonly reason: "no-pem-block" | "bad-base64" | "mismatched-end";
  readonly label?: string;
}

/** Every PEM block in `text`, in order, or the first problem found. */
export function parsePem(text: string): { blocks: PemBlock[]; problem?: PemProblem } {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const [, label, body, endLabel] = match as unknown as [string, string, string, string];
    if (label !== endLabel) return { blocks, problem: { reason: "mismatched-end", label } };
    const headers: Record<string, string> = {};
    const base64Lines: string[] = [];
    for (const rawLine of body.split(/\r?\n/)) {
      const line = rawLine.trim();
      if (line === "") continue;
      const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (header && base64Lines.length === 0) headers[header[1]!] = header[2]!;
      else base64Lines.push(line);
    }
    const base64 = base64Lines.join("");
    if (!BASE64.test(base64) || base64.length % 4 !== 0)
      return { blocks, problem: { reason: "bad-base64", label } };
    blocks.push({ label, der: new Uint8Array(Buffer.from(base64, "base64")), headers });
  }
  if (blocks.length === 0) return { blocks, problem: { reason: "no-pem-block" } };
  return { blocks };
}

/** Encodes DER as one PEM block with 64-character lines. */
export function encodePem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
