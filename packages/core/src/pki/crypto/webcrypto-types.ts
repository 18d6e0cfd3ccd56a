import type { webcrypto } from "node:crypto";

/**
 * WebCrypto types from node:crypto: the project compiles without the DOM lib, so the global
 * `Crypto`/`CryptoKey` types do not exist.
 */
export type WebCrypto = webcrypto.Crypto;
/** A WebCrypto key. */
export type WebCryptoKey = webcrypto.CryptoKey;
/** A WebCrypto key pair. */
export type WebCryptoKeyPair = webcrypto.CryptoKeyPair;
/** Key generation parameters meshwright uses. */
export type KeyGenParams = webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams;
/** Signature parameters meshwright uses. */
export type SigningParams = webcrypto.Algorithm | webcrypto.EcdsaParams;
