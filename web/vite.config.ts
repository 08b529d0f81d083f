import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

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
  plugins: [react()],
  define: { __EMULATOR_PORTS__: JSON.stringify(emulatorPorts) },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  preview: { port: 4173, strictPort: true, host: 'localhost' },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
});
