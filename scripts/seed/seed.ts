// Seeds the running emulators with the demo accounts, organization and publisher.
// Run by `npm start` (scripts/start.mjs); safe to run again (it replaces what it created).
import { converters, install, membershipFields, paths, updateListing, type Permission } from '@mlebotics/shared';
import { packDirectory, packFiles } from '@mlebotics/shared/node';
import { admin, adminDoc, claimPublisherNames, connectClient, publishThroughUpload } from '@mlebotics/testing';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FieldValue } from 'firebase-admin/firestore';
import { DEMO_ORG, DEMO_PASSWORD, DEMO_PUBLISHER, DEMO_USERS } from './demo-accounts.mjs';

async function ensureUser(email: string, displayName: string, claims?: Record<string, unknown>): Promise<string> {
  const existing = await admin.auth.getUserByEmail(email).catch(() => undefined);
  const user =
    existing ?? (await admin.auth.createUser({ email, password: DEMO_PASSWORD, displayName, emailVerified: true }));
  if (claims) await admin.auth.setCustomUserClaims(user.uid, claims);
  return user.uid;
}

export async function seedAccounts(): Promise<Record<keyof typeof DEMO_USERS, string>> {
  const uids = {
    orgAdmin: await ensureUser(DEMO_USERS.orgAdmin.email, DEMO_USERS.orgAdmin.displayName),
    operator: await ensureUser(DEMO_USERS.operator.email, DEMO_USERS.operator.displayName),
    developer: await ensureUser(DEMO_USERS.developer.email, DEMO_USERS.developer.displayName),
    marketplaceAdmin: await ensureUser(DEMO_USERS.marketplaceAdmin.email, DEMO_USERS.marketplaceAdmin.displayName, {
      admin: true,
    }),
  };
  await adminDoc(converters.org, paths.org(DEMO_ORG.id)).set({
    name: DEMO_ORG.name,
    ...membershipFields([
      { uid: uids.orgAdmin, role: 'owner', email: DEMO_USERS.orgAdmin.email, name: DEMO_USERS.orgAdmin.displayName },
      {
        uid: uids.operator,
        role: 'operator',
        email: DEMO_USERS.operator.email,
        name: DEMO_USERS.operator.displayName,
      },
    ]),
    settings: { internalOnly: false, blockedPublishers: [], allowedPublishers: [], maxRisk: 'high' },
    createdAt: FieldValue.serverTimestamp(),
    createdBy: uids.orgAdmin,
  });
  await adminDoc(converters.publisher, paths.publisher(DEMO_PUBLISHER.id)).set({
    displayName: DEMO_PUBLISHER.displayName,
    ...membershipFields([
      {
        uid: uids.developer,
        role: 'owner',
        email: DEMO_USERS.developer.email,
        name: DEMO_USERS.developer.displayName,
      },
    ]),
    verified: true,
    createdAt: FieldValue.serverTimestamp(),
    createdBy: uids.developer,
  });
  // Claimed like every publisher the createPublisher callable creates: no look-alike of the demo
  // publisher's id or display name ("botvvorks", "B0tworks") can be created next to it.
  await claimPublisherNames(DEMO_PUBLISHER.id, DEMO_PUBLISHER.displayName);
  return uids;
}

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
 * Publishes the example plugins as the demo developer, through the real pipeline: upload
 * intent, upload to Storage, the Storage trigger. Then a second version of Weather Alerts
 * that asks for one more permission, so the catalogue shows a permission diff.
 */
