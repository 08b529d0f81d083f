import { useEffect, useState } from 'react';
import { describeLoadFailure } from '../../../lib/load-failure';
import { renderMarkdown } from '../../../lib/markdown';
import './readme.css';

/**
 * A version's release notes behind a disclosure: rendered when first opened, sanitised by the
 * README's renderer (no scripts, styles, forms or remote images; a changelog has no package
 * images to show, so none are passed), in the same contained box.
 */
export function ReleaseNotes({ version, markdown }: { version: string; markdown: string }) {
  const [open, setOpen] = useState(false);
  const [html, setHtml] = useState<{ source: string; html?: string; error?: string }>();
  useEffect(() => {
    if (!open || html?.source === markdown) return;
    let current = true;
    void renderMarkdown(markdown).then(
      (rendered) => current && setHtml({ source: markdown, html: rendered.html }),
      (error: unknown) => current && setHtml({ source: markdown, error: describeLoadFailure(error) }),
    );
    return () => {
      current = false;
    };
  }, [open, markdown, html?.source]);
  return (
    <details className="release-notes" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Release notes of {version}</summary>
      {html?.source === markdown && html.error !== undefined ? (
        <p className="muted" role="alert">
          The release notes could not be shown: {html.error}{' '}
          <button type="button" className="link" onClick={() => setHtml(undefined)}>
            Try again
          </button>
        </p>
      ) : html?.source === markdown ? (
        // Sanitised in renderMarkdown; readme.css keeps whatever remains inside this box.
        <div
          className="readme readme-box"
          data-testid={`release-notes-${version}`}
          dangerouslySetInnerHTML={{ __html: html.html ?? '' }}
        />
      ) : (
        open && <p className="muted">Loading the release notes…</p>
      )}
    </details>
  );
}
