import { converters, createOrg, createPublisher, membershipFields, paths, updateListing } from '@mlebotics/shared';
import {
  admin,
  adminDoc,
  connectClient,
  createPublisher as seedPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimExistingPublishers, publisherIdClaimRef } from './claims.js';

// An attacker against the publishers of this file, through the callables and the upload path
// exactly as the console and the CLI use them. Ids are fixed: look-alikes are built from them.
let victim: Client;
let attacker: Client;
let attackerUid: string;

const exists = async (path: string) => (await admin.db.doc(path).get()).exists;

beforeAll(async () => {
  await resetEmulators();
  const victimUser = await createUser(`${uniqueId('victim')}@example.com`);
  const attackerUser = await createUser(`${uniqueId('attacker')}@example.com`);
  attackerUid = attackerUser.uid;
  [victim, attacker] = await Promise.all([connectClient(victimUser), connectClient(attackerUser)]);
  await victim.call(createPublisher, { publisherId: 'wavedrive', displayName: 'Wave Drive' });
  await victim.call(createPublisher, { publisherId: 'victimpub', displayName: 'Victim Robotics' });
  // The demo publisher, created the way the seed script creates it (Admin SDK, not the callable).
  await seedPublisher('botworks', [victimUser.uid], true);
  await attacker.call(createPublisher, { publisherId: 'attackpub', displayName: 'Attack Robotics' });
}, 120_000);
afterAll(async () => {
  await Promise.all([victim, attacker].map((c) => c?.close()));
});

describe('look-alike publisher ids', () => {
  it('are refused whatever the order of the look-alikes (uu → vv → w, c1 → cl → d)', async () => {
    for (const [n, publisherId] of ['uuavedrive', 'wavec1rive', 'vvave-drive', 'uvavedr1ve'].entries()) {
      await expect(
        attacker.call(createPublisher, { publisherId, displayName: `Pirate ${'xyzk'[n]}` }),
        publisherId,
      ).rejects.toMatchObject({
        code: 'functions/already-exists',
        message: expect.stringContaining('too similar to the existing publisher "wavedrive"'),
      });
      expect(await exists(paths.publisher(publisherId))).toBe(false);
    }
  });

  it('of a seeded publisher are refused, and one that predates claims cannot publish', async () => {
    await expect(
      attacker.call(createPublisher, { publisherId: 'botvvorks', displayName: 'Robot Vvorkshop' }),
    ).rejects.toMatchObject({ code: 'functions/already-exists', message: expect.stringContaining('"botworks"') });

    // A look-alike created before publishers were claimed: the pipeline refuses its namespace.
    await adminDoc(converters.publisher, paths.publisher('botvvorks')).set({
      displayName: 'Robot Vvorkshop',
      ...membershipFields([{ uid: attackerUid, role: 'owner' }]),
      verified: false,
      createdAt: FieldValue.serverTimestamp(),
    });
    const squat = await publishThroughUpload(attacker, 'botvvorks', await packPlugin('botvvorks.unit-converter'));
    expect(squat.state).toBe('rejected');
    expect(squat.errors.map((e) => e.code)).toEqual(['id-confusable']);
    expect(JSON.stringify(squat.errors)).not.toContain('botworks');
    expect(await exists(paths.plugin('botvvorks.unit-converter'))).toBe(false);

    // The claim does not get in the way of its owner.
    const own = await publishThroughUpload(victim, 'botworks', await packPlugin('botworks.unit-converter'));
    expect(own.errors).toEqual([]);
    expect(own.state).toBe('published');
  });
});

describe('publishers from before claims', () => {
  it('are claimed oldest first by the backfill, and the later look-alike cannot publish', async () => {
    const legacy = (publisherId: string, displayName: string, createdAt: Date) =>
      adminDoc(converters.publisher, paths.publisher(publisherId)).set({
        displayName,
        ...membershipFields([{ uid: attackerUid, role: 'owner' }]),
        verified: false,
        createdAt: Timestamp.fromDate(createdAt),
      });
    await legacy('o1dgrip', 'Old Grip Copy', new Date('2025-02-01'));
    await legacy('oldgrip', 'Old Grip', new Date('2025-01-01'));

    const backfill = await claimExistingPublishers();
    expect(backfill.conflicts).toEqual(
      expect.arrayContaining([expect.objectContaining({ publisherId: 'o1dgrip', heldBy: 'oldgrip' })]),
    );
    expect((await publisherIdClaimRef('oldgrip').get()).get('publisherId')).toBe('oldgrip');
    expect((await claimExistingPublishers()).claimed).toEqual([]);

    const squat = await publishThroughUpload(attacker, 'o1dgrip', await packPlugin('o1dgrip.gripper'));
    expect(squat.errors.map((e) => e.code)).toEqual(['id-confusable']);
  });
});

