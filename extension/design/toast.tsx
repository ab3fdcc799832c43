// Toasts: Ark's toaster announces each one in a live region without moving focus; they leave on
// their own (errors stay longer) and can be closed.
import { Toast, Toaster, type CreateToasterReturn } from '@ark-ui/react/toast';
import { AlertIcon, CloseIcon, InfoIcon, SuccessIcon, WarningIcon } from './icons.tsx';
import { Spinner } from './display.tsx';

const ICONS = { success: SuccessIcon, error: AlertIcon, warning: WarningIcon, info: InfoIcon } as const;

export function ToastRegion({ toaster, closeLabel = 'Dismiss' }: { toaster: CreateToasterReturn; closeLabel?: string }) {
  return (
    <Toaster toaster={toaster} className="ah-toaster">
      {(toast) => {
        const Icon = ICONS[toast.type as keyof typeof ICONS];
        return (
          <Toast.Root className="ah-toast" key={toast.id}>
            <Toast.Title className="ah-toast-title">
              {toast.type === 'loading' ? <Spinner size="sm" label="" /> : Icon && <Icon />}
              {toast.title}
            </Toast.Title>
            {toast.description && <Toast.Description className="ah-toast-description">{toast.description}</Toast.Description>}
            <Toast.CloseTrigger className="ah-button ah-icon-button ah-toast-close" data-variant="ghost" data-size="sm" aria-label={closeLabel}>
              <CloseIcon />
            </Toast.CloseTrigger>
          </Toast.Root>
        );
      }}
    </Toaster>
  );
}
