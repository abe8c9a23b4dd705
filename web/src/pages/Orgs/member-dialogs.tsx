import { useEffect, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { CopyCode } from "../../components/CopyCode";
import { Dialog } from "../../components/Dialog";
import { SelectField, TextField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { t } from "../../i18n";
import { api } from "../../lib/api";
import { formatDateTime, roleLabel } from "../../lib/format";
import {
  type ActivationCode,
  type CreatedMember,
  type CreateMemberBody,
  type Member,
  type MemberResponse,
  type Ok,
  type Org,
  type Role,
  roles,
  type Title,
  titles,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { isPhone, normalizePhone } from "../../lib/validate";
import styles from "./style.module.css";

const titleOptions = titles.map((value) => ({ value, label: value }));
const roleOptions = roles.map((value) => ({ value, label: roleLabel(value) }));

type Draft = { name: string; phone: string; role: Role; title: Title; employeeNo: string };
const emptyDraft: Draft = { name: "", phone: "", role: "member", title: "党员", employeeNo: "" };

export function AddMemberDialog({ open, org, onClose, onAdded }: { open: boolean; org: Org; onClose: () => void; onAdded: () => void }) {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [localErrors, setLocalErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [added, setAdded] = useState<CreatedMember | null>(null);
  const action = useAction((body: CreateMemberBody) => api.post<CreatedMember>(`/api/orgs/${encodeURIComponent(org.id)}/members`, body));

  const restart = () => {
    setDraft(emptyDraft);
    setLocalErrors({});
    setAdded(null);
    action.reset();
  };
  useEffect(() => {
    if (open) restart();
  }, [open, org.id]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: string) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const phone = normalizePhone(draft.phone);
    const found: Partial<Record<keyof Draft, string>> = {};
    if (!draft.name.trim()) found.name = t("validation.name");
    if (!isPhone(phone)) found.phone = t("validation.phone");
    setLocalErrors(found);
    if (Object.keys(found).length > 0) return;
    const body: CreateMemberBody = { name: draft.name.trim(), phone, role: draft.role, title: draft.title };
    if (draft.employeeNo.trim()) body.employeeNo = draft.employeeNo.trim();
    const result = await action.run(body);
    if (result) {
      setAdded(result);
      onAdded();
    }
  };

  const fields = action.error?.fieldErrors ?? {};
  const error = (key: keyof Draft) => localErrors[key] ?? fields[key];
  const hasFieldErrors = Object.keys(fields).length > 0;

  if (added) {
    return (
      <Dialog
        open={open}
        onClose={onClose}
        title={t("members.addTitle")}
        footer={
          <>
            <Button onClick={restart} icon="plus">
              {t("members.addAnother")}
            </Button>
            <Button variant="primary" onClick={onClose}>
              {t("common.close")}
            </Button>
          </>
        }
      >
        {added.activationCode ? (
          <>
            <Notice tone="success">{t("members.added", { name: added.member.name })}</Notice>
            <div class={styles.codeBlock}>
              <p class={styles.codeTitle}>{t("members.codeTitle")}</p>
              <CopyCode code={added.activationCode} label={t("members.codeTitle")} />
              <p class={styles.dialogNote}>{t("members.codeHint")}</p>
            </div>
          </>
        ) : (
          <Notice tone="success">{t("members.addedExisting", { name: added.member.name })}</Notice>
        )}
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("members.addTitle")}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="add-member-form" variant="primary" pending={action.pending} pendingLabel={t("common.saving")}>
            {t("members.add")}
          </Button>
        </>
      }
    >
      <form id="add-member-form" class={styles.dialogForm} onSubmit={submit} noValidate>
        <p class={styles.dialogNote}>{t("members.addTo", { org: org.name })}</p>
        {action.error ? <Notice tone="error">{hasFieldErrors ? t("error.fixFields") : action.error.message}</Notice> : null}
        <div class={styles.formGrid}>
          <TextField
            label={t("members.name")}
            value={draft.name}
            onValue={set("name")}
            error={error("name")}
            autoComplete="off"
            maxLength={40}
          />
          <TextField
            label={t("members.phone")}
            type="tel"
            inputMode="numeric"
            value={draft.phone}
            onValue={set("phone")}
            error={error("phone")}
            autoComplete="off"
            maxLength={13}
          />
          <SelectField label={t("members.role")} value={draft.role} onValue={set("role")} error={error("role")} options={roleOptions} />
          <SelectField
            label={t("members.titleField")}
            value={draft.title}
            onValue={set("title")}
            error={error("title")}
            options={titleOptions}
          />
          <TextField
            label={t("members.employeeNo")}
            tag={t("common.optional")}
            value={draft.employeeNo}
            onValue={set("employeeNo")}
            error={error("employeeNo")}
            autoComplete="off"
            maxLength={40}
          />
        </div>
      </form>
    </Dialog>
  );
}

export function EditTitleDialog({
  open,
  member,
  onClose,
  onDone,
}: {
  open: boolean;
  member: Member;
  onClose: () => void;
  onDone: (m: Member) => void;
}) {
  const [title, setTitle] = useState<string>(member.title);
  const action = useAction((value: string) =>
    api.patch<MemberResponse>(`/api/memberships/${encodeURIComponent(member.membershipId)}`, { title: value }),
  );
  useEffect(() => {
    if (open) {
      setTitle(member.title);
      action.reset();
    }
  }, [open, member.membershipId]);
  const submit = async (event: Event) => {
    event.preventDefault();
    const result = await action.run(title);
    if (result) onDone(result.member);
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={t("members.editTitleFor", { name: member.name })}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="edit-title-form" variant="primary" pending={action.pending} pendingLabel={t("common.saving")}>
            {t("common.save")}
          </Button>
        </>
      }
    >
      <form id="edit-title-form" class={styles.dialogForm} onSubmit={submit} noValidate>
        {action.error && !action.error.fieldErrors.title ? <Notice tone="error">{action.error.message}</Notice> : null}
        <SelectField
          label={t("members.titleField")}
          value={title}
          onValue={setTitle}
          error={action.error?.fieldErrors.title}
          options={titleOptions}
        />
      </form>
    </Dialog>
  );
}

export function RemoveMemberDialog({
  open,
  member,
  onClose,
  onDone,
}: {
  open: boolean;
  member: Member;
  onClose: () => void;
  onDone: () => void;
}) {
  const action = useAction(() => api.delete<Ok>(`/api/memberships/${encodeURIComponent(member.membershipId)}`));
  useEffect(() => {
    if (open) action.reset();
  }, [open, member.membershipId]);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={t("members.remove")}
      description={t("members.removeConfirm", { name: member.name, org: member.orgName })}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button
            variant="primary"
            icon="trash"
            pending={action.pending}
            pendingLabel={t("common.saving")}
            onClick={async () => {
              if (await action.run()) onDone();
            }}
          >
            {t("members.remove")}
          </Button>
        </>
      }
    >
      {action.error ? <Notice tone="error">{action.error.message}</Notice> : null}
    </Dialog>
  );
}

