/**
 * The navigation: what each role sees. It mirrors the access declared in the handler table
 * (electron/core/modules/*\/handlers.ts); hiding is a courtesy, the back office still checks.
 */
import type { ComponentType } from 'react';
import {
  IconAt,
  IconBuildingBank,
  IconBuildingStore,
  IconCalendar,
  IconCash,
  IconDatabase,
  IconFileImport,
  IconMail,
  IconPrinter,
  IconSearch,
  IconSettings,
  IconServer,
  IconUsers,
  IconWallet,
  IconBuilding,
  IconReceipt,
  IconQuestionMark,
  IconReportMoney,
  IconCertificate,
  IconCashRegister,
  IconTags,
  IconMailForward,
  IconListDetails,
  IconChartBar,
  IconMailOpened,
  IconAlertTriangle,
  IconTemplate,
  IconHistory,
  IconDeviceDesktop,
  IconHeadset,
  IconChecklist,
  IconChartPie,
  IconChartLine,
  IconTargetArrow,
  IconCalendarDollar,
  IconReportAnalytics,
  IconCoin,
  IconMapPin,
  IconAdjustmentsDollar,
  IconTool,
  IconFileDollar,
  IconArrowsExchange,
  IconMoodSmile,
} from '@tabler/icons-react';
import type { Role } from '../../../shared/roles';
import type { MessageKey } from '../i18n';
import { paths } from './router';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ComponentType<{ size?: number | string; stroke?: number }>;
  roles: readonly Role[] | 'all';
  /** false for modules that come in a later version */
  available: boolean;
  /** shows the number of approvals waiting (the approvals inbox) */
  badge?: 'approvals';
}

const coordination = ['coordinador', 'administrador'] as const;
const admin = ['administrador'] as const;
/** the collections desk's handlers (electron/core/modules/collections/handlers.ts DESK) */
const desk = ['gestor', 'coordinador', 'administrador'] as const;

export const mainNav: NavItem[] = [
  { path: paths.approvals, label: 'nav.approvals', icon: IconChecklist, roles: coordination, available: true, badge: 'approvals' },
  { path: paths.accounts, label: 'nav.accounts', icon: IconSearch, roles: 'all', available: true },
  { path: paths.cashier, label: 'nav.cashier', icon: IconCash, roles: ['cajero', 'coordinador'], available: true },
  { path: paths.cashSessions, label: 'nav.cashSessions', icon: IconReceipt, roles: ['cajero', 'coordinador', 'administrador'], available: true },
  { path: paths.bankFiles, label: 'nav.bankFiles', icon: IconBuildingBank, roles: coordination, available: true },
  { path: paths.unidentified, label: 'nav.unidentified', icon: IconQuestionMark, roles: coordination, available: true },
  { path: paths.recaudo, label: 'nav.recaudo', icon: IconReportMoney, roles: coordination, available: true },
  { path: paths.pazYSalvoCheck, label: 'nav.pazYSalvoCheck', icon: IconCertificate, roles: 'all', available: true },
  { path: paths.pqr, label: 'nav.pqr', icon: IconMail, roles: ['auxiliar', 'coordinador', 'administrador'], available: true },
  { path: paths.pqrFile, label: 'nav.pqrFile', icon: IconMailForward, roles: ['auxiliar', 'coordinador', 'administrador'], available: true },
  { path: paths.correspondence, label: 'nav.correspondence', icon: IconMailOpened, roles: ['auxiliar', 'coordinador', 'administrador'], available: true },
  { path: paths.pqrReports, label: 'nav.pqrReports', icon: IconChartBar, roles: coordination, available: true },
  { path: paths.pettyCash, label: 'nav.pettyCash', icon: IconWallet, roles: ['auxiliar', 'coordinador', 'administrador'], available: true },
  { path: paths.printing, label: 'nav.printing', icon: IconPrinter, roles: coordination, available: true },
  { path: paths.collectionsDesk, label: 'nav.collectionsDesk', icon: IconHeadset, roles: desk, available: true },
  { path: paths.portfolio, label: 'nav.portfolio', icon: IconChartPie, roles: coordination, available: true },
  { path: paths.campaigns, label: 'nav.campaigns', icon: IconTargetArrow, roles: coordination, available: true },
  { path: paths.commitments, label: 'nav.commitments', icon: IconCalendarDollar, roles: desk, available: true },
  { path: paths.collectionsReport, label: 'nav.collectionsReport', icon: IconReportAnalytics, roles: desk, available: true },
  { path: paths.commissions, label: 'nav.commissions', icon: IconCoin, roles: coordination, available: true },
  { path: paths.fieldHandoffs, label: 'nav.fieldHandoffs', icon: IconMapPin, roles: coordination, available: true },
  { path: paths.notices, label: 'nav.notices', icon: IconAlertTriangle, roles: coordination, available: true },
  { path: paths.printLog, label: 'nav.printLog', icon: IconHistory, roles: coordination, available: true },
  { path: paths.imports, label: 'nav.imports', icon: IconFileImport, roles: coordination, available: true },
  /** the coordinator keeps the closures of the own office; the administrator finds it under Administración */
  { path: paths.calendar, label: 'nav.officeCalendar', icon: IconCalendar, roles: ['coordinador'], available: true },
  /** the work orders' handlers (electron/core/modules/workorders/handlers.ts COORDINATION) */
  { path: paths.workOrders, label: 'nav.workOrders', icon: IconTool, roles: coordination, available: true },
  { path: paths.agreementsReport, label: 'nav.agreementsReport', icon: IconFileDollar, roles: coordination, available: true },
  { path: paths.indicators, label: 'nav.indicators', icon: IconChartLine, roles: coordination, available: true },
  /** encuestas: the administrator defines and draws; the coordinator reads the report of their office (surveys/handlers.ts) */
  { path: paths.surveys, label: 'nav.surveys', icon: IconMoodSmile, roles: coordination, available: true },
];

