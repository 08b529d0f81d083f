import {
  BridgeError,
  FETCH_LIMITS,
  SERVICE_LIMITS,
  checkDeviceId,
  checkListPrefix,
  checkStorageKey,
  checkStoredValue,
  normalizeNotification,
  platformFetch,
  platformFetchService,
  type AuditEvent,
  type FetchResponse,
  type HostServices,
  type Notification,
  type PlatformFetchInit,
} from '@mlebotics/plugin-host';
import type { BridgeAuditEvent } from '@mlebotics/shared';
import { FieldValue, type WithFieldValue } from 'firebase-admin/firestore';
import { createHash } from 'node:crypto';
import { db } from '../lib/admin.js';
import { cols, docs, type Stored, type TypedCollection } from '../lib/documents.js';

// Any string is a key: the document id is its hash (ids cannot hold "/" and are capped in bytes);
// the key itself is stored in the document.
const storageKey = (key: unknown): string => createHash('sha256').update(checkStorageKey(key)).digest('hex');

/**
 * The platform services of one organization and plugin, as the sandbox's and the panel bridge's
 * permission bridges reach them. Scope comes from the server (the install being run), never from
 * the plugin: storage keys live under `orgs/{orgId}/pluginData/{pluginId}`. A `BridgeError` is a
 * refusal the plugin (or panel) sees with its message; other errors reach it as a generic one.
 */
type Queued = Stored<'actuatorCommand'> | Stored<'notification'> | Stored<'automationRun'>;
type BridgeAudit = Extract<Stored<'auditEntry'>, { action: 'plugin.bridge' }>;
/** What a run or panel call adds to its audit entry (the version, and a step's outcome and bounds). */
export type AuditExtra = Omit<BridgeAudit, 'action' | 'pluginId' | 'uid' | 'via' | 'calls' | 'at'>;

export class PlatformServices {
  readonly audit: BridgeAuditEvent[] = [];

  constructor(
    readonly orgId: string,
    readonly pluginId: string,
    readonly actor: { uid: string; via: 'step' | 'panel' },
  ) {}

  private entries() {
    return cols.storageEntries(this.orgId, this.pluginId);
  }

  async storageGet(key: unknown): Promise<unknown> {
    const entry = (await this.entries().doc(storageKey(key)).get()).data();
    return entry ? (JSON.parse(entry.json) as unknown) : null;
  }

  async storageSet(key: unknown, value: unknown): Promise<void> {
    const id = storageKey(key);
    checkStoredValue(value);
    await this.entries()
      .doc(id)
      .set({ key: String(key), json: JSON.stringify(value), updatedAt: FieldValue.serverTimestamp() });
  }

  async storageDelete(key: unknown): Promise<void> {
    await this.entries().doc(storageKey(key)).delete();
  }

  async storageList(given: unknown = ''): Promise<string[]> {
    const prefix = checkListPrefix(given);
    const snap = await this.entries().orderBy('key').startAt(prefix).limit(SERVICE_LIMITS.storageListMax).get();
    return snap.docs.map((d) => d.data().key).filter((k) => k.startsWith(prefix));
  }

  async sensorRead(given: unknown): Promise<unknown> {
    const sensorId = checkDeviceId(given, 'sensors.read', 'a sensor id');
    const reading = (await docs.sensor(this.orgId, sensorId).get()).data();
    if (!reading) throw new BridgeError(`There is no sensor "${sensorId}" in this organization.`);
    const { value, unit, at } = reading;
    return { sensorId, value, unit: unit ?? null, at: at.toDate().toISOString() };
  }

  /** The fields every queued request carries (who asked, through what, when). */
  private queued() {
    return {
      pluginId: this.pluginId,
      requestedBy: this.actor.uid,
      via: this.actor.via,
      status: 'queued' as const,
      at: FieldValue.serverTimestamp(),
    };
  }