export function ResetCodeDialog({ open, member, onClose }: { open: boolean; member: Member; onClose: () => void }) {
  const [code, setCode] = useState<ActivationCode | null>(null);
  const action = useAction(() => api.post<ActivationCode>(`/api/users/${encodeURIComponent(member.userId)}/activation-code`, {}));
  useEffect(() => {
    if (open) {
      setCode(null);
      action.reset();
    }
  }, [open, member.userId]);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={t("members.resetCode")}
      description={code ? undefined : t("members.resetCodeConfirm", { name: member.name })}
      footer={
        code ? (
          <Button variant="primary" onClick={onClose}>
            {t("common.close")}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t("common.cancel")}</Button>
            <Button
              variant="primary"
              icon="key"
              pending={action.pending}
              pendingLabel={t("common.saving")}
              onClick={async () => {
                const result = await action.run();
                if (result) setCode(result);
              }}
            >
              {t("members.resetCode")}
            </Button>
          </>
        )
      }
    >
      {action.error ? <Notice tone="error">{action.error.message}</Notice> : null}
      {code ? (
        <div class={styles.codeBlock}>
          <p class={styles.codeTitle}>
            {member.name} · {t("members.codeTitle")}
          </p>
          <CopyCode code={code.activationCode} label={t("members.codeTitle")} />
          <p class={styles.dialogNote}>
            {t("members.codeExpires", { time: formatDateTime(code.expiresAt) })}
            <br />
            {t("members.codeHint")}
          </p>
        </div>
      ) : null}
    </Dialog>
  );
}
