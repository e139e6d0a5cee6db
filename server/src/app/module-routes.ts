import type { Express } from 'express';
import type { AppDeps } from './services';

/**
 * Mounts a module's plain HTTP endpoints (webhooks, the test checkout page) before `/graphql`.
 * Another method on a mounted path is answered 405 with the methods the module mounted.
 */
export type HttpRoutes = (app: Express, deps: AppDeps) => void;
