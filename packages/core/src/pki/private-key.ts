import { createPublicKey, type KeyObject } from "node:crypto";
import { inspect } from "node:util";

const REDACTED = "[private key redacted]";

/**
 * A private key that cannot leak by accident: it prints, logs and serialises as
 * `[private key redacted]` (DESIGN.md principle 8). Export it explicitly with `toPkcs8Pem()` only
 * to write a key file.
 */
export class PrivateKeyHandle {
  readonly #key: KeyObject;

  constructor(key: KeyObject) {
    if (key.type !== "private") throw new TypeError("PrivateKeyHandle needs a private key");
    this.#key = key;
  }

  /** The node:crypto key, for signing. */
  get keyObject(): KeyObject {
    return this.#key;
  }

  /** `rsa`, `ec`, `ed25519`... */
  get type(): string {
    return this.#key.asymmetricKeyType ?? "unknown";
  }

  /** Unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`): the form istiod and ztunnel both read (pki.md §4.3 gotcha 5). */
  toPkcs8Pem(): string {
    return this.#key.export({ format: "pem", type: "pkcs8" }).toString();
  }

  /** DER SubjectPublicKeyInfo of the matching public key. */
  publicKeySpki(): Uint8Array {
    return new Uint8Array(createPublicKey(this.#key).export({ format: "der", type: "spki" }));
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
