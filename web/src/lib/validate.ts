/** Client-side checks that mirror the server's rules, so a person hears about a typo before a round trip. */

/** As the server folds them: full-width digits, spaces, dashes and a +86 prefix ("+86 138-0000-0001"). */
export function normalizePhone(value: string): string {
  return value
    .normalize("NFKC")
    .replace(/[\s-]/g, "")
    .replace(/^\+?86(?=1\d{10}$)/, "");
}

export function isPhone(value: string): boolean {
  return /^1\d{10}$/.test(value);
}

/** At least 8 characters, with letters and digits (the server's password rule). */
export function isStrongPassword(value: string): boolean {
  return value.length >= 8 && /[A-Za-z]/.test(value) && /\d/.test(value);
}
