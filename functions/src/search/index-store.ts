import { objectPaths, type ListingDoc } from '@mlebotics/shared';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { bucket, db } from '../lib/admin.js';
import { cols, docs, readAll } from '../lib/documents.js';
import { readmeHeadingsOf } from './document.js';

/**
 * What a search instance needs of an index, whatever library holds it: add or replace a
 * listing, drop one, and a compact snapshot to start from.
 */
export interface IndexLike {
  upsert(listing: ListingDoc & { id: string }, readmeHeadings?: string[]): void;
  remove(id: string): void;
  serialize(): Uint8Array;
  readonly size: number;
}

/** In the public index: public, listed (some version not yanked), not deleted. */
export function publiclyListed(listing: ListingDoc | undefined): listing is ListingDoc {
  return (
    !!listing &&
    listing.visibility === 'public' &&
    listing.latestVersion !== null &&
    !listing.revoked &&
    !listing.publisherSuspended
  );
}

type Listing = ListingDoc & { id: string };

/** The README headings of each listing's latest version (they weigh least in ranking), in one read. */
async function withHeadings(listings: Listing[]): Promise<Array<[Listing, string[] | undefined]>> {
  const readable = listings.filter((l) => l.latestVersion);
  const readmes = await readAll(readable.map((l) => docs.readme(l.id, l.latestVersion!)));
  const headings = new Map(readable.map((l, i) => [l.id, readmes[i]?.data()?.markdown]));
  return listings.map((l) => {
    const markdown = headings.get(l.id);
    return [l, markdown === undefined ? undefined : readmeHeadingsOf(markdown)];
  });
}

/** Clock skew allowed between the trigger's server timestamps and a catch-up's watermark. */
const SKEW_MS = 5_000;

/**
 * Brings an index up to date with the listings changed after `sinceMs` (from `searchChanges`,
 * written by the feed trigger for every listing write). Returns the new watermark.
 */
export async function catchUp(index: IndexLike, sinceMs: number): Promise<{ asOfMs: number; changed: number }> {
  const changes = await cols
    .searchChanges()
    .where('at', '>', Timestamp.fromMillis(Math.max(0, sinceMs - SKEW_MS)))
    .orderBy('at')
    .get();
  if (changes.empty) return { asOfMs: sinceMs, changed: 0 };
  const ids = changes.docs.map((d) => d.id);
  const snapshots = await readAll(ids.map((id) => docs.plugin(id)));
  const listed: Listing[] = [];
  for (const snapshot of snapshots) {
    const listing = snapshot.data();
    if (publiclyListed(listing)) listed.push({ ...listing, id: snapshot.id });
    else index.remove(snapshot.id);
  }
  for (const [listing, headings] of await withHeadings(listed)) index.upsert(listing, headings);
  const latest = changes.docs.reduce((max, d) => Math.max(max, d.data().at.toMillis()), 0);
  return { asOfMs: Math.max(sinceMs, latest), changed: ids.length };
}

/** Every public listing, read in pages (a first build, or a rebuild without a snapshot). */
export async function buildFromListings(index: IndexLike): Promise<number> {
  let count = 0;
  let last: string | undefined;
  for (;;) {
    let page = cols.plugins().where('visibility', '==', 'public').orderBy('__name__').limit(1000);
    if (last) page = page.startAfter(last);
    const snapshot = await page.get();
    const listed = snapshot.docs.flatMap((doc) => {
      const listing = doc.data();
      return publiclyListed(listing) ? [{ ...listing, id: doc.id }] : [];
    });
    for (const [listing, headings] of await withHeadings(listed)) index.upsert(listing, headings);
    count += listed.length;
    if (snapshot.size < 1000) break;
    last = snapshot.docs.at(-1)!.id;
  }
  return count;
}

/**
 * The index's generation: when its meta document was created (0 before the first snapshot). It
 * changes only if the database is wiped and rebuilt (a restore, the emulators between test
 * runs); an instance holding another generation's index loads again.
 */
