// Display primitives: badges and status pills, cards and sections, the empty state, the spinner
// and the progress bar (Ark's, so it carries role="progressbar" and its values).
import { Progress as ArkProgress } from '@ark-ui/react/progress';
import type { HTMLAttributes, ReactNode } from 'react';
import { InboxIcon } from './icons.tsx';

const cx = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

export type Tone = 'neutral' | 'accent' | 'success' | 'danger' | 'warning' | 'info';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: Tone;
}

export function Badge({ tone = 'neutral', className, ...rest }: BadgeProps) {
  return <span {...rest} className={cx('ah-badge', className)} data-tone={tone} />;
}

/** The statuses a run can have, in n8n's words, and how each one looks. */
const STATUS_TONES = {
  success: 'success',
  error: 'danger',
  crashed: 'danger',
  running: 'info',
  new: 'info',
  waiting: 'warning',
  canceled: 'neutral',
  unknown: 'neutral',
} as const satisfies Record<string, Tone>;
export type Status = keyof typeof STATUS_TONES;

/** A badge with a dot for a status; the text (translated by the caller) says it, the colour only repeats it. */
export function StatusPill({ status, className, children, ...rest }: HTMLAttributes<HTMLSpanElement> & { status: string }) {
  const tone: Tone = STATUS_TONES[status as Status] ?? 'neutral';
  return (
    <span {...rest} className={cx('ah-badge', className)} data-tone={tone} data-status={status} data-dot="" data-pulse={status === 'running' || undefined}>
      {children}
    </span>
  );
}

interface HeadedProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  title?: ReactNode;
  description?: ReactNode;
  /** Buttons at the header's end. */
  actions?: ReactNode;
  /** The heading level of the title (2 by default). */
  level?: 2 | 3 | 4;
}

function headed(kind: 'card' | 'section', defaultLevel: 2 | 3) {
  return function Headed({ title, description, actions, level = defaultLevel, className, children, ...rest }: HeadedProps) {
    const Heading = `h${level}` as const;
    return (
      <section {...rest} className={cx(`ah-${kind}`, className)}>
        {(title || actions) && (
          <header className={`ah-${kind}-header`}>
            <div className="ah-card-heading">
              {title && <Heading>{title}</Heading>}
              {description && <p className={`ah-${kind}-description`}>{description}</p>}
            </div>
            {actions}
          </header>
        )}
        {children}
      </section>
    );
  };
}

/** A bordered surface with an optional header. */
export const Card = /* @__PURE__ */ headed('card', 3);

/** A titled group of content inside a page or card; consecutive sections are ruled apart. */
export const Section = /* @__PURE__ */ headed('section', 2);

export interface EmptyStateProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  title: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ title, description, icon = <InboxIcon />, action, className, ...rest }: EmptyStateProps) {
  return (
    <div {...rest} className={cx('ah-empty', className)}>
      <span className="ah-empty-icon">{icon}</span>
      <p className="ah-empty-title">{title}</p>
      {description && <p className="ah-empty-description">{description}</p>}
      {action && <div className="ah-empty-action">{action}</div>}
    </div>
  );
}

export interface SpinnerProps extends HTMLAttributes<HTMLSpanElement> {
  /** Read to screen readers; an empty label makes the spinner decorative (its context says what loads). */
  label: string;
  size?: 'sm' | 'md' | 'lg';
}

export function Spinner({ label, size = 'md', className, ...rest }: SpinnerProps) {
  const a11y = label ? { role: 'status', 'aria-label': label } : { 'aria-hidden': true };
  return <span {...rest} {...a11y} className={cx('ah-spinner', className)} data-size={size} />;
}

export interface ProgressProps extends Omit<HTMLAttributes<HTMLDivElement>, 'defaultValue' | 'dir'> {
  label: ReactNode;
  /** null while the total is unknown (an indeterminate bar). */
  value: number | null;
  max?: number;
  /** Shows the percentage beside the label. */
  showValue?: boolean;
}

export function Progress({ label, value, max = 100, showValue = true, className, ...rest }: ProgressProps) {
  return (
    <ArkProgress.Root {...rest} className={cx('ah-progress', className)} value={value} max={max}>
      <ArkProgress.Label className="ah-progress-label">{label}</ArkProgress.Label>
      {showValue && value !== null ? <ArkProgress.ValueText className="ah-progress-value" /> : <span />}
      <ArkProgress.Track className="ah-progress-track">
        <ArkProgress.Range className="ah-progress-range" />
      </ArkProgress.Track>
    </ArkProgress.Root>
  );
}
