export * from "./audit";
export * from "./imports";
export * from "./orgs";
export * from "./users";
