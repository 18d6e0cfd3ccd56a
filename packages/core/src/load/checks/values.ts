/** Small shared predicates for the hand-written checks of core kinds. */
import type { JsonPath } from "../json-path";
import { describeValue } from "../schema/schema-findings";
import type { Finding } from "../source";

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** An integer port number 1–65535. */
export function isPortNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** A finding for a port that is not 1–65535. */
export function invalidPort(path: JsonPath, value: unknown): Finding {
  return {
    code: "MW1400",
    path,
    message: `port must be an integer between 1 and 65535, found ${describeValue(value)}`,
    expected: "integer 1-65535",
    found: describeValue(value),
  };
}

/** A finding for a value of the wrong JSON type. */
export function wrongType(path: JsonPath, expected: string, value: unknown): Finding {
  return {
    code: "MW1101",
    path,
    message: `expected ${expected}, found ${describeValue(value)}`,
    expected,
    found: describeValue(value),
  };
}

/** A finding for a missing required field (`path` ends with the field's name). */
export function missingField(path: JsonPath): Finding {
  return { code: "MW1103", path, message: `missing required field "${String(path[path.length - 1])}"` };
}

const PROTOCOLS = new Set(["TCP", "UDP", "SCTP"]);

/** A finding when `protocol` is set to anything but TCP, UDP or SCTP. */
export function protocolFinding(path: JsonPath, protocol: unknown): Finding | undefined {
  if (protocol === undefined || (typeof protocol === "string" && PROTOCOLS.has(protocol))) return undefined;
  return {
    code: "MW1406",
    path,
    message: `protocol must be TCP, UDP or SCTP, found ${describeValue(protocol)}`,
    expected: "TCP, UDP or SCTP",
    found: describeValue(protocol),
  };
}
