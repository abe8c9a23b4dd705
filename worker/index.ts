import { createApp } from "./app";
import { createDb } from "./db/client";
import { sweepExpiredAttempts } from "./features/contests/attempt.service";
import { sweepLiveRooms } from "./features/live/live.service";
import { creditPlacements } from "./features/plans/points.service";
import { takeDueSnapshots } from "./features/plans/snapshots.service";

export { LiveRoom } from "./features/live/live.do";

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * Every minute: attempts past their deadline close even when no phone comes back to read them;
   * live rooms left behind are nudged to end (see sweepLiveRooms); closed rounds' places are
   * credited to the points bank; report snapshots of periods just over are taken.
   */
  async scheduled(_controller, env, ctx) {
    const db = createDb(env.DB);
    const at = Date.now();
    ctx.waitUntil(
      Promise.all([sweepExpiredAttempts(db), sweepLiveRooms(env, db), creditPlacements(db, at), takeDueSnapshots(db, at)]).then(
        () => undefined,
      ),
    );
  },
} satisfies ExportedHandler<Env>;
