/**
 * The application's phases: first start (wizard), login, forced password change, and the working
 * shell with its lock overlay. Which phase comes first is asked of the back office at start.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Center, Loader, MantineProvider, Stack } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/es';
import 'dayjs/locale/en';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { call, getSessionToken, onSessionProblem, send, setSessionToken } from '../api/client';
import type { Company, LoginResult, SessionUser } from '../../../shared/contract';
import { I18nProvider, useI18n, useT } from '../i18n';
import { makeTheme } from './theme';
import { DatabasePasswordPrompt } from './setup/DatabasePasswordPrompt';
import { PASSWORD_PROMPT_HASH } from '../../../shared/contract';
import { LoginScreen } from './auth/LoginScreen';
import { ChangePasswordScreen } from './auth/ChangePasswordScreen';
import { LockScreen } from './auth/LockScreen';
import { SessionContext, type Session } from './session';
import { dateTimeIn, money, timeIn } from './format';
import { homeFor } from './nav';
import { navigate } from './router';

// the working shell (every screen behind the login) and the first-start wizard load after the
// login screen shows, in chunks of their own (issue 20, item 5)
const Shell = lazy(() => import('./Shell').then((m) => ({ default: m.Shell })));
const SetupWizard = lazy(() => import('./setup/SetupWizard').then((m) => ({ default: m.SetupWizard })));

function Loading() {
  const t = useT();
  return (
    <Center h="100vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

interface Working {
  user: SessionUser;
  company: Company;
  idleLockMinutes: number;
  locked: boolean;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup' }
  | { kind: 'login'; username?: string; notice?: string }
  /** a temporary password allows nothing else (not even reading the company) until it is changed */
  | { kind: 'changePassword'; user: SessionUser; idleLockMinutes: number }
  /** reopened on a locked session: the company is read after the unlock */
  | { kind: 'resumeLocked'; user: SessionUser; idleLockMinutes: number }
  | { kind: 'ready'; working: Working };

export function App() {
  return (
    <I18nProvider>
      <Themed>
        {/* the desktop app's question before the database opens (electron/main/password-prompt.ts) */}
        {location.hash === PASSWORD_PROMPT_HASH ? <DatabasePasswordPrompt /> : <Phases />}
      </Themed>
    </I18nProvider>
  );
}

function Themed({ children }: { children: React.ReactNode }) {
  const { t, language } = useI18n();
  const theme = useMemo(() => makeTheme(t), [t]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesProvider settings={{ locale: language, firstDayOfWeek: 1, weekendDays: [0] }}>
        <Notifications position="bottom-right" zIndex={4000} />
        {children}
      </DatesProvider>
    </MantineProvider>
  );
}

