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

/** A request through the Worker's own fetch handler: the whole stack, real D1 underneath. */
export async function call(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return worker.fetch(new Request(`${ORIGIN}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body }));
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
