// `mlebotics-plugin panel`: a local console page framing a plugin's UI panel as the platform
// does. Two servers on 127.0.0.1: the host page (the console's role) on one port, the panel's
// files on another (a second origin, as the platform's panel origin), served from the packed,
// validated package with the platform's CSP and headers; the page answers the panel's
// postMessage bridge from the local services (panel-bridge.ts).
import type { Permission, PluginManifest, UiPanel } from '@mlebotics/shared';
import {
  PANEL_FRAME_SANDBOX,
  allowedPanelMethods,
  panelFileHeaders,
  parseBridgeRequest,
} from '@mlebotics/shared/panel-host';
import { packDirectory, readPackageFiles, validatePackageBytes } from '@mlebotics/shared/node';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { usage } from '../usage.js';
import { readFixtures } from './fixtures.js';
import { FileStorage, LocalServices } from './local-services.js';
import { answerPanelCall } from './panel-bridge.js';
import { DEFAULT_STORAGE_FILE } from './run-step.js';

export interface PanelServerOptions {
  dir: string;
  panelId?: string;
  /** The host page's port (0: any free one); the panel's files are served on another. */
  port?: number;
  grants?: readonly string[];
  fixturesFile?: string;
  storageFile?: string;
  /** Each bridge call, for the terminal. */
  onCall?: (line: string) => void;
}

export interface PanelServer {
  /** The host page to open in a browser. */
  url: string;
  /**
   * The session's bridge secret, written into the host page: `/bridge` answers only requests that
   * carry it (header `x-mlebotics-session`), as JSON, from the host page's origin and host name.
   */
  session: string;
  /** The panel's origin (a different port, so a different origin). */
  panelOrigin: string;
  manifest: PluginManifest;
  panel: UiPanel;
  granted: Permission[];
  close(): Promise<void>;
}

