import { mountUnsubscribeRoutes } from '../modules/notifications/unsubscribe.routes';
import { mountPaymentRoutes } from '../modules/payments/payments.routes';
import { mountDevMailbox } from './dev-mailbox';
import type { HttpRoutes } from './module-routes';

/** A module with HTTP endpoints adds its mount function here. */
export const httpRoutes: HttpRoutes[] = [mountPaymentRoutes, mountUnsubscribeRoutes, mountDevMailbox];
