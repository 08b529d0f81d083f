import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import {
  buildStatement,
  checkSubject,
  fromBase64,
  keyIdOf,
  preAuthEncoding,
  statementPayload,
  toBase64,
  verifyEnvelope,
  type DsseEnvelope,
  type TrustedKey,
} from './dsse.js';

const decoder = new TextDecoder();

function keyPair() {
  const secret = p256.utils.randomSecretKey();
  const point = p256.getPublicKey(secret, false);
  const spki = new Uint8Array([
    ...Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
    ...point,
  ]);
  const pem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
  return { secret, pem, keyId: keyIdOf(pem) };
}

const statement = buildStatement('aa'.repeat(32), {
  pluginId: 'acme.hello',
  version: '1.2.3',
  publisher: 'acme',
  uploader: 'uid-1',
  uploadId: 'up-1',
  manifestSha256: 'bb'.repeat(32),
  permissions: [{ name: 'sensors:read', reason: 'Reads the temperature sensors' }],
  files: [{ path: 'index.js', size: 3, sha256: 'cc'.repeat(32) }],
  publishedAt: '2026-11-28T00:00:00.000Z',
});

function signed(key = keyPair()): { envelope: DsseEnvelope; keys: TrustedKey[] } {
  const { payload, pae } = statementPayload(statement);
  const sig = p256.sign(pae, key.secret, { format: 'der' });
  return {
    envelope: {
      payloadType: 'application/vnd.in-toto+json',
      payload: toBase64(payload),
      signatures: [{ keyid: key.keyId, sig: toBase64(sig) }],
    },
    keys: [{ keyId: key.keyId, publicKeyPem: key.pem, status: 'active' }],
  };
}

describe('DSSE', () => {
  it('pre-authentication encoding matches the specification example', () => {
    expect(
      decoder.decode(preAuthEncoding('http://example.com/HelloWorld', new TextEncoder().encode('hello world'))),
    ).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
    // Lengths are byte counts, not character counts.
    expect(decoder.decode(preAuthEncoding('t', new TextEncoder().encode('é')))).toBe('DSSEv1 1 t 2 é');
  });

  it('verifies an in-toto statement signed over the PAE and returns it', () => {
    const { envelope, keys } = signed();
    const result = verifyEnvelope(envelope, keys);
    expect(result).toMatchObject({ ok: true, statement });
    if (result.ok) {
      expect(checkSubject(result.statement, 'acme.hello', '1.2.3', 'aa'.repeat(32))).toBeUndefined();
      expect(checkSubject(result.statement, 'acme.hello', '1.2.3', 'ff'.repeat(32))).toMatch(/altered/);
      expect(checkSubject(result.statement, 'acme.other', '1.2.3', 'aa'.repeat(32))).toMatch(/not acme.other@1.2.3/);
    }
  });

  it('refuses a tampered payload, an unknown key, a wrong key and a revoked key', () => {
    const { envelope, keys } = signed();
    const tampered = JSON.parse(decoder.decode(fromBase64(envelope.payload)));
    tampered.predicate.permissions = [];
    expect(
      verifyEnvelope({ ...envelope, payload: toBase64(new TextEncoder().encode(JSON.stringify(tampered))) }, keys),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not match'),
    });
    expect(verifyEnvelope(envelope, [])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a published signing key'),
    });
    const other = keyPair();
    expect(verifyEnvelope(envelope, [{ ...keys[0]!, publicKeyPem: other.pem }])).toMatchObject({ ok: false });
    expect(verifyEnvelope(envelope, [{ ...keys[0]!, status: 'revoked' }])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('revoked'),
    });
    expect(verifyEnvelope({ ...envelope, payloadType: 'text/plain' }, keys)).toMatchObject({ ok: false });
  });

  it('accepts a retired key (rotation keeps old signatures valid)', () => {
    const { envelope, keys } = signed();
    expect(verifyEnvelope(envelope, [{ ...keys[0]!, status: 'retired' }]).ok).toBe(true);
  });
});
