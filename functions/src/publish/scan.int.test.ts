// The upload scan through the real pipeline: the scanner's hostile corpus uploaded to the
// Storage emulator (blocked → rejected with the findings; quarantined → held for review, not
// listed), the clean corpus published, and the review queue's decisions.
import {
  cleanScanCorpus,
  connectClient,
  createPublisher,
  createUser,
  hostileScanCorpus,
  packScanFiles,
  publishThroughUpload,
  resetEmulators,
  seedListing,
  admin,
  uniqueId,
  type Client,
  type FinishedUpload,
  type ScanCase,
} from '@mlebotics/testing';
import { collections, decideReview, paths, scanRule, setBlocklisted } from '@mlebotics/shared';
import { readPackageFiles, validatePackageBytes } from '@mlebotics/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let developer: Client;
let moderator: Client;
const hostile = hostileScanCorpus();
const clean = cleanScanCorpus();
const outcomes = new Map<string, FinishedUpload>();
const failures = new Map<string, string>();
/** Every clean case is checked by the CLI's corpus test; uploads take every fourth (the emulator is slow). */
const cleanUploaded = clean.filter((_, i) => i % 4 === 0);

/** The case's package as version `1.0.<n>`: every case is a new version of the corpus's one id. */
async function asVersion(bytes: Uint8Array, patch: number): Promise<Uint8Array> {
  const checked = await validatePackageBytes(bytes);
  if (!checked.contents) throw new Error(`a corpus package is not readable: ${JSON.stringify(checked.errors)}`);
  const names = checked.contents.files.map((f) => f.path);
  const { kept } = await readPackageFiles(bytes, new Set(names), 64 * 1024 * 1024);
  const manifest = JSON.parse(new TextDecoder().decode(kept.get('plugin.json'))) as { version: string };
  manifest.version = `1.0.${patch}`;
  const files: Record<string, Uint8Array | string> = {};
  for (const name of names) files[name] = name === 'plugin.json' ? JSON.stringify(manifest, null, 2) : kept.get(name)!;
  return packScanFiles(files);
}

async function uploadAll(cases: readonly ScanCase[], firstPatch: number): Promise<void> {
  const queue = cases.map((c, i) => ({ c, patch: firstPatch + i }));
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          const bytes = await asVersion(next.c.build(), next.patch);
          outcomes.set(next.c.name, await publishThroughUpload(developer, 'acme', bytes, `${next.patch}.tgz`));
        } catch (error) {
          // One case's failure is that case's test failure, not the whole file's.
          failures.set(next.c.name, String(error));
        }
      }
    }),
  );
}

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  await createPublisher('acme', [dev.uid]);
  developer = await connectClient(dev);
  moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
  // What the corpus's cases assume of the marketplace: the other publishers' listings and the
  // blocked digests, made the way they are in production (listings, the admin callable). The
  // clean packages go first, into a marketplace without them (a look-alike of the corpus's own
  // id, seeded for one hostile case, would rightly hold every later version of it).
  await uploadAll(cleanUploaded, 1);
  for (const c of hostile) {
    for (const other of c.options?.others ?? []) await seedListing(other.id, { name: other.name });
    for (const sha256 of c.options?.blocked?.files ?? []) {
      await moderator.call(setBlocklisted, {
        sha256,
        scope: 'file',
        blocked: true,
        reason: 'Known credential stealer',
      });
    }
  }
  await uploadAll(hostile, 100);
}, 900_000);
afterAll(async () => {
  await Promise.all([developer, moderator].map((c) => c?.close()));
});

describe('the hostile scan corpus through real uploads', () => {
  for (const c of hostile) {
    const rule = scanRule(c.ruleId);
    const blocked = rule.severity === 'block';
    it(`${c.name}: ${blocked ? 'rejected' : 'held for review'} with ${c.ruleId} at ${c.file}:${c.line}`, async () => {
      expect(failures.get(c.name)).toBeUndefined();
      const upload = outcomes.get(c.name)!;
      expect(upload.scan?.findings).toContainEqual(
        expect.objectContaining({ ruleId: c.ruleId, file: c.file, line: c.line, fix: rule.fix }),
      );
      if (blocked) {
        expect(upload.state).toBe('rejected');
        expect(upload.errors.map((e) => e.code)).toContain('scan-blocked');
        expect(upload.errors.find((e) => e.path === c.file)?.message).toContain(c.ruleId);
      } else {
        expect(upload.state).toBe('in-review');
        const version = upload.version!;
        const report = (await admin.db.doc(paths.scanReport('acme.scanned', version)).get()).data();
        expect(report).toMatchObject({ review: 'pending', uploadId: upload.uploadId });
        expect((await admin.db.doc(paths.version('acme.scanned', version)).get()).exists).toBe(false);
      }
    });
  }

  it('listed none of them: only the clean versions are versions of the plugin', async () => {
    const versions = await admin.db.collection(paths.versions('acme.scanned')).get();
    expect(versions.size).toBe(cleanUploaded.length);
    for (const doc of versions.docs) expect(Number(doc.id.split('.')[2])).toBeLessThan(100);
  });
});

