import type { ParsedQuestion } from "../question";

export async function parseQuestionSheet(_bytes: Uint8Array, _fileName: string): Promise<ParsedQuestion[]> {
  return [];
}

export async function buildQuestionTemplate(_format: "xlsx" | "csv"): Promise<Uint8Array> {
  return new Uint8Array();
}
