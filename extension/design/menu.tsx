// A menu button on Ark's menu machine: opens from its trigger with Enter, Space or the arrow
// keys, moves with the arrows and typeahead, selects with Enter, closes with Escape or a click
// outside (inside a shadow root too), and gives focus back to the trigger.
import { Menu as ArkMenu } from '@ark-ui/react/menu';
import { Portal } from '@ark-ui/react/portal';
import type { ReactElement, ReactNode } from 'react';
import { useLayer } from './root.tsx';

export interface MenuProps {
  /** The button that opens the menu. */
  trigger: ReactElement;
  children: ReactNode;
  /** Names the menu for screen readers when the trigger's text does not. */
  'aria-label'?: string;
  'data-testid'?: string;
}

export function Menu({ trigger, children, 'aria-label': label, 'data-testid': testId }: MenuProps) {
  const layer = useLayer();
  return (
    <ArkMenu.Root aria-label={label} lazyMount unmountOnExit positioning={{ placement: 'bottom-end', gutter: 4 }}>
      <ArkMenu.Trigger asChild>{trigger}</ArkMenu.Trigger>
      <Portal container={layer}>
        <ArkMenu.Positioner className="ah-menu-positioner">
          <ArkMenu.Content className="ah-menu" data-testid={testId}>
            {children}
          </ArkMenu.Content>
        </ArkMenu.Positioner>
      </Portal>
    </ArkMenu.Root>
  );
}

export interface MenuItemProps extends Omit<ArkMenu.ItemProps, 'className'> {
  /** `danger` for destructive actions (Remove, Sign out). */
  tone?: 'default' | 'danger';
  icon?: ReactNode;
}

export function MenuItem({ tone = 'default', icon, children, ...rest }: MenuItemProps) {
  return (
    <ArkMenu.Item {...rest} className="ah-menu-item" data-tone={tone}>
      {icon}
      {children}
    </ArkMenu.Item>
  );
}

export function MenuSeparator() {
  return <ArkMenu.Separator className="ah-menu-separator" />;
}
