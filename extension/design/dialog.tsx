// A modal dialog on Ark's dialog machine: focus moves in and is trapped (inside a shadow root
// too), Escape and a click outside close it, focus returns to what opened it, and it is
// labelled by its title and described by its description.
import { Dialog as ArkDialog } from '@ark-ui/react/dialog';
import { Portal } from '@ark-ui/react/portal';
import type { ReactElement, ReactNode } from 'react';
import { IconButton } from './button.tsx';
import { CloseIcon } from './icons.tsx';
import { useLayer } from './root.tsx';

export interface DialogProps {
  title: ReactNode;
  description?: ReactNode;
  /** The element that opens the dialog (a Button); leave out to control `open` yourself. */
  trigger?: ReactElement;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** The actions row at the bottom (Cancel, Save…). */
  footer?: ReactNode;
  /** The close button's label, for screen readers. */
  closeLabel: string;
  /** `alertdialog` for confirmations that need an answer. */
  role?: 'dialog' | 'alertdialog';
  children?: ReactNode;
  'data-testid'?: string;
}

export function Dialog({ title, description, trigger, open, onOpenChange, footer, closeLabel, role = 'dialog', children, 'data-testid': testId }: DialogProps) {
  const layer = useLayer();
  return (
    <ArkDialog.Root open={open} onOpenChange={(details) => onOpenChange?.(details.open)} role={role} lazyMount unmountOnExit>
      {trigger && <ArkDialog.Trigger asChild>{trigger}</ArkDialog.Trigger>}
      <Portal container={layer}>
        <ArkDialog.Backdrop className="ah-dialog-backdrop" />
        <ArkDialog.Positioner className="ah-dialog-positioner">
          <ArkDialog.Content className="ah-dialog" data-testid={testId}>
            <ArkDialog.Title className="ah-dialog-title">{title}</ArkDialog.Title>
            {description && <ArkDialog.Description className="ah-dialog-description">{description}</ArkDialog.Description>}
            {children}
            {footer && <div className="ah-dialog-footer">{footer}</div>}
            <ArkDialog.CloseTrigger asChild>
              <IconButton className="ah-dialog-close" size="sm" label={closeLabel} icon={<CloseIcon />} />
            </ArkDialog.CloseTrigger>
          </ArkDialog.Content>
        </ArkDialog.Positioner>
      </Portal>
    </ArkDialog.Root>
  );
}

/** Closes the surrounding dialog: wrap a footer button in it (`<DialogClose><Button>Cancel</Button></DialogClose>`). */
export function DialogClose({ children }: { children: ReactElement }) {
  return <ArkDialog.CloseTrigger asChild>{children}</ArkDialog.CloseTrigger>;
}
