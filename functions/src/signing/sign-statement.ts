import {
  IN_TOTO_PAYLOAD_TYPE,
  statementPayload,
  toBase64,
  type DsseEnvelope,
  type PublishStatement,
} from '@mlebotics/shared';
import { ensureKeyPublished } from './keys.js';
import type { Signer, SigningKeyInfo } from './signer.js';

/**
 * Signs a package statement into a DSSE envelope with one key throughout: the signer is pinned
 * to the key in force now (a rotation may make another key active at any moment), that key is
 * published in `signingKeys` if it is new, and the signature is made by it under its own id.
 */
export async function signStatement(
  signer: Signer,
  statement: PublishStatement,
): Promise<{ envelope: DsseEnvelope; key: SigningKeyInfo }> {
  const pinned = (await signer.pin?.()) ?? signer;
  const key = await pinned.describeKey();
  await ensureKeyPublished(key);
  const { payload, pae } = statementPayload(statement);
  const sig = toBase64(await pinned.sign(pae));
  return {
    key,
    envelope: {
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: toBase64(payload),
      signatures: [{ keyid: key.keyId, sig }],
    },
  };
}
