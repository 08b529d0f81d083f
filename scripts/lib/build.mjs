// Builds used before the emulators start: the functions bundle they load and the web app that
// Hosting serves.
import { spawn } from 'node:child_process';
import { ROOT } from './emulator-env.mjs';

function run(command, args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

export const buildFunctions = () => run('node', ['functions/build.mjs']);

/** The developer CLI bundle (packages/cli/dist), so `mlebotics-plugin` works after npm start. */
export const buildCli = () => run('node', ['packages/cli/build.mjs']);

/** Production build of the web app, configured for the emulators unless env says otherwise. */
export const buildWeb = (extraEnv = {}) => run('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], extraEnv);
