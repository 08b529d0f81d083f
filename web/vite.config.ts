import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const SCHEMA_URL = '/schemas/plugin.schema.json';
const schemaFile = new URL('../packages/shared/schema/plugin.schema.json', import.meta.url);

/** Serves the manifest JSON Schema to developers' editors and the CLI at /schemas/plugin.schema.json. */
function manifestSchema(): Plugin {
  return {
    name: 'mlebotics-manifest-schema',
    configureServer(server) {
      server.middlewares.use(SCHEMA_URL, (_req, res) => {
        res.setHeader('content-type', 'application/schema+json');
        res.end(readFileSync(schemaFile));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SCHEMA_URL.slice(1), source: readFileSync(schemaFile, 'utf8') });
    },
  };
}

// Emulator ports come from firebase.json, the one place they are set.
const firebaseJson = JSON.parse(readFileSync(new URL('../firebase.json', import.meta.url), 'utf8')) as {
  emulators: Record<string, { port?: number }>;
};
const emulatorPorts = Object.fromEntries(
  Object.entries(firebaseJson.emulators).flatMap(([name, value]) =>
    typeof value === 'object' && value.port ? [[name, value.port]] : [],
  ),
);

export default defineConfig({
  plugins: [react(), manifestSchema()],
  define: { __EMULATOR_PORTS__: JSON.stringify(emulatorPorts) },
  resolve: {
    // Firestore pipelines' client-side regex engine, unused here (see the stub's comment).
    alias: { re2js: new URL('./src/lib/re2js-unused.ts', import.meta.url).pathname },
  },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  preview: { port: 4173, strictPort: true, host: 'localhost' },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
});