/** The package as the platform would serve it, packed and validated again on each page load. */
async function packageFiles(dir: string): Promise<{ manifest: PluginManifest; files: Map<string, Uint8Array> }> {
  const bytes = await packDirectory(dir);
  const validated = await validatePackageBytes(bytes);
  if (!validated.ok || !validated.manifest || !validated.contents) {
    const problems = validated.errors.map((e) => `  ✖ ${e.code}${e.path ? ` at ${e.path}` : ''}: ${e.message}`);
    throw new Error(`${dir} is not a valid plugin package:\n${problems.join('\n')}`);
  }
  const read = await readPackageFiles(bytes, new Set(validated.contents.files.map((f) => f.path)), 100 * 1024 * 1024);
  return { manifest: validated.manifest, files: read.kept };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function hostPage(manifest: PluginManifest, panel: UiPanel, src: string, methods: string[], session: string): string {
  const title = escapeHtml(`${panel.title} — ${manifest.id}@${manifest.version} (local)`);
  // The console's checks (web/src/features/org/components/PanelFrame.tsx), on the same shared
  // parseBridgeRequest, then the bridge call to this server instead of the panelBridge callable.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px system-ui,sans-serif;margin:16px;color:#1b2233}iframe{width:100%;border:1px solid #d0d5dd;border-radius:8px}</style>
</head><body>
<h1 style="font-size:16px">${title}</h1>
<iframe id="panel" title="${escapeHtml(panel.title)}" src="${escapeHtml(src)}" sandbox="${PANEL_FRAME_SANDBOX}" referrerpolicy="no-referrer" style="height:${panel.height ?? 320}px"></iframe>
<script>
const parseBridgeRequest = (${parseBridgeRequest.toString()});
const allowed = new Set(${JSON.stringify(methods)});
const frame = document.getElementById('panel');
addEventListener('message', (event) => {
  const target = frame.contentWindow;
  if (!target || event.source !== target || event.origin !== 'null') return;
  const request = parseBridgeRequest(event.data);
  if (!request) return;
  const reply = (body) => target.postMessage({ mlebotics: 1, id: request.id, ...body }, '*');
  if (!allowed.has(request.method)) {
    reply({ error: request.method + ' is not allowed: the organization did not grant the permission it needs.' });
    return;
  }
  fetch('/bridge', { method: 'POST', headers: { 'content-type': 'application/json', 'x-mlebotics-session': ${JSON.stringify(session)} }, body: JSON.stringify({ method: request.method, params: request.params }) })
    .then((r) => r.json())
    .then((answer) => reply('error' in answer ? { error: answer.error } : { result: answer.result }), (e) => reply({ error: e.message }));
});
</script>
</body></html>
`;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Uint8Array) {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers }).end(body);
}

/**
 * Why a request to one of the local servers is refused, or undefined. Any web page the developer
 * opens meanwhile can send requests to 127.0.0.1 (a form or a `no-cors` fetch needs no
 * preflight), and a DNS-rebinding site can even read the answers: the servers answer only their
 * own host names, and the bridge (which reads and writes local storage) only the host page,
 * which alone knows the session's secret.
 */
export function refusal(
  req: IncomingMessage,
  port: number,
  bridge?: { session: string; origins: readonly string[] },
): { status: number; message: string } | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(req.headers.host ?? '')) {
    return { status: 403, message: `This local server answers only ${hosts.join(' and ')}.` };
  }
  if (!bridge) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && !bridge.origins.includes(origin)) {
    return { status: 403, message: 'The bridge answers only the panel host page.' };
  }
  if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
    return { status: 415, message: 'The bridge takes JSON (Content-Type: application/json).' };
  }
  const given = Buffer.from(String(req.headers['x-mlebotics-session'] ?? ''));
  const expected = Buffer.from(bridge.session);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: 403, message: 'The bridge answers only the panel host page of this session.' };
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new Error('The bridge request is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the two servers; the panel is the one named (or the first ui-panel). */
export async function startPanelServer(options: PanelServerOptions): Promise<PanelServer> {
  const fixtures = await readFixtures(options.fixturesFile);
  let current = await packageFiles(options.dir);
  const { manifest } = current;
  const panels = manifest.capabilities.filter((c): c is UiPanel => c.type === 'ui-panel');
  const panel = options.panelId ? panels.find((p) => p.id === options.panelId) : panels[0];
  if (!panel) {
    usage(
      options.panelId
        ? `${manifest.id} has no ui-panel "${options.panelId}" (its panels: ${panels.map((p) => p.id).join(', ') || 'none'}).`
        : `${manifest.id} declares no ui-panel capability.`,
    );
  }
  const declared = manifest.permissions.map((p) => p.name as string);
  for (const name of options.grants ?? []) {
    if (!declared.includes(name))
      usage(
        `--grant ${name}: ${manifest.id} does not declare that permission (it declares: ${declared.join(', ') || 'none'}).`,
      );
  }
  const granted = options.grants
    ? manifest.permissions.filter((p) => options.grants!.includes(p.name))
    : manifest.permissions;
  const storage = new FileStorage(options.storageFile ?? path.join(options.dir, DEFAULT_STORAGE_FILE));
  const services = new LocalServices(storage, fixtures, options.fixturesFile);
  const methods = granted.some((p) => p.name === 'ui:panel') ? allowedPanelMethods(granted) : [];

  const files = createServer();
  const host = createServer();
  const hostPort = await listen(host, options.port ?? 0);
  const filesPort = await listen(files, 0);
  const hostOrigins = `http://127.0.0.1:${hostPort} http://localhost:${hostPort}`;
  const panelOrigin = `http://127.0.0.1:${filesPort}`;
  const session = randomBytes(24).toString('base64url');
  const bridgeGuard = { session, origins: hostOrigins.split(' ') };
  const refuse = (res: ServerResponse, refused: { status: number; message: string }) =>
    send(res, refused.status, { 'Content-Type': 'text/plain; charset=utf-8' }, refused.message);

  files.on('request', (req, res) => {
    void (async () => {
      const refused = refusal(req, filesPort);
      if (refused) return refuse(res, refused);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, {}, 'Panels are read with GET.');
      let filePath: string;
      try {
        filePath = new URL(req.url ?? '/', panelOrigin).pathname.slice(1).split('/').map(decodeURIComponent).join('/');
      } catch {
        return send(res, 400, {}, 'Malformed path.');
      }
      // The entry is a page load: pack and validate again, so edits show on reload.
      if (filePath === panel.entry) current = await packageFiles(options.dir);
      const file = current.files.get(filePath);
      if (!file)
        return send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, `The package has no file ${filePath}.`);
      send(res, 200, panelFileHeaders(filePath, granted, hostOrigins), file);
    })().catch((error: Error) => send(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, error.message));
  });
  host.on('request', (req, res) => {
    void (async () => {
      const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
      const isBridge = req.method === 'POST' && pathname === '/bridge';
      const refused = refusal(req, hostPort, isBridge ? bridgeGuard : undefined);
      if (refused) return refuse(res, refused);
      if (req.method === 'GET' && pathname === '/') {
        const src = `${panelOrigin}/${panel.entry.split('/').map(encodeURIComponent).join('/')}`;
        const page = hostPage(manifest, panel, src, methods, session);
        return send(res, 200, { 'Content-Type': 'text/html; charset=utf-8' }, page);
      }
      if (isBridge) {
        const { method, params } = JSON.parse(await readBody(req)) as { method?: unknown; params?: unknown };
        const answer = await answerPanelCall(manifest.id, granted, services, method, params ?? {});
        options.onCall?.(`${String(method)} ${JSON.stringify(params ?? {})} → ${JSON.stringify(answer)}`);
        return send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(answer));
      }
      send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found.');
    })().catch((error: Error) =>
      send(res, 500, { 'Content-Type': 'application/json' }, JSON.stringify({ error: error.message })),
    );
  });
  return {
    url: `http://127.0.0.1:${hostPort}/`,
    session,
    panelOrigin,
    manifest,
    panel,
    granted,
    close: async () => {
      for (const server of [host, files]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
