import type { ParsedQuestion } from "../question";

export async function parseDocx(_bytes: Uint8Array): Promise<ParsedQuestion[]> {
  return [];
}
