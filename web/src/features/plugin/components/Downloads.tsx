import { objectPaths, type VersionDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { describeLoadFailure } from '../../../lib/load-failure';

/** Saves bytes under a file name (a temporary object URL, released after the click). */
function save(bytes: ArrayBuffer | string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A version's signed package and its signature envelope, with the one command that checks them
 * offline (the marketplace's public key comes from the signing keys the page already verified
 * against).
 */
export function Downloads({
  pluginId,
  version,
  publicKeyPem,
}: {
  pluginId: string;
  version: VersionDoc;
  publicKeyPem: string | undefined;
}) {
  const [error, setError] = useState<string>();
  const base = `${pluginId}-${version.version}`;
  const download = async (path: string, name: string, type: string) => {
    setError(undefined);
    try {
      const [{ getBytes, ref }, { storageClient }] = await Promise.all([
        import('firebase/storage'),
        import('../../../lib/storage'),
      ]);
      save(await getBytes(ref(storageClient(), path)), name, type);
    } catch (e) {
      setError(`The download failed: ${describeLoadFailure(e)}`);
    }
  };
  return (
    <div className="downloads">
      <button
        type="button"
        className="button small"
        onClick={() =>
          void download(objectPaths.artifact(pluginId, version.version), `${base}.tgz`, 'application/gzip')
        }
      >
        Package
      </button>{' '}
      <button
        type="button"
        className="button small"
        onClick={() =>
          void download(objectPaths.envelope(pluginId, version.version), `${base}.dsse.json`, 'application/json')
        }
      >
        Signature
      </button>{' '}
      {publicKeyPem && (
        <button
          type="button"
          className="button small"
          onClick={() => save(publicKeyPem, 'mlebotics-signing-key.pem', 'application/x-pem-file')}
        >
          Public key
        </button>
      )}
      <details>
        <summary>Verify it yourself</summary>
        <code className="command">
          npx mlebotics-plugin verify {base}.tgz --envelope {base}.dsse.json --key mlebotics-signing-key.pem
        </code>
      </details>
      {error && (
        <p role="alert" className="alert-error">
          {error}
        </p>
      )}
    </div>
  );
}
