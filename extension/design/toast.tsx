// Toasts: Ark's toaster announces each one in a live region without moving focus; they leave on
// their own (errors stay longer) and can be closed. A surface opts in with <ToastProvider>, so
// one that raises none (the debugger panel) does not carry the toast machine.
import { useLocaleContext } from '@ark-ui/react/locale';
import { Toast, Toaster, createToaster, type CreateToasterReturn } from '@ark-ui/react/toast';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { AlertIcon, CloseIcon, InfoIcon, SuccessIcon, WarningIcon } from './icons.tsx';
import { Spinner } from './display.tsx';

const ICONS = { success: SuccessIcon, error: AlertIcon, warning: WarningIcon, info: InfoIcon } as const;

function ToastRegion({ toaster, closeLabel = 'Dismiss' }: { toaster: CreateToasterReturn; closeLabel?: string }) {
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

const ToasterContext = createContext<CreateToasterReturn | null>(null);

/** Lets everything inside raise toasts (useToaster); put it inside the surface's DesignRoot. */
export function ToastProvider({ children, closeLabel }: { children: ReactNode; closeLabel?: string }) {
  const { dir } = useLocaleContext();
  // One toaster per surface: toasts stay where they were raised. zag turns "-end" into a
  // physical side and then sets logical insets from it, which lands a right-to-left toast at
  // the start; asking for "-start" there puts it at the reading end, beside the actions.
  const [toaster] = useState(() => createToaster({ placement: dir === 'rtl' ? 'bottom-start' : 'bottom-end', gap: 8, max: 4, overlap: false }));
  return (
    <ToasterContext.Provider value={toaster}>
      {children}
      <ToastRegion toaster={toaster} closeLabel={closeLabel} />
    </ToasterContext.Provider>
  );
}

/** Raises toasts on the surrounding ToastProvider: `useToaster().create({ title, type: 'success' })`. */
export function useToaster(): CreateToasterReturn {
  const toaster = useContext(ToasterContext);
  if (!toaster) throw new Error('useToaster needs a <ToastProvider> above it');
  return toaster;
}
