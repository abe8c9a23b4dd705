import type { ComponentChildren } from "preact";
import admin from "./admin.module.css";

/** A titled card of an organizer's report page (results, the plan dashboard), with a count beside the title; `id` is where a jump link leads. */
export function Section({
  id,
  title,
  count,
  children,
}: {
  id: string;
  title: string;
  count?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <section id={id} class={[admin.card, admin.jumpTarget].join(" ")} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} class={admin.sectionTitle}>
        {title}
        {count ? <span class={admin.sectionCount}>{count}</span> : null}
      </h2>
      {children}
    </section>
  );
}
