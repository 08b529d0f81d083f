import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { paths } from '@mlebotics/shared';
import { RULES_PROJECT_ID, rulesEnvironment, wipeFirestore } from '@mlebotics/testing';
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';

/**
 * The security-rules matrix: every role against every collection, allowed and denied. Roles:
 * anonymous; `stranger` (signed in, no membership); Acme's `owner`, `admin` and `operator`;
 * `dev` (member of the publisher "botworks"); `mod` (marketplace administrator).
 */
let env: RulesTestEnvironment;

const ORG = 'acme';
const OTHER_ORG = 'globex';

beforeAll(async () => {
  env = await rulesEnvironment(RULES_PROJECT_ID);
  await wipeFirestore(RULES_PROJECT_ID);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    const set = (path: string, data: Record<string, unknown>) => setDoc(doc(db, path), data);
    await set(paths.org(ORG), {
      name: 'Acme',
      members: { owner: 'owner', admin: 'admin', operator: 'operator' },
      memberIds: ['owner', 'admin', 'operator'],
    });
    await set(paths.org(OTHER_ORG), { name: 'Globex', members: { stranger: 'owner' }, memberIds: ['stranger'] });
    await set(paths.publisher('botworks'), {
      displayName: 'Botworks',
      members: { dev: 'owner' },
      memberIds: ['dev'],
      memberEmails: { dev: 'dev@botworks.example' },
      verified: true,
    });
    await set(paths.publisherProfile('botworks'), { displayName: 'Botworks', verified: true });
    await set(paths.invitation('invite-acme-hire'), {
      kind: 'org',
      targetId: ORG,
      targetName: 'Acme',
      role: 'admin',
      email: 'new-hire@acme.example',
      status: 'pending',
    });
    await set(paths.invitation('invite-botworks-dev'), {
      kind: 'publisher',
      targetId: 'botworks',
      targetName: 'Botworks',
      role: 'member',
      email: 'second@botworks.example',
      status: 'pending',
    });
    await set(paths.plugin('botworks.public'), { name: 'Public', visibility: 'public', publisherId: 'botworks' });
    await set(paths.plugin('botworks.internal'), {
      name: 'Internal',
      visibility: 'private',
      privateOrgId: ORG,
      publisherId: 'botworks',
    });
    await set(paths.version('botworks.public', '1.0.0'), { status: 'published' });
    await set(paths.version('botworks.internal', '1.0.0'), { status: 'published' });
    await set(paths.versionAsset('botworks.public', '1.0.0', 'readme'), { markdown: '# Public' });
    await set(paths.versionAsset('botworks.internal', '1.0.0', 'readme'), { markdown: '# Internal' });
    await set(paths.signingKey('mle-0000000000000001'), { status: 'active', publicKeyPem: 'pem' });
    await set(paths.catalogStats(), { plugins: 2, publicPlugins: 1 });
    await set(paths.upload('upload-1'), { uid: 'dev', state: 'validating' });
    await set(paths.install(ORG, 'botworks.public'), { version: '1.0.0' });
    await set(paths.entitlement(ORG, 'botworks.public'), { status: 'active' });
    await set(`${paths.auditLog(ORG)}/entry-1`, { action: 'install' });
    await set(paths.pluginData(ORG, 'botworks.public'), { note: 'x' });
    await set(paths.idClaim('botworksplublic'), { pluginId: 'botworks.public' });
    await set(paths.artifactLock('botworks.public', '1.0.0'), { uploadId: 'upload-1' });
    await set(paths.processedEvent('event-1'), { processedAt: 1 });
    await set(paths.user('stranger'), { email: 'stranger@example.com' });
    await set(paths.secret(ORG, 'API_TOKEN'), { value: 'secret-value' });
    await set(paths.sensor(ORG, 'temp-1'), { value: 21.5, unit: 'C' });
    await set(`${paths.notifications(ORG)}/n-1`, { body: 'hi' });
    await set(`${paths.pluginStorageEntries(ORG, 'botworks.public')}/k`, { key: 'k', json: '1' });
    await set(paths.panelSession('token-1'), { orgId: ORG });
    await set(paths.ledgerEntry('stripe:payment:pi_1'), { publisherId: 'botworks', amountMinor: 100 });
  });
});
afterAll(() => env.cleanup());

// rules-unit-testing hands out compat instances; the modular functions accept them.
const as = (uid: string | null, claims: Record<string, unknown> = {}): Firestore =>
  (uid
    ? env.authenticatedContext(uid, claims).firestore()
    : env.unauthenticatedContext().firestore()) as unknown as Firestore;
