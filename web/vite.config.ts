import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

const webRoot = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The Worker's /api/docs page loads Swagger UI from /vendor/swagger-ui/ on this origin, so the API
 * docs work on a network with no internet. The two files are emitted into the build as assets.
 */
function swaggerUiAssets(): Plugin {
  const files = ["swagger-ui.css", "swagger-ui-bundle.js"];
  return {
    name: "lianxue:swagger-ui-assets",
    apply: "build",
    async generateBundle() {
      const distDir = dirname(require.resolve("swagger-ui-dist/package.json"));
      for (const file of files) {
        this.emitFile({ type: "asset", fileName: `vendor/swagger-ui/${file}`, source: await readFile(join(distDir, file)) });
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  publicDir: join(webRoot, "public"),
  plugins: [preact(), swaggerUiAssets()],
  css: { modules: { localsConvention: "camelCaseOnly" } },
  build: {
    outDir: join(webRoot, "dist"),
    emptyOutDir: true,
    target: "es2022",
    // Keep small chunks as files: the login page must stay within its 50 KB (gzip) budget.
    assetsInlineLimit: 2048,
  },
  server: {
    proxy: {
      // The API refuses writes whose Origin is not its own; rewrite it so the dev server behaves as same-origin.
      "/api": {
        target: "http://localhost:8787",
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on("proxyReq", (proxyReq) => {
            if (proxyReq.getHeader("origin")) proxyReq.setHeader("origin", "http://localhost:8787");
          });
        },
      },
    },
  },
});
