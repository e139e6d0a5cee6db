import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start`'s build step: builds the server and the web app only when what they are built from
 * has changed since their last build, so a second start serves at once.
 *
 * "Changed" is by content, never by clock: a target's inputs (every file under its directories,
 * its config files, and the lock file that fixes its dependencies) are hashed, names and bytes,
 * and the digest is stamped beside the output after a successful build. A file edited, added,
 * removed or renamed changes the digest; so does a checkout of older sources. The stamp also
 * records the output's main file, so an output rebuilt or removed by other means since (a bare
 * `tsc` or `vite build` from other sources) is not trusted either. Anything unclear rebuilds.
 *
 * `npm run build` (`build:server`, `build:client`) builds through here too, with `--force <key>`:
 * it always builds and then stamps, so a hand build is known as fresh and the next `npm start`
 * does not build the same sources again.
 */

export interface Target {
  /** How `--force` names it: `server` or `client`. */
  key: string;
  name: string;
  /** Files and directories (walked whole) the output is built from, relative to the root. */
  inputs: string[];
  /** Path parts never to read as inputs (build output, dependencies). */
  ignore: string[];
  /** The file the build must leave, relative to the root. */
  output: string;
  /** Where the digest of the last successful build is kept, relative to the root. */
  stamp: string;
  /** The build: a Node.js script of a dependency and its arguments, run in the root. */
  command: string[];
}

const ROOT = path.resolve(__dirname, '..', '..');

export const TARGETS: Target[] = [
  {
    key: 'server',
    name: 'server',
    inputs: ['server/src', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    ignore: ['node_modules'],
    output: 'dist/server/src/main.js',
    stamp: 'dist/.build-inputs.json',
    command: [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  },
  {
    key: 'client',
    name: 'web app',
    inputs: ['client', 'package-lock.json'],
    ignore: ['node_modules', 'client/dist'],
    output: 'client/dist/index.html',
    stamp: 'client/dist/.build-inputs.json',
    command: [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', 'client'],
  },
];

interface Stamp {
  inputs: string;
  output: { size: number; mtimeMs: number };
}

/** Every input file of a target, sorted, relative to root (forward slashes). */
export function inputFiles(root: string, target: Target): string[] {
  const ignored = (relative: string) => target.ignore.some((part) => relative === part || relative.startsWith(`${part}/`) || relative.split('/').includes(part));
  const walk = (relative: string): string[] => {
    const full = path.join(root, relative);
    if (ignored(relative) || !existsSync(full)) return [];
    if (!statSync(full).isDirectory()) return [relative];
    return readdirSync(full).flatMap((name) => walk(`${relative}/${name}`));
  };
  return [...new Set(target.inputs.flatMap(walk))].sort();
}

/** SHA-256 over each input's name and content, in name order. */
export function inputsDigest(root: string, target: Target): string {
  const hash = createHash('sha256');
  for (const file of inputFiles(root, target)) {
    const content = readFileSync(path.join(root, file));
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

function outputState(root: string, target: Target): Stamp['output'] | null {
  const file = path.join(root, target.output);
  if (!existsSync(file)) return null;
  const { size, mtimeMs } = statSync(file);
  return { size, mtimeMs };
}

function readStamp(root: string, target: Target): Stamp | null {
  try {
    return JSON.parse(readFileSync(path.join(root, target.stamp), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/** Why the target must be built, or null when its output is of exactly its current inputs. */
export function staleness(root: string, target: Target, digest = inputsDigest(root, target)): string | null {
  const output = outputState(root, target);
  if (!output) return `${target.output} is missing`;
  const stamp = readStamp(root, target);
  if (!stamp) return 'no record of the last build';
  if (stamp.output?.size !== output.size || stamp.output?.mtimeMs !== output.mtimeMs) return `${target.output} was rebuilt or changed since`;
  if (stamp.inputs !== digest) return 'its sources changed';
  return null;
}

/**
 * Builds the target when it is stale, with `build` (the npm script by default). The digest is
 * taken before the build: a file changed while it runs makes the next start build again.
 */
export function buildIfStale(root: string, target: Target, build: (target: Target) => boolean = runCommand, log: (line: string) => void = console.error): boolean {
  const digest = inputsDigest(root, target);
  const reason = staleness(root, target, digest);
  if (!reason) {
    log(`The ${target.name} is up to date: not rebuilding.`);
    return true;
  }
  log(`Building the ${target.name}: ${reason}.`);
  return buildAndStamp(root, target, build, log, digest);
}

/**
 * Builds the target whatever its state (`npm run build`) and stamps the output with the digest
 * of the inputs taken before the build, so `npm start` afterwards knows it is fresh.
 */
export function buildAndStamp(root: string, target: Target, build: (target: Target) => boolean = runCommand, log: (line: string) => void = console.error, digest = inputsDigest(root, target)): boolean {
  rmSync(path.join(root, target.stamp), { force: true });
  if (!build(target)) return false;
  const output = outputState(root, target);
  if (!output) {
    log(`The ${target.name}'s build left no ${target.output}.`);
    return false;
  }
  writeFileSync(path.join(root, target.stamp), `${JSON.stringify({ inputs: digest, output } satisfies Stamp)}\n`);
  return true;
}

function runCommand(target: Target): boolean {
  return spawnSync(process.execPath, target.command, { cwd: ROOT, stdio: 'inherit' }).status === 0;
}

if (require.main === module) {
  const [flag, key] = process.argv.slice(2);
  if (flag === '--force') {
    const target = TARGETS.find((candidate) => candidate.key === key);
    if (!target) {
      console.error(`Usage: build-if-stale.ts [--force ${TARGETS.map((t) => t.key).join('|')}]`);
      process.exit(2);
    }
    if (!buildAndStamp(ROOT, target)) process.exit(1);
  } else {
    for (const target of TARGETS) if (!buildIfStale(ROOT, target)) process.exit(1);
  }
}
