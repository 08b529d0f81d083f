// Finds a Java runtime new enough for firebase-tools 15 (which refuses Java < 21).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const MIN_JAVA_MAJOR = 21;
const JVM_DIR = '/usr/lib/jvm';

/** Parses the major version from `java -version` output ("17.0.15", "25", "1.8.0_392"). */
export function parseJavaMajor(versionOutput) {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

function probe(javaHome) {
  const java = path.join(javaHome, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  // `java -version` prints to stderr.
  const { stdout, stderr } = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const major = parseJavaMajor(`${stderr ?? ''}${stdout ?? ''}`);
  return major ? { javaHome, major } : undefined;
}

/**
 * Returns `{ javaHome, major }` of a Java ≥ 21: JAVA_HOME first, then the newest JDK under
 * /usr/lib/jvm. Throws with what was found and how to fix it when there is none.
 */
export function findJava(env = process.env) {
  const seen = [];
  if (env.JAVA_HOME) {
    const found = probe(env.JAVA_HOME);
    if (found?.major >= MIN_JAVA_MAJOR) return found;
    seen.push(`JAVA_HOME=${env.JAVA_HOME} (${found ? `Java ${found.major}` : 'no bin/java'})`);
  }
  const candidates = existsSync(JVM_DIR)
    ? readdirSync(JVM_DIR)
        .map((name) => probe(path.join(JVM_DIR, name)))
        .filter(Boolean)
        .sort((a, b) => b.major - a.major)
    : [];
  const best = candidates.find((c) => c.major >= MIN_JAVA_MAJOR);
  if (best) return best;
  seen.push(...candidates.map((c) => `${c.javaHome} (Java ${c.major})`));
  throw new Error(
    `The Firebase emulators need Java ${MIN_JAVA_MAJOR} or newer, and none was found.\n` +
      `  Looked at: ${seen.length ? seen.join(', ') : `JAVA_HOME (unset) and ${JVM_DIR} (empty)`}.\n` +
      `  Fix: install a JDK ${MIN_JAVA_MAJOR}+ (for example: apt-get install -y openjdk-21-jre-headless)` +
      ` and/or point JAVA_HOME at it.`,
  );
}
