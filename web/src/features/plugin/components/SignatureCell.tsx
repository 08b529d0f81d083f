import type { DsseEnvelope, TrustedKey, VersionDoc } from '@mlebotics/shared';
import { useEffect, useMemo, useState } from 'react';
import { verifyVersionSignature, type SignatureStatus } from '../../../lib/signatures';

/** Verifies a version's signature in the browser against the published keys. */
export function SignatureCell({
  pluginId,
  version,
  keys,
}: {
  pluginId: string;
  version: VersionDoc;
  keys: TrustedKey[] | undefined;
}) {
  const [fetched, setFetched] = useState<{ envelope?: DsseEnvelope; error?: string }>();
  useEffect(() => {
    if (version.envelope) return;
    // Envelopes too large for the version document live next to the artifact in Storage.
    let current = true;
    void import('../../../lib/storage')
      .then(({ readJson }) => readJson<DsseEnvelope>(version.envelopePath))
      .then(
        (envelope) => current && setFetched({ envelope }),
        (error: Error) => current && setFetched({ error: error.message }),
      );
    return () => {
      current = false;
    };
  }, [version.envelope, version.envelopePath]);
  const envelope = version.envelope ?? fetched?.envelope;
  const status: SignatureStatus | undefined = useMemo(
    () => (keys && envelope ? verifyVersionSignature(pluginId, version, envelope, keys) : undefined),
    [keys, envelope, pluginId, version],
  );
  if (fetched?.error) return <span className="diff-added">envelope unavailable: {fetched.error}</span>;
  if (!status) return <span className="muted">checking…</span>;
  return (
    <span
      data-testid="signature-status"
      className={status.ok ? 'badge risk-low' : 'badge risk-high'}
      title={status.detail}
    >
      {status.ok ? '✓ signature verified' : `✗ ${status.detail}`}
    </span>
  );
}
