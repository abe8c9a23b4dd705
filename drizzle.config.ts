import { defineConfig } from "drizzle-kit";

// drizzle-kit writes SQL migrations into migrations/; wrangler applies them (locally, in tests, remotely).
export default defineConfig({
  dialect: "sqlite",
  schema: "./worker/db/schema/index.ts",
  out: "./migrations",
});
