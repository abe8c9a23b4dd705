import { createApp } from "./app";
import { createDb } from "./db/client";
import { sweepExpiredAttempts } from "./features/contests/attempt.service";
import { sweepLiveRooms } from "./features/live/live.service";

export { LiveRoom } from "./features/live/live.do";

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * Every minute: attempts past their deadline close even when no phone comes back to read them;
   * live rooms left behind are nudged to end (see sweepLiveRooms).
   */
  async scheduled(_controller, env, ctx) {
    const db = createDb(env.DB);
    ctx.waitUntil(Promise.all([sweepExpiredAttempts(db), sweepLiveRooms(env, db)]).then(() => undefined));
  },
} satisfies ExportedHandler<Env>;
