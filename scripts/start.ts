/**
 * `npm start`: build the web app, migrate the local D1, load the demo data, serve on :8787.
 * Everything runs on this machine: no Cloudflare account, no internet.
 */
import { spawn } from "node:child_process";
import { quietWrangler, run } from "./run.ts";
import { seedDemo } from "./seed-demo.ts";

const port = process.env.PORT ?? "8787";

await run("vite", ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
await run("wrangler", ["d1", "migrations", "apply", "DB", "--local"]);
await seedDemo();

console.log(`\n链学 Lianxue: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)\n`);
const server = spawn("wrangler", ["dev", "--port", port, "--ip", "127.0.0.1", "--show-interactive-dev-session=false"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, ...quietWrangler },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
