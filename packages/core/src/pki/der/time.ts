import { contentOf, type DerElement, DerError, Tag } from "./reader";

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Decodes a certificate validity time to epoch milliseconds. RFC 5280 §4.1.2.5 allows only
 * `YYMMDDHHMMSSZ` (UTCTime, 50–99 = 19xx) and `YYYYMMDDHHMMSSZ` (GeneralizedTime): no fractions,
 * no offsets. Go's parser is equally strict, so anything else is a malformed certificate.
 */
export function readX509Time(element: DerElement): number {
  const text = new TextDecoder("latin1").decode(contentOf(element));
  let parts: RegExpExecArray | null;
  let year: number;
  if (element.tag === Tag.UTC_TIME) {
    parts = UTC_TIME.exec(text);
    if (!parts) throw new DerError(`invalid UTCTime "${text}"`);
    const yy = Number(parts[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (element.tag === Tag.GENERALIZED_TIME) {
    parts = GENERALIZED_TIME.exec(text);
    if (!parts) throw new DerError(`invalid GeneralizedTime "${text}"`);
    year = Number(parts[1]);
  } else {
    throw new DerError("validity time is neither UTCTime nor GeneralizedTime");
  }
  const [month, day, hour, minute, second] = parts.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (
    month < 1 ||
    month > 12 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    check.getUTCFullYear() !== year
  ) {
    throw new DerError(`impossible date "${text}"`);
  }
  // Date.UTC maps years 0..99 to 1900..1999; certificates never use them, but keep it exact.
  return year < 100 ? new Date(ms).setUTCFullYear(year) : ms;
}