export async function indexGeneration(): Promise<number> {
  return (await docs.searchIndex().get()).createTime?.toMillis() ?? 0;
}

/** The newest snapshot: its bytes, the time it holds every change up to, and its generation. */
export async function readSnapshot(): Promise<{ bytes?: Buffer; asOfMs: number; generation: number }> {
  const meta = await docs.searchIndex().get();
  const generation = meta.createTime?.toMillis() ?? 0;
  const data = meta.data();
  if (!data?.path) return { asOfMs: 0, generation };
  try {
    const [bytes] = await bucket().file(data.path).download();
    return { bytes: await promisify(gunzip)(bytes), asOfMs: data.asOfMs, generation };
  } catch {
    return { asOfMs: 0, generation };
  }
}

/**
 * An index from the newest snapshot, or built from every public listing when there is none or
 * it does not load (written by another version of the engine). Not yet caught up.
 */
export async function openIndex<T extends IndexLike>(
  newIndex: (snapshot?: Uint8Array) => T,
): Promise<{ index: T; asOfMs: number; generation: number }> {
  const snapshot = await readSnapshot();
  if (snapshot.bytes) {
    try {
      return { index: newIndex(snapshot.bytes), asOfMs: snapshot.asOfMs, generation: snapshot.generation };
    } catch (error) {
      logger.warn('search: the snapshot did not load; building the index from the listings', error);
    }
  }
  const index = newIndex();
  const asOfMs = Date.now();
  await buildFromListings(index);
  return { index, asOfMs, generation: snapshot.generation };
}

const REBUILD_EVERY_MS = 60_000;
const LEASE_MS = 120_000;

/**
 * Writes a new snapshot when the last is older than a minute and nobody else is writing one:
 * the previous snapshot (or every listing) brought up to date, gzipped to Storage, then the
 * meta document pointed at it. Old snapshots are deleted after the pointer moved.
 */
export async function refreshSnapshot(newIndex: (snapshot?: Uint8Array) => IndexLike, force = false): Promise<boolean> {
  const metaRef = docs.searchIndex();
  const now = Date.now();
  // Most listing writes find a fresh snapshot: a plain read, no transaction, on that path.
  const current = (await metaRef.get()).data();
  if (current && !force && (current.buildingUntilMs > now || now - current.builtAt.toMillis() < REBUILD_EVERY_MS)) {
    return false;
  }
  const claimed = await db.runTransaction(async (tx) => {
    const meta = (await tx.get(metaRef)).data();
    if (meta && meta.buildingUntilMs > now) return undefined;
    if (meta && !force && now - meta.builtAt.toMillis() < REBUILD_EVERY_MS) return undefined;
    if (meta) tx.update(metaRef, { buildingUntilMs: now + LEASE_MS });
    else {
      tx.set(metaRef, {
        path: '',
        asOfMs: 0,
        count: 0,
        bytes: 0,
        builtAt: Timestamp.fromMillis(0),
        buildingUntilMs: now + LEASE_MS,
      });
    }
    return meta ?? null;
  });
  if (claimed === undefined) return false;
  try {
    const opened = await openIndex(newIndex);
    const { index } = opened;
    const { asOfMs } = await catchUp(index, opened.asOfMs);
    // Level 1: a fifth of level 6's time for 20% more bytes (3.8 instead of 3.1 MiB at 50,000 listings).
    const bytes = await promisify(gzip)(index.serialize(), { level: 1 });
    const path = objectPaths.searchSnapshot(Date.now());
    await bucket().file(path).save(bytes, { contentType: 'application/gzip', resumable: false });
    await metaRef.set({
      path,
      asOfMs,
      count: index.size,
      bytes: bytes.length,
      builtAt: FieldValue.serverTimestamp(),
      buildingUntilMs: 0,
    });
    if (claimed?.path) await bucket().file(claimed.path).delete({ ignoreNotFound: true });
    return true;
  } catch (error) {
    await metaRef.update({ buildingUntilMs: 0 });
    throw error;
  }
}
