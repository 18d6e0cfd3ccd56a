import { generateKeyPair } from "../crypto/key-pair";
import type { KeySpec } from "../crypto/key-spec";
import type { SerialSource } from "../crypto/serial-numbers";
import type { WebCrypto } from "../crypto/webcrypto-types";
import type { CaTemplate } from "./ca-template";
import type { CertificateAuthority } from "./certificate-authority";
import { createCaCertificate } from "./create-ca-certificate";

/** The crypto context of a generation run. */
export interface GenerationContext {
  readonly crypto: WebCrypto;
  readonly serials: SerialSource;
}

/** Creates a self-signed root CA with a new key. */
export async function createRootAuthority(
  template: CaTemplate,
  keySpec: KeySpec,
  context: GenerationContext,
): Promise<CertificateAuthority> {
  const pair = await generateKeyPair(keySpec, context.crypto);
  const { certificate, pem } = await createCaCertificate(
    template,
    pair.keys,
    { keys: pair.keys, spec: keySpec },
    context.crypto,
    context.serials,
  );
  return { certificate, pem, privateKey: pair.privateKey, chain: [], keys: pair.keys, keySpec };
}

/** Creates a CA signed by `parent` (which must hold WebCrypto keys) with a new key. */
export async function createSubordinateAuthority(
  parent: CertificateAuthority,
  template: CaTemplate,
  keySpec: KeySpec,
  context: GenerationContext,
): Promise<CertificateAuthority> {
  if (!parent.keys || !parent.keySpec) throw new Error("the parent CA has no WebCrypto signing key");
  const pair = await generateKeyPair(keySpec, context.crypto);
  const { certificate, pem } = await createCaCertificate(
    template,
    pair.keys,
    { keys: parent.keys, spec: parent.keySpec, certificate: parent.certificate },
    context.crypto,
    context.serials,
  );
  return {
    certificate,
    pem,
    privateKey: pair.privateKey,
    chain: [parent.certificate, ...parent.chain],
    keys: pair.keys,
    keySpec,
  };
}
