/** A fact of a record on a detail screen: its label small and dimmed, the value under it ('—' when empty). */
import type { ReactNode } from 'react';
import { Text } from '@mantine/core';

export function LabeledValue({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children === '' || children === null || children === undefined ? '—' : children}
      </Text>
    </div>
  );
}