export async function seedPlugins(): Promise<string[]> {
  const developer = await connectClient({ uid: '', email: DEMO_USERS.developer.email, password: DEMO_PASSWORD });
  const packages: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const entry of await readdir(EXAMPLES, { withFileTypes: true })) {
    if (entry.isDirectory())
      packages.push({ name: entry.name, bytes: await packDirectory(path.join(EXAMPLES, entry.name)) });
  }
  const published: string[] = [];
  const publishOne = async ({ name, bytes }: { name: string; bytes: Uint8Array }) => {
    const upload = await publishThroughUpload(developer, DEMO_PUBLISHER.id, bytes, `${name}.tgz`);
    if (upload.state !== 'published') throw new Error(`Seeding ${name} was rejected: ${JSON.stringify(upload.errors)}`);
    published.push(`${upload.pluginId}@${upload.version}`);
  };
  // A few at a time: the first uploads also warm the functions.
  const queue = [...packages];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await publishOne(next);
    }),
  );
  const weatherDir = path.join(EXAMPLES, 'weather-alerts');
  const manifest = JSON.parse(await readFile(path.join(weatherDir, 'plugin.json'), 'utf8'));
  manifest.version = '1.1.0';
  manifest.permissions.push({ name: 'notifications:send', reason: 'Warns your operators when a storm is coming.' });
  const files: Record<string, string | Uint8Array> = { 'plugin.json': JSON.stringify(manifest, null, 2) };
  for (const name of ['index.js', 'README.md', 'icon.svg']) files[name] = await readFile(path.join(weatherDir, name));
  await publishOne({ name: 'weather-alerts-1.1.0', bytes: await packFiles(files) });
  await developer.close();
  return published;
}

/**
 * Simulated devices of the demo organization: sensors with a recent reading each (the ids the
 * ThermoSense "Read a temperature sensor" step takes; listed under Devices on the organization
 * page). Ids are letters, digits, - and _ (at most 64); a reading is a number, string or boolean
 * with an optional unit.
 */
export const DEMO_SENSORS: ReadonlyArray<{ id: string; value: number | string | boolean; unit?: string }> = [
  { id: 'line-1-temp', value: 21.4, unit: '°C' },
  { id: 'line-2-temp', value: 23.9, unit: '°C' },
  { id: 'cold-room-temp', value: 4.2, unit: '°C' },
  { id: 'dock-humidity', value: 61, unit: '%' },
  { id: 'agv-3-battery', value: 87, unit: '%' },
  { id: 'loading-bay-door', value: 'closed' },
];

async function seedDevices(): Promise<void> {
  await Promise.all(
    DEMO_SENSORS.map(({ id, value, unit }) =>
      adminDoc(converters.sensor, paths.sensor(DEMO_ORG.id, id)).set({
        value,
        ...(unit ? { unit } : {}),
        at: FieldValue.serverTimestamp(),
      }),
    ),
  );
}

/**
 * Makes the demo show the rest of the product, through the same callables the app uses: a paid
 * plugin (bought in test mode from its page), and three installs in the demo organization, so its
 * Capabilities page has a step to run and a panel to open.
 */
export async function seedShowcase(): Promise<void> {
  const [developer, orgAdmin] = await Promise.all(
    [DEMO_USERS.developer, DEMO_USERS.orgAdmin].map((u) =>
      connectClient({ uid: '', email: u.email, password: DEMO_PASSWORD }),
    ),
  );
  const installOne = async (slug: string) => {
    const manifest = JSON.parse(await readFile(path.join(EXAMPLES, slug, 'plugin.json'), 'utf8')) as {
      permissions: Permission[];
    };
    await orgAdmin!.call(install, {
      orgId: DEMO_ORG.id,
      pluginId: `${DEMO_PUBLISHER.id}.${slug}`,
      grantedPermissions: manifest.permissions,
    });
  };
  await Promise.all([
    developer!.call(updateListing, {
      pluginId: `${DEMO_PUBLISHER.id}.pick-and-place`,
      pricing: { model: 'one-time', amount: 4900, currency: 'usd' },
    }),
    installOne('unit-convert')
      .then(() => installOne('fleet-dashboard'))
      .then(() => installOne('thermo-sense')),
    seedDevices(),
  ]);
  await Promise.all([developer!.close(), orgAdmin!.close()]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await seedAccounts();
  console.log(`[seed] demo accounts, organization and publisher ready (${Date.now() - started} ms)`);
  const plugins = await seedPlugins();
  console.log(`[seed] published through the upload pipeline: ${plugins.join(', ')} (${Date.now() - started} ms)`);
  await seedShowcase();
  console.log(
    `[seed] a paid plugin, three installs and ${DEMO_SENSORS.length} sensors in the demo organization (${Date.now() - started} ms)`,
  );
  process.exit(0);
}
