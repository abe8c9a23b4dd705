import type { ComponentChildren, InputHTMLAttributes, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "preact";
import { useId, useState } from "preact/hooks";
import { t } from "../../i18n";
import { Icon } from "../Icon";
import styles from "./style.module.css";

type Common = {
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  /** Shown after the label, e.g. 选填. */
  tag?: string;
  class?: string;
};

/** The error line under a field: an icon and the words, never colour alone. */
export function FieldError({ id, message }: { id?: string; message: string }) {
  return (
    <p id={id} class={styles.error}>
      <Icon name="alert" size={1} />
      <span>
        <span class="visually-hidden">{t("common.fieldError")}</span>
        {message}
      </span>
    </p>
  );
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown): string | undefined {
  return [error ? errorId : "", hint ? hintId : ""].filter(Boolean).join(" ") || undefined;
}

function Frame({ id, label, tag, hint, error, class: extra, children }: Common & { id: string; children: ComponentChildren }) {
  return (
    <div class={[styles.field, extra ?? ""].join(" ")}>
      <label class={styles.label} for={id}>
        {label}
        {tag ? <span class={styles.tag}>{tag}</span> : null}
      </label>
      {children}
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
      {hint ? (
        <p id={`${id}-hint`} class={styles.hint}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type TextProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, "label" | "class" | "value" | "onInput"> & {
    value: string;
    onValue: (value: string) => void;
    inputRef?: Ref<HTMLInputElement>;
  };

export function TextField({ label, hint, error, tag, class: extra, value, onValue, inputRef, id: givenId, type, ...rest }: TextProps) {
  const generated = useId();
  const id = (typeof givenId === "string" && givenId) || generated;
  const [reveal, setReveal] = useState(false);
  const isPassword = type === "password";
  return (
    <Frame id={id} label={label} hint={hint} error={error} tag={tag} class={extra}>
      <div class={styles.control}>
        <input
          {...rest}
          ref={inputRef}
          id={id}
          type={isPassword && reveal ? "text" : type}
          class={[styles.input, isPassword ? styles.withButton : ""].join(" ")}
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
        />
        {isPassword ? (
          <button
            type="button"
            class={styles.reveal}
            aria-pressed={reveal}
            aria-label={t(reveal ? "common.hidePassword" : "common.showPassword")}
            aria-controls={id}
            onClick={() => setReveal((v) => !v)}
          >
            <Icon name={reveal ? "eyeOff" : "eye"} />
          </button>
        ) : null}
      </div>
    </Frame>
  );
}

type TextAreaProps = Common &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "label" | "class" | "value" | "onInput"> & {
    value: string;
    onValue: (value: string) => void;
    textareaRef?: Ref<HTMLTextAreaElement>;
  };

export function TextAreaField({
  label,
  hint,
  error,
  tag,
  class: extra,
  value,
  onValue,
  textareaRef,
  id: givenId,
  rows = 3,
  ...rest
}: TextAreaProps) {
  const generated = useId();
  const id = (typeof givenId === "string" && givenId) || generated;
  return (
    <Frame id={id} label={label} hint={hint} error={error} tag={tag} class={extra}>
      <textarea
        {...rest}
        ref={textareaRef}
        id={id}
        rows={rows}
        class={[styles.input, styles.textarea].join(" ")}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
      />
    </Frame>
  );
}

type SelectProps = Common &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "label" | "class" | "value" | "onChange"> & {
    value: string;
    onValue: (value: string) => void;
    options: readonly { value: string; label: string; disabled?: boolean }[];
  };

export function SelectField({ label, hint, error, tag, class: extra, value, onValue, options, id: givenId, ...rest }: SelectProps) {
  const generated = useId();
  const id = (typeof givenId === "string" && givenId) || generated;
  return (
    <Frame id={id} label={label} hint={hint} error={error} tag={tag} class={extra}>
      <div class={styles.control}>
        <select
          {...rest}
          id={id}
          class={[styles.input, styles.select].join(" ")}
          value={value}
          onChange={(event) => onValue(event.currentTarget.value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value} disabled={option.disabled}>
              {option.label}
            </option>
          ))}
        </select>
        <span class={styles.selectArrow} aria-hidden="true">
          <Icon name="chevronDown" size={1} />
        </span>
      </div>
    </Frame>
  );
}

export function Checkbox({
  label,
  checked,
  onValue,
  class: extra,
}: {
  label: string;
  checked: boolean;
  onValue: (v: boolean) => void;
  class?: string;
}) {
  return (
    <label class={[styles.checkbox, extra ?? ""].join(" ")}>
      <input type="checkbox" checked={checked} onChange={(event) => onValue(event.currentTarget.checked)} />
      <span>{label}</span>
    </label>
  );
}
