// The panel bridge of a local panel host: what the platform's panelBridge callable does for a
// panel's postMessage request (functions/src/runtime/panels.ts), answered by the local services.
import { BridgeError } from '@mlebotics/plugin-host/errors';
import type { PanelMethod, Permission } from '@mlebotics/shared';
import { PANEL_METHODS } from '@mlebotics/shared/api/runtime';
import { RUNTIME_LIMITS } from '@mlebotics/shared/limits';
import type { LocalServices } from './local-services.js';

/** A bridge answer as the console posts it back to the panel: a result or an error message. */
export type PanelAnswer = { result: unknown } | { error: string };

const isMethod = (method: unknown): method is PanelMethod =>
  typeof method === 'string' && Object.hasOwn(PANEL_METHODS, method);

/** Answers one panel bridge call with the checks of the platform's panelBridge. */
export async function answerPanelCall(
  pluginId: string,
  granted: readonly Permission[],
  services: LocalServices,
  method: unknown,
  params: unknown,
): Promise<PanelAnswer> {
  if (!isMethod(method)) return { error: `${String(method)} is not a panel bridge method.` };
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    return { error: 'params must be an object.' };
  if (Buffer.byteLength(JSON.stringify(params)) > RUNTIME_LIMITS.bridgeValueBytes)
    return { error: `params must be JSON of at most ${RUNTIME_LIMITS.bridgeValueBytes / 1024} KiB of UTF-8` };
  const permission = PANEL_METHODS[method];
  const names = new Set(granted.map((p) => p.name));
  const allowed = names.has(permission) && names.has('ui:panel');
  services.auditSink({ permission, operation: method, allowed });
  if (!allowed) return { error: `${method} needs the ${permission} permission, which ${pluginId} was not granted.` };
  const p = params as Record<string, unknown>;
  const host = services.hostServices();
  const call = { signal: new AbortController().signal };
  try {
    switch (method) {
      case 'storage.get':
        return { result: (await host.storage!.get(p.key as string, call)) ?? null };
      case 'storage.set':
        await host.storage!.set(p.key as string, p.value as never, call);
        return { result: null };
      case 'storage.delete':
        await host.storage!.delete(p.key as string, call);
        return { result: null };
      case 'storage.list':
        return { result: await host.storage!.list((p.prefix ?? '') as string, call) };
      case 'sensors.read':
        return { result: await host.sensors!.read(p.sensorId as string, {}, call) };
      case 'notifications.send':
        await host.notifications!.send(p as never, call);
        return { result: { notificationId: services.queued.at(-1)!.id } };
    }
  } catch (error) {
    if (error instanceof BridgeError) return { error: error.message };
    throw error;
  }
}
