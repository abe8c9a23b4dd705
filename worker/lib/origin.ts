import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const ACCEPTED_TYPES = ["application/json", "multipart/form-data"];

/**
 * Cross-site request forgery guard for every state-changing request. Hono's csrf middleware only
 * looks at form content types, so a cross-site `fetch` with a JSON body would slip through it.
 * Here: a body must be JSON (or multipart, for uploads) — types an HTML form cannot send without
 * CORS, which this API never grants — and a browser's own provenance headers must say the request
 * came from this origin. Non-browser clients send neither header and authenticate with a bearer
 * token, which a forged request cannot carry.
 */
export const sameOriginWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();

  const fetchSite = c.req.header("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") throw new ApiError("CROSS_ORIGIN", "error.crossOrigin");
  const origin = c.req.header("origin");
  if (origin && origin !== new URL(c.req.url).origin) throw new ApiError("CROSS_ORIGIN", "error.crossOrigin");

  const hasBody = c.req.header("content-length") !== undefined ? c.req.header("content-length") !== "0" : c.req.raw.body !== null;
  if (hasBody) {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!ACCEPTED_TYPES.includes(type)) throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "error.unsupportedMediaType");
  }
  return next();
};
