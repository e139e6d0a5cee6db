import type { Request, Response } from 'express';

/**
 * Errors outside GraphQL's own responses. Every one is JSON with a code, whatever NODE_ENV:
 * on `/graphql` in GraphQL's shape, `{ "errors": [{ "message", "extensions": { "code" } }] }`;
 * everywhere else `{ "error": { "code", "message" } }`. No stack or server path is ever sent.
 */
export function sendHttpError(req: Request, res: Response, status: number, code: string, message: string): void {
  if (isGraphQLPath(req)) {
    // GraphQL over HTTP: answer in the media type the client prefers of the two it may accept.
    const type = req.accepts(['application/json', 'application/graphql-response+json']) || 'application/json';
    res.status(status).type(`${type}; charset=utf-8`).send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
    return;
  }
  res.status(status).json({ error: { code, message } });
}

const isGraphQLPath = (req: Request): boolean => /^\/graphql(?:[/?]|$)/.test(req.originalUrl);
