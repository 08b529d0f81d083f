import type { ErrorCode } from '../error-codes.js';
import { formatBytes, type PackageLimits } from '../limits.js';
import { releaseNotes, MAX_RELEASE_NOTES_CHARS } from '../package/changelog.js';
import { sniffImage } from '../package/media.js';

type Add = (code: ErrorCode, message: string, pointer: string) => void;

/** Screenshot sizes accepted, in pixels (a gallery shows them at up to 1280 px wide). */
export const SCREENSHOT_MIN = { width: 320, height: 200 } as const;
export const SCREENSHOT_MAX = { width: 3840, height: 2400 } as const;
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface FilesContext {
  files: ReadonlyMap<string, number>;
  contents?: ReadonlyMap<string, Uint8Array>;
}

function checkText(
  path: string,
  what: 'README' | 'changelog',
  code: ErrorCode,
  pointer: string,
  maxBytes: number,
  context: FilesContext,
  add: Add,
): string | undefined {
  const size = context.files.get(path)!;
  if (size > maxBytes) {
    add(code, `The ${what} is ${formatBytes(size)}; the limit is ${formatBytes(maxBytes)}.`, pointer);
    return undefined;
  }
  const bytes = context.contents?.get(path);
  if (!bytes) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    add(code, `The ${what} "${path}" is not valid UTF-8.`, pointer);
    return undefined;
  }
}

/**
 * Checks the files a manifest names: each is in the package, and the icon, README, changelog
 * and screenshots are what they claim to be (by their bytes, within their limits).
 */
export function checkManifestFiles(
  record: Record<string, unknown>,
  context: FilesContext,
  limits: PackageLimits,
  add: Add,
): void {
  for (const field of ['main', 'icon', 'readme', 'changelog'] as const) {
    const file = record[field];
    if (typeof file === 'string' && !context.files.has(file)) {
      add('manifest-file-missing', `${field} "${file}" is not in the package.`, `/${field}`);
    }
  }
  if (typeof record.icon === 'string' && context.files.has(record.icon)) {
    const size = context.files.get(record.icon)!;
    const bytes = context.contents?.get(record.icon);
    const lower = record.icon.toLowerCase();
    if (size > limits.maxIconBytes) {
      add(
        'icon-invalid',
        `The icon is ${formatBytes(size)}; the limit is ${formatBytes(limits.maxIconBytes)}.`,
        '/icon',
      );
    } else if (lower.endsWith('.png')) {
      if (bytes && sniffImage(bytes)?.type !== 'png')
        add('icon-invalid', `The icon "${record.icon}" is not a PNG image.`, '/icon');
    } else if (lower.endsWith('.svg')) {
      if (bytes && !/<svg[\s>]/.test(new TextDecoder().decode(bytes.subarray(0, 4096))))
        add('icon-invalid', `The icon "${record.icon}" is not an SVG image.`, '/icon');
    } else {
      add('icon-invalid', `The icon "${record.icon}" must be a .png or .svg file.`, '/icon');
    }
  }
  if (typeof record.readme === 'string' && context.files.has(record.readme)) {
    checkText(record.readme, 'README', 'readme-invalid', '/readme', limits.maxReadmeBytes, context, add);
  }
  if (typeof record.changelog === 'string' && context.files.has(record.changelog)) {
    const text = checkText(
      record.changelog,
      'changelog',
      'changelog-invalid',
      '/changelog',
      limits.maxChangelogBytes,
      context,
      add,
    );
    if (text !== undefined && typeof record.version === 'string') {
      const notes = releaseNotes(text, record.version);
      if (notes === undefined) {
        add(
          'changelog-invalid',
          `The changelog "${record.changelog}" has no section for version ${record.version}: add a heading "## ${record.version}" above this version's notes.`,
          '/changelog',
        );
      } else if (notes.length > MAX_RELEASE_NOTES_CHARS) {
        add(
          'changelog-invalid',
          `The notes of version ${record.version} in "${record.changelog}" are ${notes.length} characters; at most ${MAX_RELEASE_NOTES_CHARS} are shown.`,
          '/changelog',
        );
      }
    }
  }
  if (Array.isArray(record.screenshots)) {
    record.screenshots.forEach((shot, index) => {
      const path = (shot as { path?: unknown } | null)?.path;
      const pointer = `/screenshots/${index}/path`;
      if (typeof path !== 'string') return;
      if (!context.files.has(path)) {
        add('manifest-file-missing', `Screenshot "${path}" is not in the package.`, pointer);
        return;
      }
      const size = context.files.get(path)!;
      if (size > limits.maxScreenshotBytes) {
        add(
          'screenshot-invalid',
          `Screenshot "${path}" is ${formatBytes(size)}; the limit is ${formatBytes(limits.maxScreenshotBytes)}.`,
          pointer,
        );
        return;
      }
      const bytes = context.contents?.get(path);
      if (!bytes) return;
      const image = sniffImage(bytes);
      if (!image) {
        add('screenshot-invalid', `Screenshot "${path}" is not a PNG, JPEG or WebP image.`, pointer);
        return;
      }
      const { width, height } = image;
      if (
        width < SCREENSHOT_MIN.width ||
        height < SCREENSHOT_MIN.height ||
        width > SCREENSHOT_MAX.width ||
        height > SCREENSHOT_MAX.height
      ) {
        add(
          'screenshot-invalid',
          `Screenshot "${path}" is ${width}×${height} pixels; screenshots must be from ${SCREENSHOT_MIN.width}×${SCREENSHOT_MIN.height} to ${SCREENSHOT_MAX.width}×${SCREENSHOT_MAX.height}.`,
          pointer,
        );
      }
    });
  }
}
