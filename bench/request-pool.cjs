/* global require, module, process */
'use strict';
/**
 * autocannon's setupRequest, loaded in its worker thread (plain CommonJS: the worker does not run
 * ts-node). Each request takes the next body of the pool file named by BENCH_REQUEST_POOL (a JSON
 * array of GraphQL request bodies), one counter for all connections, so concurrent connections
 * never send the same body at the same time and no body repeats until the pool is used up.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon's worker require()s this file
const { readFileSync } = require('node:fs');

const bodies = JSON.parse(readFileSync(process.env.BENCH_REQUEST_POOL, 'utf8'));
let next = 0;

module.exports = function setupRequest(request) {
  const body = bodies[next % bodies.length];
  next += 1;
  return { ...request, body };
};
