import { t } from "../../i18n";
import { orgKindLabel } from "../../lib/format";
import type { OrgNode } from "../../lib/org-tree";
import { Icon } from "../Icon";
import styles from "./style.module.css";

type Props = {
  roots: OrgNode[];
  selectedId: string | undefined;
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Each org the person manages is a link (deep-linkable, Back works); the others are context only. */
  hrefFor: (id: string) => string;
  onSelect?: (id: string) => void;
};

/**
 * The org tree as nested lists of links with disclosure buttons: simple to use with a keyboard
 * or a screen reader, without the full ARIA tree-view keyboard model.
 */
export function OrgTree({ roots, selectedId, expanded, onToggle, hrefFor, onSelect }: Props) {
  return (
    <ul class={styles.tree}>
      {roots.map((node) => (
        <Node
          key={node.id}
          node={node}
          level={0}
          selectedId={selectedId}
          expanded={expanded}
          onToggle={onToggle}
          hrefFor={hrefFor}
          onSelect={onSelect}
        />
      ))}
    </ul>
  );
}

function Node({ node, level, ...props }: Omit<Props, "roots"> & { node: OrgNode; level: number }) {
  const open = props.expanded.has(node.id);
  const hasChildren = node.children.length > 0;
  const selected = node.id === props.selectedId;
  const childrenId = `org-children-${node.id}`;
  const label = (
    <>
      <span class={styles.name}>{node.name}</span>
      <span class={styles.kind}>{orgKindLabel(node.kind)}</span>
      <span class={styles.count} title={t("orgs.memberCountLabel", { count: node.memberCount })}>
        <span aria-hidden="true">{t("orgs.memberCount", { count: node.memberCount })}</span>
        <span class="visually-hidden">{t("orgs.memberCountLabel", { count: node.memberCount })}</span>
      </span>
    </>
  );
  return (
    <li>
      <div class={[styles.row, selected ? styles.selected : ""].join(" ")} style={{ paddingLeft: `${level * 1.125 + 0.25}rem` }}>
        {hasChildren ? (
          <button
            type="button"
            class={styles.toggle}
            aria-expanded={open}
            aria-controls={childrenId}
            aria-label={t(open ? "orgs.collapse" : "orgs.expand", { name: node.name })}
            onClick={() => props.onToggle(node.id)}
          >
            <Icon name={open ? "chevronDown" : "chevronRight"} size={1} />
          </button>
        ) : (
          <span class={styles.toggleSpacer} aria-hidden="true" />
        )}
        {node.canManage ? (
          <a
            class={styles.link}
            href={props.hrefFor(node.id)}
            aria-current={selected ? "true" : undefined}
            onClick={() => props.onSelect?.(node.id)}
          >
            {label}
          </a>
        ) : (
          <span class={[styles.link, styles.context].join(" ")} title={t("orgs.readOnly")}>
            {label}
          </span>
        )}
      </div>
      {hasChildren && open ? (
        <ul id={childrenId}>
          {node.children.map((child) => (
            <Node key={child.id} node={child} level={level + 1} {...props} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
