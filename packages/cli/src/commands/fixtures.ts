// The fixtures file of a local run (`mlebotics-plugin run --fixtures file.json`): what the
// platform would read from the organization (its sensors' live readings, its secrets), so a
// step that needs them runs on a developer's machine. Documented in docs/publishing.md, "Local
// runs and fixtures".
import { DEVICE_ID } from '@mlebotics/plugin-host/service-rules';
import { readFile } from 'node:fs/promises';

/** One sensor's live reading, as `orgs/{orgId}/sensors/{sensorId}` holds it on the platform. */
export interface SensorFixture {
  value: number | string | boolean;
  unit?: string;
  /** When it was read (ISO 8601 with an offset); the run's start when left out. */
  at?: string;
}

/** The fixtures file. Every member is optional; unknown members are errors (a typo would hide data). */
export interface Fixtures {
  sensors: Record<string, SensorFixture>;
  secrets: Record<string, string>;
}

// Checked by hand rather than with zod: this is on a cold `run`'s path, where zod's 660 KB would
// be compiled for two small records (cli.run_ms in docs/architecture.md).
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

type Problems = string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], at: string, problems: Problems): void {
  const extra = Object.keys(value).filter((key) => !known.includes(key));
  if (extra.length > 0) {
    problems.push(
      `${at}: Unrecognized key${extra.length > 1 ? 's' : ''}: ${extra.map((k) => JSON.stringify(k)).join(', ')} (known: ${known.join(', ')})`,
    );
  }
}

function reading(value: unknown, at: string, problems: Problems): SensorFixture | undefined {
  if (!isRecord(value)) {
    problems.push(`${at}: expected an object like {"value": 21.5, "unit": "°C"}, received ${kind(value)}`);
    return undefined;
  }
  unknownKeys(value, ['value', 'unit', 'at'], at, problems);
  const before = problems.length;
  if (!['number', 'string', 'boolean'].includes(typeof value.value)) {
    problems.push(`${at}.value: expected a number, string or boolean, received ${kind(value.value)}`);
  }
  if (value.unit !== undefined && typeof value.unit !== 'string') {
    problems.push(`${at}.unit: expected a string, received ${kind(value.unit)}`);
  }
  if (
    value.at !== undefined &&
    (typeof value.at !== 'string' || !ISO_DATETIME.test(value.at) || Number.isNaN(Date.parse(value.at)))
  ) {
    problems.push(`${at}.at: expected an ISO 8601 date and time with an offset, e.g. "2026-01-31T09:30:00Z"`);
  }
  return problems.length === before ? (value as unknown as SensorFixture) : undefined;
}

/** Checks a parsed fixtures file; returns the fixtures or what is wrong, a line per member. */
export function checkFixtures(value: unknown): { fixtures: Fixtures } | { problems: Problems } {
  const problems: Problems = [];
  const fixtures: Fixtures = { sensors: {}, secrets: {} };
  if (!isRecord(value)) return { problems: [`(top level): expected an object, received ${kind(value)}`] };
  unknownKeys(value, ['sensors', 'secrets'], '(top level)', problems);
  if (value.sensors !== undefined) {
    if (!isRecord(value.sensors)) problems.push(`sensors: expected an object, received ${kind(value.sensors)}`);
    else
      for (const [id, entry] of Object.entries(value.sensors)) {
        if (!DEVICE_ID.test(id)) problems.push(`sensors.${id}: a sensor id is 1–64 letters, digits, - and _`);
        const checked = reading(entry, `sensors.${id}`, problems);
        if (checked) fixtures.sensors[id] = checked;
      }
  }
  if (value.secrets !== undefined) {
    if (!isRecord(value.secrets)) problems.push(`secrets: expected an object, received ${kind(value.secrets)}`);
    else
      for (const [name, secret] of Object.entries(value.secrets)) {
        if (name === '') problems.push('secrets: a secret name cannot be empty');
        if (typeof secret !== 'string') problems.push(`secrets.${name}: expected a string, received ${kind(secret)}`);
        else fixtures.secrets[name] = secret;
      }
  }
  return problems.length > 0 ? { problems } : { fixtures };
}

/** Thrown for a fixtures file that cannot be used; the message names the file and the member. */
export class FixturesError extends Error {}

/** Reads and checks a fixtures file (none: no sensors, no secrets). */
export async function readFixtures(file: string | undefined): Promise<Fixtures> {
  if (file === undefined) return { sensors: {}, secrets: {} };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FixturesError(`Cannot read the fixtures file ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FixturesError(`The fixtures file ${file} is not JSON: ${(error as Error).message}`);
  }
  const checked = checkFixtures(value);
  if ('problems' in checked) {
    throw new FixturesError(
      `The fixtures file ${file} does not match its format (docs/publishing.md, "Local runs and fixtures"):\n${checked.problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return checked.fixtures;
}
