import { checkEntryPath } from '@mlebotics/shared';

/**
 * What a README may contain once rendered: text structure only. No `style`, `class` or `id`
 * (they would let a README restyle or hook the console: a full-viewport `position:fixed` fake
 * dialog, a rule aimed at the console's own classes), no forms, frames, media or SVG.
 */
const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
  'var',
];
/** `href` and `src` are listed so that the hooks below see them; they decide every value. */
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'align', 'start'];
const ALIGN = new Set(['left', 'center', 'right']);
const LINK_REL = 'noopener noreferrer nofollow';
// C0 and C1 controls and DEL: never part of a URL a person wrote.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Inline raster images only: an SVG data URL is a document, not a picture. */
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);base64,[a-z0-9+/=\s]*$/i;
/** Base used to resolve README-relative paths; never requested. */
const PACKAGE_BASE = 'https://package.invalid/';

/**
 * A link target a README may keep: an absolute http(s) or mailto URL, normalised by the URL
 * parser (so `java\tscript:` and `JAVASCRIPT:` are seen for what they are). Anything else
 * (relative paths that would resolve against the console, fragments, other schemes) is dropped.
 */
export function safeLinkHref(raw: string): string | undefined {
  if (CONTROL.test(raw.trim())) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined;
}

/**
 * The package file an image `src` names, relative to the README's folder (`readmePath` is the
 * manifest's `readme`), as a canonical archive path; `undefined` for anything that is not a
 * plain path inside the package: URLs with a scheme (remote, `data:`, `blob:`), protocol-relative
 * `//host` and `/\host` forms, control characters, queries and fragments.
 */
export function packageImagePath(raw: string, readmePath = 'README.md'): string | undefined {
  const src = raw.trim();
  if (src === '' || CONTROL.test(src) || src.includes('\\') || src.startsWith('//')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return undefined;
  const folder = readmePath.includes('/') ? readmePath.slice(0, readmePath.lastIndexOf('/') + 1) : '';
  let url: URL;
  try {
    url = new URL(src, new URL(folder, PACKAGE_BASE));
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(PACKAGE_BASE).origin || url.search !== '' || url.hash !== '') return undefined;
  try {
    return checkEntryPath(decodeURIComponent(url.pathname.slice(1)), 1024);
  } catch {
    return undefined;
  }
}

export interface ReadmeOptions {
  /** Where the README sits in its package (the manifest's `readme`); image paths are relative to it. */
  readmePath?: string;
  /** `blob:` URLs of the package's own image files, by archive path: the only images shown. */
  images?: ReadonlyMap<string, string>;
}

export interface RenderedReadme {
  /** Sanitised HTML, to be shown inside a contained box (see features/plugin-detail/readme.css). */
  html: string;
  /** Package files the README shows as images, to be read from the verified package. */
  packageImages: string[];
}

/**
 * Markdown from packages, rendered safely: marked turns it into HTML, DOMPurify keeps a strict
 * allow-list of elements and attributes (nothing that styles, runs, submits or frames), images
 * come only from the package itself (`options.images`) or inline raster data, and links are
 * absolute http(s)/mailto, opened in a new tab without opener or referrer. Loaded on demand: the
 * first route does not pay for it.
 */
export async function renderMarkdown(markdown: string, options: ReadmeOptions = {}): Promise<RenderedReadme> {
  const [{ marked }, { default: createDOMPurify }] = await Promise.all([import('marked'), import('dompurify')]);
  const html = await marked.parse(markdown, { gfm: true, breaks: false, async: true });
  // A fresh instance per call: its hooks see only this call's options.
  const purify = createDOMPurify(window);
  const packageImages = new Set<string>();
  const urls = new WeakMap<Element, { href?: string; src?: string }>();

  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName;
    if (name === 'href' || name === 'src') {
      // Decided in afterSanitizeAttributes, from the value as written, by our rules only.
      urls.set(node, { ...urls.get(node), [name]: data.attrValue });
      data.keepAttr = false;
    } else if (name === 'align') {
      data.keepAttr = ALIGN.has(data.attrValue.toLowerCase());
    } else if (name === 'start') {
      data.keepAttr = node.nodeName === 'OL' && /^\d{1,6}$/.test(data.attrValue);
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const written = urls.get(node);
    if (node.nodeName === 'A') {
      const href = written?.href === undefined ? undefined : safeLinkHref(written.href);
      if (href) {
        node.setAttribute('href', href);
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', LINK_REL);
      }
    } else if (node.nodeName === 'IMG' && written?.src !== undefined) {
      if (DATA_IMAGE.test(written.src.trim())) {
        node.setAttribute('src', written.src.trim());
        return;
      }
      const path = packageImagePath(written.src, options.readmePath);
      if (path === undefined) return;
      packageImages.add(path);
      const blobUrl = options.images?.get(path);
      if (blobUrl?.startsWith('blob:')) node.setAttribute('src', blobUrl);
    }
  });

  const clean = purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
  });
  return { html: clean, packageImages: [...packageImages] };
}
