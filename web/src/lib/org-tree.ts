import type { Org, OrgKind } from "./types";

/** What a tree is built from: GET /api/orgs rows, or any list of orgs with their parents. */
type TreeItem = { id: string; parentId: string | null };

export type OrgNode<T extends TreeItem = Org> = T & { children: OrgNode<T>[] };

/**
 * The flat list from GET /api/orgs as a forest. An org whose parent is not in the list (an
 * organizer sees their subtrees plus ancestors) becomes a root. Siblings keep the server's order.
 */
export function buildTree<T extends TreeItem = Org>(orgs: T[]): OrgNode<T>[] {
  const nodes = new Map<string, OrgNode<T>>();
  for (const org of orgs) nodes.set(org.id, { ...org, children: [] });
  const roots: OrgNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Depth-first order with the depth inside the visible forest, for indented pickers. */
export function flatten<T extends TreeItem>(roots: OrgNode<T>[]): { node: OrgNode<T>; level: number }[] {
  const out: { node: OrgNode<T>; level: number }[] = [];
  const walk = (node: OrgNode<T>, level: number) => {
    out.push({ node, level });
    for (const child of node.children) walk(child, level + 1);
  };
  for (const root of roots) walk(root, 0);
  return out;
}

/** Ids from the root down to (not including) the org, so the tree can open the way to it. */
export function ancestorIds(orgs: Org[], id: string): string[] {
  const byId = new Map(orgs.map((org) => [org.id, org]));
  const out: string[] = [];
  let current = byId.get(id)?.parentId;
  while (current && byId.has(current)) {
    out.unshift(current);
    current = byId.get(current)?.parentId ?? null;
  }
  return out;
}

/** The first org this person manages, in tree order: a sensible default selection. */
export function firstManageable(orgs: Org[]): Org | undefined {
  return flatten(buildTree(orgs)).find(({ node }) => node.canManage)?.node;
}

/** The usual kind of a new child under a parent of this kind. */
export const childKind: Record<OrgKind, OrgKind> = {
  committee: "branch",
  general_branch: "branch",
  branch: "group",
  group: "group",
  work_station: "grid",
  grid: "branch",
};
