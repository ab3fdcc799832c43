// AI-HTTP's design system: tokens (tokens.ts), the primitives' CSS (components.css, as text in
// styles.ts) and React primitives, for the overlay, the popup, the options page and the pages
// to come. Render one <DesignRoot> per surface and install DESIGN_CSS into its document or
// shadow root; the content-script shell installs TOKENS_CSS alone.
//
// The primitives wrap Ark UI (@ark-ui/react, zag.js state machines), chosen over Radix, Base UI
// and React Aria Components on 2026-11-28 by:
// - Shadow DOM: the overlay lives in one. In real Chromium and Firefox with the dialog and menu
//   portalled into a shadow root, Ark and Base UI kept focus trapped in the dialog, closed on
//   Escape and on a click elsewhere in the same root, moved through menu items with the arrows
//   and returned focus to the trigger; Radix let Tab leave the dialog (its FocusScope reads
//   document.activeElement, radix-ui/primitives#3353, fix unmerged) and skipped menu items.
//   Ark documents the case (EnvironmentProvider) and finds the shadow root by itself.
// - Size, minified and gzipped without React: tabs + dialog + menu + toast + field + checkbox
//   + switch + select + progress came to Radix 47 KB, Ark 72 KB, React Aria 75 KB, Base UI
//   94 KB; for the panel's likely set (tabs, menu, toast, dialog) Ark 55 KB, Base UI 76 KB.
//   Per-component entry points (`@ark-ui/react/tabs`) keep unused machines out, and nothing
//   here reaches the content-script shell.
// - React 19 (peer react >= 18) and maintained (5.40, monthly releases, by the Chakra team).
// Module-level calls here (forwardRef, icon(), tokensCss()) are marked /* @__PURE__ */ so a
// surface that imports one primitive from this index does not carry the others.
// One rule Ark imposes: never set `id` on its parts (the machines find elements by the ids
// they generate); use data-testid or the Root's `ids` prop.
export { Button, IconButton, type ButtonProps, type ButtonVariant, type IconButtonProps } from './button.tsx';
export { contrastRatio } from './contrast.ts';
export { Dialog, DialogClose, type DialogProps } from './dialog.tsx';
export { Badge, Card, EmptyState, Progress, Section, Spinner, StatusPill, type Status, type Tone } from './display.tsx';
export { Checkbox, Field, SearchInput, Select, Switch, TextArea, TextInput, type FieldProps } from './field.tsx';
export * from './icons.tsx';
export { Menu, MenuItem, MenuSeparator, type MenuItemProps, type MenuProps } from './menu.tsx';
export { DesignRoot, useLayer, type DesignRootProps } from './root.tsx';
export { COMPONENTS_CSS, DESIGN_CSS, TOKENS_CSS, installStyles } from './styles.ts';
export { Tab, TabList, TabPanel, Tabs, type TabsProps } from './tabs.tsx';
export { ToastProvider, useToaster } from './toast.tsx';
export { COLORS, THEMES, cssVar, type ColorToken, type Theme } from './tokens.ts';
