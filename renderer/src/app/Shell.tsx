/** The working frame: header (who, where, lock, log out), navigation by role, and the current screen. */
import { Suspense, useEffect } from 'react';
import { AppShell, Badge, Burger, Button, Group, Image, Kbd, Loader, NavLink, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure, useHotkeys, useIdle } from '@mantine/hooks';
import { IconDroplet, IconLock, IconLogout, IconSearch } from '@tabler/icons-react';
import { useT } from '../i18n';
import { ADMIN_ICON, adminNav, mainNav, navItemFor, type NavItem } from './nav';
import { useApprovalsCount } from '../modules/approvals/useApprovalsCount';
import { navigate, usePath } from './router';
import { useSession } from './session';
import { Preferences } from './Preferences';
import { Page } from './Page';
import { useActivityBeat } from './useActivityBeat';
import { AccountSpotlight, accountSpotlight } from '../modules/accounts/AccountSpotlight';
import { ProblemsNotice } from '../modules/desktop/ProblemsNotice';

export function Shell() {
  const t = useT();
  const session = useSession();
  const { user, company, locked, lock, logout, can } = session;
  const path = usePath();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const idle = useIdle(session.idleLockMinutes * 60_000, { initialState: false });

  // the renderer's timer shows the lock at once; the server locks an idle session itself too
  useEffect(() => {
    if (idle && !locked) lock();
  }, [idle, locked, lock]);
  useActivityBeat(locked);

  useHotkeys([['mod+L', () => !locked && lock()]], [], true);

  useEffect(() => {
    const item = navItemFor(path);
    document.title = item ? `${t(item.label)} · ${t('app.name')}` : t('app.name');
  }, [path, t]);

  const visibleMain = mainNav.filter((item) => can(item.roles));
  const visibleAdmin = adminNav.filter((item) => can(item.roles));
  const go = (item: NavItem) => {
    navigate(item.path);
    closeNav();
  };
  // one item lit: the one the path belongs to ('/caja/turnos' is Turnos de caja, not also Caja)
  const current = navItemFor(path);
  const active = (item: NavItem) => current?.path === item.path;
  const approvals = useApprovalsCount(visibleMain.some((i) => i.badge === 'approvals'), path);
  const badgeOf = (item: NavItem) => {
    if (!item.available) return <Badge size="xs" variant="outline" color="gray">{t('shell.soon')}</Badge>;
    if (item.badge === 'approvals' && approvals > 0)
      return (
        <Badge size="sm" color="red" circle={approvals < 10} aria-label={t('approvals.badge', { n: approvals })} data-testid="approvals-badge">
          {approvals}
        </Badge>
      );
    return undefined;
  };

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 270, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} />
            {company.logoDataUrl ? (
              <Image src={company.logoDataUrl} alt="" h={32} w="auto" fit="contain" />
            ) : (
              <IconDroplet color="var(--mantine-primary-color-filled)" />
            )}
            <Stack gap={0} miw={0}>
              <Text fw={700} truncate="end" data-testid="company-name">
                {company.name}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {t('shell.office', { code: user.officeCode, name: user.officeName })}
              </Text>
            </Stack>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Button
              variant="default"
              leftSection={<IconSearch size={16} />}
              rightSection={<Kbd size="xs">Ctrl+K</Kbd>}
              onClick={accountSpotlight.open}
              visibleFrom="lg"
            >
              {t('shell.findAccount')}
            </Button>
            <Stack gap={2} align="flex-end" visibleFrom="sm" maw={220}>
              <Text size="sm" fw={600} truncate="end" maw={220} data-testid="user-name">
                {user.fullName}
              </Text>
              <Badge size="xs" variant="light" data-testid="user-role">
                {t(`role.${user.role}`)}
              </Badge>
            </Stack>
            <Preferences />
            <Tooltip label={t('shell.lockHelp')}>
              <Button variant="light" color="gray" leftSection={<IconLock size={16} />} rightSection={<Kbd size="xs">Ctrl+L</Kbd>} onClick={lock}>
                {t('shell.lock')}
              </Button>
            </Tooltip>
            <Button variant="subtle" color="red" leftSection={<IconLogout size={16} />} onClick={logout}>
              {t('shell.exit')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('shell.navigation')}>
        <AppShell.Section grow component={ScrollArea}>
          <nav>
            {visibleMain.map((item) => (
              <NavLink
                key={item.path}
                component="button"
                label={t(item.label)}
                aria-label={t(item.label)}
                leftSection={<item.icon size={20} stroke={1.6} />}
                rightSection={badgeOf(item)}
                active={active(item)}
                onClick={() => go(item)}
              />
            ))}
            {visibleAdmin.length > 0 && (
              <NavLink
                label={t('nav.admin')}
                leftSection={<ADMIN_ICON size={20} stroke={1.6} />}
                defaultOpened
                childrenOffset={28}
                component="button"
              >
                {visibleAdmin.map((item) => (
                  <NavLink
                    key={item.path}
                    component="button"
                    label={t(item.label)}
                    leftSection={<item.icon size={18} stroke={1.6} />}
                    active={active(item)}
                    onClick={() => go(item)}
                  />
                ))}
              </NavLink>
            )}
          </nav>
        </AppShell.Section>
        <AppShell.Section>
          <ProblemsNotice />
          <UnstyledButton onClick={accountSpotlight.open} p="xs" w="100%">
            <Text size="xs" c="dimmed">
              {t('shell.shortcuts')}
            </Text>
          </UnstyledButton>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label={t('common.loading')} m="xl" />}>
          <Page path={path} />
        </Suspense>
      </AppShell.Main>
      <AccountSpotlight />
    </AppShell>
  );
}
