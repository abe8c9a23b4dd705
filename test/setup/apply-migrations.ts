import { applyD1Migrations, env } from "cloudflare:test";

// The real migrations from migrations/, applied to this test file's isolated D1. Applying is
// idempotent (applied ones are recorded), so running it before every file is cheap.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
