// `mlebotics-plugin panel <dir>`: serves the plugin's UI panel locally (panel-server.ts) until
// interrupted.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Io } from '../cli.js';
import { usage } from '../usage.js';
import { startPanelServer } from './panel-server.js';

/** `mlebotics-plugin panel` (see its help in help.ts). */
export async function cmdPanel(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      panel: { type: 'string' },
      port: { type: 'string' },
      grant: { type: 'string', multiple: true },
      fixtures: { type: 'string' },
      storage: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) usage('panel takes one plugin <dir>.');
  const dir = positionals[0]!;
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) usage(`${dir} is not a directory.`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port ${values.port} is not a port number.`);
  const server = await startPanelServer({
    dir,
    port,
    ...(values.panel ? { panelId: values.panel } : {}),
    ...(values.grant ? { grants: values.grant.flatMap((g) => g.split(',')).filter((g) => g && g !== 'none') } : {}),
    ...(values.fixtures ? { fixturesFile: values.fixtures } : {}),
    ...(values.storage ? { storageFile: values.storage } : {}),
    onCall: (line) => io.out(`bridge ${line}\n`),
  });
  io.out(
    `✔ ${server.manifest.id} panel "${server.panel.id}" at ${server.url}\n  (its files from ${server.panelOrigin}, with the platform's CSP; granted: ${server.granted.map((p) => p.name).join(', ') || 'none'})\n  Ctrl-C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
