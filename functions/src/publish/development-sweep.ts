// Development-build objects nothing refers to. A new build's objects are written before its
// document is committed, and the replaced build's are deleted after; a crash between those
// steps (or an attempt that died before committing) leaves objects that are never served but
// would stay in the bucket for ever. The periodic upload sweep removes them.
import { objectPaths } from '@mlebotics/shared';
import { logger } from 'firebase-functions';
import { bucket } from '../lib/admin.js';
import { docs } from '../lib/documents.js';

/**
 * How old an unreferenced object must be before it goes: longer than any upload attempt takes
 * from writing its objects to committing its build (an upload intent itself expires in an hour),
 * so a build being committed right now is never touched.
 */
export const DEV_ORPHAN_AFTER_MS = 2 * 60 * 60 * 1000;
const PAGE = 500;

/** Deletes development-build objects that no organization's build refers to; returns how many. */
export async function sweepDevelopmentObjects(now = Date.now()): Promise<number> {
  const files = bucket();
  // The objects each organization's current build uses, read once per (organization, plugin).
  const inUse = new Map<string, Promise<Set<string>>>();
  const current = (orgId: string, pluginId: string) => {
    const key = `${orgId}/${pluginId}`;
    let paths = inUse.get(key);
    if (!paths) {
      paths = docs
        .devBuild(orgId, pluginId)
        .get()
        .then((snap) => {
          const build = snap.data();
          return new Set(build ? [build.artifactPath, build.envelopePath] : []);
        });
      inUse.set(key, paths);
    }
    return paths;
  };
  let removed = 0;
  let pageToken: string | undefined;
  do {
    const [page, next] = await files.getFiles({
      prefix: objectPaths.devBuildsFolder,
      maxResults: PAGE,
      autoPaginate: false,
      pageToken,
    });
    for (const file of page) {
      const owner = objectPaths.parseDevObject(file.name);
      const created = Date.parse(String(file.metadata.timeCreated ?? ''));
      // Unparseable or undated objects are left for a person to look at, never guessed about.
      if (!owner || !Number.isFinite(created) || now - created < DEV_ORPHAN_AFTER_MS) continue;
      if ((await current(owner.orgId, owner.pluginId)).has(file.name)) continue;
      await file.delete({ ignoreNotFound: true });
      removed++;
      logger.info('Removed an unreferenced development-build object', { objectPath: file.name });
    }
    pageToken = (next as { pageToken?: string } | null)?.pageToken;
  } while (pageToken);
  return removed;
}
