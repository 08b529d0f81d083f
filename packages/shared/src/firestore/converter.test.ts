import { describe, expect, it } from 'vitest';
import { DocumentShapeError, documentConverter, type DocumentConverter, type FirestoreTimestamp } from './converter.js';
import { converters } from './documents.js';
import { paths } from './paths.js';

/** A timestamp of neither SDK: the schemas check the shape, not the class. */
const ts = (millis = 1_750_000_000_000): FirestoreTimestamp => ({
  seconds: Math.floor(millis / 1000),
  nanoseconds: (millis % 1000) * 1e6,
  toMillis: () => millis,
  toDate: () => new Date(millis),
});

const snapshot = (path: string, data: unknown) => ({ ref: { path }, data: () => data });

const manifest = {
  id: 'botworks.weather',
  name: 'Weather',
  version: '1.1.0',
  description: 'Weather alerts for robot fleets.',
  publisher: 'botworks',
  license: 'MIT',
  categories: ['monitoring'],
  keywords: ['weather'],
  capabilities: [{ type: 'automation-step', id: 'alert', title: 'Alert', entry: 'dist/alert.js' }],
  permissions: [{ name: 'network:fetch', reason: 'Reads forecasts', hosts: ['api.weather.example'] }],
  engines: { platform: '>=1.0.0' },
  repository: 'https://github.com/botworks/weather',
  readme: 'README.md',
  icon: 'icon.png',
};
const permissions = manifest.permissions;
const consent = {
  uid: 'u1',
  email: 'ops@example.com',
  emailVerified: true,
  at: ts(),
  manifestSha256: 'a'.repeat(64),
  packageSha256: 'b'.repeat(64),
  permissions,
};
const membership = {
  members: { u1: 'owner' },
  memberIds: ['u1'],
  memberEmails: { u1: 'owner@example.com' },
  memberNames: { u1: 'Owner' },
};
const entitlement = {
  orgId: 'acme',
  pluginId: 'botworks.weather',
  publisherId: 'botworks',
  model: 'subscription',
  status: 'active',
  since: 1,
  paidThrough: 2,
  currentPeriodEnd: 2,
  subscriptionStatus: 'active',
  provider: 'local',
  providerRef: 'sub_1',
  testMode: true,
  lastEventId: 'evt_1',
  lastEventCreated: 1,
  stateEventCreated: 1,
  appliedEventIds: ['evt_1'],
  payments: [
    {
      providerRef: 'in_1',
      kind: 'subscription',
      provider: 'local',
      testMode: true,
      publisherId: 'botworks',
      currency: 'usd',
      amountMinor: 1200,
      developerMinor: 960,
      marketplaceMinor: 240,
      refundedMinor: 0,
      occurredAt: 1,
    },
  ],
  updatedAt: 1,
  access: { active: true, reason: 'Subscribed.', until: null },
};
const review = { rating: 4, title: 'Solid', body: 'Works well.', version: '1.1.0', reply: null, helpfulCount: 2 };

const versionExample = {
  pluginId: 'botworks.weather',
  version: '1.1.0',
  prerelease: false,
  publisherId: 'botworks',
  manifest,
  manifestSha256: 'a'.repeat(64),
  platformRange: '>=1.0.0',
  permissions,
  permissionDiff: { added: permissions, removed: [], changed: [] },
  previousVersion: '1.0.0',
  sha256: 'b'.repeat(64),
  size: 2048,
  fileCount: 4,
  artifactPath: 'registry/botworks.weather/1.1.0.tgz',
  envelopePath: 'registry/botworks.weather/1.1.0.dsse.json',
  envelope: {
    payloadType: 'application/vnd.in-toto+json',
    payload: 'e30',
    signatures: [{ keyid: 'k1', sig: 'c2ln' }],
  },
  keyId: 'k1',
  iconDataUrl: null,
  status: 'yanked',
  yank: { at: ts(), by: 'u1', reason: 'Broken' },
  deprecated: { message: 'Use 2.x', replacement: null, at: ts() },
  revoked: null,
  uploadId: 'up1',
  publishedBy: 'u1',
  publishedAt: ts(),
  releaseNotes: '### Fixed\n- Storm alerts arrive once.',
  screenshots: [
    {
      path: 'registry/botworks.weather/1.1.0/screenshots/0.png',
      caption: 'The forecast',
      width: 1280,
      height: 800,
      type: 'png',
    },
  ],
};

