import { Crypto as PeculiarCrypto } from "@peculiar/webcrypto";
import type { WebCrypto } from "./webcrypto-types";

/** Which WebCrypto implementation signs CA certificates and generates CA keys. */
export type CryptoProviderName = "native" | "peculiar";

let peculiar: PeculiarCrypto | undefined;

/**
 * The default provider: Node's native WebCrypto when present. Measured on this project's 2-core
 * machine (bench/pki.bench.ts): native RSA key generation runs off the event loop on libuv's
 * threadpool (so the seed's three RSA-4096 keys are generated in parallel) and P-256 / RSA-2048
 * generation is 2–3× faster than @peculiar/webcrypto, which calls `generateKeyPairSync`
 * (pki.md §4.3 gotcha 6). @peculiar/webcrypto — the design's named provider — stays selectable.
 */
export function defaultCryptoProviderName(): CryptoProviderName {
  return globalThis.crypto?.subtle ? "native" : "peculiar";
}

/** The WebCrypto instance for a provider name. Keys must come from the same provider that signs with them. */
export function cryptoProvider(name: CryptoProviderName = defaultCryptoProviderName()): WebCrypto {
  if (name === "native") return globalThis.crypto;
  peculiar ??= new PeculiarCrypto();
  return peculiar as unknown as WebCrypto;
}
