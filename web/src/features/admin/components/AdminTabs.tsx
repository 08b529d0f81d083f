import { NavLink } from 'react-router';
import type { AdminTab } from './tabs';

/** The admin console's sections as links (each is a page with its own address). */
export function AdminTabs({ tabs }: { tabs: readonly AdminTab[] }) {
  return (
    <nav className="admin-tabs" aria-label="Admin console sections">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.path}>
            <NavLink to={`/admin/${tab.path}`}>{tab.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