/** A realistic document of every kind, as the functions (or seeding) write it. */
const examples: { [K in keyof typeof converters]: unknown } = {
  plugin: {
    id: 'botworks.weather',
    name: 'Weather',
    summary: 'Weather alerts for robot fleets.',
    publisherId: 'botworks',
    publisherName: 'Botworks',
    publisherVerified: true,
    categories: ['monitoring'],
    keywords: ['weather'],
    capabilityTypes: ['automation-step'],
    permissionNames: ['network:fetch'],
    categoryFlags: { monitoring: true },
    capabilityFlags: { 'automation-step': true },
    permissionFlags: { network_fetch: true },
    searchTokens: ['wea', 'weather'],
    latestVersion: '1.1.0',
    versionCount: 2,
    visibility: 'public',
    privateOrgId: null,
    pricing: { model: 'subscription', amount: 1200, currency: 'usd' },
    priceClass: 'paid',
    rating: { count: 2, sum: 9, average: 4.5, histogram: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 } },
    ratingAtLeast: { '1': true, '2': true, '3': true, '4': true },
    installCount: 3,
    score: 9.1,
    iconDataUrl: null,
    repository: manifest.repository,
    homepage: null,
    license: 'MIT',
    deprecated: null,
    overrides: { summary: 'Weather alerts.' },
    revoked: { reason: 'Sends readings to an undeclared host', at: ts(), by: 'admin1' },
    publisherSuspended: false,
    discoverable: false,
    createdAt: ts(),
    updatedAt: ts(),
  },
  version: versionExample,
  versionAsset: { markdown: '# Weather' },
  catalogStats: { plugins: 3, publicPlugins: 2, updatedAt: ts() },
  upload: {
    uploadId: 'up1',
    uid: 'u1',
    publisherId: 'botworks',
    size: 2048,
    sha256: 'b'.repeat(64),
    fileName: 'weather.tgz',
    objectPath: 'uploads/u1/up1.tgz',
    state: 'rejected',
    steps: { 'awaiting-upload': ts(), received: ts(), rejected: ts() },
    errors: [{ code: 'upload-mismatch', message: 'Sizes differ.' }],
    scan: null,
    pluginId: null,
    version: null,
    attempts: 1,
    lease: null,
    createdAt: ts(),
    expiresAt: ts(),
  },
  idClaim: { pluginId: 'botworks.weather', publisherId: 'botworks', createdAt: ts() },
  publisherClaim: { publisherId: 'botworks', source: 'displayName', createdAt: ts() },
  artifactLock: { uploadId: 'up1', lockedAt: ts() },
  signingKey: {
    keyId: 'k1',
    algorithm: 'ECDSA_P256_SHA256',
    publicKeyPem: '-----BEGIN PUBLIC KEY-----',
    source: 'kms',
    kmsKeyVersion: 'projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1',
    status: 'revoked',
    createdAt: ts(),
    revokedAt: ts(),
    revokedBy: 'admin',
    revocationReason: 'Rotated',
  },
  publisher: { displayName: 'Botworks', ...membership, verified: true, createdAt: ts(), createdBy: 'u1' },
  publisherProfile: { displayName: 'Botworks', verified: true },
  org: {
    name: 'Acme',
    ...membership,
    settings: { internalOnly: false, allowedPublishers: [], blockedPublishers: ['evil'], maxRisk: 'medium' },
    createdAt: ts(),
    createdBy: 'u1',
  },
  invitation: {
    kind: 'org',
    targetId: 'acme',
    targetName: 'Acme',
    role: 'operator',
    email: 'new@example.com',
    invitedBy: { uid: 'u1', name: 'Owner' },
    status: 'accepted',
    createdAt: ts(),
    expiresAt: ts(),
    acceptedBy: { uid: 'u2', email: 'new@example.com', at: ts() },
  },
  user: { email: 'someone@example.com' },
  install: {
    pluginId: 'botworks.weather',
    name: 'Weather',
    publisherId: 'botworks',
    iconDataUrl: null,
    version: '1.1.0',
    grantedPermissions: permissions,
    capabilities: [{ type: 'automation-step', id: 'alert', title: 'Alert' }],
    consent,
    installedAt: ts(),
    installedBy: 'u1',
    updatedAt: ts(),
  },
  installRequest: {
    pluginId: 'botworks.weather',
    pluginName: 'Weather',
    version: '1.1.0',
    note: 'We need storm alerts on the yard.',
    requestedBy: { uid: 'u2', name: 'olly@example.com' },
    requestedAt: ts(),
    status: 'declined',
    decidedBy: { uid: 'u1', name: 'Ada' },
    decidedAt: ts(),
    outcome: 'We use another alert system.',
  },
  auditEntry: {
    action: 'plugin.bridge',
    pluginId: 'botworks.weather',
    uid: 'u1',
    via: 'step',
    calls: [{ permission: 'network:fetch', operation: 'fetch', allowed: false, detail: 'host not declared' }],
    version: '1.1.0',
    stepId: 'alert',
    outcome: 'ok',
    at: ts(),
  },
  panelSession: {
    orgId: 'acme',
    pluginId: 'botworks.weather',
    version: '1.1.0',
    panelId: 'main',
    uid: 'u1',
    methods: ['storage.get'],
    expiresAt: ts(),
    expireAt: ts(),
  },
  storageEntry: { key: 'note', json: '"hi"', updatedAt: ts() },
  sensor: { value: 21.5, unit: 'C', at: ts() },
  secret: { value: 'token', updatedAt: ts() },
  actuatorCommand: {
    pluginId: 'botworks.weather',
    requestedBy: 'u1',
    via: 'panel',
    status: 'queued',
    at: ts(),
    actuatorId: 'arm-1',
    command: '{"stop":true}',
  },
  notification: {
    pluginId: 'botworks.weather',
    requestedBy: 'u1',
    via: 'step',
    status: 'queued',
    at: ts(),
    title: 'Storm',
    body: 'Storm ahead.',
    severity: 'warning',
  },
  automationRun: {
    pluginId: 'botworks.weather',
    requestedBy: 'u1',
    via: 'step',
    status: 'queued',
    at: ts(),
    flowId: 'dock',
    input: 'null',
  },
  run: {
    pluginId: 'botworks.thermo-sense',
    version: '1.2.0',
    stepId: 'read-sensor',
    uid: 'u1',
    input: '{"sensorId":"line-1-temp"}',
    output: null,
    outputCut: false,
    outcome: 'plugin-error',
    error: {
      code: 'plugin-error',
      title: 'The plugin failed',
      advice: 'Report it.',
      message: 'boom (at index.js:3:5)',
    },
    logs: ['reading line-1-temp'],
    logLinesDropped: 0,
    calls: [{ permission: 'sensors:read', operation: 'sensors.read', allowed: true }],
    callsTotal: 1,
    durationMs: 12,
    at: ts(),
    expireAt: ts(),
  },
  review: {
    rating: 4,
    title: 'Solid',
    body: 'Works well.',
    version: '1.1.0',
    orgId: 'acme',
    createdAt: ts(),
    updatedAt: ts(),
    status: 'published',
    statusReason: null,
  },
  publicReview: { ...review, authorName: 'Ops', createdAt: ts(), updatedAt: ts() },
  reviewState: {
    counted: 4,
    status: 'published',
    statusReason: null,
    moderation: null,
    moderatedBy: { uid: 'admin', at: ts(), action: 'restore' },
    reviewId: 'f'.repeat(24),
    orgId: 'acme',
    rating: 4,
    title: 'Solid',
    body: 'Works well.',
    authorName: 'Ops',
    helpfulCount: 2,
    flagCount: 0,
    reply: { body: 'Thanks!', publisherId: 'botworks', at: ts() },
    updatedAt: ts(),
  },
  reviewReaction: { by: 'u3', at: ts(), reason: 'spam' },
  entitlement,
  openCheckout: {
    state: 'open',
    checkoutId: 'cs_1',
    url: 'https://pay.example/cs_1',
    testMode: true,
    by: 'u1',
    expiresAt: ts(),
  },
  ledgerEntry: {
    id: 'local:pay:in_1',
    kind: 'refund',
    pluginId: 'botworks.weather',
    publisherId: 'botworks',
    orgId: 'acme',
    currency: 'usd',
    amountMinor: -1200,
    developerMinor: -960,
    marketplaceMinor: -240,
    occurredAt: 1,
    period: '2025-06',
    provider: 'local',
    providerRef: 'in_1',
    testMode: true,
    refundedTotalMinor: 1200,
  },
  earningsRow: {
    publisherId: 'botworks',
    pluginId: 'botworks.weather',
    period: '2025-06',
    currency: 'usd',
    testMode: true,
    grossMinor: 1200,
    refundedMinor: 0,
    developerMinor: 960,
    marketplaceMinor: 240,
    paymentCount: 1,
    refundCount: 0,
  },
  processedEvent: { processedAt: ts(), expireAt: ts() },
  rateLimit: { tokens: 3.5, at: 1_700_000_000_000, expireAt: ts() },
  callRequest: {
    uid: 'u1',
    callable: 'install',
    inputSha256: 'ab'.repeat(32),
    state: 'done',
    startedAt: 1_700_000_000_000,
    resultJson: '{"pluginId":"botworks.weather"}',
    expireAt: ts(),
  },
  searchChange: { at: ts() },
  searchIndex: {
    path: 'search/public-1700000000000.json.gz',
    asOfMs: 1_700_000_000_000,
    count: 50_000,
    bytes: 4_000_000,
    builtAt: ts(),
    buildingUntilMs: 0,
  },
  scanReport: {
    pluginId: 'botworks.weather',
    version: '1.1.0',
    name: 'Weather',
    publisherId: 'botworks',
    publisherName: 'Botworks',
    uploadId: 'up1',
    uploadedBy: 'u1',
    sha256: 'b'.repeat(64),
    scan: {
      outcome: 'quarantined',
      findings: [
        {
          ruleId: 'reach.undeclared-host',
          kind: 'reach',
          severity: 'quarantine',
          file: 'index.js',
          line: 3,
          column: 12,
          excerpt: "fetch('https://evil.example/x')",
          message: 'evil.example is not a declared network:fetch host.',
          fix: 'Declare the host or remove the URL.',
        },
      ],
      omitted: 0,
      counts: { block: 0, quarantine: 1, low: 0 },
      rulesVersion: 'r1',
    },
    review: 'pending',
    queuedAt: ts(),
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
  },
  heldVersion: { version: versionExample, readme: '# Weather' },
  blocklistEntry: { sha256: 'c'.repeat(64), scope: 'file', reason: 'Known credential stealer', by: 'admin1', at: ts() },
  adminAuditEntry: {
    action: 'plugin.revoke',
    actorUid: 'admin1',
    actorEmail: 'mod@mlebotics.example',
    targetKind: 'plugin',
    targetId: 'botworks.weather',
    reason: 'Exfiltrates data',
    at: ts(),
  },
  publisherToken: {
    tokenId: 'Ab3dEf6hIj9kLm2nOp5q',
    publisherId: 'botworks',
    name: 'GitHub Actions: release.yml',
    secretSha256: 'e'.repeat(64),
    createdBy: 'u1',
    createdByEmail: 'dev@botworks.example',
    createdAt: ts(),
    expiresAt: ts(),
    lastUsedAt: null,
    revokedAt: null,
    revokedBy: null,
    revokedByEmail: null,
  },
};

