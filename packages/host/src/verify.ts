import type { DsseEnvelope, PackageContents, PluginManifest, PublishStatement, TrustedKey } from '@mlebotics/shared';
import { PackageError } from '@mlebotics/shared/errors';
import { DEFAULT_LIMITS } from '@mlebotics/shared/limits';
import { MANIFEST_FILE, parseManifestBytes, validateManifestValue } from '@mlebotics/shared/manifest/validate';
import { checkSubject, verifyEnvelope } from '@mlebotics/shared/signing/dsse';
import { readPackageFiles, sha256Hex } from '@mlebotics/shared/node';

export interface VerifyArtifactInput {
  /** The package (`.tgz`) bytes as stored in the registry. */
  artifact: Uint8Array;
  /** Its DSSE envelope, as published with the version. */
  envelope: DsseEnvelope;
  /** The published signing keys (`signingKeys/*`); revoked ones are refused. */
  trustedKeys: readonly TrustedKey[];
  /** The plugin and version the caller means to load (from the install). */
  pluginId: string;
  version: string;
  /**
   * The organization whose development build this is meant to be; absent for a published
   * version. The signed predicate must say the same: a development build never passes for a
   * published version or for another organization's build.
   */
  developmentOrgId?: string;
}

export type ArtifactVerification =
  | {
      ok: true;
      manifest: PluginManifest;
      /** Every file of the package, by path, each checked against its signed digest. */
      files: Map<string, Uint8Array>;
      /** The key that signed the envelope. */
      keyId: string;
      /** sha256 of the package. */
      sha256: string;
      statement: PublishStatement;
    }
  | { ok: false; reason: string };

const fail = (reason: string): ArtifactVerification => ({ ok: false, reason });

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Verifies a package before anything of it runs: the DSSE signature by a published, unrevoked
 * key; the signed subject (`pluginId@version` and the package sha256); every file of the archive
 * against the signed file list (same paths, sizes and sha256, nothing extra, nothing missing);
 * the manifest against its signed digest and the manifest schema. Only signed bytes are
 * unpacked: the archive is read after its sha256 matched the signature.
 */
export async function verifyArtifact(input: VerifyArtifactInput): Promise<ArtifactVerification> {
  const { artifact, envelope, trustedKeys, pluginId, version } = input;
  const verified = verifyEnvelope(envelope, trustedKeys);
  if (!verified.ok) return fail(verified.reason);
  const { statement } = verified;
  const predicate = statement.predicate;

  const sha256 = sha256Hex(artifact);
  const subjectProblem = checkSubject(statement, pluginId, version, sha256);
  if (subjectProblem) return fail(subjectProblem);
  if (predicate.pluginId !== pluginId || predicate.version !== version) {
    return fail(`The signed predicate is for ${predicate.pluginId}@${predicate.version}, not ${pluginId}@${version}.`);
  }
  const signedFor = predicate.development?.orgId ?? null;
  if (signedFor !== (input.developmentOrgId ?? null)) {
    return fail(
      signedFor === null
        ? `${pluginId}@${version} is signed as a published version, not as a development build for "${input.developmentOrgId}".`
        : `${pluginId}@${version} is signed as a development build for "${signedFor}"${input.developmentOrgId ? `, not for "${input.developmentOrgId}"` : ', not as a published version'}.`,
    );
  }
  if (!Array.isArray(predicate.files) || typeof predicate.manifestSha256 !== 'string') {
    return fail('The signed statement has no file list or manifest digest.');
  }

  const signedFiles = new Map<string, { size: number; sha256: string }>();
  for (const file of predicate.files) {
    if (typeof file?.path !== 'string' || signedFiles.has(file.path)) {
      return fail('The signed file list is malformed (a path is missing or listed twice).');
    }
    signedFiles.set(file.path, { size: file.size, sha256: file.sha256 });
  }

  let contents: PackageContents;
  try {
    contents = await readPackageFiles(
      artifact,
      new Set(signedFiles.keys()),
      DEFAULT_LIMITS.maxUncompressedBytes,
      DEFAULT_LIMITS,
    );
  } catch (error) {
    if (error instanceof PackageError) return fail(`The package cannot be read: ${error.message}`);
    throw error;
  }

  const seen = new Set<string>();
  for (const file of contents.files) {
    const signed = signedFiles.get(file.path);
    if (!signed)
      return fail(`The package contains ${JSON.stringify(file.path)}, which is not in the signed file list.`);
    if (signed.size !== file.size || signed.sha256 !== file.sha256) {
      return fail(`${JSON.stringify(file.path)} does not match its signed size and sha256: the file was altered.`);
    }
    seen.add(file.path);
  }
  const missing = [...signedFiles.keys()].filter((path) => !seen.has(path));
  if (missing.length > 0) {
    return fail(
      `The signed file list names ${missing.map((p) => JSON.stringify(p)).join(', ')}, missing from the package.`,
    );
  }
  if (contents.oversized.size > 0) {
    return fail(`${JSON.stringify([...contents.oversized.keys()][0])} is too large to load.`);
  }

  const manifestFile = contents.files.find((f) => f.path === MANIFEST_FILE);
  const manifestBytes = contents.kept.get(MANIFEST_FILE);
  if (!manifestFile || !manifestBytes) return fail(`The package has no ${MANIFEST_FILE}.`);
  if (manifestFile.sha256 !== predicate.manifestSha256) {
    return fail(`${MANIFEST_FILE} does not match the signed manifest sha256.`);
  }
  const parsed = parseManifestBytes(manifestBytes, DEFAULT_LIMITS);
  if (parsed.issues.length > 0) return fail(`${MANIFEST_FILE} is not valid: ${parsed.issues[0]!.message}`);
  const validated = validateManifestValue(parsed.value, {
    files: new Map(contents.files.map((f) => [f.path, f.size])),
    contents: contents.kept,
  });
  if (!validated.manifest) {
    return fail(`${MANIFEST_FILE} is not valid: ${validated.issues.map((i) => i.message).join(' ')}`);
  }
  const manifest = validated.manifest;
  if (manifest.id !== pluginId || manifest.version !== version) {
    return fail(`The manifest is for ${manifest.id}@${manifest.version}, not ${pluginId}@${version}.`);
  }
  if (!sameJson(manifest.permissions, predicate.permissions)) {
    return fail('The manifest’s permissions differ from the signed permissions.');
  }
  return { ok: true, manifest, files: contents.kept, keyId: verified.keyId, sha256, statement };
}
