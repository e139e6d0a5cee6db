/*
 * What a process the live benchmark measures (bench/live-instance.ts, bench/live-bare.ts) shares:
 * the IPC with bench/live.ts, which forked it. It says `ready` with its URL, then answers
 * `stats` until `stop`. A process of its own, so its CPU time and memory are its own.
 */

export type ProcessRequest = { type: 'stats'; id: number } | { type: 'stop' };

export interface ProcessStats {
  /** User + system CPU time since the process started. */
  cpuMicros: number;
  /** Resident memory after a full garbage collection. */
  rssBytes: number;
  /** SQL statements since the process started (transaction control excluded, as the tests count). */
  statements: number;
}

export type ProcessReply = { type: 'ready'; url: string } | { type: 'stats'; id: number; stats: ProcessStats };

export interface Running {
  url: string;
  stop(): Promise<void>;
}

const gc = (global as { gc?: () => void }).gc;

/** CPU first (the collections below are the benchmark's, not the process's), memory once freed pages have gone back. */
async function readStats(statements: number): Promise<ProcessStats> {
  const cpu = process.cpuUsage();
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc?.();
  return { cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage().rss, statements };
}

/** Starts what `start` starts and serves the parent until it says stop (or goes away). */
export function serveParent(start: () => Promise<Running>, statements: () => number = () => 0): void {
  const reply = (message: ProcessReply) => process.send?.(message);
  start()
    .then((running) => {
      const stop = () => void running.stop().finally(() => process.exit(0));
      process.on('message', (request: ProcessRequest) => {
        if (request.type === 'stop') return stop();
        void readStats(statements()).then((stats) => reply({ type: 'stats', id: request.id, stats }));
      });
      process.on('disconnect', stop);
      reply({ type: 'ready', url: running.url });
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
