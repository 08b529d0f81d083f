import { DEFAULT_LIMITS, IMAGE_MIME, sniffImage, type VersionScreenshot } from '@mlebotics/shared';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { describeLoadFailure } from '../../../lib/load-failure';
import './gallery.css';

interface Loaded {
  key: string;
  /** A `blob:` URL per screenshot, or why it is not shown. */
  images: Array<{ url: string } | { error: string }>;
}

/** Reads each screenshot from the registry into a `blob:` URL of its own type (the CSP allows `blob:` images). */
async function loadScreenshots(screenshots: readonly VersionScreenshot[]): Promise<Loaded['images']> {
  const [{ getBytes, ref }, { storageClient }] = await Promise.all([
    import('firebase/storage'),
    import('../../../lib/storage'),
  ]);
  return Promise.all(
    screenshots.map(async (shot) => {
      try {
        const bytes = new Uint8Array(
          await getBytes(ref(storageClient(), shot.path), DEFAULT_LIMITS.maxScreenshotBytes),
        );
        // Shown only as the type the registry recorded, and only if the bytes agree.
        if (sniffImage(bytes)?.type !== shot.type) return { error: 'not the image it claims to be' };
        return { url: URL.createObjectURL(new Blob([bytes], { type: IMAGE_MIME[shot.type] })) };
      } catch (e) {
        return { error: (e as Error).message };
      }
    }),
  );
}

/**
 * A version's screenshots, one at a time with its caption (also its text alternative), with
 * previous and next buttons, a row of thumbnails and the arrow keys to move between them. The
 * images come from the registry in Storage, never from an address in the package.
 */
export function Gallery({
  pluginId,
  version,
  screenshots,
}: {
  pluginId: string;
  version: string;
  screenshots: readonly VersionScreenshot[];
}) {
  const key = `${pluginId}@${version}|${screenshots.map((s) => s.path).join('|')}`;
  const [loaded, setLoaded] = useState<Loaded>();
  const [position, setPosition] = useState<{ key: string; index: number }>();

  useEffect(() => {
    let current = true;
    let urls: string[] = [];
    void loadScreenshots(screenshots)
      .catch((error: unknown) => screenshots.map(() => ({ error: describeLoadFailure(error) })))
      .then((images) => {
        urls = images.flatMap((image) => ('url' in image ? [image.url] : []));
        if (current) setLoaded({ key, images });
        else urls.forEach((url) => URL.revokeObjectURL(url));
      });
    return () => {
      current = false;
      urls.forEach((url) => URL.revokeObjectURL(url));
    };
    // Everything the load depends on is in key; the version snapshot changes identity often.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const count = screenshots.length;
  if (count === 0) return null;
  const at = position?.key === key ? Math.min(position.index, count - 1) : 0;
  const shot = screenshots[at]!;
  const images = loaded?.key === key ? loaded.images : undefined;
  const image = images?.[at];
  const go = (to: number) => setPosition({ key, index: (to + count) % count });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowLeft') go(at - 1);
    else if (event.key === 'ArrowRight') go(at + 1);
    else return;
    event.preventDefault();
  };

  return (
    <section className="panel gallery" aria-labelledby="gallery-title" data-testid="gallery" onKeyDown={onKeyDown}>
      <h2 id="gallery-title">Screenshots</h2>
      <figure className="gallery-figure">
        <div className="gallery-frame" style={{ aspectRatio: `${shot.width} / ${shot.height}` }}>
          {image && 'url' in image ? (
            <img
              src={image.url}
              alt={shot.caption}
              width={shot.width}
              height={shot.height}
              data-testid="gallery-image"
            />
          ) : image ? (
            <p className="muted">This screenshot cannot be shown: {image.error}</p>
          ) : (
            <p className="muted">Loading the screenshot…</p>
          )}
        </div>
        <figcaption data-testid="gallery-caption">{shot.caption}</figcaption>
      </figure>
      {count > 1 && (
        <>
          <div className="gallery-controls">
            <button type="button" className="button small" onClick={() => go(at - 1)}>
              <span aria-hidden="true">←</span> Previous
            </button>
            <span aria-live="polite" data-testid="gallery-position">
              {at + 1} of {count}
            </span>
            <button type="button" className="button small" onClick={() => go(at + 1)}>
              Next <span aria-hidden="true">→</span>
            </button>
          </div>
          <ul className="gallery-thumbs">
            {screenshots.map((s, i) => {
              const thumb = images?.[i];
              return (
                <li key={s.path}>
                  <button
                    type="button"
                    aria-label={`Screenshot ${i + 1}: ${s.caption}`}
                    aria-current={i === at ? 'true' : undefined}
                    onClick={() => go(i)}
                  >
                    {thumb && 'url' in thumb ? <img src={thumb.url} alt="" /> : <span>{i + 1}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
