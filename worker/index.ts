import { createApp } from "./app";
import { createDb } from "./db/client";
import { sweepExpiredAttempts } from "./features/contests/attempt.service";

export { LiveRoom } from "./features/live/live.do";

const app = createApp();

export default {
  fetch: app.fetch,
  /** Every minute: attempts past their deadline close even when no phone comes back to read them. */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepExpiredAttempts(createDb(env.DB)).then(() => undefined));
  },
} satisfies ExportedHandler<Env>;
