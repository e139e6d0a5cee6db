import express from 'express';
import type { HttpRoutes } from '../../app/module-routes';
import { sendHttpError } from '../../http-errors';
import { MAX_BODY_BYTES } from '../../graphql/limits';

/**
 * `POST /webhooks/stripe`. The signature covers the exact bytes Stripe sent, so the body is read
 * raw here, before any JSON parser. Answers: 404 when this server is not in Stripe mode (no
 * endpoint to deliver to), 400 for a missing, bad or stale signature (nothing changes), 200 once
 * the event is handled or deliberately ignored, 500 on an unexpected failure so Stripe retries.
 * Errors are `{ "error": { "code", "message" } }`, like every error outside GraphQL.
 */
export const mountPaymentRoutes: HttpRoutes = (app, deps) => {
  app.post('/webhooks/stripe', express.raw({ type: 'application/json', limit: MAX_BODY_BYTES }), async (req, res) => {
    const gateway = deps.services.stripe;
    if (!gateway.enabled) {
      sendHttpError(req, res, 404, 'NOT_FOUND', 'Stripe payments are not enabled on this server');
      return;
    }

    const signature = req.headers['stripe-signature'];
    if (!Buffer.isBuffer(req.body) || typeof signature !== 'string') {
      sendHttpError(req, res, 400, 'BAD_REQUEST', 'Expected a JSON body signed with a Stripe-Signature header');
      return;
    }
    let event;
    try {
      event = gateway.verifyWebhook(req.body, signature);
    } catch (error) {
      deps.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Stripe webhook refused: bad signature');
      sendHttpError(req, res, 400, 'BAD_REQUEST', 'Invalid Stripe signature');
      return;
    }

    try {
      const outcome = await deps.services.payments.handleStripeEvent(event);
      deps.logger.info({ eventId: event.id, type: event.type, outcome }, 'Stripe webhook handled');
      res.json({ received: true });
    } catch (error) {
      deps.logger.error({ err: error, eventId: event.id, type: event.type }, 'Stripe webhook failed');
      sendHttpError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  });
};
