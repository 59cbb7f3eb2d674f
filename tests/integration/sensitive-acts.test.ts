/**
 * Who may do each sensitive act, written out by hand from the office's rules (DOMAIN.md, "Who works
 * at the counter"), NOT read from the code: the roles matrix (roles-matrix.test.ts) is generated
 * from the handler table, so it follows a wrong role list instead of catching it. Here a change of
 * any of these role lists in electron/core/handlers.ts fails a test, and so does a change of who
 * may approve on the spot (approvals/onTheSpot.ts). Changing who may do an act is a decision of
 * the office: change this table in the same commit, on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '../../electron/core/handlers';
import type { HandlerName } from '../../shared/contract';
import { ROLES, type Role } from '../../shared/roles';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { accountWithInvoices, copCount, openCashierDesk, payCash, type InitializedBackOffice } from '../helpers/cashier';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { sampleOf } from '../property/handler-samples';
import { APPROVAL_REFUSED } from '../../electron/core/modules/approvals/onTheSpot';

interface SensitiveAct {
  act: string;
  handler: HandlerName;
  /** the roles that may call it */
  roles: Role[];
  /** the roles that may approve it on the spot, when it needs a second person */
  approvers?: Role[];
}

const SUPERVISORS: Role[] = ['coordinador', 'administrador'];

export const WHO_MAY: SensitiveAct[] = [
  { act: 'anular un pago', handler: 'cashier.void', roles: ['cajero', 'coordinador'], approvers: SUPERVISORS },
  { act: 'cerrar la caja con una diferencia sobre el límite', handler: 'cashier.close', roles: ['cajero', 'coordinador'], approvers: SUPERVISORS },
  { act: 'cerrar a la fuerza una caja olvidada', handler: 'cashier.forceClose', roles: SUPERVISORS },
  { act: 'aprobar o devolver un reembolso de caja menor', handler: 'pettyCash.decideReimbursement', roles: SUPERVISORS },
  { act: 'aplicar un archivo de recaudo del banco', handler: 'bankFiles.commit', roles: SUPERVISORS },
  { act: 'asignar un pago por identificar a una cuenta', handler: 'unidentified.assign', roles: SUPERVISORS },
  { act: 'prorrogar el término de una PQR', handler: 'pqr.extend', roles: SUPERVISORS },
  { act: 'anular el radicado de una PQR', handler: 'pqr.annul', roles: SUPERVISORS },
  { act: 'imprimir un lote de facturas', handler: 'invoicing.startBatch', roles: SUPERVISORS },
  { act: 'restaurar una copia de seguridad', handler: 'backups.restore', roles: ['administrador'] },
];

const sorted = (roles: readonly Role[]) => [...roles].sort();

describe('the handler table gives each sensitive act to exactly the roles the office decided', () => {
  it.each(WHO_MAY.map((a) => [a.act, a] as const))('%s', (_act, { handler, roles }) => {
    const access = handlers[handler].access;
    expect(Array.isArray(access) ? sorted(access) : access, `${handler}: roles del handler`).toEqual(sorted(roles));
  });
});

describe('and the dispatcher enforces it', () => {
  let t: InitializedBackOffice;
  const tokens = new Map<Role, string>();
  beforeAll(async () => {
    t = await createInitializedBackOffice();
    tokens.set('administrador', t.adminToken);
    for (const role of ROLES) if (role !== 'administrador') tokens.set(role, await loginAs(t, role));
  });
  afterAll(() => t.close());

  it.each(WHO_MAY.map((a) => [a.act, a] as const))('%s: every other role is refused, the listed ones get past the role check', async (_act, { handler, roles }) => {
    for (const role of ROLES) {
      const result = t.call(handler, sampleOf(handler) as never, tokens.get(role));
      if (roles.includes(role)) {
        const answer = await result;
        // the sample points at records that do not exist: any answer but FORBIDDEN means the role passed
        expect(answer.ok ? 'ok' : answer.error.code, `${handler} como ${role}`).not.toBe('FORBIDDEN');
      } else {
        await expectForbidden(result);
      }
    }
  });
});

describe('who may approve on the spot', () => {
  let t: InitializedBackOffice;
  /** a user of each role, whose credentials are typed on the cashier's screen */
  const credentials = new Map<Role, { username: string; password: string }>();
  // every refused approval answers the same message, whoever typed it (issue 12, item 1)
  const notAnApprover = (_role: Role) => APPROVAL_REFUSED;

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    credentials.set('administrador', { username: 'admin', password: 'clave-segura-1' });
    for (const role of ROLES) {
      if (role === 'administrador') continue;
      const username = `${role}.aprueba`;
      await loginAs(t, role, username);
      credentials.set(role, { username, password: 'clave-de-prueba' });
    }
  });
  afterAll(() => t.close());

  it('a void: a coordinator or an administrator of the office, nobody else', async () => {
    const desk = await openCashierDesk(t, { username: 'cajero1', float: 200_000 });
    const approvers = WHO_MAY.find((a) => a.handler === 'cashier.void')?.approvers ?? [];
    const { accountId } = await accountWithInvoices(t, '100234', [50_000, 50_000]);
    for (const role of ROLES) {
      const receipt = await payCash(t, desk.token, accountId, 1_000);
      const result = t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Valor digitado por error', approval: credentials.get(role)! }, desk.token);
      if (approvers.includes(role)) {
        const answer = await result;
        expect(answer.ok && answer.data.receipt.status, `anulación aprobada por ${role}`).toBe('anulado');
      } else {
        await expectRefusal(result, 'RULE', notAnApprover(role));
        expect((await t.ok('cashier.receipt', { paymentId: receipt.paymentId }, desk.token)).status).toBe('vigente');
      }
    }
  });

  it('a close with a difference above the limit: a coordinator or an administrator of the office, nobody else', async () => {
    const approvers = WHO_MAY.find((a) => a.handler === 'cashier.close')?.approvers ?? [];
    for (const approver of approvers) {
      const desk = await openCashierDesk(t, { username: `cajero.cierra.${approver}`, tillCode: `K${approver.slice(0, 3)}`, float: 100_000 });
      // expected 100.000, counted 90.000: faltante of 10.000, above the limit of 5.000
      for (const role of ROLES.filter((r) => !approvers.includes(r))) {
        await expectRefusal(t.call('cashier.close', { count: copCount(90_000), note: '', approval: credentials.get(role)! }, desk.token), 'RULE', notAnApprover(role));
      }
      expect((await t.ok('cashier.current', {}, desk.token))?.status).toBe('abierta');
      const report = await t.ok('cashier.close', { count: copCount(90_000), note: 'Faltó un billete', approval: credentials.get(approver)! }, desk.token);
      expect(report.session).toMatchObject({ status: 'cerrada', difference: -10_000 });
      expect(report.approvedBy).toBe(approver === 'administrador' ? 'Laura Gómez Pardo' : `Usuario ${approver}`);
    }
  });
});
