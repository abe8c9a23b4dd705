import { translator } from ".";

/**
 * Texts of the course pages (modules, sessions, check-in, study hours). Kept apart from the shared
 * table so they load with those pages only; `tc` falls back to the shared table for common words.
 */
export const coursesZhCN = {
  "courses.title": "课程",
} as const;

export const tc = translator(coursesZhCN);
