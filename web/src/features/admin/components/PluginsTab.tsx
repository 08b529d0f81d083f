import { PLUGIN_ID, paths } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, Loading, OutcomeNote, Unreachable } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useAction } from '../../../hooks/use-action';
import { formatDate, useDocument, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { revoke } from '../api/trust';
import { ReasonDialog } from './ReasonDialog';

type Pending = { pluginId: string; version?: string; revoked: boolean };

/** The kill switch: find a plugin by id, revoke or restore it or one of its versions. */
export function PluginsTab() {
  const [text, setText] = useState('');
  const [pluginId, setPluginId] = useState<string>();
  const valid = PLUGIN_ID.test(text.trim());
  return (
    <div className="admin-tab">
      <h2>Plugins — kill switch</h2>
      <p className="muted">
        Revoking a plugin or a version refuses installs and updates, stops its steps and panels in every organization
        (they see a banner with your reason) and removes it from discovery. It can be restored.
      </p>
      <form
        aria-label="Find a plugin"
        className="admin-search"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) setPluginId(text.trim());
        }}
      >
        <label>
          <span>Plugin id</span>
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="botworks.unit-convert"
            aria-invalid={text !== '' && !valid}
            spellCheck={false}
          />
        </label>
        <button type="submit" className="button" disabled={!valid}>
          Open
        </button>
      </form>
      {pluginId && <PluginControls key={pluginId} pluginId={pluginId} />}
    </div>
  );
}

function PluginControls({ pluginId }: { pluginId: string }) {
  const listing = useDocument('plugin', paths.plugin(pluginId));
  const versions = useLiveQuery(queries.versions(pluginId), pluginId);
  const [pending, setPending] = useState<Pending>();
  const { outcome, setOutcome } = useAction();
  if (listing.unreachable) return <Unreachable what={pluginId} />;
  if (listing.error) return <ErrorState title={`${pluginId} could not be loaded`} message={listing.error} />;
  if (listing.loading) return <Loading label={`Loading ${pluginId}…`} />;
  const doc = listing.data;
  if (!doc) return <EmptyState title={`There is no plugin ${pluginId}`} />;
  const target = pending ? (pending.version ? `${pluginId}@${pending.version}` : pluginId) : '';
  return (
    <section className="panel" data-testid={`kill-switch-${pluginId}`}>
      <h3>
        <Link to={`/plugins/${pluginId}`}>{doc.name}</Link> <code>{pluginId}</code>{' '}
        {doc.revoked ? (
          <span className="badge risk-high">Revoked</span>
        ) : (
          <span className="badge risk-low">Active</span>
        )}
      </h3>
      <p className="muted">
        By {doc.publisherName} · {doc.installCount} installs · latest {doc.latestVersion ?? 'none'}
      </p>
      {doc.revoked && (
        <p className="alert-error">
          Revoked {formatDate(doc.revoked.at)} by {doc.revoked.by}: {doc.revoked.reason}
        </p>
      )}
      <OutcomeNote outcome={outcome} />
      <button
        type="button"
        className={`button ${doc.revoked ? '' : 'danger'}`}
        onClick={() => setPending({ pluginId, revoked: !doc.revoked })}
      >
        {doc.revoked ? 'Restore the plugin' : 'Revoke the whole plugin'}
      </button>
      {versions.status === 'ready' && versions.data.length > 0 && (
        <TableScroll label={`Versions of ${pluginId}`}>
          <table aria-label={`Versions of ${pluginId}`}>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v) => (
                <tr key={v.id} data-testid={`kill-version-${v.version}`}>
                  <td>{v.version}</td>
                  <td>
                    {v.revoked ? (
                      <span className="badge risk-high" title={v.revoked.reason}>
                        revoked
                      </span>
                    ) : (
                      v.status
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className={`button small ${v.revoked ? '' : 'danger'}`}
                      onClick={() => setPending({ pluginId, version: v.version, revoked: !v.revoked })}
                    >
                      {v.revoked ? 'Restore' : 'Revoke'} {v.version}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ReasonDialog
        open={pending !== undefined}
        title={pending?.revoked ? `Revoke ${target}?` : `Restore ${target}?`}
        message={
          pending?.revoked
            ? 'Every organization that has it stops running it and sees your reason; nobody can install or update to it.'
            : 'It installs and runs again everywhere, and returns to discovery.'
        }
        confirmLabel={pending?.revoked ? 'Revoke' : 'Restore'}
        danger={pending?.revoked ?? false}
        onCancel={() => setPending(undefined)}
        onConfirm={async (reason) => {
          if (!pending) return;
          const result = await revoke({ ...pending, reason });
          setPending(undefined);
          setOutcome({
            ok: true,
            text: `${target} ${result.revoked ? 'revoked' : 'restored'}; ${result.affectedOrgs} organization${result.affectedOrgs === 1 ? ' has' : 's have'} it installed.`,
          });
        }}
      />
    </section>
  );
}
