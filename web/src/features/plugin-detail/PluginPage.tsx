import {
  CAPABILITY_TYPES,
  CATEGORY_LABELS,
  PERMISSIONS,
  type install,
  describePolicy,
  isPermissionName,
  paths,
  policyOf,
  policyViolation,
  type DsseEnvelope,
  type ListingDoc,
  type Permission,
  type TrustedKey,
  type VersionDoc,
} from '@mlebotics/shared';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { PermissionRisk, PriceBadge, VerifiedBadge } from '../../components/ui/Badges';
import { ConsentDialog } from '../../components/ui/ConsentDialog';
import { DiffSummary } from '../../components/ui/DiffSummary';
import { ErrorState, Loading } from '../../components/ui/States';
import { Stars } from '../../components/ui/Stars';
import { formatDate, useDocument, useLiveQuery } from '../../lib/firestore';
import { call } from '../../lib/functions';
import { queries } from '../../lib/queries';
import { verifyVersionSignature, type SignatureStatus } from '../../lib/signatures';
import { entitlementActive, PurchaseBox, type EntitlementAccess } from './Purchase';
import { Readme } from './Readme';
import { Reviews } from './Reviews';

type Version = VersionDoc & { id: string };

function scopeOf(p: Permission): string {
  if ('hosts' in p) return p.hosts.join(', ');
  if ('secrets' in p) return p.secrets.join(', ');
  return '';
}

