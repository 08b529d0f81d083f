// How a plugin's UI panel is hosted, in one place for the platform (functions' servePanel and
// the console's PanelFrame) and the developer CLI (`mlebotics-plugin panel`): the CSP and
// headers its files are served with, the frame's sandbox, and the postMessage bridge's checks.
import { PANEL_METHODS, type PanelMethod } from './api/runtime.js';
import type { Permission } from './manifest/manifest.generated.js';

/** The panel iframe's `sandbox`: scripts only, no same-origin (an opaque origin, no cookies or storage). */
export const PANEL_FRAME_SANDBOX = 'allow-scripts';

/** Content types of the panel files served, by extension (others: application/octet-stream). */
export const PANEL_CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
};

/** Bridge methods an install's grants allow. */
export function allowedPanelMethods(granted: readonly Permission[]): PanelMethod[] {
  const names = new Set(granted.map((p) => p.name));
  return (Object.keys(PANEL_METHODS) as PanelMethod[]).filter((m) => names.has(PANEL_METHODS[m]));
}

/** The Content-Security-Policy of a panel: its own files, and the network only to declared hosts. */
export function panelCsp(granted: readonly Permission[], frameAncestors: string): string {
  const hosts = granted.flatMap((p) => (p.name === 'network:fetch' ? p.hosts.map((h) => `https://${h}`) : []));
  return [
    "default-src 'none'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${hosts.length ? hosts.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** Every header a panel file is served with (besides caching, which the server chooses). */
export function panelFileHeaders(
  filePath: string,
  granted: readonly Permission[],
  frameAncestors: string,
): Record<string, string> {
  const extension = filePath.split('.').pop()!.toLowerCase();
  return {
    'Content-Type': PANEL_CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Content-Security-Policy': panelCsp(granted, frameAncestors),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
}

/** A panel's bridge request as the host accepts it. */
export interface PanelBridgeRequest {
  mlebotics: 1;
  id: number;
  method: string;
  params: Record<string, unknown>;
}

/**
 * A panel's message, checked field by field: anything else is ignored. Self-contained (no
 * imports, no closures) because the CLI's local panel host page embeds its source.
 */
export function parseBridgeRequest(data: unknown): PanelBridgeRequest | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { mlebotics, id, method, params } = data as Record<string, unknown>;
  if (mlebotics !== 1 || !Number.isSafeInteger(id) || typeof method !== 'string' || method.length > 64)
    return undefined;
  const plainParams =
    params === undefined ? {} : typeof params === 'object' && params !== null && !Array.isArray(params) ? params : null;
  if (plainParams === null) return undefined;
  return { mlebotics: 1, id: id as number, method, params: plainParams as Record<string, unknown> };
}
