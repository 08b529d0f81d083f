import { describe, expect, it } from 'vitest';
import { packIgnore } from './pluginignore.js';

const kept = (matcher: ReturnType<typeof packIgnore>, paths: string[]) =>
  paths.filter((p) => !matcher(p.replace(/\/$/, ''), p.endsWith('/')));

describe('.pluginignore', () => {
  it('leaves out VCS data, dependencies, packages, tests and secrets by default', () => {
    const matcher = packIgnore();
    expect(
      kept(matcher, [
        '.git/',
        'node_modules/',
        'old-1.0.0.tgz',
        '.pluginignore',
        'test/',
        'tests/',
        'lib/__tests__/',
        '.env',
        '.env.local',
        'debug.log',
        '.DS_Store',
        'index.js',
        'lib/util.js',
        'README.md',
        'testing.js',
        'lib/test-helpers.js',
        'Test/',
      ]),
    ).toEqual(['index.js', 'lib/util.js', 'README.md', 'testing.js', 'lib/test-helpers.js', 'Test/']);
  });

  it('honours gitignore syntax: globs, anchors, directories, comments and negation', () => {
    const matcher = packIgnore(
      ['# sources are built into dist/', 'src/', '/build.mjs', '*.map', '!keep.map', 'docs/**/*.png', '!tests/'].join(
        '\n',
      ),
    );
    expect(
      kept(matcher, [
        'src/',
        'build.mjs',
        'lib/build.mjs',
        'dist/index.js.map',
        'keep.map',
        'docs/a/b/shot.png',
        'docs/readme.md',
        'tests/',
        'dist/index.js',
      ]),
    ).toEqual(['lib/build.mjs', 'keep.map', 'docs/readme.md', 'tests/', 'dist/index.js']);
  });

  it('cannot re-include what is always left out', () => {
    const matcher = packIgnore('!node_modules/\n!*.tgz\n!.git/\n!.mlebotics/\n');
    expect(kept(matcher, ['node_modules/', 'a.tgz', '.git/', '.mlebotics/', 'index.js'])).toEqual(['index.js']);
  });
});