function PermissionTable({ permissions }: { permissions: Permission[] }) {
  if (permissions.length === 0) return <p>No permissions: this plugin only computes.</p>;
  return (
    <table aria-label="Permissions">
      <thead>
        <tr>
          <th>Permission</th>
          <th>Risk</th>
          <th>Scope</th>
          <th>Why the author needs it</th>
        </tr>
      </thead>
      <tbody>
        {permissions.map((p) => (
          <tr key={p.name}>
            <td>
              <strong>{isPermissionName(p.name) ? PERMISSIONS[p.name].title : p.name}</strong>
              <br />
              <code>{p.name}</code>
            </td>
            <td>
              <PermissionRisk name={p.name} />
            </td>
            <td>{scopeOf(p) || '—'}</td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

function SignatureCell({
  pluginId,
  version,
  keys,
}: {
  pluginId: string;
  version: Version;
  keys: TrustedKey[] | undefined;
}) {
  const [fetched, setFetched] = useState<{ envelope?: DsseEnvelope; error?: string }>();
  useEffect(() => {
    if (version.envelope) return;
    // Envelopes too large for the version document live next to the artifact in Storage.
    let current = true;
    void import('../../lib/storage')
      .then(({ readJson }) => readJson<DsseEnvelope>(version.envelopePath))
      .then(
        (envelope) => current && setFetched({ envelope }),
        (error: Error) => current && setFetched({ error: error.message }),
      );
    return () => {
      current = false;
    };
  }, [version.envelope, version.envelopePath]);
  const envelope = version.envelope ?? fetched?.envelope;
  const status: SignatureStatus | undefined = useMemo(
    () => (keys && envelope ? verifyVersionSignature(pluginId, version, envelope, keys) : undefined),
    [keys, envelope, pluginId, version],
  );
  if (fetched?.error) return <span className="diff-added">envelope unavailable: {fetched.error}</span>;
  if (!status) return <span className="muted">checking…</span>;
  return (
    <span
      data-testid="signature-status"
      className={status.ok ? 'badge risk-low' : 'badge risk-high'}
      title={status.detail}
    >
      {status.ok ? '✓ signature verified' : `✗ ${status.detail}`}
    </span>
  );
}

function Versions({ pluginId }: { pluginId: string }) {
  const versions = useLiveQuery<VersionDoc>(queries.versions(pluginId), pluginId);
  const keys = useLiveQuery<{ publicKeyPem: string; status: TrustedKey['status'] }>(queries.signingKeys(), 'keys');
  const trusted =
    keys.status === 'ready'
      ? keys.data.map((k) => ({ keyId: k.id, publicKeyPem: k.publicKeyPem, status: k.status }))
      : undefined;
  if (versions.status === 'loading') return <Loading label="Loading versions…" />;
  if (versions.status === 'error') return <ErrorState message={versions.error} />;
  return (
    <table aria-label="Versions">
      <thead>
        <tr>
          <th>Version</th>
          <th>Published</th>
          <th>Size</th>
          <th>Signature</th>
          <th>Permission changes</th>
        </tr>
      </thead>
      <tbody>
        {versions.data.map((v) => (
          <tr key={v.id} data-testid={`version-${v.version}`}>
            <td>
              <strong>{v.version}</strong> {v.status === 'yanked' && <span className="badge risk-high">yanked</span>}
              {v.deprecated && <span className="badge risk-medium">deprecated</span>}
            </td>
            <td>{formatDate(v.publishedAt)}</td>
            <td>{formatSize(v.size)}</td>
            <td>
              <SignatureCell pluginId={pluginId} version={v} keys={trusted} />
            </td>
            <td>
              <DiffSummary diff={v.permissionDiff} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RatingSummary({ listing }: { listing: ListingDoc }) {
  const rating = listing.rating ?? { count: 0, average: 0, histogram: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } };
  const max = Math.max(1, ...Object.values(rating.histogram));
  return (
    <div data-testid="rating-summary">
      <p>
        <Stars value={rating.average} count={rating.count} />
      </p>
      <div className="histogram" aria-label="Ratings histogram">
        {(['5', '4', '3', '2', '1'] as const).map((star) => (
          <div key={star} style={{ display: 'contents' }}>
            <span>{star}★</span>
            <span className="bar">
              <span style={{ width: `${(rating.histogram[star] / max) * 100}%` }} />
            </span>
            <span>{rating.histogram[star]}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

function InstallPanel({
  pluginId,
  listing,
  version,
}: {
  pluginId: string;
  listing: ListingDoc;
  version: Version | undefined;
}) {
  const { session, currentOrgId } = useSession();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string>();
  const org = session?.orgs.find((o) => o.id === currentOrgId);
  const installed = useDocument<{ version: string }>(org ? paths.install(org.id, pluginId) : null);
  const orgDoc = useDocument<Record<string, unknown>>(org ? paths.org(org.id) : null);
  const paid = !!listing.pricing && listing.pricing.model !== 'free';
  const entitlement = useDocument<EntitlementAccess>(org && paid ? paths.entitlement(org.id, pluginId) : null);
  if (!session) return null;
  if (!org) {
    return (
      <p className="muted">
        <Link to="/org">Create or join an organization</Link> to install plugins.
      </p>
    );
  }
  if (installed.data) {
    return (
      <p className="alert-ok" data-testid="installed-note">
        Installed in {org.name} (version {installed.data.version}). <Link to="/org">Manage</Link>
      </p>
    );
  }
  const canInstall = org.role === 'owner' || org.role === 'admin';
  if (!version || version.status !== 'published') return <p className="muted">No installable version.</p>;
  if (paid && !entitlementActive(entitlement.data)) {
    if (entitlement.loading) return null;
    return (
      <PurchaseBox
        orgId={org.id}
        orgName={org.name}
        pluginId={pluginId}
        listing={listing}
        entitlement={entitlement.data}
        canBuy={canInstall}
      />
    );
  }
  const policy = orgDoc.data ? policyOf(orgDoc.data) : undefined;
  return (
    <>
      {paid && entitlement.data?.access && (
        <p className="muted" data-testid="entitlement-note">
          {entitlement.data.testMode ? 'Test mode purchase. ' : ''}
          {entitlement.data.access.reason}
        </p>
      )}
      <button type="button" className="button primary" disabled={!canInstall} onClick={() => setOpen(true)}>
        Install in {org.name}
      </button>
      {!canInstall && <p className="muted">Only owners and admins of {org.name} can install.</p>}
      {done && <p className="alert-ok">{done}</p>}
      <ConsentDialog
        open={open}
        action="Install"
        pluginName={listing.name}
        version={version.version}
        orgName={org.name}
        permissions={version.permissions}
        policy={
          policy && {
            summary: describePolicy(policy),
            violation: policyViolation(policy, org.id, listing as never, version.permissions),
          }
        }
        onClose={() => setOpen(false)}
        onConfirm={async (permissions) => {
          await call<typeof install>('install', {
            orgId: org.id,
            pluginId,
            version: version.version,
            grantedPermissions: permissions,
          });
          setOpen(false);
          setDone(`Installed ${listing.name} ${version.version} in ${org.name}.`);
        }}
      />
    </>
  );
}

export function PluginPage() {
  const { pluginId = '' } = useParams();
  const listing = useDocument<ListingDoc>(paths.plugin(pluginId));
  const latest = useDocument<VersionDoc>(
    listing.data?.latestVersion ? paths.version(pluginId, listing.data.latestVersion) : null,
  );
  if (listing.loading) return <Loading label="Loading the plugin…" />;
  if (listing.error || !listing.data) {
    return (
      <ErrorState
        title="Plugin not found"
        message={listing.error ?? `There is no plugin "${pluginId}" you can see.`}
        action={<Link to="/">Back to discovery</Link>}
      />
    );
  }
  const l = listing.data;
  const manifest = latest.data?.manifest;
  return (
    <article>
      {l.deprecated && (
        <p className="alert-warn" role="note">
          Deprecated: {l.deprecated.message}
          {l.deprecated.replacement && (
            <>
              {' '}
              Use <Link to={`/plugins/${l.deprecated.replacement}`}>{l.deprecated.replacement}</Link> instead.
            </>
          )}
        </p>
      )}
      <header className="card-head panel">
        {l.iconDataUrl ? <img src={l.iconDataUrl} alt={`${l.name} icon`} className="plugin-icon" /> : null}
        <div style={{ flex: 1 }}>
          <h1>{l.name}</h1>
          <div className="meta">
            <Link to={`/publishers/${l.publisherId}`}>{l.publisherName}</Link>
            {l.publisherVerified && <VerifiedBadge />}
            <code>{pluginId}</code>
            <span>v{l.latestVersion}</span>
            <PriceBadge pricing={l.pricing} />
            <span data-testid="detail-install-count">{l.installCount} installs</span>
            {l.categories?.map((c) => (
              <span key={c} className="badge">
                {CATEGORY_LABELS[c]}
              </span>
            ))}
          </div>
          <p>{l.summary}</p>
          <InstallPanel
            pluginId={pluginId}
            listing={l}
            version={latest.data ? { ...latest.data, id: latest.data.version } : undefined}
          />
        </div>
      </header>
      <div className="detail-grid">
        <div>
          <section className="panel">
            <h2>README</h2>
            {!l.latestVersion ? null : latest.data ? (
              <Readme pluginId={pluginId} version={latest.data} />
            ) : latest.error ? (
              <ErrorState message={latest.error} />
            ) : latest.loading ? (
              <Loading label="Loading the README…" />
            ) : (
              <p className="muted">No README.</p>
            )}
          </section>
          <Reviews pluginId={pluginId} listing={l} />
          <section className="panel">
            <h2>Versions</h2>
            <Versions pluginId={pluginId} />
          </section>
        </div>
        <aside>
          <section className="panel">
            <h2>Ratings</h2>
            <RatingSummary listing={l} />
          </section>
          <section className="panel">
            <h2>Permissions</h2>
            {manifest ? <PermissionTable permissions={manifest.permissions} /> : <Loading />}
          </section>
          <section className="panel">
            <h2>Capabilities</h2>
            <ul>
              {manifest?.capabilities.map((c) => (
                <li key={c.id}>
                  <strong>{c.title}</strong> <span className="badge">{CAPABILITY_TYPES[c.type].title}</span>
                  {c.description && <div className="muted">{c.description}</div>}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel">
            <h2>About</h2>
            <p>
              License: {l.license}
              <br />
              Source:{' '}
              <a href={l.repository} target="_blank" rel="noopener noreferrer nofollow">
                {l.repository}
              </a>
            </p>
          </section>
        </aside>
      </div>
    </article>
  );
}
