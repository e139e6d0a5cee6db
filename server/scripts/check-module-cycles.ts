import { createRequire } from 'node:module';
import path from 'node:path';

/** The part of madge's API this check uses (the package ships no types). */
type Madge = (
  root: string,
  config: { baseDir: string; fileExtensions: string[]; tsConfig: string; excludeRegExp: RegExp[]; detectiveOptions: object },
) => Promise<{ obj(): Record<string, string[]>; circular(): string[][] }>;

const madge = createRequire(__filename)('madge') as Madge;

const ROOT = path.resolve(__dirname, '../..');
const MODULES = 'server/src/modules';

/** `server/src/modules/<folder>/…` → `<folder>`; anything outside the modules → null. */
function moduleOf(file: string): string | null {
  const match = new RegExp(`^${MODULES}/([^/]+)/`).exec(file.split(path.sep).join('/'));
  return match ? match[1] : null;
}

/** Every elementary cycle of the folder graph, each once, starting from its smallest folder. */
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const folders = [...graph.keys()].sort();
  for (const start of folders) {
    // Only folders after `start` may appear on the path: each cycle is found from its smallest member.
    const walk = (folder: string, trail: string[]): void => {
      for (const next of [...(graph.get(folder) ?? [])].sort()) {
        if (next === start) cycles.push([...trail, start]);
        else if (next > start && !trail.includes(next)) walk(next, [...trail, next]);
      }
    };
    walk(start, [start]);
  }
  return cycles;
}

/**
 * Fails when module folders import each other in a cycle, or when any files of `server/src` do. Type-only imports count (`import type`
 * ties the folders together just as much). Test files do not: a test drives its module through
 * the whole API and may build data with any module's entities.
 */
const importsOf = (root: string) =>
  madge(root, {
    baseDir: ROOT,
    fileExtensions: ['ts'],
    tsConfig: path.join(ROOT, 'tsconfig.json'),
    excludeRegExp: [/\.test\.ts$/],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });

async function main(): Promise<void> {
  const fileCycles = (await importsOf('server/src')).circular();
  if (fileCycles.length > 0) {
    console.error(`${fileCycles.length} cycle${fileCycles.length === 1 ? '' : 's'} of imports between files of server/src:`);
    for (const cycle of fileCycles) console.error(`  ${[...cycle, cycle[0]].join(' → ')}`);
    process.exitCode = 1;
  }
  const result = await importsOf(MODULES);
  const graph = new Map<string, Set<string>>();
  const examples = new Map<string, string>();
  for (const [file, imports] of Object.entries(result.obj())) {
    const from = moduleOf(file);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const imported of imports) {
      const to = moduleOf(imported);
      if (!to || to === from) continue;
      graph.get(from)?.add(to);
      if (!examples.has(`${from}→${to}`)) examples.set(`${from}→${to}`, `${file} imports ${imported}`);
    }
  }
  const cycles = cyclesOf(graph);
  if (cycles.length === 0) {
    if (fileCycles.length === 0) console.log(`No cycle between the ${graph.size} module folders, nor between any files of server/src.`);
    return;
  }
  console.error(`${cycles.length} cycle${cycles.length === 1 ? '' : 's'} between module folders:`);
  for (const cycle of cycles) {
    console.error(`  ${cycle.join(' → ')}`);
    for (let i = 0; i + 1 < cycle.length; i += 1) console.error(`      ${examples.get(`${cycle[i]}→${cycle[i + 1]}`)}`);
  }
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