function Phases() {
  const t = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const start = useCallback(async () => {
    setPhase({ kind: 'loading' });
    const status = await call('setup.status', {});
    if (!status.ok) return setPhase({ kind: 'unreachable', message: status.error.message });
    if (!status.data.initialized) return setPhase({ kind: 'setup' });
    if (getSessionToken()) {
      const me = await call('auth.me', {});
      if (me.ok) {
        const { user, locked, idleLockMinutes, mustChangePassword } = me.data;
        if (locked) return setPhase({ kind: 'resumeLocked', user, idleLockMinutes });
        if (mustChangePassword) return setPhase({ kind: 'changePassword', user, idleLockMinutes });
        const company = await call('company.get', {});
        if (company.ok) return setPhase({ kind: 'ready', working: { user, company: company.data, idleLockMinutes, locked: false } });
      }
      setSessionToken(null);
    }
    setPhase({ kind: 'login' });
  }, []);

  useEffect(() => {
    void start();
  }, [start]);

  // while the person types the password, the shell's chunk loads
  useEffect(() => {
    if (phase.kind !== 'login') return;
    const id = setTimeout(() => void import('./Shell'), 300);
    return () => clearTimeout(id);
  }, [phase.kind]);

  // The back office says the session ended, the screen is locked (it locks an idle session itself)
  // or the password must change: follow it.
  useEffect(
    () =>
      onSessionProblem((error) => {
        if (error.code === 'LOCKED') {
          setPhase((p) => (p.kind === 'ready' ? { kind: 'ready', working: { ...p.working, locked: true } } : p));
        } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
          setPhase((p) => (p.kind === 'ready' ? { kind: 'changePassword', user: p.working.user, idleLockMinutes: p.working.idleLockMinutes } : p));
        } else {
          setSessionToken(null);
          notifications.clean();
          setPhase((p) => (p.kind === 'login' ? p : { kind: 'login', notice: error.message }));
        }
      }),
    [],
  );

  const loggedIn = useCallback(async (result: LoginResult) => {
    setSessionToken(result.token);
    // each person starts at their own home, never on the screen the previous user left
    navigate(homeFor(result.user.role));
    if (result.mustChangePassword) return setPhase({ kind: 'changePassword', user: result.user, idleLockMinutes: result.idleLockMinutes });
    const company = await send('company.get', {});
    setPhase({ kind: 'ready', working: { user: result.user, company, idleLockMinutes: result.idleLockMinutes, locked: false } });
  }, []);

  const logout = useCallback(async (notice?: string) => {
    await call('auth.logout', {});
    setSessionToken(null);
    notifications.clean();
    setPhase({ kind: 'login', notice });
  }, []);

  const updateWorking = useCallback(
    (change: (w: Working) => Working) => setPhase((p) => (p.kind === 'ready' ? { kind: 'ready', working: change(p.working) } : p)),
    [],
  );

  /** after an unlock or a password change: the company is read now, and the work begins */
  const resumed = useCallback(async () => {
    if (phase.kind !== 'resumeLocked' && phase.kind !== 'changePassword') return;
    const company = await call('company.get', {});
    if (!company.ok) return start();
    setPhase({ kind: 'ready', working: { user: phase.user, company: company.data, idleLockMinutes: phase.idleLockMinutes, locked: false } });
  }, [phase, start]);

  switch (phase.kind) {
    case 'loading':
      return <Loading />;
    case 'unreachable':
      return (
        <Center h="100vh" p="md">
          <Stack maw={480}>
            <Alert color="red" icon={<IconPlugConnectedX />} title={t('app.unreachable')}>
              {phase.message}
            </Alert>
            <Button onClick={() => void start()}>{t('common.retry')}</Button>
          </Stack>
        </Center>
      );
    case 'setup':
      return (
        <Suspense fallback={<Loading />}>
          <SetupWizard onDone={(username, notice) => setPhase({ kind: 'login', username, notice })} />
        </Suspense>
      );
    case 'login':
      return <LoginScreen initialUsername={phase.username} notice={phase.notice} onLoggedIn={loggedIn} />;
    case 'changePassword':
      return (
        <ChangePasswordScreen user={phase.user} onChanged={() => void resumed()} onLogout={() => void logout()} />
      );
    case 'resumeLocked':
      return <LockScreen user={phase.user} onUnlocked={() => void resumed()} onLogout={() => void logout()} />;
    case 'ready':
      return <WorkingShell working={phase.working} update={updateWorking} logout={logout} />;
  }
}

function WorkingShell({
  working,
  update,
  logout,
}: {
  working: Working;
  update: (change: (w: Working) => Working) => void;
  logout: () => Promise<void>;
}) {
  const session = useMemo<Session>(
    () => ({
      ...working,
      lock: () => {
        update((w) => ({ ...w, locked: true }));
        void call('auth.lock', {});
      },
      logout: () => void logout(),
      refreshCompany: async () => {
        const company = await send('company.get', {});
        update((w) => ({ ...w, company }));
      },
      setIdleLockMinutes: (minutes) => update((w) => ({ ...w, idleLockMinutes: minutes })),
      money: (minor) => money(minor, working.company.currency),
      dateTime: (timestamp) => dateTimeIn(timestamp, working.company.timeZone),
      time: (timestamp) => timeIn(timestamp, working.company.timeZone),
      can: (roles) => roles === 'all' || roles.includes(working.user.role),
    }),
    [working, update, logout],
  );
  return (
    <SessionContext.Provider value={session}>
      <Suspense fallback={<Loading />}>
        <Shell />
      </Suspense>
      {working.locked && (
        <LockScreen user={working.user} onUnlocked={() => update((w) => ({ ...w, locked: false }))} onLogout={() => void logout()} overlay />
      )}
    </SessionContext.Provider>
  );
}