describe('reserved marketplace names', () => {
  it('are refused as publisher ids by skeleton and by containment', async () => {
    for (const publisherId of ['mlebotics-official', 'mlebotics2', '0fficial-tools', 'rn1ebotics']) {
      await expect(
        attacker.call(createPublisher, { publisherId, displayName: 'Totally Legit' }),
        publisherId,
      ).rejects.toMatchObject({
        code: 'functions/invalid-argument',
        message: expect.stringMatching(/cannot be used: .*reserved by the marketplace/),
      });
      expect(await exists(paths.publisher(publisherId))).toBe(false);
    }
  });

  it('are refused as plugin names by skeleton and by containment', async () => {
    for (const slug of ['0fficial-tools', 'mlebotics2']) {
      const upload = await publishThroughUpload(attacker, 'attackpub', await packPlugin(`attackpub.${slug}`));
      expect(upload.errors).toEqual([
        expect.objectContaining({ code: 'id-reserved', message: expect.stringContaining(`"${slug}" contains`) }),
      ]);
    }
  });
});

describe('publisher display names', () => {
  it('cannot impersonate another publisher, in any script, case or spacing', async () => {
    for (const displayName of ['Botworks', 'B0tworks', '\u0412otworks', 'Bot Works', 'BOTW0RKS', 'Wave-Drive']) {
      await expect(
        attacker.call(createPublisher, { publisherId: 'evilpub', displayName }),
        displayName,
      ).rejects.toMatchObject({
        code: 'functions/already-exists',
        message: expect.stringContaining(`The display name "${displayName}" is too similar to the existing publisher`),
      });
    }
    for (const displayName of ['Bot\u200bworks', '\u202eskrowtob', 'MLEbotics Official']) {
      await expect(
        attacker.call(createPublisher, { publisherId: 'evilpub', displayName }),
        displayName,
      ).rejects.toMatchObject({ code: 'functions/invalid-argument' });
    }
    expect(await exists(paths.publisher('evilpub'))).toBe(false);

    await attacker.call(createPublisher, { publisherId: 'evilpub', displayName: 'Evil Robotics' });
    expect((await admin.db.doc(paths.publisher('evilpub')).get()).get('displayName')).toBe('Evil Robotics');
    // Its id and its display name are claimed in turn.
    await expect(
      victim.call(createPublisher, { publisherId: 'other-pub', displayName: 'Evi1pub' }),
    ).rejects.toMatchObject({ code: 'functions/already-exists' });
    await expect(
      victim.call(createPublisher, { publisherId: 'evil-robotics', displayName: 'Other Robotics' }),
    ).rejects.toMatchObject({ code: 'functions/already-exists' });
  });
});

describe('uploads into another publisher’s namespace', () => {
  it('read the same whether the id is a private plugin or does not exist', async () => {
    const secret = 'victimpub.secret-tool';
    const published = await publishThroughUpload(victim, 'victimpub', await packPlugin(secret));
    expect(published.state).toBe('published');
    const orgId = uniqueId('victim-org');
    await victim.call(createOrg, { orgId, name: 'Victim Org' });
    await victim.call(updateListing, { pluginId: secret, visibility: { visibility: 'private', orgId } });

    const probeExisting = await publishThroughUpload(attacker, 'attackpub', await packPlugin(secret));
    const probeMissing = await publishThroughUpload(attacker, 'attackpub', await packPlugin('victimpub.no-such-tool'));
    expect(probeExisting.state).toBe('rejected');
    expect(probeMissing.state).toBe('rejected');
    expect(probeExisting.errors).toEqual(probeMissing.errors);
    expect(probeExisting.errors.map((e) => e.code)).toEqual(['publisher-mismatch']);
    expect(JSON.stringify(probeExisting.errors)).not.toContain('victimpub');
  });
});
