/* Requests to a running server, each with what came back and how long it took, and a steady load of them. */

/** /healthz waits 2 s for the database; slack for a busy machine. */
export const HEALTH_BOUND_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export interface Outcome {
  kind: string;
  /** What the request is identified by in the database (a message body, a listing title). */
  tag?: string;
  startedAt: number;
  ms: number;
  status?: number;
  contentType?: string;
  json?: GraphQLBody;
  text?: string;
  /** The client's error when no response came: ECONNREFUSED, UND_ERR_SOCKET (reset), TimeoutError… */
  networkError?: string;
}

export async function post(baseUrl: string, kind: string, query: string, variables: Record<string, unknown>, token?: string, tag?: string): Promise<Outcome> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      // Far past every bound: a request still open by then has hung.
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json: GraphQLBody | undefined;
    try {
      json = JSON.parse(text) as GraphQLBody;
    } catch {
      json = undefined;
    }
    return { kind, tag, startedAt, ms: Date.now() - startedAt, status: response.status, contentType: response.headers.get('content-type') ?? '', json, text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { kind, tag, startedAt, ms: Date.now() - startedAt, networkError: cause?.code ?? (error as Error).name };
  }
}

export const succeeded = (o: Outcome) => o.status === 200 && !o.json?.errors?.length && o.json?.data != null;
export const codesOf = (o: Outcome) => (o.json?.errors ?? []).map((e) => e.extensions?.code);
/** Everything about an outcome but its timing, for readable failures. */
export const show = (o: Outcome) => ({ kind: o.kind, status: o.status, ms: o.ms, networkError: o.networkError, contentType: o.contentType, body: o.text?.slice(0, 300) });

export async function health(baseUrl: string): Promise<{ status: number | string; ms: number; body?: unknown }> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(30_000) });
    return { status: response.status, ms: Date.now() - startedAt, body: await response.json() };
  } catch (error) {
    return { status: (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name, ms: Date.now() - startedAt };
  }
}

/** Polls /healthz until it answers `want`; every answer on the way must come within HEALTH_BOUND_MS. */
export async function untilHealth(baseUrl: string, want: number, timeoutMs: number): Promise<number> {
  const since = Date.now();
  for (;;) {
    const answer = await health(baseUrl);
    expect({ ...answer, slow: answer.ms > HEALTH_BOUND_MS }).toMatchObject({ slow: false });
    if (answer.status === want) {
      expect(answer.body).toEqual({ status: want === 200 ? 'ok' : 'unavailable' });
      return Date.now() - since;
    }
    if (Date.now() - since > timeoutMs) throw new Error(`/healthz did not answer ${want} within ${timeoutMs} ms; last: ${JSON.stringify(answer)}`);
    await sleep(100);
  }
}

/** A few clients sending requests back to back (one at a time each) until stopped. */
export function steadyLoad(clients: number, request: (n: number) => Promise<Outcome>) {
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      outcomes.push(await request(n++));
      await sleep(20);
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
