import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Permission } from '../manifest/manifest.generated.js';

/** DSSE payload type of in-toto attestations. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** The predicate the marketplace signs for every published version. */
export const PUBLISH_PREDICATE_TYPE = 'https://mlebotics.dev/attestations/plugin-publish/v1';
export const SIGNATURE_ALGORITHM = 'ECDSA_P256_SHA256';

/** A DSSE envelope (https://github.com/secure-systems-lab/dsse/blob/master/envelope.md). */
export interface DsseEnvelope {
  payloadType: string;
  /** Base64 of the serialized payload. */
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

export interface PublishPredicate {
  pluginId: string;
  version: string;
  publisher: string;
  /** uid of the developer whose upload was published. */
  uploader: string;
  uploadId: string;
  /** sha256 of plugin.json as packaged. */
  manifestSha256: string;
  permissions: Permission[];
  /** Every regular file with its sha256, in archive order. */
  files: Array<{ path: string; size: number; sha256: string }>;
  /** ISO 8601. */
  publishedAt: string;
  /**
   * Only on a development build: the one organization it was signed for. A loader refuses it
   * anywhere else, and refuses it in place of a published version.
   */
  development?: { orgId: string };
}

export interface PublishStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: Array<{ name: string; digest: { sha256: string } }>;
  predicateType: typeof PUBLISH_PREDICATE_TYPE;
  predicate: PublishPredicate;
}

const encoder = new TextEncoder();

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * DSSE pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body,
 * lengths as ASCII decimal byte counts. What is signed, never the raw payload.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const typeBytes = encoder.encode(payloadType);
  const head = encoder.encode(`DSSEv1 ${typeBytes.length} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

/** The subject name of a published version. */
export function subjectName(pluginId: string, version: string): string {
  return `${pluginId}@${version}`;
}

export function buildStatement(packageSha256: string, predicate: PublishPredicate): PublishStatement {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: subjectName(predicate.pluginId, predicate.version), digest: { sha256: packageSha256 } }],
    predicateType: PUBLISH_PREDICATE_TYPE,
    predicate,
  };
}

/** Serializes a statement and returns the payload and the bytes to sign (its PAE). */
export function statementPayload(statement: PublishStatement): { payload: Uint8Array; pae: Uint8Array } {
  const payload = encoder.encode(JSON.stringify(statement));
  return { payload, pae: preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload) };
}

// DER SubjectPublicKeyInfo prefix of an uncompressed P-256 point (id-ecPublicKey, prime256v1).
const P256_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
  0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
]);

/** The uncompressed EC point of a P-256 public key in PEM (SPKI), as Cloud KMS returns it. */
export function p256PointFromPem(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  const der = fromBase64(body);
  if (der.length !== P256_SPKI_PREFIX.length + 65 || !P256_SPKI_PREFIX.every((b, i) => der[i] === b)) {
    throw new Error('The public key is not an ECDSA P-256 key in SPKI PEM form.');
  }
  return der.subarray(P256_SPKI_PREFIX.length);
}

/** Key id of a public key: the first 16 hex digits of the sha256 of its SPKI DER. */
export function keyIdOf(pem: string): string {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return `mle-${bytesToHex(sha256(fromBase64(body))).slice(0, 16)}`;
}

/** A published signing key, as stored in `signingKeys/{keyId}`. */
export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
  status: 'active' | 'retired' | 'revoked';
}

export type EnvelopeVerification =
  { ok: true; keyId: string; statement: PublishStatement } | { ok: false; reason: string };

function isPublishStatement(value: unknown): value is PublishStatement {
  const s = value as PublishStatement;
  return (
    !!s &&
    s._type === IN_TOTO_STATEMENT_TYPE &&
    s.predicateType === PUBLISH_PREDICATE_TYPE &&
    Array.isArray(s.subject) &&
    s.subject.length === 1 &&
    typeof s.subject[0]?.digest?.sha256 === 'string' &&
    typeof s.predicate === 'object'
  );
}

/**
 * Verifies a DSSE envelope against published keys: at least one signature must be valid
 * ECDSA-P256-SHA256 over the PAE by a key that is known and not revoked. Returns the statement.
 * Callers then compare the subject with what they hold (see `checkSubject`).
 */
export function verifyEnvelope(envelope: DsseEnvelope, keys: readonly TrustedKey[]): EnvelopeVerification {
  if (
    envelope?.payloadType !== IN_TOTO_PAYLOAD_TYPE ||
    typeof envelope.payload !== 'string' ||
    !Array.isArray(envelope.signatures)
  ) {
    return { ok: false, reason: 'The envelope is not a DSSE in-toto envelope.' };
  }
  let payload: Uint8Array;
  try {
    payload = fromBase64(envelope.payload);
  } catch {
    return { ok: false, reason: 'The envelope payload is not base64.' };
  }
  const pae = preAuthEncoding(envelope.payloadType, payload);
  const reasons: string[] = [];
  for (const signature of envelope.signatures) {
    const key = keys.find((k) => k.keyId === signature.keyid);
    if (!key) {
      reasons.push(`key ${signature.keyid} is not a published signing key`);
      continue;
    }
    if (key.status === 'revoked') {
      reasons.push(`key ${signature.keyid} has been revoked`);
      continue;
    }
    let valid: boolean;
    try {
      valid = p256.verify(fromBase64(signature.sig), pae, p256PointFromPem(key.publicKeyPem), {
        format: 'der',
        lowS: false,
      });
    } catch {
      valid = false;
    }
    if (!valid) {
      reasons.push(`the signature by ${signature.keyid} does not match the payload`);
      continue;
    }
    let statement: unknown;
    try {
      statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    } catch {
      return { ok: false, reason: 'The signed payload is not JSON.' };
    }
    if (!isPublishStatement(statement))
      return { ok: false, reason: 'The signed payload is not a plugin publish statement.' };
    return { ok: true, keyId: key.keyId, statement };
  }
  return {
    ok: false,
    reason: reasons.length ? `No valid signature: ${reasons.join('; ')}.` : 'The envelope has no signatures.',
  };
}

/** Checks that a verified statement is about `pluginId@version` with the given package sha256. */
export function checkSubject(
  statement: PublishStatement,
  pluginId: string,
  version: string,
  packageSha256: string,
): string | undefined {
  const subject = statement.subject[0]!;
  if (subject.name !== subjectName(pluginId, version)) {
    return `The signature is for ${subject.name}, not ${subjectName(pluginId, version)}.`;
  }
  if (subject.digest.sha256 !== packageSha256) {
    return `The package sha256 ${packageSha256} differs from the signed ${subject.digest.sha256}: the artifact was altered.`;
  }
  return undefined;
}
