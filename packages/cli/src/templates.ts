/** Files `mlebotics-plugin init` writes: a valid plugin with one automation step. */
export function templateFiles(options: { id: string; name: string }): Record<string, string> {
  const [publisher] = options.id.split('.');
  const initial = /^[A-Za-z0-9]/.test(options.name) ? options.name[0]!.toUpperCase() : 'P';
  const manifest = {
    $schema: 'https://mlebotics.dev/schemas/plugin.schema.json',
    id: options.id,
    name: options.name,
    version: '0.1.0',
    description: `${options.name}: an automation step for MLEbotics flows.`,
    publisher,
    license: 'MIT',
    categories: ['automation'],
    keywords: ['example'],
    capabilities: [
      {
        type: 'automation-step',
        id: 'greet',
        title: 'Greet',
        description: 'Returns a greeting for a name.',
        inputSchema: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1 } },
          required: ['name'],
          additionalProperties: false,
        },
        outputSchema: {
          type: 'object',
          properties: { greeting: { type: 'string' } },
          required: ['greeting'],
          additionalProperties: false,
        },
      },
    ],
    permissions: [],
    main: 'index.js',
    engines: { platform: '^1.0.0' },
    icon: 'icon.svg',
    readme: 'README.md',
    repository: `https://github.com/${publisher}/${options.id.split('.')[1]}`,
  };
  return {
    'plugin.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'index.js': `// The plugin module runs in the MLEbotics sandbox: plain JavaScript, no Node or browser APIs.
// Export one object; its \`steps\` implement the automation-step capabilities of plugin.json.
// \`ctx\` holds only the permissions the organization granted (see docs/publishing.md).
export default {
  steps: {
    async greet(input, ctx) {
      ctx.log(\`greeting \${input.name}\`);
      return { greeting: \`Hello, \${input.name}!\` };
    },
  },
};
`,
    'README.md': `# ${options.name}

An automation step that greets.

## Steps

- **Greet** (\`greet\`): input \`{ "name": string }\`, output \`{ "greeting": string }\`.

## Permissions

None.
`,
    'icon.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#2453d6"/><text x="32" y="42" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">${initial}</text></svg>
`,
  };
}
