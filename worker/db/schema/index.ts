export * from "./audit";
export * from "./bank";
export * from "./imports";
export * from "./orgs";
export * from "./users";
