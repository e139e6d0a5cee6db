import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../server/test/ports';

/* The built server, `node dist/server/src/main.js`, as `npm start` and production run it. */

export const root = path.resolve(__dirname, '..');
const mainJs = path.join(root, 'dist', 'server', 'src', 'main.js');

/** Builds the server when dist/ is missing or older than any source file, so a test never runs stale code. */
export function ensureBuilt(): void {
  const newestSource = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return Math.max(newest, newestSource(full));
      return entry.name.endsWith('.ts') ? Math.max(newest, statSync(full).mtimeMs) : newest;
    }, 0);
  if (existsSync(mainJs) && statSync(mainJs).mtimeMs >= newestSource(path.join(root, 'server', 'src'))) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

export interface BuiltServer {
  child: ChildProcess;
  port: number;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** What it wrote to stdout (the JSON logs) and to stderr, each alone, so far. */
  stdout: () => string;
  stderr: () => string;
}

/**
 * Starts the built server on a free port with only what a shell gives a fresh user (PATH, HOME)
 * and `env`: nothing of Jest's environment. Resolves once /healthz answers 200.
 */
export async function startBuiltServer(env: Record<string, string>, timeoutMs = 30_000): Promise<BuiltServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [mainJs], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const server: BuiltServer = { child, port, url: `http://127.0.0.1:${port}`, exited, output: () => output, stdout: () => stdout, stderr: () => stderr };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${output}`);
    const healthy = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.ok, () => false);
    if (healthy) return server;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
