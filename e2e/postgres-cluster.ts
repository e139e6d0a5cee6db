import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../server/test/ports';

/* A PostgreSQL cluster of the test's own: initdb and pg_ctl in a temporary directory, on a free port. */

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

const pgBin = (() => {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL binaries under ${base}/*/bin (install postgresql)`);
  return path.join(base, newest, 'bin');
})();

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
function pgTool(tool: string, args: string[]) {
  const binary = path.join(pgBin, tool);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
}

export interface Cluster {
  dir: string;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP or SIGCONT to the server and every backend: a database that hangs without closing anything. */
  freeze(frozen: boolean): void;
}

export async function createCluster(): Promise<Cluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'techgigs-chaos-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = path.join(dir, 'data');
  await pgTool('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  return {
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => void (await pgTool('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', '-t', '30', 'start'])),
    // "fast": every session is terminated at once (57P01), as in a restart or a fail-over.
    stop: async () => void (await pgTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'])),
    freeze(frozen) {
      const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const backends = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).toString().split(/\s+/).filter(Boolean).map(Number);
      for (const pid of [postmaster, ...backends]) process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT');
    },
  };
}
