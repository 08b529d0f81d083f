import type { ComponentType } from 'react';
import { AuditTab } from './AuditTab';
import { BlocklistTab } from './BlocklistTab';
import { KeysTab } from './KeysTab';
import { PluginsTab } from './PluginsTab';
import { PublishersTab } from './PublishersTab';
import { ReviewQueueTab } from './ReviewQueueTab';
import { ReviewsTab } from './ReviewsTab';

/** One tab of the admin console: its route under /admin, its label and its page. */
export interface AdminTab {
  path: string;
  label: string;
  Component: ComponentType;
}

/**
 * The admin console's tabs, in the order shown; /admin opens the first. A new tab is an entry
 * here and its component: the tab list and the routes are built from this array.
 */
export const ADMIN_TABS: readonly AdminTab[] = [
  { path: 'queue', label: 'Review queue', Component: ReviewQueueTab },
  { path: 'reviews', label: 'Reviews', Component: ReviewsTab },
  { path: 'publishers', label: 'Publishers', Component: PublishersTab },
  { path: 'plugins', label: 'Plugins', Component: PluginsTab },
  { path: 'keys', label: 'Signing keys', Component: KeysTab },
  { path: 'blocklist', label: 'Blocklist', Component: BlocklistTab },
  { path: 'audit', label: 'Audit log', Component: AuditTab },
];
