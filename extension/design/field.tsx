// Form fields on Ark's field, checkbox and switch: the label, hint and error are tied to the
// control (for, aria-describedby, aria-invalid, required) by Ark, not by hand. Text inputs,
// text areas and selects stay native elements, so typing, autofill and mobile keyboards work
// as users expect.
import { Checkbox as ArkCheckbox } from '@ark-ui/react/checkbox';
import { Field as ArkField } from '@ark-ui/react/field';
import { Switch as ArkSwitch } from '@ark-ui/react/switch';
import { forwardRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { AlertIcon, CheckIcon, ChevronDownIcon, MinusIcon } from './icons.tsx';

export interface FieldProps extends Omit<ArkField.RootProps, 'invalid'> {
  label: ReactNode;
  /** Help under the control. */
  hint?: ReactNode;
  /** When set, the field is invalid and says why. */
  error?: ReactNode;
}

/** A labelled control: put one TextInput, TextArea or Select inside. */
export function Field({ label, hint, error, className, children, ...rest }: FieldProps) {
  return (
    <ArkField.Root {...rest} invalid={Boolean(error)} className={className ? `ah-field ${className}` : 'ah-field'}>
      <ArkField.Label className="ah-label">
        {label}
        <ArkField.RequiredIndicator className="ah-required">*</ArkField.RequiredIndicator>
      </ArkField.Label>
      {children}
      {hint && <ArkField.HelperText className="ah-hint">{hint}</ArkField.HelperText>}
      <ArkField.ErrorText className="ah-error">
        <AlertIcon />
        {error}
      </ArkField.ErrorText>
    </ArkField.Root>
  );
}

type MonoProp = { /** Monospace and left to right, for URLs, cURL, JSON and keys. */ mono?: boolean };

export const TextInput = /* @__PURE__ */ forwardRef<HTMLInputElement, ArkField.InputProps & MonoProp>(function TextInput({ mono, className, ...rest }, ref) {
  return <ArkField.Input {...rest} ref={ref} className={className ? `ah-input ${className}` : 'ah-input'} data-mono={mono || undefined} />;
});

export const TextArea = /* @__PURE__ */ forwardRef<HTMLTextAreaElement, ArkField.TextareaProps & MonoProp>(function TextArea({ mono, className, ...rest }, ref) {
  return <ArkField.Textarea {...rest} ref={ref} className={className ? `ah-textarea ${className}` : 'ah-textarea'} data-mono={mono || undefined} />;
});

/** A search box, named by its placeholder (a visible label above it would only repeat it). */
export const SearchInput = /* @__PURE__ */ forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'placeholder'> & { label: string }>(function SearchInput(
  { label, className, ...rest },
  ref,
) {
  return <input {...rest} ref={ref} type="search" aria-label={label} placeholder={label} className={className ? `ah-input ${className}` : 'ah-input'} />;
});

/** A native select (its popup is the platform's, so it is keyboard- and screen-reader-ready everywhere). */
export const Select = /* @__PURE__ */ forwardRef<HTMLSelectElement, ArkField.SelectProps>(function Select({ className, ...rest }, ref) {
  return (
    <span className="ah-select-wrap">
      <ArkField.Select {...rest} ref={ref} className={className ? `ah-select ${className}` : 'ah-select'} />
      <ChevronDownIcon />
    </span>
  );
});

interface ToggleProps {
  label: ReactNode;
  checked?: boolean;
  defaultChecked?: boolean;
  onCheckedChange?: (checked: boolean) => void;
  disabled?: boolean;
  name?: string;
  className?: string;
  'data-testid'?: string;
}

/** `indeterminate` shows a dash: some of a group's items are checked. */
export function Checkbox({ label, checked, indeterminate, defaultChecked, onCheckedChange, className, ...rest }: ToggleProps & { indeterminate?: boolean }) {
  return (
    <ArkCheckbox.Root
      {...rest}
      checked={indeterminate ? 'indeterminate' : checked}
      defaultChecked={defaultChecked}
      onCheckedChange={(details) => onCheckedChange?.(details.checked === true)}
      className={className ? `ah-checkbox ${className}` : 'ah-checkbox'}
    >
      <ArkCheckbox.Control className="ah-checkbox-control">
        <ArkCheckbox.Indicator>
          <CheckIcon strokeWidth={2.2} />
        </ArkCheckbox.Indicator>
        <ArkCheckbox.Indicator indeterminate>
          <MinusIcon strokeWidth={2.2} />
        </ArkCheckbox.Indicator>
      </ArkCheckbox.Control>
      <ArkCheckbox.Label>{label}</ArkCheckbox.Label>
      <ArkCheckbox.HiddenInput />
    </ArkCheckbox.Root>
  );
}

export function Switch({ label, checked, defaultChecked, onCheckedChange, className, ...rest }: ToggleProps) {
  return (
    <ArkSwitch.Root
      {...rest}
      checked={checked}
      defaultChecked={defaultChecked}
      onCheckedChange={(details) => onCheckedChange?.(details.checked)}
      className={className ? `ah-switch ${className}` : 'ah-switch'}
    >
      <ArkSwitch.Control className="ah-switch-control">
        <ArkSwitch.Thumb className="ah-switch-thumb" />
      </ArkSwitch.Control>
      <ArkSwitch.Label>{label}</ArkSwitch.Label>
      {/* zag leaves the input a plain checkbox; role="switch" makes screen readers say on and off. */}
      <ArkSwitch.HiddenInput role="switch" />
    </ArkSwitch.Root>
  );
}