const read = (uid: string | null, path: string, claims?: Record<string, unknown>) => getDoc(doc(as(uid, claims), path));
const write = (uid: string | null, path: string, data: Record<string, unknown> = { hacked: true }) =>
  setDoc(doc(as(uid), path), data);

type Case = [string, () => Promise<unknown>];
const allowed: Case[] = [
  // The public catalogue: signed-out visitors browse public listings, versions, READMEs,
  // publisher profiles and the statistics.
  ['an anonymous visitor reads a public listing', () => read(null, paths.plugin('botworks.public'))],
  [
    'an anonymous visitor queries the public catalogue',
    () => getDocs(query(collection(as(null), 'plugins'), where('visibility', '==', 'public'), limit(10))),
  ],
  ['an anonymous visitor reads a public version', () => read(null, paths.version('botworks.public', '1.0.0'))],
  [
    'an anonymous visitor reads a public README',
    () => read(null, paths.versionAsset('botworks.public', '1.0.0', 'readme')),
  ],
  ['an anonymous visitor reads a publisher’s public profile', () => read(null, paths.publisherProfile('botworks'))],
  ['an anonymous visitor reads the statistics', () => read(null, paths.catalogStats())],
  ['a signed-in user reads a public listing', () => read('stranger', paths.plugin('botworks.public'))],
  ['an org member reads a listing private to the org', () => read('operator', paths.plugin('botworks.internal'))],
  ['a publisher member reads its private listing', () => read('dev', paths.plugin('botworks.internal'))],
  [
    'a marketplace admin reads a private listing',
    () => read('mod', paths.plugin('botworks.internal'), { admin: true }),
  ],
  [
    'a signed-in user queries the public catalogue',
    () => getDocs(query(collection(as('stranger'), 'plugins'), where('visibility', '==', 'public'), limit(10))),
  ],
  ['a signed-in user reads a public version', () => read('stranger', paths.version('botworks.public', '1.0.0'))],
  ['an org member reads a private version', () => read('admin', paths.version('botworks.internal', '1.0.0'))],
  [
    'a signed-in user reads a public README',
    () => read('stranger', paths.versionAsset('botworks.public', '1.0.0', 'readme')),
  ],
  [
    'an org member reads a private README',
    () => read('operator', paths.versionAsset('botworks.internal', '1.0.0', 'readme')),
  ],
  ['anyone reads a public signing key', () => read(null, paths.signingKey('mle-0000000000000001'))],
  ['a signed-in user reads the catalogue statistics', () => read('operator', paths.catalogStats())],
  ['a developer reads their own upload', () => read('dev', paths.upload('upload-1'))],
  ['an operator reads their organization', () => read('operator', paths.org(ORG))],
  ['an operator reads an install of their organization', () => read('operator', paths.install(ORG, 'botworks.public'))],
  [
    'an operator lists the installs of their organization',
    () => getDocs(collection(as('operator'), paths.installs(ORG))),
  ],
  [
    'an operator reads an entitlement of their organization',
    () => read('operator', paths.entitlement(ORG, 'botworks.public')),
  ],
  ['an owner reads the audit log', () => read('owner', `${paths.auditLog(ORG)}/entry-1`)],
  ['an admin reads the audit log', () => read('admin', `${paths.auditLog(ORG)}/entry-1`)],
  [
    'the invitee reads their invitation (signed in with that email, verified)',
    () => read('hire', paths.invitation('invite-acme-hire'), { email: 'New-Hire@acme.example', email_verified: true }),
  ],
  ['an organization manager reads the invitations it sent', () => read('admin', paths.invitation('invite-acme-hire'))],
  ['a publisher member reads its invitations', () => read('dev', paths.invitation('invite-botworks-dev'))],
  ['a signed-in user reads a publisher’s public profile', () => read('stranger', paths.publisherProfile('botworks'))],
  ['a publisher member reads its publisher (members)', () => read('dev', paths.publisher('botworks'))],
  ['a member reads a sensor reading', () => read('operator', paths.sensor(ORG, 'temp-1'))],
  [
    'an admin feeds a sensor reading',
    () => setDoc(doc(as('admin'), paths.sensor(ORG, 'temp-2')), { value: 20, unit: 'C', at: serverTimestamp() }),
  ],
  [
    'an owner sets an organization secret',
    () => setDoc(doc(as('owner'), paths.secret(ORG, 'DOCK_TOKEN')), { value: 'abc', updatedAt: serverTimestamp() }),
  ],
  ['a member reads the notifications plugins sent', () => read('operator', `${paths.notifications(ORG)}/n-1`)],
];

