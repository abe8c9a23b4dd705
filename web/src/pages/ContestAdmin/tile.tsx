import admin from "./admin.module.css";

/** One number tile of an organizer's page (in `admin.tiles`): what it counts, the number with its unit, a line under it. */
export function Tile({
  label,
  value,
  unit,
  note,
}: {
  label: string;
  value: number | string;
  unit?: string | undefined;
  note?: string | undefined;
}) {
  return (
    <div class={admin.tile}>
      <span class={admin.tileLabel}>{label}</span>
      <span class={admin.tileValue}>
        {value}
        {unit ? <span class={admin.tileUnit}>{unit}</span> : null}
      </span>
      {note ? <span class={admin.tileNote}>{note}</span> : null}
    </div>
  );
}
