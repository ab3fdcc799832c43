// The few icons the primitives need, as inline SVG that takes the text colour. Decorative:
// the control around an icon carries the accessible name.
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { mirror?: boolean };

function icon(paths: string[], options: { mirror?: boolean; strokeWidth?: number } = {}) {
  return function Icon({ mirror = options.mirror, className, ...props }: IconProps) {
    return (
      <svg
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth={options.strokeWidth ?? 1.6}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        className={className ? `ah-icon ${className}` : 'ah-icon'}
        data-mirror={mirror || undefined}
        {...props}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  };
}

export const CloseIcon = /* @__PURE__ */ icon(['M4 4l8 8', 'M12 4l-8 8']);
export const CheckIcon = /* @__PURE__ */ icon(['M3.5 8.5l3 3 6-7']);
export const MinusIcon = /* @__PURE__ */ icon(['M4 8h8']);
export const ChevronDownIcon = /* @__PURE__ */ icon(['M4 6l4 4 4-4']);
export const ChevronEndIcon = /* @__PURE__ */ icon(['M6 4l4 4-4 4'], { mirror: true });
export const MoreIcon = /* @__PURE__ */ icon(['M3.5 8h.01', 'M8 8h.01', 'M12.5 8h.01'], { strokeWidth: 2.6 });
export const InfoIcon = /* @__PURE__ */ icon(['M8 14.5a6.5 6.5 0 100-13 6.5 6.5 0 000 13z', 'M8 7.5v3.5', 'M8 5h.01']);
export const AlertIcon = /* @__PURE__ */ icon(['M8 14.5a6.5 6.5 0 100-13 6.5 6.5 0 000 13z', 'M8 4.75v3.75', 'M8 11h.01']);
export const SuccessIcon = /* @__PURE__ */ icon(['M8 14.5a6.5 6.5 0 100-13 6.5 6.5 0 000 13z', 'M5.5 8.25l1.75 1.75 3.25-3.5']);
export const WarningIcon = /* @__PURE__ */ icon(['M8 2l6.5 11.5h-13L8 2z', 'M8 6.5v3', 'M8 11.75h.01']);
export const ExternalIcon = /* @__PURE__ */ icon(['M9 3h4v4', 'M13 3L7.5 8.5', 'M12 9.5V13H3V4h3.5'], { mirror: true });
export const CopyIcon = /* @__PURE__ */ icon(['M5.5 5.5h7v7h-7z', 'M3.5 10.5v-7h7']);
export const RefreshIcon = /* @__PURE__ */ icon(['M13 8a5 5 0 11-1.5-3.55', 'M13 2.5v2.5h-2.5']);
export const ChartIcon = /* @__PURE__ */ icon(['M2.5 13.5h11', 'M4.5 11V8', 'M8 11V4', 'M11.5 11V6.5']);
export const SettingsIcon = /* @__PURE__ */ icon(['M2.5 4.5h11', 'M2.5 8h11', 'M2.5 11.5h11', 'M5.5 3v3', 'M10.5 6.5v3', 'M7 10v3']);
export const InboxIcon = /* @__PURE__ */ icon(['M2 9l1.8-5.5h8.4L14 9v3.5H2V9z', 'M2 9h3.5l1 1.5h3l1-1.5H14']);
