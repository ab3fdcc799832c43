// The root every surface renders once: it sets the theme and direction, tells Ark where it lives
// (a document or the overlay's shadow root), and holds the layer that dialogs, menus and toasts
// portal into, so they keep the theme, the direction and the styles of the surface.
import { EnvironmentProvider } from '@ark-ui/react/environment';
import { LocaleProvider, useLocaleContext } from '@ark-ui/react/locale';
import { createToaster, type CreateToasterReturn } from '@ark-ui/react/toast';
import { createContext, useCallback, useContext, useRef, useState, type HTMLAttributes, type ReactNode, type RefObject } from 'react';
import type { Theme } from './tokens.ts';
import { ToastRegion } from './toast.tsx';

const LayerContext = createContext<RefObject<HTMLDivElement | null> | null>(null);
const ToasterContext = createContext<CreateToasterReturn | null>(null);

export interface DesignRootProps extends HTMLAttributes<HTMLDivElement> {
  /** Forces a theme; without it the root follows its ancestors' `data-theme`, then the system. */
  theme?: Theme | undefined;
  /** A BCP 47 tag; right-to-left languages (Arabic…) flip the layout and the arrow keys. */
  locale?: string;
  /** The shadow root (or document) the UI lives in; found from the DOM when left out. */
  rootNode?: ShadowRoot | Document | undefined;
  children?: ReactNode;
}

export function DesignRoot({ theme, locale = 'en', rootNode, children, className, ...rest }: DesignRootProps) {
  const element = useRef<HTMLDivElement>(null);
  // Ark asks for the root node when it needs it (to find its parts, to trap focus). A detached
  // root (while React unmounts) has no getElementById: answer the document then, where the
  // lookups simply find nothing.
  const findRoot = useCallback((): ShadowRoot | Document => {
    // Duck-typed: instanceof across a content script's and the page's globals is unreliable.
    const found = rootNode ?? element.current?.getRootNode();
    return found && 'getElementById' in found ? (found as ShadowRoot | Document) : document;
  }, [rootNode]);
  return (
    <EnvironmentProvider value={findRoot}>
      <LocaleProvider locale={locale}>
        <RootElement ref={element} theme={theme} locale={locale} className={className} {...rest}>
          {children}
        </RootElement>
      </LocaleProvider>
    </EnvironmentProvider>
  );
}

function RootElement({ ref, theme, locale, children, className, ...rest }: Omit<DesignRootProps, 'rootNode'> & { ref: RefObject<HTMLDivElement | null> }) {
  const { dir } = useLocaleContext();
  const layer = useRef<HTMLDivElement>(null);
  // One toaster per root: toasts stay on the surface that raised them. zag turns "-end" into a
  // physical side and then sets logical insets from it, which lands a right-to-left toast at the
  // start; asking for "-start" there puts it at the reading end, beside the actions.
  const [toaster] = useState(() => createToaster({ placement: dir === 'rtl' ? 'bottom-start' : 'bottom-end', gap: 8, max: 4, overlap: false }));
  return (
    <div {...rest} ref={ref} className={className ? `ah-root ${className}` : 'ah-root'} data-theme={theme} dir={dir} lang={locale}>
      <LayerContext.Provider value={layer}>
        <ToasterContext.Provider value={toaster}>
          {children}
          <div className="ah-layer" ref={layer}>
            <ToastRegion toaster={toaster} />
          </div>
        </ToasterContext.Provider>
      </LayerContext.Provider>
    </div>
  );
}

/** Where overlays portal to: the root's layer. */
export function useLayer(): RefObject<HTMLDivElement | null> {
  const layer = useContext(LayerContext);
  if (!layer) throw new Error('design primitives need a <DesignRoot> above them');
  return layer;
}

/** Raises toasts on the surrounding root: `useToaster().create({ title, type: 'success' })`. */
export function useToaster(): CreateToasterReturn {
  const toaster = useContext(ToasterContext);
  if (!toaster) throw new Error('useToaster needs a <DesignRoot> above it');
  return toaster;
}
