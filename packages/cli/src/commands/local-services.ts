// The platform's services for a local run: storage in a JSON file, sensors and secrets from the
// fixtures file, actuator commands, automation runs and notifications recorded and printed
// (the platform only queues them too), and fetch through the platform's own implementation
// (platformFetchService). Refusals and limits are the platform's own (the host's service-rules,
// which functions/src/runtime/services.ts checks too), so a step fails locally exactly where it
// would fail on the platform.
import type { AuditEvent, HostServices, JsonValue, Notification } from '@mlebotics/plugin-host';
import { BridgeError } from '@mlebotics/plugin-host/errors';
import { platformFetchService } from '@mlebotics/plugin-host/net-fetch';
import {
  SERVICE_LIMITS,
  checkDeviceId,
  checkListPrefix,
  checkStorageKey,
  checkStoredValue,
  normalizeNotification,
} from '@mlebotics/plugin-host/service-rules';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Fixtures } from './fixtures.js';

/** Something a step asked the platform to do that a local run records instead. */
export type QueuedRequest =
  | { kind: 'actuator-command'; id: string; actuatorId: string; command: JsonValue }
  | { kind: 'automation-run'; id: string; flowId: string; input: JsonValue }
  | { kind: 'notification'; id: string; notification: Notification };

/**
 * A plugin's storage in one JSON file (`{ key: value }`), written atomically after each change.
 *
 * The file lives in the plugin's own folder (`.mlebotics/storage.json`), which may come from a
 * repository someone else wrote: a symbolic link there (`.mlebotics` → `~/.config`, or
 * `storage.json` → a credentials file) would let the plugin read or overwrite the developer's
 * files through `ctx.storage`. Links are refused, and neither the read nor the write follows one.
 */
export class FileStorage {
  private data: Map<string, JsonValue> | undefined;

  constructor(readonly file: string) {}

  /** Refuses a storage file, or a folder holding it, that is a symbolic link. */
  private async refuseLinks(): Promise<void> {
    for (const candidate of [path.dirname(this.file), this.file]) {
      const stat = await lstat(candidate).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (stat?.isSymbolicLink()) {
        throw new Error(
          `${candidate} is a symbolic link: local storage is kept only in a real file, or a plugin could read and overwrite whatever the link points to. Remove the link (a plugin's .mlebotics folder is made by the CLI), or give --storage <file>.`,
        );
      }
    }
  }

  private async load(): Promise<Map<string, JsonValue>> {
    if (this.data) return this.data;
    await this.refuseLinks();
    let text: string | undefined;
    try {
      // O_NOFOLLOW: a link put in place after the check is refused too (ELOOP).
      const handle = await open(this.file, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') await this.refuseLinks();
      if (code !== 'ENOENT') throw error;
    }
    let parsed: unknown = {};
    if (text !== undefined) {
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new Error(
          `The local storage file ${this.file} is not JSON (${(error as Error).message}); fix or delete it.`,
          { cause: error },
        );
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error(
          `The local storage file ${this.file} must hold one JSON object of key → value; fix or delete it.`,
        );
    }
    // Only keys the platform would accept: a hand-edited file cannot list others to the plugin.
    this.data = new Map(Object.entries(parsed as Record<string, JsonValue>).filter(([key]) => validKey(key)));
    return this.data;
  }

  private async save(data: Map<string, JsonValue>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await this.refuseLinks();
    // A new temporary file renamed over the old one: an interrupted run never leaves half a
    // file. Its name is random and it must not exist (`wx`), so nothing planted is written
    // through; rename replaces a link at the destination rather than following it.
    const temp = `${this.file}.${randomUUID()}.tmp`;
    const sorted = Object.fromEntries([...data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`, { flag: 'wx' });
    await rename(temp, this.file);
  }

  async get(key: string): Promise<JsonValue | undefined> {
    checkStorageKey(key);
    return (await this.load()).get(key);
  }

  async set(key: string, value: JsonValue): Promise<void> {
    checkStorageKey(key);
    checkStoredValue(value);
    const data = await this.load();
    data.set(key, value);
    await this.save(data);
  }

  async delete(key: string): Promise<void> {
    checkStorageKey(key);
    const data = await this.load();
    if (data.delete(key)) await this.save(data);
  }

  async list(prefix: string): Promise<string[]> {
    checkListPrefix(prefix);
    return [...(await this.load()).keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .slice(0, SERVICE_LIMITS.storageListMax);
  }
}

function validKey(key: string): boolean {
  try {
    checkStorageKey(key);
    return true;
  } catch {
    return false;
  }
}

/** The services of one local run, with what the run did: log lines, permission uses, requests. */
export class LocalServices {
  readonly logs: string[] = [];
  readonly audit: AuditEvent[] = [];
  readonly queued: QueuedRequest[] = [];
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly storage: FileStorage,
    private readonly fixtures: Fixtures,
    private readonly fixturesFile: string | undefined,
  ) {}

  readonly auditSink = (event: AuditEvent): void => {
    this.audit.push(event);
  };

  private queue(request: QueuedRequest): string {
    this.queued.push(request);
    return request.id;
  }

  private nextId(kind: string): string {
    return `local-${kind}-${this.queued.length + 1}`;
  }

  private readSensor(sensorId: string): JsonValue {
    checkDeviceId(sensorId, 'sensors.read', 'a sensor id');
    const reading = Object.hasOwn(this.fixtures.sensors, sensorId) ? this.fixtures.sensors[sensorId] : undefined;
    if (!reading) {
      throw new BridgeError(
        `There is no sensor "${sensorId}" in this organization (locally: add it under "sensors" in ${this.fixturesFile ?? 'a --fixtures file'}).`,
      );
    }
    return { sensorId, value: reading.value, unit: reading.unit ?? null, at: reading.at ?? this.startedAt };
  }

  /** These services as the sandbox's bridges reach them. */
  hostServices(): HostServices {
    return {
      fetch: platformFetchService,
      storage: {
        // The platform answers a stored null as "nothing stored" too.
        get: async (key) => (await this.storage.get(key)) ?? undefined,
        set: (key, value) => this.storage.set(key, value),
        delete: (key) => this.storage.delete(key),
        list: (prefix) => this.storage.list(prefix),
      },
      sensors: { read: async (sensorId) => this.readSensor(sensorId) },
      actuators: {
        command: async (actuatorId, command) => {
          checkDeviceId(actuatorId, 'actuators.command', 'an actuator id');
          const id = this.nextId('command');
          return { commandId: this.queue({ kind: 'actuator-command', id, actuatorId, command }) };
        },
      },
      automation: {
        execute: async (flowId, input) => {
          checkDeviceId(flowId, 'automation.execute', 'a flow id');
          const id = this.nextId('run');
          return { runId: this.queue({ kind: 'automation-run', id, flowId, input: input ?? null }) };
        },
      },
      notifications: {
        send: async (message) => {
          const notification = normalizeNotification(message as unknown as Record<string, unknown>);
          this.queue({ kind: 'notification', id: this.nextId('notification'), notification });
        },
      },
      secrets: {
        read: async (name) => (Object.hasOwn(this.fixtures.secrets, name) ? this.fixtures.secrets[name] : undefined),
      },
      log: (entry) => {
        this.logs.push(entry.message);
      },
    };
  }
}