describe('document converters', () => {
  it.each(Object.keys(examples) as Array<keyof typeof converters>)('round-trip a realistic %s document', (kind) => {
    const converter = converters[kind];
    const read = converter.fromFirestore(snapshot(`docs/${kind}`, examples[kind]));
    expect(read).toEqual(examples[kind]);
    expect((converter as DocumentConverter<unknown>).toFirestore(read)).toBe(read);
  });

  it('refuse a document with a wrong field, naming the document path and the field', () => {
    const path = paths.plugin('botworks.weather');
    const broken = { ...(examples.plugin as object), installCount: 'many' };
    let error: unknown;
    try {
      converters.plugin.fromFirestore(snapshot(path, broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentShapeError);
    expect((error as DocumentShapeError).path).toBe(path);
    expect((error as DocumentShapeError).issues).toEqual([{ path: 'installCount', message: expect.any(String) }]);
    expect((error as Error).message).toContain(`The document ${path} does not have the expected shape: installCount:`);
  });

  it('refuse fields no schema declares and missing ones, nested too', () => {
    const extra = { ...(examples.install as Record<string, unknown>), note: 'x' };
    expect(() => converters.install.fromFirestore(snapshot('orgs/acme/installs/p', extra))).toThrow(/note/);
    const { at: _at, ...consentWithoutTime } = consent;
    const missing = { ...(examples.install as Record<string, unknown>), consent: consentWithoutTime };
    expect(() => converters.install.fromFirestore(snapshot('orgs/acme/installs/p', missing))).toThrow(
      /orgs\/acme\/installs\/p.*consent\.at/,
    );
  });

  it('read versions published before release notes and screenshots were stored', () => {
    const { releaseNotes: _notes, screenshots: _shots, ...old } = examples.version as Record<string, unknown>;
    const read = converters.version.fromFirestore(snapshot(paths.version('botworks.weather', '1.1.0'), old));
    expect(read).toMatchObject({ releaseNotes: null, screenshots: [] });
  });

  it('take either SDK’s timestamps by their shape, and nothing else', () => {
    const processed = documentConverter(converters.processedEvent.schema);
    expect(() =>
      processed.fromFirestore(snapshot('processedEvents/e', { processedAt: new Date(), expireAt: ts() })),
    ).toThrow(/processedAt: must be a Firestore timestamp/);
  });
});
