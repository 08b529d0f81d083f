import { CAPABILITY_TYPES, CATEGORY_LABELS, paths, type VersionDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { sentence } from '../../../lib/text';
import { Link, useParams } from 'react-router';
import { useAuth } from '../../../app/AuthProvider';
import { PriceBadge, VerifiedBadge } from '../../../components/ui/Badges';
import { ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { useTitle } from '../../../hooks/use-title';
import { useDocument } from '../../../lib/firestore';
import { InstallPanel } from '../../install';
import { Reviews } from '../../reviews';
import { Gallery } from './Gallery';
import { PermissionTable } from './PermissionTable';
import { RatingSummary } from './RatingSummary';
import { Readme } from './Readme';
import { Versions } from './Versions';

/** A plugin's page: header and install box, screenshots, README, reviews, versions, ratings, permissions. */
export function PluginPage() {
  const { pluginId = '' } = useParams();
  const { user } = useAuth();
  const [chosen, setChosen] = useState<VersionDoc>();
  const listing = useDocument('plugin', paths.plugin(pluginId));
  const latest = useDocument(
    'version',
    listing.data?.latestVersion ? paths.version(pluginId, listing.data.latestVersion) : null,
  );
  useTitle(listing.data?.name ?? (listing.loading ? undefined : 'Plugin not found'));
  if (listing.loading) return <Loading label="Loading the plugin…" />;
  if (listing.unreachable) return <Unreachable what="This plugin" />;
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
      {l.revoked && (
        <p className="alert-error" role="alert" data-testid="revoked-note">
          The marketplace revoked this plugin: {sentence(l.revoked.reason)} It cannot be installed, updated or run.
        </p>
      )}
      {!l.revoked && l.publisherSuspended && (
        <p className="alert-warn" role="note">
          Its publisher is suspended by the marketplace: the plugin is not in discovery and receives no new versions.
        </p>
      )}
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
            version={latest.data}
            chosen={chosen}
            onUseLatest={() => setChosen(undefined)}
          />
        </div>
      </header>
      <div className="detail-grid">
        <div>
          {latest.data && latest.data.screenshots.length > 0 && (
            <Gallery pluginId={pluginId} version={latest.data.version} screenshots={latest.data.screenshots} />
          )}
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
            <Versions
              pluginId={pluginId}
              onInstall={
                user
                  ? (v) => {
                      setChosen(v);
                      window.scrollTo({ top: 0, behavior: 'smooth' });
                    }
                  : undefined
              }
            />
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
