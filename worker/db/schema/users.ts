import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A person. Logs in by phone number; organizer-created accounts start `pending` until activated. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    phone: text("phone").notNull(),
    name: text("name").notNull(),
    employeeNo: text("employee_no"),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`: the parameters travel with the hash. */
    passwordHash: text("password_hash"),
    status: text("status", { enum: ["pending", "active", "disabled"] })
      .notNull()
      .default("pending"),
    isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
    /** SHA-256 of the one-time activation code; cleared once used. */
    activationCodeHash: text("activation_code_hash"),
    activationExpiresAt: integer("activation_expires_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("users_phone_unique").on(t.phone), index("users_name_idx").on(t.name)],
);

/** A login. The token itself is never stored, only its SHA-256, so a leaked table logs nobody in. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    userAgent: text("user_agent"),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("sessions_token_hash_unique").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/**
 * Failed logins per phone number, whether or not an account has it, so the lock tells an
 * attacker nothing about which numbers exist.
 */
export const loginThrottle = sqliteTable("login_throttle", {
  login: text("login").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: integer("window_started_at").notNull(),
  lockedUntil: integer("locked_until"),
});
