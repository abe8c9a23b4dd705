export * from "./audit";
export * from "./bank";
export * from "./contests";
export * from "./courses";
export * from "./imports";
export * from "./ledger";
export * from "./orgs";
export * from "./users";
