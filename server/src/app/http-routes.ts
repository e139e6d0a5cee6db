import type { Express } from 'express';
import { mountPaymentRoutes } from '../modules/payments/payments.routes';
import type { AppDeps } from '../services';

/** Mounts a module's plain HTTP endpoints (webhooks, the test checkout page) before `/graphql`. */
export type HttpRoutes = (app: Express, deps: AppDeps) => void;

/** A module with HTTP endpoints adds its mount function here. */
export const httpRoutes: HttpRoutes[] = [mountPaymentRoutes];
