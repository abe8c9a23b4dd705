import { createExecutionContext, env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";

// The main module's default export (the Hono app), typed here because the generated Env types do not describe it.
const worker = (exports as unknown as { default: { fetch(request: Request): Promise<Response> } }).default;

export const ORIGIN = "https://lianxue.test";

type RequestOptions = {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
};

function toRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(`${ORIGIN}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
}

/** A request through the Worker's own fetch handler: the whole stack, real D1 underneath. */
export async function call(path: string, options: RequestOptions = {}): Promise<Response> {
  return worker.fetch(toRequest(path, options));
}

/**
 * Requests that arrive at the same instant, as from two taps on a phone. Run one after another in
 * a test isolate they would never overlap, so each D1 batch waits until every request has reached
 * its own next batch (or a moment has passed): what one request reads, the others read too, before
 * any of them writes.
 */
export async function callAtOnce(requests: Parameters<typeof call>[]): Promise<Response[]> {
  const waiting: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(timer);
    timer = undefined;
    for (const resume of waiting.splice(0)) resume();
  };
  const barrier = () =>
    new Promise<void>((resume) => {
      waiting.push(resume);
      // A request that has finished, or took another path, never arrives: the others go on without it.
      if (waiting.length === requests.length) release();
      else timer ??= setTimeout(release, 500);
    });
  const db = new Proxy(env.DB, {
    get(target, name) {
      if (name === "batch")
        return async (statements: D1PreparedStatement[]) => {
          await barrier();
          return target.batch(statements);
        };
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  // A fresh app, handed the gated database: the Worker's own export always reads the real binding.
  const { createApp } = await import("../../worker/app");
  const app = createApp();
  return Promise.all(requests.map(([path, options]) => app.fetch(toRequest(path, options), { ...env, DB: db }, createExecutionContext())));
}

/** Calls and checks the status first, with the body in the failure message. */
export async function expectStatus<T = unknown>(response: Response | Promise<Response>, status: number): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status, `${res.status} ${text.slice(0, 600)}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/** The one error envelope, whole. */
export function errorEnvelope(code: string, message: unknown = expect.any(String), details?: unknown) {
  const error: Record<string, unknown> = { code, message, requestId: expect.any(String) };
  if (details !== undefined) error.details = details;
  return { error };
}
