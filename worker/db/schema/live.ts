import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contestRounds } from "./contests";

/**
 * The room (赛场) of a live round: one per round, found by its 6-digit PIN while it is not ended.
 * The room's running state (question, clock, answers) lives in its Durable Object; this row is
 * what the Worker needs to route a phone to it and what outlives the object.
 */
export const liveRooms = sqliteTable(
  "live_rooms",
  {
    roundId: text("round_id")
      .primaryKey()
      .references(() => contestRounds.id, { onDelete: "cascade" }),
    pin: text("pin").notNull(),
    status: text("status", { enum: ["lobby", "running", "ended"] })
      .notNull()
      .default("lobby"),
    openedBy: text("opened_by"),
    openedAt: integer("opened_at").notNull(),
    endedAt: integer("ended_at"),
  },
  (t) => [
    // A PIN names one room at a time: ended rooms give theirs back.
    uniqueIndex("live_rooms_pin_unique").on(t.pin).where(sql`status <> 'ended'`),
    index("live_rooms_status_idx").on(t.status),
  ],
);
