import { paths, type VersionDoc } from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { ErrorState, Loading } from '../../../components/ui/States';
import { useDocument, useLiveQuery } from '../../../lib/firestore';
import { describeLoadFailure } from '../../../lib/load-failure';
import { renderMarkdown, type RenderedReadme } from '../../../lib/markdown';
import { queries } from '../../../lib/queries';
import { loadPackageImages, type PackageImages } from '../api/package-images';
import './readme.css';

/**
 * A version's README: sanitised by renderMarkdown, shown in a contained box (readme.css), with
 * its images read from the version's own signed package (package-images.ts) and nowhere else.
 */
export function Readme({ pluginId, version }: { pluginId: string; version: VersionDoc }) {
  const asset = useDocument('versionAsset', paths.versionAsset(pluginId, version.version, 'readme'));
  const keys = useLiveQuery(queries.signingKeys(), 'keys');
  const markdown = asset.data?.markdown;
  const readmePath = version.manifest.readme;
  const [images, setImages] = useState<{ key: string; loaded?: PackageImages; error?: string }>();
  const [rendered, setRendered] = useState<{ source: string; readme?: RenderedReadme; error?: string }>();
  const [attempt, setAttempt] = useState(0);

  const urls = images?.loaded?.urls;
  useEffect(() => {
    if (markdown === undefined) return;
    let current = true;
    void renderMarkdown(markdown, { readmePath, images: urls }).then(
      (readme) => current && setRendered({ source: markdown, readme }),
      (error: unknown) => current && setRendered({ source: markdown, error: describeLoadFailure(error) }),
    );
    return () => {
      current = false;
    };
  }, [markdown, readmePath, urls, attempt]);

  const wanted = rendered?.source === markdown ? rendered?.readme?.packageImages : undefined;
  const imageKey =
    wanted && wanted.length > 0 && keys.status === 'ready'
      ? `${pluginId}@${version.version}#${version.sha256}|${wanted.join('|')}`
      : undefined;
  useEffect(() => {
    if (!imageKey || !wanted || keys.status !== 'ready') return;
    let current = true;
    let loaded: PackageImages | undefined;
    const trusted = keys.data.map((k) => ({ keyId: k.id, publicKeyPem: k.publicKeyPem, status: k.status }));
    loadPackageImages(pluginId, version, trusted, wanted).then(
      (result) => {
        if (!current) return result.revoke();
        loaded = result;
        setImages({ key: imageKey, loaded: result });
      },
      (error: Error) => current && setImages({ key: imageKey, error: error.message }),
    );
    return () => {
      current = false;
      loaded?.revoke();
    };
    // Everything the load depends on is in imageKey; the keys' snapshot changes identity often.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [imageKey]);

  if (asset.error) return <ErrorState message={asset.error} />;
  if (asset.loading || (markdown !== undefined && rendered?.source !== markdown))
    return <Loading label="Loading the README…" />;
  if (markdown === undefined || !rendered) return <p className="muted">No README.</p>;
  if (!rendered.readme) {
    return (
      <ErrorState
        title="The README could not be shown"
        message={rendered.error ?? ''}
        action={
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        }
      />
    );
  }
  const refused = images?.key === imageKey ? [...(images?.loaded?.refused ?? [])] : [];
  return (
    <>
      {/* Sanitised in renderMarkdown; readme.css keeps whatever remains inside this box. */}
      <div
        className="readme readme-box"
        data-testid="readme"
        dangerouslySetInnerHTML={{ __html: rendered.readme.html }}
      />
      {images?.key === imageKey && images?.error && (
        <p className="muted readme-notes" data-testid="readme-images-error">
          The README’s images are not shown: {images.error}
        </p>
      )}
      {refused.length > 0 && (
        <p className="muted readme-notes" data-testid="readme-images-refused">
          Not shown: {refused.map(([path, why]) => `${path} (${why})`).join(', ')}.
        </p>
      )}
    </>
  );
}
