import { idSkeleton, nameSkeleton } from '../ids.js';
import { editDistance } from '../search/query.js';
import type { RawFinding, ScanListing } from './types.js';

/** Edits allowed between skeletons: none for short names, one from 6 characters, two from 14. */
function reach(skeleton: string): number {
  if (skeleton.length < 6) return 0;
  return skeleton.length < 14 ? 1 : 2;
}

function close(a: string, b: string): boolean {
  if (a === '' || b === '') return false;
  return a === b || editDistance(a, b, reach(a)) <= reach(a);
}

/**
 * Listings of other publishers whose display name or id is within a few edits of this one's,
 * compared on confusable skeletons (TR39, as publisher ids are claimed), so `Sl4ck` and
 * `Slаck` (Cyrillic а) both meet `Slack`.
 */
export function findImpersonation(
  manifest: { id: string; name: string; publisher: string },
  others: readonly ScanListing[],
): RawFinding[] {
  const out: RawFinding[] = [];
  const name = nameSkeleton(manifest.name);
  const id = idSkeleton(manifest.id);
  for (const other of others) {
    if (other.publisherId === manifest.publisher) continue;
    if (close(name, nameSkeleton(other.name))) {
      out.push({
        ruleId: 'impersonation.name',
        file: 'plugin.json',
        line: 0,
        excerpt: `"name": ${JSON.stringify(manifest.name)}`,
        message: `The name "${manifest.name}" looks like "${other.name}" (${other.id}, publisher ${other.publisherId}).`,
      });
    }
    if (close(id, idSkeleton(other.id))) {
      out.push({
        ruleId: 'impersonation.id',
        file: 'plugin.json',
        line: 0,
        excerpt: `"id": ${JSON.stringify(manifest.id)}`,
        message: `The id ${manifest.id} looks like ${other.id} (publisher ${other.publisherId}).`,
      });
    }
  }
  return out;
}
