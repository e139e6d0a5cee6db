import { closeRedisProbes } from './live';

// Every suite's Redis probes (live.ts) close when it ends, whether or not the suite remembered
// to: an open probe kept Jest's process alive after the last suite (CI: "Jest did not exit").
afterAll(() => closeRedisProbes());
