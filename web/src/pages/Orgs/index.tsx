import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Menu } from "../../components/Menu";
import { Notice } from "../../components/Notice";
import { OrgTree } from "../../components/OrgTree";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import { orgKindLabel } from "../../lib/format";
import { ancestorIds, buildTree, firstManageable } from "../../lib/org-tree";
import type { OrgList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import { MembersPanel } from "./members-panel";
import { AddChildOrgDialog, DeleteOrgDialog, RenameOrgDialog } from "./org-dialogs";
import styles from "./style.module.css";

export default function Orgs() {
  return (
    <AppShell title={t("orgs.title")} requiredRole="organizer">
      {() => <OrgsPage />}
    </AppShell>
  );
}

type OrgDialog = "add" | "rename" | "delete" | null;

function OrgsPage() {
  const { query, route } = useLocation();
  const orgsResource = useResource<OrgList>("/api/orgs");
  const orgs = orgsResource.data?.orgs;
  const roots = useMemo(() => buildTree(orgs ?? []), [orgs]);
  const selected = useMemo(() => {
    if (!orgs) return undefined;
    return orgs.find((org) => org.id === query.org && org.canManage) ?? firstManageable(orgs);
  }, [orgs, query.org]);

  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [treeOpen, setTreeOpen] = useState(false);
  const [dialog, setDialog] = useState<OrgDialog>(null);
  const [flash, setFlash] = useState<string | null>(null);

  // Open the way to the selected org, and the first two levels, whenever the data arrives.
  useEffect(() => {
    if (!orgs) return;
    setExpanded((previous) => {
      const next = new Set(previous);
      for (const org of orgs) if (org.depth <= 1 || org.parentId === null) next.add(org.id);
      if (selected) for (const id of ancestorIds(orgs, selected.id)) next.add(id);
      return next;
    });
  }, [orgs, selected?.id]);

  const toggle = (id: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const select = (id: string) => route(`/orgs?org=${encodeURIComponent(id)}`);
  const parent = selected?.parentId ? orgs?.find((org) => org.id === selected.parentId) : undefined;

  return (
    <div class={styles.page}>
      <PageHeader title={t("orgs.title")} />
      {orgsResource.error ? (
        <Notice
          tone="error"
          requestId={orgsResource.error.requestId}
          action={
            <Button icon="refresh" onClick={orgsResource.reload}>
              {t("common.retry")}
            </Button>
          }
        >
          {orgsResource.error.message}
        </Notice>
      ) : !orgs ? (
        <Loading label={t("app.loading")} minHeight={20} />
      ) : !selected ? (
        <Notice tone="info">{t("orgs.treeEmpty")}</Notice>
      ) : (
        <div class={styles.layout}>
          <section class={styles.treePanel} data-open={treeOpen ? "true" : "false"} aria-labelledby="tree-title">
            <h2 id="tree-title" class={styles.panelTitle}>
              {t("orgs.tree")}
            </h2>
            <button
              type="button"
              class={styles.treeToggle}
              aria-expanded={treeOpen}
              aria-controls="org-tree"
              onClick={() => setTreeOpen((v) => !v)}
            >
              <span class={styles.treeToggleLabel}>{t("orgs.selectLabel")}</span>
              <span class={styles.treeToggleValue}>{selected.name}</span>
              <Icon name={treeOpen ? "chevronDown" : "chevronRight"} size={1} />
            </button>
            <div id="org-tree" class={styles.treeBody}>
              <OrgTree
                roots={roots}
                selectedId={selected.id}
                expanded={expanded}
                onToggle={toggle}
                hrefFor={(id) => `/orgs?org=${encodeURIComponent(id)}`}
                onSelect={() => {
                  setTreeOpen(false);
                  setFlash(null);
                }}
              />
            </div>
          </section>

          <div class={styles.detail}>
            <section class={styles.orgCard} aria-labelledby="org-title">
              <div class={styles.orgHead}>
                <div class={styles.orgText}>
                  <div class={styles.orgTitleRow}>
                    <Badge tone="red">{orgKindLabel(selected.kind)}</Badge>
                    <h2 id="org-title" class={styles.orgTitle}>
                      {selected.name}
                    </h2>
                  </div>
                  <p class={styles.orgMeta}>
                    {parent ? (
                      <>
                        {t("orgs.parent")}：{parent.name}
                        <span aria-hidden="true"> · </span>
                      </>
                    ) : null}
                    <span class="num">{t("home.memberCount", { count: selected.memberCount })}</span>
                    <span aria-hidden="true"> · </span>
                    <span class="num">{t("orgs.childCount", { count: orgs.filter((org) => org.parentId === selected.id).length })}</span>
                  </p>
                </div>
                <div class={styles.orgActions}>
                  <Button size="sm" icon="plus" onClick={() => setDialog("add")}>
                    {t("orgs.addChild")}
                  </Button>
                  <Button size="sm" icon="edit" onClick={() => setDialog("rename")}>
                    {t("orgs.rename")}
                  </Button>
                  <Button size="sm" variant="danger" icon="trash" onClick={() => setDialog("delete")}>
                    {t("orgs.delete")}
                  </Button>
                </div>
                <div class={styles.orgMenu}>
                  <Menu
                    label={t("orgs.manage")}
                    items={[
                      { label: t("orgs.addChild"), icon: "plus", onSelect: () => setDialog("add") },
                      { label: t("orgs.rename"), icon: "edit", onSelect: () => setDialog("rename") },
                      { label: t("orgs.delete"), icon: "trash", danger: true, onSelect: () => setDialog("delete") },
                    ]}
                  />
                </div>
              </div>
              {flash ? (
                <Notice tone="success" class={styles.flash}>
                  {flash}
                </Notice>
              ) : null}
            </section>

            <MembersPanel key={selected.id} org={selected} onCountsChanged={orgsResource.reload} />
          </div>

          <AddChildOrgDialog
            open={dialog === "add"}
            parent={selected}
            onClose={() => setDialog(null)}
            onDone={(org) => {
              setDialog(null);
              setFlash(t("orgs.created", { name: org.name }));
              orgsResource.reload();
              select(org.id);
            }}
          />
          <RenameOrgDialog
            open={dialog === "rename"}
            org={selected}
            onClose={() => setDialog(null)}
            onDone={(org) => {
              setDialog(null);
              setFlash(t("orgs.renamed", { name: org.name }));
              orgsResource.reload();
            }}
          />
          <DeleteOrgDialog
            open={dialog === "delete"}
            org={selected}
            onClose={() => setDialog(null)}
            onDone={() => {
              setDialog(null);
              setFlash(t("orgs.deleted", { name: selected.name }));
              orgsResource.reload();
              const fallback = parent?.canManage ? parent.id : undefined;
              route(fallback ? `/orgs?org=${encodeURIComponent(fallback)}` : "/orgs", true);
            }}
          />
        </div>
      )}
    </div>
  );
}
