// Tabs on Ark's tabs machine: roving focus, arrow keys that follow the reading direction,
// Home/End, and the tab/tabpanel wiring. Panels mount when first opened and stay mounted,
// so a tab keeps its state (a half-typed form) when the user looks elsewhere.
import { Tabs as ArkTabs } from '@ark-ui/react/tabs';

export type TabsProps = ArkTabs.RootProps;

export function Tabs({ className, lazyMount = true, ...rest }: TabsProps) {
  return <ArkTabs.Root {...rest} lazyMount={lazyMount} className={className ? `ah-tabs ${className}` : 'ah-tabs'} />;
}

/** The row of tabs; give it an `aria-label` when the page has more than one tab list. */
export function TabList({ className, ...rest }: ArkTabs.ListProps) {
  return <ArkTabs.List {...rest} className={className ? `ah-tab-list ${className}` : 'ah-tab-list'} />;
}

export function Tab({ className, ...rest }: ArkTabs.TriggerProps) {
  return <ArkTabs.Trigger {...rest} className={className ? `ah-tab ${className}` : 'ah-tab'} />;
}

export function TabPanel({ className, ...rest }: ArkTabs.ContentProps) {
  return <ArkTabs.Content {...rest} className={className ? `ah-tab-panel ${className}` : 'ah-tab-panel'} />;
}
