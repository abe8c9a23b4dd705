/**
 * What the demo seeds share to write SQL text: literals, INSERT OR IGNORE rows (so loading the demo
 * twice changes nothing), and numbers fixed by text instead of Math.random, so the demo is the same
 * on every machine.
 */
import { createHash } from "node:crypto";

export type Value = string | number | boolean | null;

export const quote = (value: Value) =>
  value === null
    ? "NULL"
    : typeof value === "boolean"
      ? value
        ? "1"
        : "0"
      : typeof value === "number"
        ? String(value)
        : `'${value.replace(/'/g, "''")}'`;

export const insert = (table: string, row: Record<string, Value>) =>
  `INSERT OR IGNORE INTO ${table} (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).map(quote).join(", ")});`;

/** A number in [0, 1) fixed by the text. */
export function unit(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}
