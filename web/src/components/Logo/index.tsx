/** The 链学 mark: two linked rings over a short gold rule. Decorative; the name is always written beside it. */
export function LogoMark({ size = 2.5, inverted = false }: { size?: number; inverted?: boolean }) {
  const ring = inverted ? "#fff" : "#b71c1c";
  return (
    <svg width={`${size}rem`} height={`${size}rem`} viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      {inverted ? null : <rect width="40" height="40" rx="9" fill="#b71c1c" />}
      <g fill="none" stroke={inverted ? ring : "#fff"} stroke-width="3.2">
        <rect x="6.5" y="13" width="16.5" height="12.5" rx="6.25" />
        <rect x="17" y="13" width="16.5" height="12.5" rx="6.25" />
      </g>
      <rect x="13" y="30.5" width="14" height="2.2" rx="1.1" fill="#e0b84c" />
    </svg>
  );
}
