// The files of a version the marketplace shows: README, icon, release notes, screenshots.
import {
  DEFAULT_LIMITS,
  IMAGE_MIME,
  objectPaths,
  releaseNotes,
  sniffImage,
  validateManifestValue,
  type PackageContents,
  type PluginManifest,
} from '@mlebotics/shared';
import { readPackageFiles } from '@mlebotics/shared/node';
import { iconDataUrl } from '../catalog/listing-fields.js';
import { Rejection } from './attempt.js';

/**
 * The files of a valid package the version shows: README, icon, this version's release notes
 * and the screenshots (with the Storage objects to write). Read from the files validation kept;
 * when some were not kept (a package that put them before plugin.json, past the early budget),
 * they are read again and the manifest's file checks run on them, so every byte shown was checked.
 */
export async function packageMedia(bytes: Uint8Array, manifest: PluginManifest, contents: PackageContents) {
  const shots = manifest.screenshots ?? [];
  const wanted = new Set([
    manifest.readme,
    manifest.icon,
    ...(manifest.changelog ? [manifest.changelog] : []),
    ...shots.map((shot) => shot.path),
  ]);
  let kept = contents.kept;
  if (![...wanted].every((p) => kept.has(p))) {
    const maxBytes = Math.max(
      DEFAULT_LIMITS.maxReadmeBytes,
      DEFAULT_LIMITS.maxIconBytes,
      DEFAULT_LIMITS.maxChangelogBytes,
      DEFAULT_LIMITS.maxScreenshotBytes,
    );
    kept = (await readPackageFiles(bytes, wanted, maxBytes)).kept;
    const files = new Map(contents.files.map((f) => [f.path, f.size]));
    const again = validateManifestValue(manifest, { files, contents: kept });
    if (!again.manifest) throw new Rejection(again.issues);
  }
  const readme = new TextDecoder().decode(kept.get(manifest.readme) ?? new Uint8Array());
  const icon = iconDataUrl(manifest.icon, kept.get(manifest.icon));
  const changelog = manifest.changelog ? kept.get(manifest.changelog) : undefined;
  const notes = changelog ? (releaseNotes(new TextDecoder().decode(changelog), manifest.version) ?? null) : null;
  const screenshots = shots.map((shot, index) => {
    const file = kept.get(shot.path);
    const image = file && sniffImage(file);
    // The checks above read these bytes: a screenshot missing here is a bug, not a bad package.
    if (!file || !image) throw new Error(`screenshot ${shot.path} of ${manifest.id}@${manifest.version} was not read`);
    const path = objectPaths.screenshot(
      manifest.id,
      manifest.version,
      index,
      image.type === 'jpeg' ? 'jpg' : image.type,
    );
    return {
      object: { path, bytes: file, contentType: IMAGE_MIME[image.type] },
      entry: { path, caption: shot.caption, width: image.width, height: image.height, type: image.type },
    };
  });
  return { readme, icon, notes, screenshots };
}
