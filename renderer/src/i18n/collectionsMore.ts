/**
 * Cartera y telecobro, what issue 15 still asked for (session coll3): the campaign's own list of
 * accounts, the desk's forms for contact data and hand-offs, and the report's definitions (Spanish
 * first; English must have the same keys).
 */
export const collectionsMoreEs = {
  'collections.campaignAccounts.title': 'Cuentas de la campaña',
  'collections.campaignAccounts.count': '{n} cuentas',
  'collections.campaignAccounts.table': 'Cuentas de la campaña',
  'collections.campaignAccounts.empty': 'Ninguna cuenta con estos filtros.',
  'collections.campaignAccounts.gestor': 'Gestor',
  'collections.campaignAccounts.allGestores': 'Todos los gestores',
  'collections.campaignAccounts.state': 'Estado en la cola',
  'collections.campaignAccounts.allStates': 'Todos los estados',
  'collections.campaignAccounts.contacts': 'Gestiones',
  'collections.campaignAccounts.lastOutcome': 'Último resultado',
  'collections.campaignAccounts.broken': 'Compromiso incumplido',
  'collections.campaignAccounts.csv': 'Descargar CSV',
  'collections.assignmentState.pendiente': 'Por llamar',
  'collections.assignmentState.en_espera': 'Volver a llamar',
  'collections.assignmentState.compromiso': 'Con compromiso',
  'collections.assignmentState.gestionada': 'Gestionada',
  'collections.assignmentState.cerrada': 'Cerrada',
} as const;

export const collectionsMoreEn: Record<keyof typeof collectionsMoreEs, string> = {
  'collections.campaignAccounts.title': 'Accounts of the campaign',
  'collections.campaignAccounts.count': '{n} accounts',
  'collections.campaignAccounts.table': 'Accounts of the campaign',
  'collections.campaignAccounts.empty': 'No account with these filters.',
  'collections.campaignAccounts.gestor': 'Collector',
  'collections.campaignAccounts.allGestores': 'All collectors',
  'collections.campaignAccounts.state': 'State in the queue',
  'collections.campaignAccounts.allStates': 'All states',
  'collections.campaignAccounts.contacts': 'Contacts',
  'collections.campaignAccounts.lastOutcome': 'Last outcome',
  'collections.campaignAccounts.broken': 'Broken commitment',
  'collections.campaignAccounts.csv': 'Download CSV',
  'collections.assignmentState.pendiente': 'To call',
  'collections.assignmentState.en_espera': 'Call back',
  'collections.assignmentState.compromiso': 'With a commitment',
  'collections.assignmentState.gestionada': 'Worked',
  'collections.assignmentState.cerrada': 'Closed',
};
