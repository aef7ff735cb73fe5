// The node screen's tabs, numbered as their keys (`1 summary  2 services ...`), the open one in
// inverse video.
import React from 'react';
import { Text } from 'ink';
import type { NodeTab } from '../input/ui-state.ts';

export interface TabBarProps {
  tabs: readonly NodeTab[];
  active: NodeTab;
}

export function TabBar({ tabs, active }: TabBarProps): React.JSX.Element {
  return (
    <Text>
      {tabs.map((tab, index) => (
        <Text key={tab} inverse={tab === active} bold={tab === active}>
          {` ${index + 1} ${tab} `}
        </Text>
      ))}
    </Text>
  );
}
