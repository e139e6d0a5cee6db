import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a `node --cpu-prof` profile's time went: self time by function, by package or source
 * folder, and the total (self and below) of the functions named on the command line.
 *
 *   npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top=30] [from-to seconds] [functionName …]
 *
 * A window such as `40-50` keeps only the samples taken 40 to 50 s into the profile (the load,
 * without start-up); without one it prints busy time per 5 s to find the load.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topText = '30', ...rest] = process.argv.slice(2);
const windowArg = rest.find((arg) => /^\d+(\.\d+)?-\d+(\.\d+)?$/.test(arg));
const named = rest.filter((arg) => arg !== windowArg);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const [from, to] = windowArg ? windowArg.split('-').map((x) => Number(x) * 1e6) : [0, Infinity];
// Sample i was taken at startTime + the sum of timeDeltas[0..i]; outside the window it counts as nothing.
let clock = 0;
const inWindow = profile.samples.map((_, i) => {
  clock += profile.timeDeltas[i] ?? 0;
  return clock >= from && clock <= to;
});
profile.timeDeltas = profile.timeDeltas.map((delta, i) => (inWindow[i] ? delta : 0));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

function where(url: string): string {
  if (!url) return '(native / V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const server = url.indexOf('/server/src/');
  if (server >= 0) return `server/src/${path.dirname(url.slice(server + '/server/src/'.length))}`;
  return url.replace(/^file:\/\//, '');
}

function add2(map: Map<number, number>, key: number, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  add(byFunction, `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}` : ''}`, micros);
  add(byPlace, functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)' ? functionName : where(url), micros);
}

const pct = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms`;
const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled${windowArg ? ` in ${windowArg} s` : ''}`);
if (!windowArg) {
  const busy = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (byId.get(id)!.callFrame.functionName !== '(idle)') add2(busy, Math.floor(at / 5e6) * 5, profile.timeDeltas[i] ?? 0);
  });
  console.log(`busy per 5 s: ${[...busy].map(([second, micros]) => `${second}s ${Math.round(micros / 50000)}%`).join(', ')}`);
}
console.log('\nSelf time by package or folder:');
for (const [key, micros] of top(byPlace, 25)) console.log(`${pct(micros)}  ${key}`);
console.log(`\nSelf time by function (top ${topText}):`);
for (const [key, micros] of top(byFunction, Number(topText))) console.log(`${pct(micros)}  ${key}`);

if (named.length) {
  // Total time: a sample counts once for a named function if it is anywhere on its stack.
  console.log('\nTotal time (self and callees) of named functions:');
  for (const name of named) {
    let micros = 0;
    profile.samples.forEach((id, i) => {
      for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
        if (byId.get(node)!.callFrame.functionName === name) {
          micros += profile.timeDeltas[i] ?? 0;
          break;
        }
      }
    });
    console.log(`${pct(micros)}  ${name}`);
  }
}
