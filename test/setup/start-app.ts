import type { TestProject } from "vitest/node";
import { type LocalApp, startLocalApp } from "../../scripts/local-app.ts";
import { findChromium } from "../helpers/browser.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/**
 * Browser tests run against the real app under `wrangler dev` (built web app, real migrations,
 * demo data), started once for the project. Without Chromium there is nothing to drive, so the
 * app is not started (the tests say why they skip; under CI a missing Chromium fails instead).
 */
export default async function setup(project: TestProject) {
  if (!findChromium()) {
    project.provide("baseURL", "");
    return;
  }
  const app: LocalApp = await startLocalApp();
  project.provide("baseURL", app.url);
  return () => app.stop();
}