export const adminNav: NavItem[] = [
  { path: paths.users, label: 'nav.users', icon: IconUsers, roles: admin, available: true },
  { path: paths.offices, label: 'nav.offices', icon: IconBuildingStore, roles: admin, available: true },
  { path: paths.calendar, label: 'nav.calendar', icon: IconCalendar, roles: admin, available: true },
  { path: paths.settings, label: 'nav.settings', icon: IconSettings, roles: admin, available: true },
  { path: paths.company, label: 'nav.company', icon: IconBuildingBank, roles: admin, available: true },
  { path: paths.backups, label: 'nav.backups', icon: IconDatabase, roles: admin, available: true },
  { path: paths.database, label: 'nav.database', icon: IconServer, roles: admin, available: true },
  { path: paths.computer, label: 'nav.computer', icon: IconDeviceDesktop, roles: admin, available: true },
  { path: paths.tills, label: 'nav.tills', icon: IconCashRegister, roles: admin, available: true },
  { path: paths.chargeItems, label: 'nav.chargeItems', icon: IconTags, roles: admin, available: true },
  { path: paths.pqrTables, label: 'nav.pqrTables', icon: IconListDetails, roles: admin, available: true },
  { path: paths.collectionsSettings, label: 'nav.collectionsSettings', icon: IconAdjustmentsDollar, roles: admin, available: true },
  { path: paths.letterTemplates, label: 'nav.letterTemplates', icon: IconTemplate, roles: admin, available: true },
  { path: paths.printers, label: 'nav.printers', icon: IconPrinter, roles: admin, available: true },
  { path: paths.exchange, label: 'nav.exchange', icon: IconArrowsExchange, roles: coordination, available: true },
  { path: paths.mail, label: 'nav.mail', icon: IconAt, roles: admin, available: true },
];

export const ADMIN_ICON = IconBuilding;

/**
 * Where each role starts after logging in (the previous user's screen is never kept): the cashier
 * at the till, the clerk at the PQR tray, the coordinator at the approvals waiting, the administrator
 * at Administración, a collections agent (gestor) at the collections desk.
 */
export function homeFor(role: Role): string {
  switch (role) {
    case 'cajero':
      return paths.cashier;
    case 'auxiliar':
      return paths.pqr;
    case 'coordinador':
      return paths.approvals;
    case 'administrador':
      return paths.users;
    case 'gestor':
      return paths.collectionsDesk;
    default:
      return paths.accounts;
  }
}

/** The nav item a path belongs to: the longest that leads to it ('/cuentas/12' belongs to '/cuentas', '/caja/turnos' to itself). */
export function navItemFor(path: string): NavItem | undefined {
  return [...mainNav, ...adminNav]
    .filter((item) => path === item.path || path.startsWith(`${item.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** Who may open a path: the union of the roles of the nav items that lead to it. */
export function rolesFor(path: string): readonly Role[] | 'all' {
  const best = navItemFor(path);
  const items = [...mainNav, ...adminNav].filter((item) => item.path === best?.path);
  if (items.some((i) => i.roles === 'all')) return 'all';
  return [...new Set(items.flatMap((i) => i.roles as readonly Role[]))];
}
