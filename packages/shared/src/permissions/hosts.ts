import type { PluginManifest } from '../manifest/manifest.generated.js';

/**
 * A declared host in the form `URL.host` gives for an https URL, or undefined if it is not one.
 * The runtime allows a fetch when `new URL(target).host` is one of these exactly (no wildcards:
 * the manifest refuses them), and the scanner asks the same question of the URLs in the code.
 */
export function canonicalHost(host: string): string | undefined {
  if (typeof host !== 'string' || host === '' || /[/?#@\\\s]/.test(host)) return undefined;
  try {
    const url = new URL(`https://${host}/`);
    return url.host;
  } catch {
    return undefined;
  }
}

/** The manifest's `network:fetch` hosts, canonical, as the runtime holds them before grants. */
export function declaredFetchHosts(manifest: Pick<PluginManifest, 'permissions'> | undefined): Set<string> {
  const hosts = new Set<string>();
  for (const permission of manifest?.permissions ?? []) {
    if (permission?.name !== 'network:fetch') continue;
    for (const host of permission.hosts ?? []) {
      const canonical = canonicalHost(host);
      if (canonical) hosts.add(canonical);
    }
  }
  return hosts;
}

/** Whether a fetch of `url` (absolute) may go out with these canonical hosts: `URL.host` membership. */
export function fetchHostAllowed(hosts: ReadonlySet<string>, url: URL): boolean {
  return hosts.has(url.host);
}
