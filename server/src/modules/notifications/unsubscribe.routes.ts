import express from 'express';
import type { HttpRoutes } from '../../app/module-routes';
import { sendHttpError } from '../../http-errors';

/** The path of the one-click unsubscribe link in every digest (`?token=`). */
export const UNSUBSCRIBE_PATH = '/unsubscribe';

/**
 * Whether a POST body says `List-Unsubscribe=One-Click` (RFC 8058 §3.1), as mail clients send it:
 * `application/x-www-form-urlencoded`, or `multipart/form-data` with that one field.
 */
function isOneClick(body: string, contentType: string): boolean {
  if (/^multipart\/form-data/i.test(contentType)) {
    return /Content-Disposition:\s*form-data;\s*name="?List-Unsubscribe"?\s*\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/i.test(body);
  }
  return new URLSearchParams(body.trim()).get('List-Unsubscribe') === 'One-Click';
}

/**
 * `POST /unsubscribe?token=…` with the body `List-Unsubscribe=One-Click`: RFC 8058's one-click
 * unsubscribe, the URL of every digest's `List-Unsubscribe` header. No sign-in (the token is the
 * proof), no confirmation, idempotent. Answers 200 `{ "unsubscribed": true }`; 400 BAD_REQUEST
 * without a token or the one-click body; 404 NOT_FOUND for a token that is unknown or over 90
 * days old. A GET of the same URL is the web app's page with a button that POSTs here: a GET never
 * unsubscribes, since mail scanners follow links.
 */
export const mountUnsubscribeRoutes: HttpRoutes = (app, deps) => {
  app.post(UNSUBSCRIBE_PATH, express.text({ type: () => true, limit: 2048 }), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const body = typeof req.body === 'string' ? req.body : '';
    if (!token || !isOneClick(body, req.headers['content-type'] ?? '')) {
      sendHttpError(req, res, 400, 'BAD_REQUEST', 'Expected ?token= and the body List-Unsubscribe=One-Click');
      return;
    }
    try {
      if (!(await deps.services.digests.unsubscribe(token))) {
        sendHttpError(req, res, 404, 'NOT_FOUND', 'This unsubscribe link is unknown or has expired');
        return;
      }
      res.json({ unsubscribed: true });
    } catch (error) {
      deps.logger.error({ err: error }, 'unsubscribe failed');
      sendHttpError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  });
};
