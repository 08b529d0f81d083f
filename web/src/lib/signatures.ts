import { checkSubject, verifyEnvelope, type DsseEnvelope, type TrustedKey, type VersionDoc } from '@mlebotics/shared';

export type SignatureStatus = { ok: true; keyId: string; detail: string } | { ok: false; detail: string };

/**
 * Verifies, in the browser, a version's DSSE signature against the published keys and checks
 * that it covers this plugin id, version and recorded package sha256.
 */
export function verifyVersionSignature(
  pluginId: string,
  version: VersionDoc,
  envelope: DsseEnvelope,
  keys: TrustedKey[],
): SignatureStatus {
  const verified = verifyEnvelope(envelope, keys);
  if (!verified.ok) return { ok: false, detail: verified.reason };
  const problem = checkSubject(verified.statement, pluginId, version.version, version.sha256);
  if (problem) return { ok: false, detail: problem };
  return {
    ok: true,
    keyId: verified.keyId,
    detail: `Signed by ${verified.keyId} for sha256 ${version.sha256.slice(0, 12)}…`,
  };
}
