/* Generated from schema/plugin.schema.json by scripts/generate-manifest-types.ts. Do not edit. */

export type Category =
  | 'sensors'
  | 'actuators'
  | 'automation'
  | 'vision'
  | 'navigation'
  | 'monitoring'
  | 'analytics'
  | 'integrations'
  | 'ui'
  | 'safety'
  | 'developer-tools'
  | 'other';
export type Capability = SensorDriver | AutomationStep | UiPanel | Integration;
/**
 * Id of the capability within the plugin: lowercase letters, digits and hyphens.
 */
export type CapabilityId = string;
/**
 * A relative path inside the package, with `/` separators.
 */
export type PackagePath = string;
export type Permission =
  | PermSensorsRead
  | PermActuatorsCommand
  | PermAutomationExecute
  | PermNetworkFetch
  | PermStoragePlugin
  | PermUiPanel
  | PermNotificationsSend
  | PermSecretsRead;
/**
 * Why the plugin needs this permission, shown to operators before they consent.
 */
export type Reason = string;
/**
 * An exact public DNS host name, optionally with a port: `api.example.com` or `api.example.com:8443`.
 */
export type Hostname = string;
export type SecretName = string;

/**
 * The plugin.json manifest at the root of an MLEbotics plugin package.
 */
export interface PluginManifest {
  /**
   * Optional link to this schema, for editor validation.
   */
  $schema?: string;
  /**
   * Globally unique plugin id, `<publisher>.<slug>`: lowercase letters, digits and single hyphens.
   */
  id: string;
  /**
   * Display name shown in the marketplace.
   */
  name: string;
  /**
   * Semantic version (https://semver.org) of this release, for example `1.2.3`.
   */
  version: string;
  /**
   * One or two sentences shown on result cards.
   */
  description: string;
  /**
   * Publisher namespace the plugin is published under (the part of `id` before the dot).
   */
  publisher: string;
  /**
   * SPDX license expression, or `UNLICENSED` for proprietary plugins.
   */
  license: string;
  /**
   * One to three marketplace categories.
   *
   * @minItems 1
   * @maxItems 3
   */
  categories: [Category, ...Category[]];
  /**
   * Up to ten search keywords: lowercase letters, digits and hyphens.
   *
   * @maxItems 10
   */
  keywords: string[];
  /**
   * What the plugin contributes to the platform.
   *
   * @minItems 1
   * @maxItems 50
   */
  capabilities: [Capability, ...Capability[]];
  /**
   * Every permission the plugin needs, each with its scope and the reason operators are shown.
   *
   * @maxItems 20
   */
  permissions: Permission[];
  /**
   * A relative path inside the package, with `/` separators.
   */
  main: string;
  /**
   * Compatible platform versions.
   */
  engines: {
    /**
     * Semver range of MLEbotics platform versions the plugin works with, for example `^1.0.0`.
     */
    platform: string;
  };
  /**
   * A relative path inside the package, with `/` separators.
   */
  icon: string;
  /**
   * A relative path inside the package, with `/` separators.
   */
  readme: string;
  /**
   * A relative path inside the package, with `/` separators.
   */
  changelog?: string;
  /**
   * Up to 5 screenshots shown in a gallery on the plugin page: PNG, JPEG or WebP images in the package, 320×200 to 3840×2400 pixels, at most 1 MiB each, each with a caption (also its text alternative).
   *
   * @maxItems 5
   */
  screenshots?: {
    path: PackagePath;
    /**
     * What the screenshot shows, in one line.
     */
    caption: string;
  }[];
  /**
   * HTTPS URL of the source repository.
   */
  repository: string;
  /**
   * Optional HTTPS URL of the plugin's homepage.
   */
  homepage?: string;
}
/**
 * A driver that reads a kind of sensor and produces samples.
 */
export interface SensorDriver {
  type: 'sensor-driver';
  id: CapabilityId;
  title: string;
  description?: string;
  /**
   * Quantities the driver reports, for example `temperature`.
   *
   * @minItems 1
   * @maxItems 16
   */
  measures: [string, ...string[]];
  sampleSchema: JsonSchema;
}
/**
 * A JSON Schema (2020-12) object. `pattern`, `patternProperties` and remote references are not allowed.
 */
export interface JsonSchema {
  [k: string]: unknown | undefined;
}
/**
 * A step type for automation flows: takes an input and returns an output.
 */
export interface AutomationStep {
  type: 'automation-step';
  id: CapabilityId;
  title: string;
  description?: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  /**
   * Time budget of one run, in milliseconds (default 1000).
   */
  timeoutMs?: number;
}
/**
 * A panel shown in the operator console, rendered from an HTML file in a sandboxed frame.
 */
export interface UiPanel {
  type: 'ui-panel';
  id: CapabilityId;
  title: string;
  description?: string;
  entry: PackagePath;
  height?: number;
}
/**
 * A connection to a third-party service.
 */
export interface Integration {
  type: 'integration';
  id: CapabilityId;
  title: string;
  description?: string;
  /**
   * Name of the service integrated with.
   */
  service: string;
}
export interface PermSensorsRead {
  name: 'sensors:read';
  reason: Reason;
}
export interface PermActuatorsCommand {
  name: 'actuators:command';
  reason: Reason;
}
export interface PermAutomationExecute {
  name: 'automation:execute';
  reason: Reason;
}
export interface PermNetworkFetch {
  name: 'network:fetch';
  reason: Reason;
  /**
   * Every host the plugin may reach over HTTPS, exactly.
   *
   * @minItems 1
   * @maxItems 20
   */
  hosts: [Hostname, ...Hostname[]];
}
export interface PermStoragePlugin {
  name: 'storage:plugin';
  reason: Reason;
}
export interface PermUiPanel {
  name: 'ui:panel';
  reason: Reason;
}
export interface PermNotificationsSend {
  name: 'notifications:send';
  reason: Reason;
}
export interface PermSecretsRead {
  name: 'secrets:read';
  reason: Reason;
  /**
   * Names of the organization secrets the plugin may read.
   *
   * @minItems 1
   * @maxItems 20
   */
  secrets: [SecretName, ...SecretName[]];
}
