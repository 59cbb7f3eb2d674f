import type { ReactNode } from 'react';
import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDroplet } from '@tabler/icons-react';
import { Preferences } from '../Preferences';
import { useT } from '../../i18n';

/** The frame of the screens before the shell: login, password change, first start. */
export function AuthLayout({ title, subtitle, children, width = 420 }: { title: string; subtitle?: ReactNode; children: ReactNode; width?: number }) {
  const t = useT();
  return (
    <Box mih="100vh" bg="var(--mantine-color-body)">
      <Group justify="space-between" p="md">
        <Group gap="xs">
          <IconDroplet color="var(--mantine-primary-color-filled)" />
          <Text fw={700}>{t('app.name')}</Text>
        </Group>
        <Preferences />
      </Group>
      <Center px="md" pb="xl">
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={width}>
          <Stack gap="md">
            <Stack gap={4}>
              <Title order={2}>{title}</Title>
              {subtitle && <Text c="dimmed">{subtitle}</Text>}
            </Stack>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
