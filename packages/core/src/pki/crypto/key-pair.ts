import { createPrivateKey } from "node:crypto";
import { PrivateKeyHandle } from "../private-key";
import { type KeySpec, keyGenParams } from "./key-spec";
import type { WebCrypto, WebCryptoKeyPair } from "./webcrypto-types";

/** A freshly generated CA key pair: WebCrypto keys for @peculiar/x509 and a node:crypto handle for leaf signing. */
export interface GeneratedKeyPair {
  readonly spec: KeySpec;
  readonly keys: WebCryptoKeyPair;
  readonly privateKey: PrivateKeyHandle;
}

/** Generates a key pair with the given provider (async: native RSA generation runs on the threadpool). */
export async function generateKeyPair(spec: KeySpec, crypto: WebCrypto): Promise<GeneratedKeyPair> {
  const keys = (await crypto.subtle.generateKey(keyGenParams(spec), true, [
    "sign",
    "verify",
  ])) as WebCryptoKeyPair;
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  const privateKey = new PrivateKeyHandle(
    createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" }),
  );
  return { spec, keys, privateKey };
}
