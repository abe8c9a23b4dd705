export * from "./audit";
export * from "./bank";
export * from "./contests";
export * from "./imports";
export * from "./orgs";
export * from "./users";
