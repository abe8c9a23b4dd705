/**
 * The live-room bench's data, written with the contest bench's (contest-data.ts: the same bench
 * members, the same SQL file) before the server starts: a session for each bench member who will
 * be a phone in the room, inserted as rows the way a login would leave them. Logging 2,000 people
 * in through the API would hash 2,000 passwords (PBKDF2, slow on purpose) on the server under test
 * before the scenario even starts; the room is what is measured, not the login. The tokens are
 * fixed (derived from the phone number), so the load process can compute them; they are only
 * ever valid in the bench's temp D1.
 */
import { sha256Hex } from "../worker/lib/crypto.ts";
import { type BenchPerson, insertRows } from "./contest-data.ts";

const DAY = 86_400_000;

/** A bench member's session token: matches the API's bearer pattern ([A-Za-z0-9_-]{20,100}). */
export const liveBenchToken = (phone: string) => `benchlive-${phone}-session-token`;

/** Session rows for `members` (the bench's attemptMembers), as POST /api/auth/login would write them. */
export async function liveBenchSql(members: BenchPerson[], at = Date.now()): Promise<string> {
  const rows = await Promise.all(
    members.map(async (p) => [
      `benchlivesess${p.phone}`,
      p.id,
      await sha256Hex(liveBenchToken(p.phone)),
      "lianxue-bench",
      at,
      at,
      at + 30 * DAY,
      null,
    ]),
  );
  const columns = ["id", "user_id", "token_hash", "user_agent", "created_at", "last_seen_at", "expires_at", "revoked_at"];
  return `${insertRows("sessions", columns, rows).join("\n")}\n`;
}