  private async enqueue<T extends Queued>(queue: TypedCollection<T>, entry: WithFieldValue<T>): Promise<string> {
    return (await queue.add(entry)).id;
  }

  async actuatorCommand(actuatorId: string, command: Record<string, unknown>): Promise<{ commandId: string }> {
    checkDeviceId(actuatorId, 'actuators.command', 'an actuator id');
    return {
      commandId: await this.enqueue(cols.actuatorCommands(this.orgId), {
        ...this.queued(),
        actuatorId,
        command: JSON.stringify(command),
      }),
    };
  }

  async notify(message: Record<string, unknown>): Promise<{ notificationId: string }> {
    const notification = normalizeNotification(message);
    return {
      notificationId: await this.enqueue(cols.notifications(this.orgId), { ...this.queued(), ...notification }),
    };
  }

  async executeAutomation(flowId: string, input: unknown): Promise<{ runId: string }> {
    checkDeviceId(flowId, 'automation.execute', 'a flow id');
    return {
      runId: await this.enqueue(cols.automationRuns(this.orgId), {
        ...this.queued(),
        flowId,
        input: JSON.stringify(input ?? null),
      }),
    };
  }

  /** Only names the grant lists reach this (the bridge checks them against the grant). */
  async readSecret(name: string): Promise<string | undefined> {
    return (await docs.secret(this.orgId, name).get()).data()?.value;
  }

  /**
   * An HTTPS request to a URL the bridge already checked against the declared hosts: the host's
   * platformFetch (no redirects followed, body capped, failures explained), which local runs
   * (`mlebotics-plugin run`) use too.
   */
  fetch(url: URL, init: PlatformFetchInit, maxBytes: number = FETCH_LIMITS.responseBytes): Promise<FetchResponse> {
    return platformFetch(url, init, maxBytes);
  }

  record(event: BridgeAuditEvent): void {
    this.audit.push(event);
  }

  /** Records the sandbox's audit events (details flattened to one line). */
  readonly auditSink = (event: AuditEvent): void => {
    const detail = event.detail
      ? Object.entries(event.detail)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')
      : undefined;
    this.record({
      permission: event.permission,
      operation: event.operation,
      allowed: event.allowed,
      ...(detail ? { detail } : {}),
    });
  };

  /** These services as the sandbox's bridges reach them. */
  hostServices(logs: string[]): HostServices {
    return {
      fetch: platformFetchService,
      storage: {
        get: async (key) => ((await this.storageGet(key)) ?? undefined) as never,
        set: (key, value) => this.storageSet(key, value),
        delete: (key) => this.storageDelete(key),
        list: (prefix) => this.storageList(prefix),
      },
      sensors: { read: (sensorId) => this.sensorRead(sensorId) as never },
      actuators: { command: (actuatorId, command) => this.actuatorCommand(actuatorId, command) },
      automation: { execute: (flowId, input) => this.executeAutomation(flowId, input) },
      notifications: {
        send: async (notification: Notification) => {
          await this.notify({ ...notification });
        },
      },
      secrets: { read: (name) => this.readSecret(name) },
      log: (entry) => {
        logs.push(entry.message);
      },
    };
  }

  /**
   * Writes the recorded bridge calls to the organization's audit log, in one batch. The sandbox
   * bounds what reaches here (every service call of a run, at most 1,000; refusals sampled, with
   * their count in `extra`), so nothing is cut: a run's real calls are never pushed out.
   */
  async flushAudit(extra: AuditExtra): Promise<void> {
    if (this.audit.length === 0 && !extra.refusedCalls) return;
    const batch = db.batch();
    batch.create(cols.auditLog(this.orgId).doc(), {
      action: 'plugin.bridge',
      pluginId: this.pluginId,
      uid: this.actor.uid,
      via: this.actor.via,
      calls: this.audit,
      ...extra,
      at: FieldValue.serverTimestamp(),
    });
    await batch.commit();
  }
}
