/**
 * The texts of Administración › Copias de seguridad added for issue 12: the restore's check of the
 * copy's audit and the numbers it would lose, and the audit check (Spanish first; English the same keys).
 */
export const backupsAuditEs = {
  'backups.checking': 'Revisando la copia y su auditoría…',
  'backups.chainOk': 'La auditoría de la copia está íntegra y cumple las anclas anteriores a ella.',
  'backups.chainBroken': 'La auditoría de esta copia no pasa la revisión',
  'backups.acceptBroken': 'Entiendo que esta copia no pasa la revisión de la auditoría y, como administrador, la restauro de todos modos.',
  'backups.lostTitle': 'Números emitidos después de la copia',
  'backups.lostText': 'Dejarán de estar en la base de datos: regístrelos de nuevo. No se volverán a emitir; los consecutivos siguen después de ellos.',
  'backups.lostNone': 'Ningún consecutivo (recibos, radicados, comprobantes, avisos) se emitió después de esta copia.',
  'backups.lostLine': '{series}: {range} ({count})',
  'backups.lostRange': '{first} a {last}',
  'backups.audit': 'Auditoría',
  'backups.auditText':
    'Revisa la cadena de la auditoría, la compara con sus anclas fuera de la base de datos (copias, cierres de caja, informes de recaudo, archivo de anclas) y concilia saldos de facturas, pagos y cajas.',
  'backups.auditCheck': 'Revisar auditoría',
  'backups.auditOk': 'La auditoría está íntegra',
  'backups.auditProblems': 'La auditoría tiene {count} problemas',
  'backups.auditMore': 'Y {count} más…',
};

export const backupsAuditEn: Record<keyof typeof backupsAuditEs, string> = {
  'backups.checking': 'Checking the copy and its audit…',
  'backups.chainOk': "The copy's audit is intact and holds the anchors taken before it.",
  'backups.chainBroken': "This copy's audit does not pass the check",
  'backups.acceptBroken': "I understand this copy does not pass the audit check and, as an administrator, I restore it anyway.",
  'backups.lostTitle': 'Numbers issued after the copy',
  'backups.lostText': 'They will no longer be in the database: enter them again. They will not be issued again; the counters go on after them.',
  'backups.lostNone': 'No consecutive number (receipts, radicados, vouchers, notices) was issued after this copy.',
  'backups.lostLine': '{series}: {range} ({count})',
  'backups.lostRange': '{first} to {last}',
  'backups.audit': 'Audit',
  'backups.auditText':
    'Checks the audit chain, compares it with its anchors outside the database (copies, cash closings, collection reports, anchors file) and reconciles invoice balances, payments and tills.',
  'backups.auditCheck': 'Check the audit',
  'backups.auditOk': 'The audit is intact',
  'backups.auditProblems': 'The audit has {count} problems',
  'backups.auditMore': 'And {count} more…',
};
