import { readPackage, type DsseEnvelope, type TrustedKey, type VersionDoc } from '@mlebotics/shared';
import { blobChunks, browserPlatform } from '@mlebotics/shared/browser';
import { verifyVersionSignature } from '../../../lib/signatures';

/** The raster formats a README may show, by extension, with the bytes each file must start with. */
const IMAGE_TYPES: Record<string, { type: string; matches: (bytes: Uint8Array) => boolean }> = {
  png: { type: 'image/png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  jpeg: { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  gif: { type: 'image/gif', matches: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
  webp: { type: 'image/webp', matches: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
};
/** Per image and in total: a README's pictures, not the package. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;
const MAX_IMAGES = 32;

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The MIME type a package file may be shown as: its extension's, and only if its bytes agree. */
export function imageType(path: string, bytes: Uint8Array): string | undefined {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const known = Object.hasOwn(IMAGE_TYPES, extension) ? IMAGE_TYPES[extension] : undefined;
  return known && known.matches(bytes) ? known.type : undefined;
}

export interface PackageImages {
  /** `blob:` URLs by archive path; revoke them with `revoke()` when the page is left. */
  urls: Map<string, string>;
  /** Paths the README named that are not a usable image of the package, with the reason. */
  refused: Map<string, string>;
  revoke(): void;
}

/**
 * Reads the images a README names from the version's own package: the artifact is downloaded,
 * its signature verified in the browser against the published keys, its sha256 compared with
 * the signed one, and each wanted file kept only if it is a raster image whose bytes match its
 * extension. Each becomes a `blob:` URL of exactly that type. Nothing is ever fetched from a
 * README-supplied address.
 */
export async function loadPackageImages(
  pluginId: string,
  version: VersionDoc,
  keys: TrustedKey[],
  paths: readonly string[],
): Promise<PackageImages> {
  const wanted = new Set(paths.slice(0, MAX_IMAGES));
  const [{ readJson, storageClient }, { getBlob, ref }] = await Promise.all([
    import('../../../lib/storage'),
    import('firebase/storage'),
  ]);
  const envelope = version.envelope ?? (await readJson<DsseEnvelope>(version.envelopePath));
  const signature = verifyVersionSignature(pluginId, version, envelope, keys);
  if (!signature.ok) throw new Error(`The package's signature does not verify: ${signature.detail}`);

  const artifact = await getBlob(ref(storageClient(), version.artifactPath), version.size);
  let total = 0;
  const contents = await readPackage(blobChunks(artifact), browserPlatform, {
    compressedSize: artifact.size,
    keep: (path) => {
      if (!wanted.has(path) || total >= MAX_TOTAL_BYTES) return false;
      const allowance = Math.min(MAX_IMAGE_BYTES, MAX_TOTAL_BYTES - total);
      total += allowance;
      return allowance;
    },
  });
  // The signature covers this sha256, so every file read from these bytes is the publisher's.
  if (contents.sha256 !== version.sha256) {
    throw new Error(`The downloaded package's sha256 ${contents.sha256} is not the signed ${version.sha256}.`);
  }

  const urls = new Map<string, string>();
  const refused = new Map<string, string>();
  for (const path of wanted) {
    const bytes = contents.kept.get(path);
    if (!bytes) {
      refused.set(path, contents.oversized.has(path) ? 'too large' : 'not in the package');
      continue;
    }
    const type = imageType(path, bytes);
    if (!type) {
      refused.set(path, 'not a PNG, JPEG, GIF or WebP image');
      continue;
    }
    urls.set(path, URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type })));
  }
  return { urls, refused, revoke: () => urls.forEach((url) => URL.revokeObjectURL(url)) };
}
