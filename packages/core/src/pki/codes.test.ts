import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PKI_CATALOGUE } from "./codes";

const entries = Object.entries(PKI_CATALOGUE);
const docs = readFileSync(
  resolve(dirname(fileURLToPath(import.meta.url)), "../../../../docs/pki.md"),
  "utf8",
);

describe("PKI finding catalogue", () => {
  it("codes are unique and in MW3000–MW3999", () => {
    const codes = entries.map(([, e]) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(Number(code.slice(2))).toSatisfy((n: number) => n >= 3000 && n <= 3999);
  });

  it("pki.md §5's names keep codes MW3001–MW3022 in order", () => {
    const section5 = [
      "ROOT_MISMATCH",
      "INTERMEDIATE_EXPIRED",
      "INTERMEDIATE_EXPIRES_SOON",
      "INTERMEDIATE_NOT_YET_VALID",
      "INTERMEDIATE_NOT_CA",
      "CA_KEY_MISMATCH",
      "CHAIN_ORDER",
      "CHAIN_INCOMPLETE",
      "ROOT_NOT_SELF_SIGNED",
      "INTERMEDIATE_EKU_RESTRICTS",
      "PATHLEN_VIOLATION",
      "TRUST_DOMAIN_MISMATCH",
      "SAN_MISMATCH",
      "CA_KEY_UNSUPPORTED_FORMAT",
      "WEAK_SIGNATURE",
      "ROOT_BUNDLE",
      "INTERMEDIATE_KU_NO_CERTSIGN",
      "URI_NAME_CONSTRAINTS_AMBIENT",
      "CACERTS_INCOMPLETE",
      "ISSUER_NAME_NOT_BYTE_EQUAL",
      "LEAF_OUTLIVES_ISSUER",
      "ROOT_ROTATION_REQUIRES_MULTIROOT",
    ] as const;
    section5.forEach((name, i) => {
      expect(PKI_CATALOGUE[name].code).toBe(`MW${3001 + i}`);
    });
  });

  it("docs/pki.md documents every code with its name and a fix", () => {
    for (const [name, entry] of entries) {
      expect(docs).toMatch(
        new RegExp(`\\|\\s*${entry.code}\\s*\\|\\s*\`${name}\`\\s*\\|\\s*${entry.severity}\\s*\\|`),
      );
      expect(entry.fix.length).toBeGreaterThan(10);
    }
  });
});
