import { PERMISSIONS, isPermissionName, scopeOf, type Permission } from '@mlebotics/shared';
import { PermissionRisk } from '../../../components/ui/Badges';

/**
 * What a version may do: each permission with its risk, scope and the author's reason. A list
 * (boxed as in the consent dialog), not a table: it sits in the page's narrow side column, where
 * four columns left the scope cut mid-host and each row as tall as its reason.
 */
export function PermissionTable({ permissions }: { permissions: Permission[] }) {
  if (permissions.length === 0) return <p>No permissions: this plugin only computes.</p>;
  return (
    <ul className="permission-list plugin-permissions" aria-label="Permissions">
      {permissions.map((p) => {
        const scope = scopeOf(p);
        return (
          <li key={p.name}>
            <div className="permission-head">
              <strong>{isPermissionName(p.name) ? PERMISSIONS[p.name].title : p.name}</strong>{' '}
              <PermissionRisk name={p.name} />
            </div>
            <code>{p.name}</code>
            {scope.length > 0 && (
              <p className="permission-scope">
                <span className="muted">Limited to: </span>
                {scope.join(', ')}
              </p>
            )}
            <p className="muted">{p.reason}</p>
          </li>
        );
      })}
    </ul>
  );
}
