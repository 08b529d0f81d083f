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
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Fixtures } from './fixtures.js';

/** Something a step asked the platform to do that a local run records instead. */
export type QueuedRequest =
  | { kind: 'actuator-command'; id: string; actuatorId: string; command: JsonValue }
  | { kind: 'automation-run'; id: string; flowId: string; input: JsonValue }
  | { kind: 'notification'; id: string; notification: Notification };

/** A plugin's storage in one JSON file (`{ key: value }`), written atomically after each change. */
export class FileStorage {
  private data: Map<string, JsonValue> | undefined;

  constructor(readonly file: string) {}

  private async load(): Promise<Map<string, JsonValue>> {
    if (this.data) return this.data;
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
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
    this.data = new Map(Object.entries(parsed as Record<string, JsonValue>));
    return this.data;
  }

  private async save(data: Map<string, JsonValue>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    // A temporary file renamed over the old one: an interrupted run never leaves half a file.
    const temp = `${this.file}.${process.pid}.tmp`;
    const sorted = Object.fromEntries([...data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`);
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
