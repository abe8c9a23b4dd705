import { useEffect, useState } from "preact/hooks";
import { Badge, type BadgeTone } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { Checkbox, SelectField, TextField } from "../../components/Field";
import { Icon, type IconName } from "../../components/Icon";
import { Menu } from "../../components/Menu";
import { Notice } from "../../components/Notice";
import { Pagination } from "../../components/Pagination";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import { query } from "../../lib/api";
import { roleLabel, statusLabel } from "../../lib/format";
import { type Member, type MemberPage, type MemberStatus, type Org, roles } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import { AddMemberDialog, EditTitleDialog, RemoveMemberDialog, ResetCodeDialog } from "./member-dialogs";
import styles from "./style.module.css";

const PAGE_SIZE = 20;

const statusTone: Record<MemberStatus, { tone: BadgeTone; icon: IconName }> = {
  pending: { tone: "amber", icon: "clock" },
  active: { tone: "green", icon: "check" },
  disabled: { tone: "neutral", icon: "lock" },
};

/** 共 30 人; with the role rows too when someone holds more than one of the listed roles (共 30 人 · 31 条角色). */
function headcount(page: MemberPage): string {
  return page.people === page.total
    ? t("members.total", { total: page.people })
    : t("members.totalRoles", { people: page.people, total: page.total });
}

type MemberDialog = { kind: "add" } | { kind: "title" | "remove" | "code"; member: Member } | null;

