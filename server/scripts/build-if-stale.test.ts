import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAndStamp, buildIfStale, inputFiles, staleness, TARGETS, type Target } from './build-if-stale';

/**
 * `npm start` builds only what changed (issue 13, item 7): a throwaway project whose "build"
 * copies its sources into an output, so a stale output would show as old content.
 */
describe('the build step of npm start', () => {
  let root: string;
  const target: Target = {
    key: 'thing',
    name: 'thing',
    inputs: ['src', 'config.json'],
    ignore: ['node_modules', 'src/out'],
    output: 'out/bundle.txt',
    stamp: 'out/.build-inputs.json',
    command: ['build-thing.js'],
  };
  let builds = 0;
  let failNext = false;
  /** The build: concatenates the inputs (as a real build would compile them). */
  const build = (): boolean => {
    builds += 1;
    if (failNext) {
      failNext = false;
      return false;
    }
    mkdirSync(path.join(root, 'out'), { recursive: true });
    const content = inputFiles(root, target).map((file) => `${file}: ${readFileSync(path.join(root, file), 'utf8')}`).join('\n');
    writeFileSync(path.join(root, target.output), content);
    return true;
  };
  const start = () => buildIfStale(root, target, build, () => undefined);
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  const output = () => readFileSync(path.join(root, target.output), 'utf8');

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'techgigs-build-'));
    write('src/main.ts', 'one');
    write('src/lib/util.ts', 'two');
    write('config.json', '{}');
    write('src/node_modules/dep.js', 'ignored');
    builds = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds the first time, then skips while nothing changed', () => {
    expect(start()).toBe(true);
    expect(builds).toBe(1);
    expect(start()).toBe(true);
    expect(start()).toBe(true);
    expect(builds).toBe(1);
    expect(staleness(root, target)).toBeNull();
  });

  it('rebuilds after a source is edited, added, removed or renamed, or a config file changes', () => {
    start();
    const changes: Array<[string, () => void, (text: string) => boolean]> = [
      ['edited', () => write('src/main.ts', 'one, edited'), (text) => text.includes('one, edited')],
      ['added', () => write('src/lib/new.ts', 'three'), (text) => text.includes('src/lib/new.ts: three')],
      ['removed', () => rmSync(path.join(root, 'src/lib/util.ts')), (text) => !text.includes('util.ts')],
      ['renamed', () => renameSync(path.join(root, 'src/lib/new.ts'), path.join(root, 'src/lib/renamed.ts')), (text) => text.includes('renamed.ts') && !text.includes('new.ts')],
      ['config', () => write('config.json', '{"strict":true}'), (text) => text.includes('"strict"')],
    ];
    for (const [name, change, fresh] of changes) {
      const before = builds;
      change();
      expect([name, staleness(root, target)]).toEqual([name, 'its sources changed']);
      start();
      expect([name, builds, fresh(output())]).toEqual([name, before + 1, true]);
      start();
      expect([name, builds]).toEqual([name, before + 1]);
    }
  });

  it('goes by content, not by clock: a touched file builds nothing, an older file put back does', () => {
    start();
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(path.join(root, 'src/main.ts'), past, past);
    utimesSync(path.join(root, 'src/lib/util.ts'), new Date(), new Date());
    start();
    expect(builds).toBe(1);
    // An older version checked out (older content, older time): still a rebuild.
    write('src/main.ts', 'zero');
    utimesSync(path.join(root, 'src/main.ts'), past, past);
    start();
    expect(builds).toBe(2);
    expect(output()).toContain('src/main.ts: zero');
  });

  it('ignores what is not an input (dependencies, its own output)', () => {
    start();
    write('src/node_modules/dep.js', 'changed');
    write('out/other.txt', 'whatever');
    write('unrelated.md', 'notes');
    start();
    expect(builds).toBe(1);
  });

  it('rebuilds when the output is gone or was rebuilt by hand from other sources since', () => {
    start();
    rmSync(path.join(root, target.output));
    expect(staleness(root, target)).toBe('out/bundle.txt is missing');
    start();
    expect(builds).toBe(2);
    // Built by hand (`npm run build`) from changed sources, which are then put back as stamped:
    // the output is of the changed sources, so the stamp no longer vouches for it.
    write('src/main.ts', 'experiment');
    build();
    write('src/main.ts', 'one');
    expect(staleness(root, target)).toBe('out/bundle.txt was rebuilt or changed since');
    start();
    expect(output()).toContain('src/main.ts: one');
  });

  it('a hand build (`npm run build`, which stamps) of changed sources counts as fresh: the next start builds nothing', () => {
    start();
    expect(builds).toBe(1);
    write('src/main.ts', 'edited, then built by hand');
    expect(buildAndStamp(root, target, build, () => undefined)).toBe(true);
    expect(builds).toBe(2);
    expect(staleness(root, target)).toBeNull();
    start();
    expect(builds).toBe(2);
    expect(output()).toContain('edited, then built by hand');
    // Sources edited after the hand build: the next start builds them.
    write('src/main.ts', 'edited again');
    start();
    expect(builds).toBe(3);
  });

  it('the npm scripts of the build go through the stamping build, so a hand `npm run build` is recognised', () => {
    const scripts = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const target of TARGETS) expect(scripts[`build:${target.key}`]).toBe(`ts-node --transpile-only server/scripts/build-if-stale.ts --force ${target.key}`);
    expect(scripts.build).toBe('npm run build:server && npm run build:client');
  });

  it('does not trust a failed build: the next start builds again', () => {
    start();
    write('src/main.ts', 'broken');
    failNext = true;
    expect(start()).toBe(false);
    expect(staleness(root, target)).toBe('no record of the last build');
    expect(start()).toBe(true);
    expect(output()).toContain('src/main.ts: broken');
    expect(builds).toBe(3);
  });

  it('reads the real sources of the server and the web app, and not their output or dependencies', () => {
    const repo = path.resolve(__dirname, '..', '..');
    const [server, client] = TARGETS;
    const serverFiles = inputFiles(repo, server);
    expect(serverFiles).toEqual(expect.arrayContaining(['server/src/main.ts', 'server/src/app/web-app.ts', 'tsconfig.build.json', 'tsconfig.json', 'ormconfig.ts', 'package-lock.json']));
    const clientFiles = inputFiles(repo, client);
    expect(clientFiles).toEqual(expect.arrayContaining(['client/src/App.tsx', 'client/src/main.tsx', 'client/index.html', 'client/vite.config.ts', 'client/public/favicon.svg', 'package-lock.json']));
    for (const file of [...serverFiles, ...clientFiles]) expect(file).not.toMatch(/(^|\/)(node_modules|dist)\//);
  });
});
