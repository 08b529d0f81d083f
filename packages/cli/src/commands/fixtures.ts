// The fixtures file of a local run (`mlebotics-plugin run --fixtures file.json`): what the
// platform would read from the organization (its sensors' live readings, its secrets), so a
// step that needs them runs on a developer's machine. Documented in docs/publishing.md, "Local
// runs and fixtures".
import { DEVICE_ID } from '@mlebotics/plugin-host/service-rules';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One sensor's live reading, as `orgs/{orgId}/sensors/{sensorId}` holds it on the platform. */
const readingSchema = z.strictObject({
  value: z.union([z.number(), z.string(), z.boolean()]),
  unit: z.optional(z.string()),
  /** When it was read (ISO 8601); the run's start when left out. */
  at: z.optional(z.iso.datetime({ offset: true })),
});

/** The fixtures file. Every member is optional; unknown members are errors (a typo would hide data). */
export const fixturesSchema = z.strictObject({
  sensors: z
    .record(z.string().regex(DEVICE_ID, 'a sensor id is 1–64 letters, digits, - and _'), readingSchema)
    .default({}),
  secrets: z.record(z.string().min(1), z.string()).default({}),
});

export type Fixtures = z.output<typeof fixturesSchema>;
export type SensorFixture = z.output<typeof readingSchema>;

/** Thrown for a fixtures file that cannot be used; the message names the file and the member. */
export class FixturesError extends Error {}

/** Reads and checks a fixtures file (none: no sensors, no secrets). */
export async function readFixtures(file: string | undefined): Promise<Fixtures> {
  if (file === undefined) return fixturesSchema.parse({});
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
  const parsed = fixturesSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
      .join('\n');
    throw new FixturesError(
      `The fixtures file ${file} does not match its format (docs/publishing.md, "Local runs and fixtures"):\n${problems}`,
    );
  }
  return parsed.data;
}
