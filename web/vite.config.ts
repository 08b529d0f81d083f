import react from '@vitejs/plugin-react';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { consoleCsp, cspTargetFromEnv, type CspTarget } from './src/lib/csp.js';

const SCHEMA_URL = '/schemas/plugin.schema.json';
const schemaFile = new URL('../packages/shared/schema/plugin.schema.json', import.meta.url);
const DEV_PORT = 5173;
const PREVIEW_PORT = 4173;

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

/**
 * Writes the build's Content-Security-Policy into index.html as the first element of <head>:
 * Hosting sends one static header for every build (firebase.json: the directives that never
 * change, with frame-ancestors), and this per-build policy names exactly the endpoints this
 * build talks to (emulators or Google APIs). Browsers enforce both.
 */
function cspMeta(target: CspTarget): Plugin {
  const charset = '<meta charset="UTF-8" />';
  return {
    name: 'mlebotics-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      // Right after the charset (which must stay in the first 1024 bytes), before any script or style.
      if (!html.includes(charset)) throw new Error(`web/index.html must start its <head> with ${charset}`);
      const policy = consoleCsp(target, { delivery: 'meta' });
      return html.replace(charset, `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
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
) as Record<'auth' | 'firestore' | 'functions' | 'storage', number>;

/** Headers every server of the console sends besides its policy. */
const SECURITY_HEADERS = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

export default defineConfig(({ command, mode }) => {
  const webDir = fileURLToPath(new URL('.', import.meta.url));
  const target = cspTargetFromEnv(loadEnv(mode, webDir, 'VITE_'), emulatorPorts);
  // The dev server's inline React Refresh preamble and injected <style>s carry this nonce.
  const devNonce = randomBytes(18).toString('base64');
  const devCsp = consoleCsp(target, {
    delivery: 'header',
    dev: { nonce: devNonce, origin: `http://localhost:${DEV_PORT}` },
  });
  return {
    plugins: [react(), manifestSchema(), cspMeta(target)],
    define: { __EMULATOR_PORTS__: JSON.stringify(emulatorPorts) },
    resolve: {
      // Firestore pipelines' client-side regex engine, unused here (see the stub's comment).
      alias: { re2js: new URL('./src/lib/re2js-unused.ts', import.meta.url).pathname },
    },
    html: command === 'serve' ? { cspNonce: devNonce } : {},
    server: {
      port: DEV_PORT,
      strictPort: true,
      host: 'localhost',
      headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': devCsp },
    },
    preview: {
      port: PREVIEW_PORT,
      strictPort: true,
      host: 'localhost',
      headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': consoleCsp(target, { delivery: 'header' }) },
    },
    build: {
      target: 'es2022',
      sourcemap: true,
    },
  };
});
