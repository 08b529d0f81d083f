// The CLI's help texts and version.
import { readFileSync } from 'node:fs';
import { PUBLISH_HELP } from './commands/publish-usage.js';

/** Each command's help (`mlebotics-plugin <command> --help`). */
export const COMMAND_HELP = {
  init: `Usage: mlebotics-plugin init <dir> [--id <publisher.slug>] [--name <name>] [--typescript]

  Scaffold a valid plugin in <dir> (a new or empty directory): plugin.json with one automation
  step, index.js exporting it, README.md and icon.svg.

  With --typescript: src/index.ts typed with @mlebotics/plugin-cli/sdk (ctx has only the declared
  permissions), package.json with build (esbuild bundles src/ and its npm dependencies into
  dist/index.js, the manifest's main), typecheck, validate and package scripts, tsconfig.json and
  a .pluginignore that keeps src/ and the build setup out of the package. Then: npm install.

Options:
  --id <publisher.slug>  Plugin id (default: my-publisher.<dir name>)
  --name <name>          Display name (default: My Plugin)
  --typescript           Scaffold a TypeScript plugin with a bundling build
`,
  validate: `Usage: mlebotics-plugin validate <dir|file.tgz> [--json] [--strict]

  Run the marketplace's own checks on a plugin directory (packed as \`pack\` would) or package:
  the archive, the manifest, the code (every module parses as an ES module, imports resolve
  inside the package, declared steps are exported by main) and the trust-and-safety scan.

Options:
  --json    Print the result as one JSON object
  --strict  Also exit 1 when the scan would hold the package for review (quarantined)

Exit codes: 0 valid (scan passed or quarantined), 1 invalid or scan blocked, 2 usage error.
`,
  pack: `Usage: mlebotics-plugin pack <dir> [-o <file.tgz>]

  Make a deterministic package of <dir> (the same files always give the same sha256), after
  validating it. Leaves out what <dir>/.pluginignore (gitignore syntax) and the default ignores
  say: always .git, node_modules, *.tgz and .mlebotics (run's local data); by default test/,
  tests/, __tests__/, coverage/, .env files, logs and editor/OS files (re-include them with
  !pattern).

Options:
  -o, --output <file.tgz>  Where to write (default: <id>-<version>.tgz)
`,
  verify: `Usage: mlebotics-plugin verify <file.tgz> --envelope <file> (--key <public.pem> | --keys-from-emulator)

  Check a published package's signature (DSSE envelope), digests, files and permissions, as the
  platform does before loading a plugin.

Options:
  --envelope <file>     The .dsse.json published beside the package
  --key <public.pem>    Trust this public key
  --keys-from-emulator  Trust the signing keys of the local Firestore emulator (npm start)
`,
  run: `Usage: mlebotics-plugin run <dir> <step> [--input <json>] [--grant <permission>]… [--fixtures <file.json>] [--storage <file.json>] [--json] [--watch]

  Run an automation step of the plugin in <dir> on this machine, in the platform's sandbox with
  the platform's limits, checks and error codes. The directory is packed and validated as
  \`pack\` does (the package is not signed). Local services answer the step's bridges:
  ctx.storage in a JSON file, ctx.sensors and ctx.secrets from the fixtures file, ctx.fetch
  made for real (or refused) exactly as on the platform; actuator commands, automation runs and
  notifications are printed. Prints the output, the log, every permission use (refusals
  included) and, on failure, the error code, its advice and the file:line of the error.

Options:
  -i, --input <json>        The step input (default: {})
  --grant <permission>      Grant only these declared permissions (repeat, or comma-separated;
                            \`none\` for none; default: every declared permission)
  --fixtures <file.json>    Sensors and secrets (format: docs/publishing.md, "Local runs and fixtures")
  --storage <file.json>     The plugin's storage (default: <dir>/.mlebotics/storage.json)
  --json                    Print the result as one JSON object
  -w, --watch               Run again whenever a packed file or the fixtures change

Exit codes: 0 the step succeeded, 1 it failed or the package is invalid, 2 usage error.
`,
  panel: `Usage: mlebotics-plugin panel <dir> [--panel <id>] [--port <n>] [--grant <permission>]… [--fixtures <file.json>] [--storage <file.json>]

  Serve the plugin's UI panel on this machine as the console frames it: a host page on
  127.0.0.1:<port> frames the panel, served from another port (another origin) with the
  platform's Content-Security-Policy and headers, in <iframe sandbox="allow-scripts">. The
  page answers the panel's postMessage bridge (storage.*, sensors.read, notifications.send) from
  the same local services as \`run\`; each call is printed. Reload the page to see edits.

Options:
  --panel <id>            Which ui-panel (default: the first one declared)
  --port <n>              The host page's port (default: any free port; the URL is printed)
  --grant <permission>    Grant only these declared permissions (repeat, or comma-separated)
  --fixtures <file.json>  Sensors for sensors.read (format: docs/publishing.md, "Local runs and fixtures")
  --storage <file.json>   The plugin's storage (default: <dir>/.mlebotics/storage.json)
`,
  publish: PUBLISH_HELP,
} as const;

export type Command = keyof typeof COMMAND_HELP;

export const USAGE = `Usage: mlebotics-plugin <command> [options]

Commands:
  init <dir>                 Scaffold a valid plugin (--typescript: in TypeScript)
  validate <dir|file.tgz>    Run the marketplace's validation and scan
  pack <dir>                 Make a deterministic .tgz package
  verify <file.tgz>          Check a published package's signature
  run <dir> <step>           Run a step locally in the platform's sandbox
  panel <dir>                Serve a UI panel locally as the console frames it
  publish <file.tgz>         Publish from CI with a publisher API token

Run \`mlebotics-plugin <command> --help\` for a command's options.
  -h, --help     Show this help
  -v, --version  Show the version

Exit codes: 0 success, 1 invalid package or failed check, 2 usage error. publish also uses
3–6 (see its help).
`;

/** The CLI's version, from its package.json (one level above src/ and dist/ alike). */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