const denied: Case[] = [
  [
    'someone signed up unverified with the invitee’s address reads the invitation',
    () =>
      read('squatter', paths.invitation('invite-acme-hire'), { email: 'new-hire@acme.example', email_verified: false }),
  ],
  [
    'an account with the invitee’s address and no verification claim reads the invitation',
    () => read('squatter', paths.invitation('invite-acme-hire'), { email: 'new-hire@acme.example' }),
  ],
  ['another organization reads a private listing', () => read('stranger', paths.plugin('botworks.internal'))],
  ['an anonymous visitor reads a private listing', () => read(null, paths.plugin('botworks.internal'))],
  ['an anonymous visitor reads a private version', () => read(null, paths.version('botworks.internal', '1.0.0'))],
  [
    'an anonymous visitor reads a private README',
    () => read(null, paths.versionAsset('botworks.internal', '1.0.0', 'readme')),
  ],
  [
    'an anonymous visitor queries all listings (private ones included)',
    () => getDocs(query(collection(as(null), 'plugins'), limit(10))),
  ],
  [
    'an org owner writes a listing',
    () => write('owner', paths.plugin('botworks.public'), { name: 'Mine', visibility: 'public' }),
  ],
  [
    'a publisher member writes its listing',
    () => updateDoc(doc(as('dev'), paths.plugin('botworks.public')), { installCount: 1e9 }),
  ],
  ['a marketplace admin writes a listing from a client', () => write('mod', paths.plugin('botworks.public'))],
  [
    'a signed-in user queries listings without the visibility filter',
    () => getDocs(query(collection(as('stranger'), 'plugins'), limit(10))),
  ],
  ['another organization reads a private version', () => read('stranger', paths.version('botworks.internal', '1.0.0'))],
  [
    'a publisher member writes a version',
    () => write('dev', paths.version('botworks.public', '2.0.0'), { status: 'published' }),
  ],
  [
    'a publisher member yanks a version directly',
    () => updateDoc(doc(as('dev'), paths.version('botworks.public', '1.0.0')), { status: 'yanked' }),
  ],
  [
    'another organization reads a private README',
    () => read('stranger', paths.versionAsset('botworks.internal', '1.0.0', 'readme')),
  ],
  [
    'a signed-in user writes a signing key',
    () => write('mod', paths.signingKey('mle-0000000000000002'), { status: 'active' }),
  ],
  [
    'a user revokes a signing key directly',
    () => updateDoc(doc(as('mod', { admin: true }), paths.signingKey('mle-0000000000000001')), { status: 'revoked' }),
  ],
  ['a user writes the statistics', () => write('owner', paths.catalogStats(), { plugins: 1 })],
  ['another user reads someone’s upload', () => read('stranger', paths.upload('upload-1'))],
  [
    'a developer marks their own upload published',
    () => updateDoc(doc(as('dev'), paths.upload('upload-1')), { state: 'published' }),
  ],
  [
    'a developer creates an upload intent directly',
    () => write('dev', paths.upload('upload-2'), { uid: 'dev', state: 'awaiting-upload' }),
  ],
  ['a stranger reads an organization', () => read('stranger', paths.org(ORG))],
  [
    'an owner adds a member by writing the organization',
    () => updateDoc(doc(as('owner'), paths.org(ORG)), { 'members.mallory': 'owner' }),
  ],
  [
    'a user creates an organization directly',
    () => write('stranger', paths.org('new-org'), { members: { stranger: 'owner' } }),
  ],
  ['a stranger reads an install', () => read('stranger', paths.install(ORG, 'botworks.public'))],
  [
    'an admin installs by writing the install document',
    () => write('admin', paths.install(ORG, 'botworks.internal'), { version: '1.0.0' }),
  ],
  [
    'an owner uninstalls by deleting the install document',
    () => deleteDoc(doc(as('owner'), paths.install(ORG, 'botworks.public'))),
  ],
  [
    'an operator changes granted permissions',
    () => updateDoc(doc(as('operator'), paths.install(ORG, 'botworks.public')), { grantedPermissions: [] }),
  ],
  ['a stranger reads an entitlement', () => read('stranger', paths.entitlement(ORG, 'botworks.public'))],
  [
    'an owner grants their org an entitlement',
    () => write('owner', paths.entitlement(ORG, 'botworks.internal'), { status: 'active' }),
  ],
  ['an operator reads the audit log', () => read('operator', `${paths.auditLog(ORG)}/entry-1`)],
  [
    'an owner rewrites the audit log',
    () => write('owner', `${paths.auditLog(ORG)}/entry-2`, { action: 'nothing happened' }),
  ],
  ['an owner reads plugin data outside the sandbox', () => read('owner', paths.pluginData(ORG, 'botworks.public'))],
  ['an owner writes plugin data outside the sandbox', () => write('owner', paths.pluginData(ORG, 'botworks.public'))],
  ['an anonymous visitor reads a publisher', () => read(null, paths.publisher('botworks'))],
  ['a signed-in stranger reads a publisher’s members and emails', () => read('stranger', paths.publisher('botworks'))],
  [
    'a client writes a publisher profile',
    () => write('dev', paths.publisherProfile('botworks'), { displayName: 'Official' }),
  ],
  [
    'a publisher member verifies their own publisher',
    () => updateDoc(doc(as('dev'), paths.publisher('botworks')), { verified: true }),
  ],
  [
    'a user claims a plugin id directly',
    () => write('stranger', paths.idClaim('stolen'), { pluginId: 'botworks.public' }),
  ],
  ['a user reads id claims', () => read('dev', paths.idClaim('botworksplublic'))],
  ['a user reads artifact locks', () => read('dev', paths.artifactLock('botworks.public', '1.0.0'))],
  ['a user writes processed-event markers', () => write('dev', paths.processedEvent('event-2'), { processedAt: 1 })],
  ['a user reads another user’s profile', () => read('dev', paths.user('stranger'))],
  ['an owner reads an organization secret', () => read('owner', paths.secret(ORG, 'API_TOKEN'))],
  [
    'an operator sets an organization secret',
    () => setDoc(doc(as('operator'), paths.secret(ORG, 'DOCK_TOKEN')), { value: 'abc', updatedAt: serverTimestamp() }),
  ],
  ['an operator feeds a sensor reading', () => write('operator', paths.sensor(ORG, 'temp-1'), { value: 1 })],
  ['a stranger reads a sensor reading', () => read('stranger', paths.sensor(ORG, 'temp-1'))],
  [
    'an owner reads plugin storage entries directly',
    () => read('owner', `${paths.pluginStorageEntries(ORG, 'botworks.public')}/k`),
  ],
  [
    'an owner writes plugin storage entries directly',
    () => write('owner', `${paths.pluginStorageEntries(ORG, 'botworks.public')}/k`, { key: 'k', json: '2' }),
  ],
  ['an operator sends a notification directly', () => write('operator', `${paths.notifications(ORG)}/n-2`)],
  ['a user reads a panel session', () => read('owner', paths.panelSession('token-1'))],
  ['a publisher member reads ledger entries directly', () => read('dev', paths.ledgerEntry('stripe:payment:pi_1'))],
  ['an owner writes a ledger entry', () => write('owner', paths.ledgerEntry('forged'), { amountMinor: -100 })],
  [
    'a publisher member writes their earnings row (server-kept, served by getEarnings)',
    () => write('dev', paths.earningsRow('botworks', 'forged'), { grossMinor: 1_000_000 }),
  ],
  // Search feed and index state: server-only (a forged stamp or snapshot pointer never comes from a client).
  ['a user stamps a search change', () => write('dev', paths.searchChange('botworks.public'), { at: 1 })],
  ['a visitor reads the search changes', () => read(null, paths.searchChange('botworks.public'))],
  [
    'a user points the search index at another snapshot',
    () => write('dev', paths.searchIndex('public'), { path: 'search/evil.idx.gz', asOfMs: 0 }),
  ],
  ['a visitor reads the search index state', () => read(null, paths.searchIndex('public'))],
];

describe('Firestore rules: allowed', () => {
  for (const [name, attempt] of allowed) it(name, () => assertSucceeds(attempt()));
});

describe('Firestore rules: denied', () => {
  for (const [name, attempt] of denied) it(name, () => assertFails(attempt()));
});

describe('the matrix', () => {
  it('has at least 40 allow/deny cases', () => {
    if (allowed.length + denied.length < 40) throw new Error(`only ${allowed.length + denied.length} cases`);
  });
});
