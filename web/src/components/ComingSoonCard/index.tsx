import { t } from "../../i18n";
import { Badge } from "../Badge";
import { Icon, type IconName } from "../Icon";
import styles from "./style.module.css";

/** A feature that is planned but not open yet: what it will do, said plainly, no made-up numbers. */
export function ComingSoonCard({
  icon,
  title,
  description,
  headingLevel = 3,
}: {
  icon: IconName;
  title: string;
  description: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article class={styles.card} aria-disabled="true">
      <span class={styles.icon}>
        <Icon name={icon} size={1.5} />
      </span>
      <div class={styles.text}>
        <div class={styles.titleRow}>
          <Heading class={styles.title}>{title}</Heading>
          <Badge tone="neutral" icon="clock">
            {t("common.comingSoon")}
          </Badge>
        </div>
        <p class={styles.description}>{description}</p>
      </div>
    </article>
  );
}
