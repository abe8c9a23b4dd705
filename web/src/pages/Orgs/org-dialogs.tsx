import { useEffect, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { SelectField, TextField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { t } from "../../i18n";
import { api } from "../../lib/api";
import { orgKindLabel } from "../../lib/format";
import { childKind } from "../../lib/org-tree";
import { type CreateOrgBody, type Ok, type Org, type OrgKind, type OrgResponse, orgKinds, type UpdateOrgBody } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import styles from "./style.module.css";

type Props<T> = { open: boolean; onClose: () => void; onDone: (result: T) => void };

export function AddChildOrgDialog({ open, parent, onClose, onDone }: Props<Org> & { parent: Org }) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<OrgKind>(childKind[parent.kind]);
  const [nameError, setNameError] = useState<string | undefined>();
  const action = useAction((body: CreateOrgBody) => api.post<OrgResponse>("/api/orgs", body));

  useEffect(() => {
    if (!open) return;
    setName("");
    setKind(childKind[parent.kind]);
    setNameError(undefined);
    action.reset();
  }, [open, parent.id]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return setNameError(t("validation.orgName"));
    setNameError(undefined);
    const result = await action.run({ parentId: parent.id, name: name.trim(), kind });
    if (result) onDone(result.org);
  };
  const fields = action.error?.fieldErrors ?? {};

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("orgs.addChild")}
      size="sm"
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="add-org-form" variant="primary" pending={action.pending} pendingLabel={t("common.saving")}>
            {t("common.save")}
          </Button>
        </>
      }
    >
      <form id="add-org-form" class={styles.dialogForm} onSubmit={submit} noValidate>
        {action.error && !fields.name ? <Notice tone="error">{action.error.message}</Notice> : null}
        <p class={styles.dialogNote}>
          {t("orgs.parent")}：{parent.name}
        </p>
        <TextField
          label={t("orgs.name")}
          value={name}
          onValue={setName}
          error={nameError ?? fields.name}
          maxLength={60}
          autoComplete="off"
        />
        <SelectField
          label={t("orgs.kind")}
          value={kind}
          onValue={(value) => setKind(value as OrgKind)}
          error={fields.kind}
          options={orgKinds.map((value) => ({ value, label: orgKindLabel(value) }))}
        />
      </form>
    </Dialog>
  );
}

export function RenameOrgDialog({ open, org, onClose, onDone }: Props<Org> & { org: Org }) {
  const [name, setName] = useState(org.name);
  const [nameError, setNameError] = useState<string | undefined>();
  const action = useAction((value: string) =>
    api.patch<OrgResponse>(`/api/orgs/${encodeURIComponent(org.id)}`, { name: value } satisfies UpdateOrgBody),
  );

  useEffect(() => {
    if (!open) return;
    setName(org.name);
    setNameError(undefined);
    action.reset();
  }, [open, org.id]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return setNameError(t("validation.orgName"));
    setNameError(undefined);
    const result = await action.run(name.trim());
    if (result) onDone(result.org);
  };
  const fields = action.error?.fieldErrors ?? {};

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("orgs.rename")}
      size="sm"
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="rename-org-form" variant="primary" pending={action.pending} pendingLabel={t("common.saving")}>
            {t("common.save")}
          </Button>
        </>
      }
    >
      <form id="rename-org-form" class={styles.dialogForm} onSubmit={submit} noValidate>
        {action.error && !fields.name ? <Notice tone="error">{action.error.message}</Notice> : null}
        <TextField
          label={t("orgs.name")}
          value={name}
          onValue={setName}
          error={nameError ?? fields.name}
          maxLength={60}
          autoComplete="off"
        />
      </form>
    </Dialog>
  );
}

export function DeleteOrgDialog({ open, org, onClose, onDone }: Props<void> & { org: Org }) {
  const action = useAction(() => api.delete<Ok>(`/api/orgs/${encodeURIComponent(org.id)}`));
  useEffect(() => {
    if (open) action.reset();
  }, [open, org.id]);
  const confirm = async () => {
    const result = await action.run();
    if (result) onDone();
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("orgs.delete")}
      size="sm"
      description={t("orgs.deleteConfirm", { name: org.name })}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" icon="trash" pending={action.pending} pendingLabel={t("common.saving")} onClick={() => void confirm()}>
            {t("orgs.delete")}
          </Button>
        </>
      }
    >
      {action.error ? <Notice tone="error">{action.error.message}</Notice> : null}
    </Dialog>
  );
}