describe('the clean scan corpus through real uploads', () => {
  it('holds back none of them', () => {
    expect(cleanUploaded.length).toBeGreaterThanOrEqual(15);
    expect(cleanUploaded.flatMap((c) => (failures.has(c.name) ? [`${c.name}: ${failures.get(c.name)}`] : []))).toEqual(
      [],
    );
    const flagged = cleanUploaded
      .map((c) => ({ name: c.name, upload: outcomes.get(c.name)! }))
      .filter(({ upload }) => upload.state !== 'published')
      .map(({ name, upload }) => `${name}: ${upload.state} ${JSON.stringify(upload.scan?.findings ?? upload.errors)}`);
    expect(flagged).toEqual([]);
  });
});

describe('the review queue', () => {
  const held = () =>
    hostile
      .map((c) => outcomes.get(c.name))
      // A case whose upload failed has no outcome; its own test reports it.
      .filter((u) => u?.state === 'in-review')
      .map((u) => u!.version!);

  it('refuses anyone but a marketplace administrator', async () => {
    const [version] = held();
    await expect(
      developer.call(decideReview, {
        pluginId: 'acme.scanned',
        version: version!,
        decision: 'approve',
        reason: 'Looks fine to me',
      }),
    ).rejects.toMatchObject({ details: { reason: 'permission-denied' } });
    // A version that was never held (or a published one) is not in the queue.
    await expect(
      moderator.call(decideReview, {
        pluginId: 'acme.scanned',
        version: '1.0.1',
        decision: 'approve',
        reason: 'Not held',
      }),
    ).rejects.toMatchObject({ details: { reason: 'not-found' } });
  });

  it('rejects with a reason the publisher sees, and the version number stays taken', async () => {
    const version = held()[0]!;
    await moderator.call(decideReview, {
      pluginId: 'acme.scanned',
      version,
      decision: 'reject',
      reason: 'Sends data to an undeclared host',
    });
    const report = (await admin.db.doc(paths.scanReport('acme.scanned', version)).get()).data();
    expect(report).toMatchObject({ review: 'rejected', decisionReason: 'Sends data to an undeclared host' });
    const upload = (await admin.db.doc(paths.upload(report!.uploadId)).get()).data();
    expect(upload).toMatchObject({ state: 'rejected', errors: [expect.objectContaining({ code: 'review-rejected' })] });
    await expect(
      moderator.call(decideReview, {
        pluginId: 'acme.scanned',
        version,
        decision: 'approve',
        reason: 'Changed my mind',
      }),
    ).rejects.toMatchObject({ details: { reason: 'already-decided' } });
    const again = await publishThroughUpload(
      developer,
      'acme',
      await asVersion(
        hostile.find((c) => outcomes.get(c.name)?.version === version)!.build(),
        Number(version.split('.')[2]),
      ),
    );
    expect(again).toMatchObject({ state: 'rejected', errors: [expect.objectContaining({ code: 'version-exists' })] });
  });

  it('approves: listed at once, the upload published, one audit entry', async () => {
    const version = held().sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]))[0]!;
    await moderator.call(decideReview, {
      pluginId: 'acme.scanned',
      version,
      decision: 'approve',
      reason: 'The host is the vendor’s own documentation site',
    });
    const listing = (await admin.db.doc(paths.plugin('acme.scanned')).get()).data();
    // The highest held version, approved, is the newest listed one.
    expect(listing).toMatchObject({
      latestVersion: version,
      versionCount: cleanUploaded.length + 1,
      discoverable: true,
    });
    expect((await admin.db.doc(paths.version('acme.scanned', version)).get()).get('status')).toBe('published');
    expect((await admin.db.doc(paths.heldVersion('acme.scanned', version)).get()).exists).toBe(false);
    const report = (await admin.db.doc(paths.scanReport('acme.scanned', version)).get()).data()!;
    expect((await admin.db.doc(paths.upload(report.uploadId)).get()).get('state')).toBe('published');
    const audit = await admin.db
      .collection(collections.adminAudit)
      .where('targetId', '==', `acme.scanned@${version}`)
      .get();
    expect(audit.docs.map((d) => d.get('action')).sort()).toEqual(['review.approve']);
  });
});
