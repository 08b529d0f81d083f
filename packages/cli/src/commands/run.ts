// `mlebotics-plugin run <dir> <step>`: runs a step locally in the platform's sandbox and prints
// its output, log, permission uses and (on failure) the platform's error code with its advice.
import { shutdownSandboxPool } from '@mlebotics/plugin-host/pool';
import type { ValidationIssue } from '@mlebotics/shared';
import { ERROR_CODES } from '@mlebotics/shared/errors';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Io } from '../cli.js';
import { usage } from '../usage.js';
import { FixturesError } from './fixtures.js';
import { runLocalStep, type InvalidPackage, type LocalRunOptions, type LocalRunResult } from './run-step.js';
import { watchDirectory } from './watch.js';

function formatIssues(issues: ValidationIssue[]): string {
  return issues
    .map((issue) => {
      const at = issue.path && !issue.message.startsWith(`${issue.path}: `) ? `  at ${issue.path}` : '';
      return `  ✖ ${issue.code}${at}\n    ${issue.message}\n    fix: ${ERROR_CODES[issue.code].fix}`;
    })
    .join('\n');
}

function detail(values: Record<string, string | number | boolean> | undefined): string {
  return values
    ? ` ${Object.entries(values)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
        .join(' ')}`
    : '';
}

/** The human report of one run. */
export function formatRun(result: LocalRunResult): string {
  const lines: string[] = [];
  const what = `${result.pluginId}@${result.version} ${result.stepId}`;
  const ms = `${Math.round(result.durationMs)} ms`;
  if (result.ok) {
    lines.push(`✔ ${what} (${ms})`, 'output:', JSON.stringify(result.output, null, 2));
  } else {
    const error = result.error!;
    lines.push(
      `✖ ${what} failed (${ms}): ${error.code} — ${error.title}`,
      `  ${error.message}`,
      ...(error.location ? [`  at ${error.location}`] : []),
      `  fix: ${error.fix}`,
    );
  }
  lines.push(...result.serviceErrors.map((cause) => `  local service failed: ${cause}`));
  lines.push(`log (${result.logs.length}${result.logLinesDropped ? `, ${result.logLinesDropped} dropped` : ''}):`);
  lines.push(...result.logs.map((line) => `  ${line}`));
  lines.push(`permission uses (granted: ${result.granted.join(', ') || 'none'}):`);
  lines.push(
    ...result.audit.map(
      (event) => `  ${event.allowed ? '✔' : '✖ refused'} ${event.permission} ${event.operation}${detail(event.detail)}`,
    ),
  );
  for (const request of result.queued) {
    if (request.kind === 'notification')
      lines.push(
        `notification (${request.notification.severity}): ${request.notification.title} ${request.notification.body}`.trimEnd(),
      );
    else if (request.kind === 'actuator-command')
      lines.push(`actuator command ${request.id} → ${request.actuatorId}: ${JSON.stringify(request.command)}`);
    else lines.push(`automation run ${request.id} → ${request.flowId}: ${JSON.stringify(request.input)}`);
  }
  return `${lines.join('\n')}\n`;
}

function parseRunArgs(args: string[]): { options: LocalRunOptions; json: boolean; watch: boolean } {
  const { values, positionals } = parseArgs({
    args,
    options: {
      input: { type: 'string', short: 'i' },
      grant: { type: 'string', multiple: true },
      fixtures: { type: 'string' },
      storage: { type: 'string' },
      json: { type: 'boolean' },
      watch: { type: 'boolean', short: 'w' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 2) usage('run takes a plugin <dir> and a <step> id.');
  let input: unknown = {};
  if (values.input !== undefined) {
    try {
      input = JSON.parse(values.input);
    } catch (error) {
      usage(`--input is not JSON (${(error as Error).message}); quote it for your shell: --input '{"key":1}'.`);
    }
  }
  return {
    options: {
      dir: positionals[0]!,
      stepId: positionals[1]!,
      input,
      // `--grant none` grants nothing (every bridge call is then refused).
      ...(values.grant
        ? { grants: values.grant.flatMap((g) => g.split(',')).filter((g) => g !== '' && g !== 'none') }
        : {}),
      ...(values.fixtures ? { fixturesFile: values.fixtures } : {}),
      ...(values.storage ? { storageFile: values.storage } : {}),
    },
    json: values.json ?? false,
    watch: values.watch ?? false,
  };
}

/** Runs once and prints; returns the exit code (0 ok, 1 the step or the package failed). */
async function runAndReport(options: LocalRunOptions, json: boolean, io: Io): Promise<number> {
  let result: LocalRunResult | InvalidPackage;
  try {
    result = await runLocalStep(options);
  } catch (error) {
    if (!(error instanceof FixturesError)) throw error;
    io.err(`✖ ${error.message}\n`);
    return 1;
  }
  if ('invalid' in result) {
    if (json) io.out(`${JSON.stringify({ ok: false, errors: result.invalid })}\n`);
    else io.err(`✖ ${options.dir} is not a valid plugin package:\n${formatIssues(result.invalid)}\n`);
    return 1;
  }
  if (json) io.out(`${JSON.stringify({ ...result, durationMs: Math.round(result.durationMs) })}\n`);
  else (result.ok ? io.out : io.err)(formatRun(result));
  return result.ok ? 0 : 1;
}

/** `mlebotics-plugin run` (see its help in help.ts). */
export async function cmdRun(args: string[], io: Io): Promise<number> {
  // The CLI has started the sandbox worker already: a usage error shuts it down too.
  try {
    const { options, json, watch } = parseRunArgs(args);
    if (!(await stat(options.dir).catch(() => undefined))?.isDirectory()) usage(`${options.dir} is not a directory.`);
    const code = await runAndReport(options, json, io);
    if (!watch) return code;
    io.err(`watching ${options.dir} for changes (Ctrl-C to stop)…\n`);
    return await watchDirectory(options.dir, options, async () => {
      await runAndReport(options, json, io);
    });
  } finally {
    await shutdownSandboxPool();
  }
}
