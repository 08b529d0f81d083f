// Seeds the running emulators with the demo accounts, organization and publisher.
// Run by `npm start` (scripts/start.mjs); safe to run again (it replaces what it created).
import { paths } from '@mlebotics/shared';
import { admin } from '@mlebotics/testing';
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
  await admin.db.doc(paths.org(DEMO_ORG.id)).set({
    name: DEMO_ORG.name,
    members: { [uids.orgAdmin]: 'owner', [uids.operator]: 'operator' },
    memberIds: [uids.orgAdmin, uids.operator],
    createdAt: FieldValue.serverTimestamp(),
    createdBy: uids.orgAdmin,
  });
  await admin.db.doc(paths.publisher(DEMO_PUBLISHER.id)).set({
    displayName: DEMO_PUBLISHER.displayName,
    members: { [uids.developer]: 'owner' },
    memberIds: [uids.developer],
    verified: true,
    createdAt: FieldValue.serverTimestamp(),
    createdBy: uids.developer,
  });
  return uids;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await seedAccounts();
  console.log(`[seed] demo accounts, organization and publisher ready (${Date.now() - started} ms)`);
  process.exit(0);
}
