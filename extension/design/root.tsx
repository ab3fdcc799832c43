// The root every surface renders once: it sets the theme and direction, tells Ark where it lives
// (a document or the overlay's shadow root), and holds the layer that dialogs and menus portal
// into, so they keep the theme, the direction and the styles of the surface.
import { EnvironmentProvider } from '@ark-ui/react/environment';
import { LocaleProvider, useLocaleContext } from '@ark-ui/react/locale';
import { createContext, useCallback, useContext, useRef, type HTMLAttributes, type ReactNode, type RefObject } from 'react';
import type { Theme } from './tokens.ts';

const LayerContext = createContext<RefObject<HTMLDivElement | null> | null>(null);

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
  return (
    <div {...rest} ref={ref} className={className ? `ah-root ${className}` : 'ah-root'} data-theme={theme} dir={dir} lang={locale}>
      <LayerContext.Provider value={layer}>
        {children}
        <div className="ah-layer" ref={layer} />
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
