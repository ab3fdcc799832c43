// Buttons. Plain <button>s (the platform already makes them accessible); the design is in the
// variants. An icon button must say what it does: its label is its accessible name and tooltip.
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Spinner } from './display.tsx';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** Shows a spinner and blocks clicks while an action runs. */
  loading?: boolean;
  /** An icon before the label (after it in right-to-left). */
  icon?: ReactNode;
}

export const Button = /* @__PURE__ */ forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'secondary', size = 'md', loading = false, icon, type = 'button', className, disabled, children, ...rest },
  ref,
) {
  return (
    <button
      {...rest}
      ref={ref}
      type={type}
      className={className ? `ah-button ${className}` : 'ah-button'}
      data-variant={variant}
      data-size={size}
      data-loading={loading || undefined}
      aria-busy={loading || undefined}
      disabled={disabled || loading}
    >
      {loading ? <Spinner size="sm" label="" /> : icon}
      {children}
    </button>
  );
});

export interface IconButtonProps extends Omit<ButtonProps, 'icon' | 'children' | 'aria-label'> {
  /** What the button does, for screen readers and as the tooltip. */
  label: string;
  icon: ReactNode;
}

export const IconButton = /* @__PURE__ */ forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton({ label, icon, variant = 'ghost', className, ...rest }, ref) {
  return (
    <Button {...rest} ref={ref} variant={variant} aria-label={label} title={label} className={className ? `ah-icon-button ${className}` : 'ah-icon-button'}>
      {icon}
    </Button>
  );
});
