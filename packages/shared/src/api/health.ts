import { z } from 'zod';
import { defineCallable } from './define.js';

export const healthInputSchema = z.object({}).strict();

export interface HealthOutput {
  ok: true;
  /** Server time, ISO 8601. */
  time: string;
}

/** A trivial callable: liveness checks and the callable round-trip benchmark. */
export const health = defineCallable<HealthOutput>()('health', healthInputSchema);
