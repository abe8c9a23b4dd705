import { spawn } from "node:child_process";

/**
 * Runs a command from node_modules/.bin (npm puts it on PATH), stdin closed so wrangler never
 * waits for a confirmation, output passed through. Resolves on exit code 0.
 */
export function run(command: string, args: string[], env: Record<string, string> = {}, quiet = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const stdio = quiet ? (["ignore", "ignore", "inherit"] as const) : (["ignore", "inherit", "inherit"] as const);
    const child = spawn(command, args, { stdio: [...stdio], env: { ...process.env, ...quietWrangler, ...env } });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

/** Wrangler stays offline: no telemetry, no update check. */
export const quietWrangler = { WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", NO_UPDATE_NOTIFIER: "1" };
