import { createExecutionContext, env } from "cloudflare:test";
import { createApp } from "../../worker/app";
import { ORIGIN } from "./http";

/**
 * A request through the Worker with its D1 binding counted: every call that goes to the database
 * — `batch`, `exec`, and `first`/`all`/`run`/`raw` on a prepared statement outside a batch — is
 * one round trip. The Worker reads `c.env.DB` from the request's env, so the app gets a proxy of
 * the binding (as callAtOnce does); statements it prepares are proxied too and handed back
 * unwrapped to the real `batch`, which reads their private fields.
 */
export async function callCounted(
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ response: Response; roundTrips: number; calls: string[] }> {
  const calls: string[] = [];
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, name) {
        if (name === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        const value = Reflect.get(target, name);
        if (typeof value !== "function") return value;
        if (name === "first" || name === "all" || name === "run" || name === "raw")
          return (...args: unknown[]) => {
            calls.push(String(name));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        return value.bind(target);
      },
    });
    real.set(proxy, statement);
    return proxy;
  };
  const db = new Proxy(env.DB, {
    get(target, name) {
      if (name === "prepare") return (query: string) => wrap(target.prepare(query));
      if (name === "batch")
        return (statements: D1PreparedStatement[]) => {
          calls.push(`batch(${statements.length})`);
          return target.batch(statements.map((s) => real.get(s) ?? s));
        };
      if (name === "exec")
        return (query: string) => {
          calls.push("exec");
          return target.exec(query);
        };
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const headers = new Headers();
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const request = new Request(`${ORIGIN}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
  const response = await createApp().fetch(request, { ...env, DB: db }, createExecutionContext());
  return { response, roundTrips: calls.length, calls };
}
