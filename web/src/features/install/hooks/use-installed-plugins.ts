import type { InstalledPlugin } from '@mlebotics/shared';
import { useCallback, useEffect, useState } from 'react';
import { fetchInstalled, useOrgInstalls } from '../api/installs';

/**
 * An organization's installed plugins, enriched by the server (latest versions, update
 * permission diffs). The installs collection is watched live; each change, and each `reload`,
 * fetches the enriched list again.
 */
export function useInstalledPlugins(orgId: string) {
  const live = useOrgInstalls(orgId);
  const [state, setState] = useState<{ items?: InstalledPlugin[]; error?: string }>({});
  const [generation, setGeneration] = useState(0);
  // One server call per change of what is installed: none while the live list is loading.
  const liveKey =
    live.status === 'ready'
      ? live.data.map((d) => `${d.id}@${d.version}#${d.development?.build ?? ''}`).join(',')
      : undefined;
  useEffect(() => {
    if (liveKey === undefined) return;
    let current = true;
    fetchInstalled(orgId).then(
      ({ installs }) => current && setState({ items: installs }),
      (e: Error) => current && setState({ error: e.message }),
    );
    return () => {
      current = false;
    };
  }, [orgId, liveKey, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
