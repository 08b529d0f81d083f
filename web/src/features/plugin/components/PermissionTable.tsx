import { PERMISSIONS, isPermissionName, scopeOf, type Permission } from '@mlebotics/shared';
import { PermissionRisk } from '../../../components/ui/Badges';
import { TableScroll } from '../../../components/ui/TableScroll';

/** What a version may do: each permission with its risk, scope and the author's reason. */
export function PermissionTable({ permissions }: { permissions: Permission[] }) {
  if (permissions.length === 0) return <p>No permissions: this plugin only computes.</p>;
  return (
    <TableScroll label="Permissions">
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
              <td>{scopeOf(p).join(', ') || '—'}</td>
              <td>{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