export function MembersPanel({ org, onCountsChanged }: { org: Org; onCountsChanged: () => void }) {
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [role, setRole] = useState("");
  // The API includes sub-orgs unless told otherwise; say so explicitly either way.
  const [subtree, setSubtree] = useState(true);
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<MemberDialog>(null);
  const [flash, setFlash] = useState<string | null>(null);

  // Search as the person types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      setPage(1);
    }, 350);
    return () => clearTimeout(timer);
  }, [search]);

  const path = `/api/orgs/${encodeURIComponent(org.id)}/members${query({ q, role, subtree: subtree ? "true" : "false", page, pageSize: PAGE_SIZE })}`;
  const { data, error, loading, reload } = useResource<MemberPage>(path);
  const filtered = q !== "" || role !== "";

  const changed = (message: string, counts = false) => {
    setDialog(null);
    setFlash(message);
    reload();
    if (counts) onCountsChanged();
  };

  return (
    <section class={styles.membersCard} aria-labelledby="members-title">
      <div class={styles.membersHead}>
        <h2 id="members-title" class={styles.panelTitle}>
          {t("members.title")}
          {data ? <span class={styles.total}>{headcount(data)}</span> : null}
        </h2>
        <div class={styles.membersActions}>
          <a class={buttonClass("secondary", "sm")} href={`/orgs/import?org=${encodeURIComponent(org.id)}`}>
            <Icon name="upload" size={1} />
            <span>{t("members.import")}</span>
          </a>
          <Button
            size="sm"
            variant="primary"
            icon="plus"
            onClick={() => {
              setFlash(null);
              setDialog({ kind: "add" });
            }}
          >
            {t("members.add")}
          </Button>
        </div>
      </div>

      <form
        class={styles.filters}
        aria-label={t("members.searchLabel")}
        onSubmit={(event) => {
          event.preventDefault();
          setQ(search.trim());
          setPage(1);
        }}
      >
        <TextField
          class={styles.searchField}
          label={t("members.searchLabel")}
          type="search"
          placeholder={t("members.search")}
          value={search}
          onValue={setSearch}
          autoComplete="off"
          enterKeyHint="search"
        />
        <SelectField
          class={styles.roleField}
          label={t("members.roleFilter")}
          value={role}
          onValue={(value) => {
            setRole(value);
            setPage(1);
          }}
          options={[{ value: "", label: t("common.all") }, ...roles.map((value) => ({ value, label: roleLabel(value) }))]}
        />
        <Checkbox
          class={styles.subtreeField}
          label={t("members.subtree")}
          checked={subtree}
          onValue={(value) => {
            setSubtree(value);
            setPage(1);
          }}
        />
      </form>

      {flash ? <Notice tone="success">{flash}</Notice> : null}

      {error ? (
        <Notice
          tone="error"
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {t("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : !data ? (
        <Loading label={t("app.loading")} minHeight={16} />
      ) : data.items.length === 0 ? (
        <p class={styles.empty}>{filtered || subtree ? t("members.empty") : t("members.emptyOrg")}</p>
      ) : (
        <>
          <div class={styles.tableWrap} aria-busy={loading ? "true" : undefined}>
            <table class={styles.table}>
              <thead>
                <tr>
                  <th scope="col">{t("members.col.name")}</th>
                  <th scope="col">{t("members.col.phone")}</th>
                  {subtree ? <th scope="col">{t("members.col.org")}</th> : null}
                  <th scope="col">{t("members.col.title")}</th>
                  <th scope="col">{t("members.col.role")}</th>
                  <th scope="col">{t("members.col.status")}</th>
                  <th scope="col" class={styles.actionsCol}>
                    {t("common.actions")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((member) => (
                  <tr key={member.membershipId}>
                    <th scope="row" class={styles.nameCell}>
                      <span>{member.name}</span>
                      {member.employeeNo ? (
                        <span class={styles.sub}>
                          {t("members.col.employeeNo")} {member.employeeNo}
                        </span>
                      ) : null}
                    </th>
                    <td data-label={t("members.col.phone")} class={`num ${styles.nowrap} ${styles.phoneCell}`}>
                      {member.phone}
                    </td>
                    {subtree ? (
                      <td data-label={t("members.col.org")} class={styles.orgCell}>
                        {member.orgName}
                      </td>
                    ) : null}
                    <td data-label={t("members.col.title")} class={`${styles.nowrap} ${styles.titleCell}`}>
                      {member.title}
                    </td>
                    <td data-label={t("members.col.role")} class={`${styles.nowrap} ${styles.roleCell}`}>
                      {roleLabel(member.role)}
                    </td>
                    <td data-label={t("members.col.status")} class={`${styles.nowrap} ${styles.statusCell}`}>
                      <Badge tone={statusTone[member.status].tone} icon={statusTone[member.status].icon}>
                        {statusLabel(member.status)}
                      </Badge>
                    </td>
                    <td class={styles.actionsCell}>
                      <Menu
                        label={t("common.actions")}
                        ariaLabel={`${t("common.actions")}：${member.name}`}
                        items={[
                          { label: t("members.editTitle"), icon: "edit", onSelect: () => setDialog({ kind: "title", member }) },
                          { label: t("members.resetCode"), icon: "key", onSelect: () => setDialog({ kind: "code", member }) },
                          {
                            label: t("members.remove"),
                            icon: "trash",
                            danger: true,
                            onSelect: () => setDialog({ kind: "remove", member }),
                          },
                        ]}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            onPage={setPage}
            busy={loading}
            totalText={headcount(data)}
          />
        </>
      )}

      <AddMemberDialog
        open={dialog?.kind === "add"}
        org={org}
        onClose={() => setDialog(null)}
        onAdded={() => {
          reload();
          onCountsChanged();
        }}
      />
      {dialog && dialog.kind !== "add" ? (
        <>
          <EditTitleDialog
            open={dialog.kind === "title"}
            member={dialog.member}
            onClose={() => setDialog(null)}
            onDone={(m) => changed(t("members.titleUpdated", { name: m.name }))}
          />
          <RemoveMemberDialog
            open={dialog.kind === "remove"}
            member={dialog.member}
            onClose={() => setDialog(null)}
            onDone={() => changed(t("members.removed", { name: dialog.member.name }), true)}
          />
          <ResetCodeDialog open={dialog.kind === "code"} member={dialog.member} onClose={() => setDialog(null)} />
        </>
      ) : null}
    </section>
  );
}
