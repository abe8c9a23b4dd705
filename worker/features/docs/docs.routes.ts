import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

/**
 * The OpenAPI 3.1 document, built from the same route definitions that validate requests, and a
 * Swagger UI page whose assets are served from this Worker (copied from swagger-ui-dist at build
 * time) so the docs work with no internet.
 */
const security: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];

export function mountDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookie", { type: "apiKey", in: "cookie", name: "__Host-lx_session" });
  app.doc31("/api/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Lianxue 链学 API",
      version: "0.1.0",
      description:
        "Every error answers `{ error: { code, message, details?, requestId } }`. Authenticate with the session cookie (browser) or `Authorization: Bearer <token>` from `POST /api/auth/login`. State-changing requests must be JSON (or multipart uploads) and come from this origin.",
    },
    servers: [{ url: new URL(c.req.url).origin }],
    security: security,
  }));
  app.get("/api/docs", (c) =>
    c.html(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>链学 API 文档</title>
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#docs", deepLinking: true });</script>
</body>
</html>`),
  );
}
