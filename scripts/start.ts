/**
 * `npm start`: build the web app, migrate the local D1, load the demo data, serve on :8787.
 * Everything runs on this machine: no Cloudflare account, no internet.
 */
import { spawn } from "node:child_process";
import { runCronEveryMinute } from "./local-cron.ts";
import { quietWrangler, run } from "./run.ts";
import { seedDemo } from "./seed-demo.ts";

const port = process.env.PORT ?? "8787";

await run("vite", ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
await run("wrangler", ["d1", "migrations", "apply", "DB", "--local"]);
await seedDemo();

console.log(`\n链学 Lianxue: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)\n`);
const server = spawn("wrangler", ["dev", "--port", port, "--ip", "127.0.0.1", "--test-scheduled", "--show-interactive-dev-session=false"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, ...quietWrangler },
});
// The minute cron of the deployment, once the server answers (see local-cron.ts).
const base = `http://127.0.0.1:${port}`;
let stopCron = () => {};
void (async () => {
  for (let i = 0; i < 240; i++) {
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) {
      stopCron = runCronEveryMinute(base);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
})();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    stopCron();
    server.kill(signal);
  });
server.on("exit", (code) => {
  stopCron();
  process.exit(code ?? 0);
});
