/** The logged-in user, the company and what the screens ask of the session (lock, log out, money). */
import { createContext, useContext } from 'react';
import type { Company, SessionUser } from '../../../shared/contract';
import type { Role } from '../../../shared/roles';

export interface Session {
  user: SessionUser;
  company: Company;
  idleLockMinutes: number;
  locked: boolean;
  lock: () => void;
  logout: () => void;
  /** re-reads the company (after it was edited) */
  refreshCompany: () => Promise<void>;
  setIdleLockMinutes: (minutes: number) => void;
  /** minor units → "$ 1.234.567" in the company currency */
  money: (minor: number | string) => string;
  /** a timestamp → 'DD/MM/AAAA HH:MM' in the company's time zone (never the computer's) */
  dateTime: (timestamp: string | null | undefined) => string;
  /** a timestamp → 'HH:MM' in the company's time zone */
  time: (timestamp: string | null | undefined) => string;
  /** whether the user's role is one of these */
  can: (roles: readonly Role[] | 'all') => boolean;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a session');
  return session;
}
