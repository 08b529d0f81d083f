import type { PluginManifest } from '../manifest/manifest.generated.js';

/** The input and output schema of a fixture step unless given: `{ text: string }`. */
export const STEP_SCHEMA = {
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
} as const;

/** One automation step of a fixture manifest (its title is its id unless given). */
export interface StepSpec {
  title?: string;
  inputSchema?: object;
  outputSchema?: object;
  timeoutMs?: number;
}

/**
 * A valid manifest for `id` (`<publisher>.<slug>`) with one automation step per entry of `steps`
 * (by default one `echo` step), then `overrides`.
 */
export function manifestFor(
  id: string,
  steps: Record<string, StepSpec> = { echo: { title: 'Echo' } },
  overrides: Partial<PluginManifest> = {},
): PluginManifest {
  const [publisher, slug] = id.split('.') as [string, string];
  return {
    id,
    name: `Plugin ${slug}`,
    version: '1.0.0',
    description: `The ${slug} plugin, for tests and demos.`,
    publisher,
    license: 'MIT',
    categories: ['automation'],
    keywords: ['test'],
    capabilities: Object.entries(steps).map(([stepId, s]) => ({
      type: 'automation-step' as const,
      id: stepId,
      title: s.title ?? stepId,
      inputSchema: s.inputSchema ?? STEP_SCHEMA,
      outputSchema: s.outputSchema ?? STEP_SCHEMA,
      ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    })) as PluginManifest['capabilities'],
    permissions: [],
    main: 'index.js',
    engines: { platform: '^1.0.0' },
    icon: 'icon.svg',
    readme: 'README.md',
    repository: `https://github.com/${publisher}/${slug}`,
    ...overrides,
  };
}
