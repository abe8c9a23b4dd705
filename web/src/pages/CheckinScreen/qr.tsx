import { useMemo } from "preact/hooks";
import { encode } from "uqr";

/**
 * A QR code as one SVG path: dark modules on white with the standard 4-module quiet zone, scaled by
 * the box it sits in (crisp at any size, so a projector can show it metres wide). Error correction M
 * keeps the symbol small (fewer, larger modules read better from the back of a room) while allowing
 * for glare and a keystoned projection.
 */
export function QrCode({ value, label, class: extra }: { value: string; label: string; class?: string }) {
  const { size, path } = useMemo(() => {
    const qr = encode(value, { ecc: "M", border: 0 });
    let d = "";
    qr.data.forEach((row, y) => {
      let x = 0;
      while (x < row.length) {
        if (!row[x]) {
          x++;
          continue;
        }
        // One horizontal run of dark modules per rectangle: a path a fraction of the size.
        let end = x;
        while (end < row.length && row[end]) end++;
        d += `M${x} ${y}h${end - x}v1h${x - end}z`;
        x = end;
      }
    });
    return { size: qr.size, path: d };
  }, [value]);
  const quiet = 4;
  return (
    <svg
      class={extra}
      viewBox={`${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`}
      role="img"
      aria-label={label}
      shape-rendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect x={-quiet} y={-quiet} width={size + 2 * quiet} height={size + 2 * quiet} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
