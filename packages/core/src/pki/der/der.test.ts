import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePem, parsePem } from "../pem";
import { DerError, readElement, readOid, readSingle, readSmallInteger } from "./reader";
import { readX509Time } from "./time";
import * as der from "./writer";

describe("strict DER (Go cryptobyte / webpki reject BER)", () => {
  it("OIDs round-trip through the writer and the reader", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 6 }),
        (a, b, rest) => {
          const dotted = [a, b, ...rest].join(".");
          expect(readOid(readSingle(der.oid(dotted)))).toBe(dotted);
        },
      ),
    );
  });

  it("integers round-trip and are minimally encoded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (n) => {
        const encoded = der.smallInteger(n);
        expect(readSmallInteger(readSingle(encoded))).toBe(n);
      }),
    );
    expect(() => readSmallInteger(readSingle(Uint8Array.of(0x02, 0x02, 0x00, 0x01)))).toThrow(DerError);
  });

  it("rejects indefinite and non-minimal lengths, and trailing data", () => {
    expect(() => readElement(Uint8Array.of(0x30, 0x80, 0x00, 0x00))).toThrow("indefinite");
    expect(() => readElement(Uint8Array.of(0x04, 0x81, 0x01, 0xff))).toThrow("non-minimal");
    expect(() => readSingle(Uint8Array.of(0x05, 0x00, 0x00))).toThrow("trailing");
    expect(() => readElement(Uint8Array.of(0x04, 0x05, 0x01))).toThrow("past its container");
  });

  it("RFC 5280 §4.1.2.5 times: UTCTime 50–99 = 19xx, GeneralizedTime from 2050, no fractions", () => {
    const time = (tag: number, text: string) =>
      readX509Time(readSingle(der.element(tag, new TextEncoder().encode(text))));
    expect(new Date(time(0x17, "491231235959Z")).toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(new Date(time(0x17, "500101000000Z")).toISOString()).toBe("1950-01-01T00:00:00.000Z");
    expect(new Date(time(0x18, "20500101000000Z")).toISOString()).toBe("2050-01-01T00:00:00.000Z");
    expect(() => time(0x18, "20240301000000.999Z")).toThrow(DerError);
    expect(() => time(0x17, "240230000000Z")).toThrow("impossible date");
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1950-01-01T00:00:00Z"),
          max: new Date("2999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (d) => {
          const whole = Math.floor(d.getTime() / 1000) * 1000;
          expect(readX509Time(readSingle(der.x509Time(new Date(whole))))).toBe(whole);
        },
      ),
    );
  });
});

describe("PEM (RFC 7468)", () => {
  it("round-trips blocks, reads CRLF and several blocks with text around them", () => {
    const a = encodePem("CERTIFICATE", Uint8Array.of(1, 2, 3));
    const b = encodePem("PRIVATE KEY", new Uint8Array(100).fill(7));
    const { blocks, problem } = parsePem(`junk\r\n${a.replace(/\n/g, "\r\n")}middle\n${b}`);
    expect(problem).toBeUndefined();
    expect(blocks.map((x) => [x.label, x.der.length])).toEqual([
      ["CERTIFICATE", 3],
      ["PRIVATE KEY", 100],
    ]);
  });

  it("reports no block, bad base64 and mismatched END lines", () => {
    expect(parsePem("hello").problem?.reason).toBe("no-pem-block");
    expect(parsePem("-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----\n").problem?.reason).toBe(
      "bad-base64",
    );
    expect(parsePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n").problem?.reason).toBe(
      "mismatched-end",
    );
  });
});
