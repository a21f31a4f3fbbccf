/**
 * Orders and contracts (brief rules 10, 11, 17): an order made from an accepted
 * quote gets its contract number at once (per-store sequence, no gaps, no
 * duplicates) and grades the card O in the same transaction. The order flow
 * lives on the contract: a stock vehicle allocated (a conditional write on the
 * vehicle: it cannot be allocated twice) or a purchase-order line linked,
 * payments (partial; overpayment refused; balance = due − paid), invoice number
 * and stock release, loan status, finance confirmation, cancellation. The
 * ledger (合同履行一览表) and the aged receivables read one index each.
 *
 * Who: a consultant orders and sees his own deals; the sales admin (销售内勤)
 * and the managers see and run every contract of the store; a manager cancels.
 * Every change is version-checked and audited in the contract's partition.
 */
import {
  type AgedReceivables,
  addDays,
  agedReceivables as ageOpenMoney,
  allocateSchema,
  ConflictError,
  cancelContractSchema,
  contractDues,
  contractStage,
  DEFAULT_DEAL_SETTINGS,
  daysBetween,
  deliveryBlockers,
  dueStatus,
  ForbiddenError,
  financeConfirmSchema,
  firstOpenDue,
  formatYuan,
  invoiceSchema,
  ledgerQuerySchema,
  loanStatusSchema,
  localDate,
  MAX_DELIVERY_DAYS_AHEAD,
  MAX_PAYMENT_REQUESTS,
  makeOrderSchema,
  NotFoundError,
  newId,
  openLines,
  parseInput,
  paymentRequestSchema,
  paymentSchema,
  poLinkSchema,
  type ReceivableBucket,
  type Role,
  releaseAllocationSchema,
  totalDue,
  UnprocessableError,
  ValidationError,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Contract,
  cancelledConditions,
  contracts as contractDb,
  type Db,
  deals,
  delivery as deliveryDb,
  inventory,
  isContention,
  type Payment,
  type Prospect,
  type PurchaseOrderLine,
  prospects,
  type Quote,
  type Vehicle,
} from "@dealeros/db";
import { type Actor, type Ctx, db, hasRole, requireStore } from "./context.ts";
import * as periods from "./periods.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The sales admin (销售内勤) and the managers: see every contract of the store and run the order flow. */
export const CONTRACT_ADMINS: readonly Role[] = ["sales_admin", "sales_manager", "general_manager", "group_admin"];
/** Who may cancel a contract. */
export const CONTRACT_CANCELLERS: readonly Role[] = ["sales_manager", "general_manager", "group_admin"];
/** Who may make an order from a quote (a consultant: from his own quotes). */
const ORDER_MAKERS: readonly Role[] = ["sales_consultant", ...CONTRACT_ADMINS];

/** How many times a contract change is decided again after losing a race (then 409). */
const CHANGE_ATTEMPTS = 4;
/** How many times an order tries again after losing its contract number or its turn… */
const ORDER_ATTEMPTS = 20;
/** …and for how long an order waits for its turn at most (a request has 10 s): then 409 "try again", never a timeout. */
const ORDER_BUDGET_MS = 8_000;
/** The lease of the store's order lock: far longer than one order's transaction, short if its holder dies. */
const ORDER_LEASE_MS = 3_000;

/** A clock for tests and the demo seed (backdated orders and payments); requests use the real one. */
export interface ContractOpts {
  now?: Date;
}

type TransactItems = NonNullable<Parameters<typeof deals.updateContract>[4]>;

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A short random pause before a retry, growing a little with the attempt. */
const jitter = (attempt: number) => sleep(3 + Math.random() * 12 * Math.min(attempt, 6));

/** The store's last contract number as a cancelled order transaction returned it (ALL_OLD on the sequence). */
function sequenceInCancellation(e: unknown): number | undefined {
  const item = (e as { CancellationReasons?: { Item?: Record<string, unknown> }[] }).CancellationReasons?.[0]?.Item;
  const last = item?.last as number | { N?: string } | undefined;
  if (typeof last === "number") return last;
  if (last && typeof last === "object" && typeof last.N === "string") return Number(last.N);
  return undefined;
}

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

function seesAll(actor: Actor): boolean {
  return hasRole(actor, ...CONTRACT_ADMINS);
}

function canSee(actor: Actor, c: Pick<Contract, "consultantId">): boolean {
  return seesAll(actor) || (hasRole(actor, "sales_consultant") && c.consultantId === actor.userId);
}

function requireAdmin(actor: Actor, what: string): void {
  if (!seesAll(actor)) throw new ForbiddenError(`Only the sales admin or a manager can ${what}.`);
}

function changedMeanwhile(): ConflictError {
  return new ConflictError("Someone else changed this contract at the same time. Reload and try again.");
}

/** What screens and the API show of a contract besides the record. */
export type ContractView = Contract & {
  balanceFen: number;
  stage: ReturnType<typeof contractStage>;
  blockers: ReturnType<typeof deliveryBlockers>;
  dueStatus: ReturnType<typeof dueStatus>;
};

export function contractView(c: Contract): ContractView {
  return {
    ...c,
    balanceFen: deals.balanceOf(c),
    stage: contractStage(c),
    blockers: deliveryBlockers(c),
    dueStatus: dueStatus(c.dues, c.paidFen),
  };
}

async function readContract(ctx: Ctx, storeId: string, contractId: string): Promise<Contract> {
  if (!ULID.test(contractId)) throw new NotFoundError("Contract");
  const c = await deals.getContract(db(ctx), ctx.actor.tenantId, contractId);
  if (!c || c.storeId !== storeId || !canSee(ctx.actor, c)) throw new NotFoundError("Contract");
  return c;
}

function assertOpen(c: Contract): void {
  if (c.state === "cancelled") throw new UnprocessableError("This contract is cancelled.");
  if (c.state === "delivered") throw new UnprocessableError("This contract is delivered; its order flow is closed.");
}

interface Change {
  next: Contract;
  audit: AuditEntry;
  extra?: TransactItems;
}

/**
 * Read the contract, decide the change, write it version-checked (with any extra
 * writes in the same transaction). Losing a race — the contract or an extra item
 * changed in between — reads and decides again, so a rule that no longer holds
 * (a vehicle taken, a balance paid) is refused with its own message.
 */
async function changeContract(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  decide: (current: Contract) => Promise<Change> | Change,
): Promise<Contract> {
  for (let attempt = 1; ; attempt++) {
    const current = await readContract(ctx, storeId, contractId);
    const change = await decide(current);
    try {
      await deals.updateContract(db(ctx), change.next, current.version, change.audit, change.extra ?? []);
      return change.next;
    } catch (e) {
      if (!isContention(e)) throw e;
      if (attempt >= CHANGE_ATTEMPTS) throw changedMeanwhile();
      await jitter(attempt);
    }
  }
}

function bump(c: Contract, at: string, fields: Partial<Contract>): Contract {
  return { ...c, ...fields, version: c.version + 1, updatedAt: at };
}

// ---------- order from a quote ----------

/** Why a quote cannot become an order today (undefined: it can). */
function orderRefusal(quote: Quote, today: string): ConflictError | UnprocessableError | undefined {
  if (quote.status === "ordered") return new ConflictError("This quote has already been made into an order.");
  if (quote.status === "pending_approval")
    return new UnprocessableError("This quote is waiting for the sales manager's approval of the discount.");
  if (quote.status === "rejected")
    return new UnprocessableError("The sales manager rejected the discount of this quote; make a new quote.");
  if (quote.status === "cancelled") return new UnprocessableError("This quote was cancelled.");
  if (today > quote.validUntil) return new UnprocessableError("This quote has expired; make a new quote.");
  return undefined;
}

function canOrderQuote(actor: Actor, quote: Pick<Quote, "consultantId" | "createdBy">): boolean {
  return seesAll(actor) || quote.consultantId === actor.userId || quote.createdBy === actor.userId;
}

/**
 * What the order page shows: the quote, whether it can be ordered now (or why
 * not), and the contract it already became.
 */
export async function orderForm(ctx: Ctx, storeId: string, quoteId: string) {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(quoteId)) throw new NotFoundError("Quote");
  const quote = await deals.getQuote(db(ctx), ctx.actor.tenantId, quoteId);
  if (!quote || quote.storeId !== storeId || !canOrderQuote(ctx.actor, quote)) throw new NotFoundError("Quote");
  const today = localDate(new Date(), store.timeZone);
  const refusal = hasRole(ctx.actor, ...ORDER_MAKERS)
    ? orderRefusal(quote, today)
    : new ForbiddenError("Only sales consultants, the sales admin and managers make orders.");
  return {
    quote,
    today,
    maxDate: addDays(today, MAX_DELIVERY_DAYS_AHEAD),
    timeZone: store.timeZone,
    refusal: refusal?.message,
  };
}

/**
 * Make the order (and its contract) from an open or approved quote: dues from
 * the quote's totals (the deposit due after the tenant's deposit days), the next
 * contract number of the store, the quote marked ordered, the card graded O, and
 * the quote's stock vehicle allocated when it is still in stock — one transaction.
 */
export async function createOrder(
  ctx: Ctx,
  storeId: string,
  quoteId: string,
  input: unknown,
  opts: ContractOpts = {},
): Promise<ContractView> {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...ORDER_MAKERS))
    throw new ForbiddenError("Only sales consultants, the sales admin and managers make orders.");
  if (!ULID.test(quoteId)) throw new NotFoundError("Quote");
  const data = parseInput(makeOrderSchema, input);
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const today = localDate(now, store.timeZone);
  if (data.expectedDeliveryDate < today)
    throw new ValidationError("The expected delivery date cannot be before today.", {
      expectedDeliveryDate: "Not before today.",
    });
  if (daysBetween(today, data.expectedDeliveryDate) > MAX_DELIVERY_DAYS_AHEAD)
    throw new ValidationError("The expected delivery date is more than a year away.", {
      expectedDeliveryDate: "Within a year.",
    });
  const database = db(ctx);
  const tenantId = ctx.actor.tenantId;
  const quote = await deals.getQuote(database, tenantId, quoteId);
  if (!quote || quote.storeId !== storeId || !canOrderQuote(ctx.actor, quote)) throw new NotFoundError("Quote");
  const refusal = orderRefusal(quote, today);
  if (refusal) throw refusal;
  if (data.quoteVersion !== undefined && data.quoteVersion !== quote.version)
    throw new ConflictError("The quote changed since you opened it. Reload and check it again.");

  const wantedVehicle = quote.vehicle.vehicleId;
  const contractId = newId();
  const deadline = Date.now() + ORDER_BUDGET_MS;
  // the contract id holds the store's order lock while this order takes its number
  const release = () => contractDb.releaseOrderLock(database, tenantId, storeId, contractId);
  let reads: [Awaited<ReturnType<typeof deals.getDealSettings>>, Prospect | undefined, Vehicle | undefined, number];
  try {
    const [saved, card, firstVehicle, hint] = await Promise.all([
      deals.getDealSettings(database, tenantId),
      prospects.getProspect(database, tenantId, quote.prospectId),
      wantedVehicle ? inventory.getVehicle(database, tenantId, wantedVehicle) : Promise.resolve(undefined),
      waitForOrderLock(database, tenantId, storeId, contractId, deadline),
    ]);
    // the number the last holder left on the lock, else the sequence read now that it is this order's turn
    reads = [saved, card, firstVehicle, hint ?? (await deals.lastContractSeq(database, tenantId, storeId))];
  } catch (e) {
    await release();
    throw e;
  }
  const [saved, card, firstVehicle, lastSeq] = reads;
  if (!card || card.storeId !== storeId) {
    await release();
    throw new NotFoundError("Prospect");
  }
  const settings = { ...DEFAULT_DEAL_SETTINGS, ...saved };
  const dues = contractDues(quote.totals, today, addDays(today, settings.depositDueDays), data.expectedDeliveryDate);
  let vehicle = firstVehicle;
  let seq = lastSeq + 1;

  for (let attempt = 1; ; attempt++) {
    // the quote's own stock vehicle goes with the order while it is still in stock
    const allocate =
      vehicle &&
      vehicle.storeId === storeId &&
      vehicle.status === "in_stock" &&
      vehicle.modelCode === quote.vehicle.modelCode &&
      vehicle.trimCode === quote.vehicle.trimCode
        ? vehicle
        : undefined;
    const contract: Contract = {
      tenantId,
      storeId,
      contractId,
      seq,
      contractNo: deals.contractNumber(seq),
      quoteId,
      prospectId: quote.prospectId,
      customerName: quote.customerName,
      ...(quote.customerMobile ? { customerMobile: quote.customerMobile } : {}),
      consultantId: quote.consultantId,
      consultantName: quote.consultantName,
      vehicle: quote.vehicle,
      quantity: 1,
      totals: quote.totals,
      ...(quote.finance ? { finance: quote.finance } : {}),
      ...(quote.tradeIn ? { tradeIn: quote.tradeIn } : {}),
      accessories: quote.accessories,
      insurance: quote.insurance,
      signedDate: today,
      deliveryMethod: data.deliveryMethod,
      expectedDeliveryDate: data.expectedDeliveryDate,
      dues,
      dueFen: totalDue(dues),
      paidFen: 0,
      ...(allocate
        ? { allocation: { vehicleId: allocate.vehicleId, vin: allocate.vin, at, byName: ctx.actor.name } }
        : {}),
      state: "signed",
      version: 1,
      createdAt: at,
      createdBy: ctx.actor.userId,
      createdByName: ctx.actor.name,
      updatedAt: at,
    };
    const extra: TransactItems = [
      // index 4, 5: the card graded O (no next follow-up), audited
      ...contractDb.cardOrderedItems(
        database,
        card,
        audit(ctx, "prospect.graded", { from: card.grade ?? "—", to: "O", contractNo: contract.contractNo }, at),
      ),
      // index 6: the order lock given back (fails only if the lease was lost)
      contractDb.orderLockReleaseItem(database, tenantId, storeId, contractId, seq),
      // index 7, 8: the quote's vehicle allocated (version- and status-checked)
      ...(allocate
        ? inventory.vehicleUpdateItems(
            database,
            { ...allocate, status: "allocated", version: allocate.version + 1, updatedAt: at },
            allocate,
            audit(ctx, "vehicle.allocated", { from: "in_stock", to: "allocated", contractNo: contract.contractNo }, at),
          )
        : []),
    ];
    try {
      await deals.createContract(
        database,
        contract,
        quote.version,
        audit(
          ctx,
          "contract.ordered",
          {
            contractNo: contract.contractNo,
            quoteId,
            payableFen: quote.totals.payableFen,
            deliveryMethod: data.deliveryMethod,
            expectedDeliveryDate: data.expectedDeliveryDate,
            ...(allocate ? { vin: allocate.vin } : {}),
            ...(wantedVehicle && !allocate ? { vehicleNotInStock: quote.vehicle.vin ?? wantedVehicle } : {}),
            ...(data.note ? { note: data.note } : {}),
          },
          at,
        ),
        extra,
      );
      return contractView(contract);
    } catch (e) {
      if (!isContention(e)) {
        await release();
        throw e;
      }
      const failed = cancelledConditions(e) ?? [];
      if (failed.includes(2)) {
        await release();
        const q = await deals.getQuote(database, tenantId, quoteId);
        if (q?.status === "ordered") throw new ConflictError("This quote has already been made into an order.");
        throw new ConflictError("The quote changed since you opened it. Reload and check it again.");
      }
      if (failed.includes(4)) {
        await release();
        throw new NotFoundError("Prospect");
      }
      if (attempt >= ORDER_ATTEMPTS || Date.now() > deadline) {
        await release();
        throw new ConflictError("Many orders are being made in this store right now; try again.");
      }
      // the number was taken by an order without the lock (index 0: the cancellation says the number now),
      // the lease was lost (index 6), the vehicle changed (index 7), or a transaction conflict: read, turn, retry
      const taken = failed.includes(0) ? sequenceInCancellation(e) : undefined;
      const [again, hint] = await Promise.all([
        failed.includes(7) && wantedVehicle ? inventory.getVehicle(database, tenantId, wantedVehicle) : vehicle,
        waitForOrderLock(database, tenantId, storeId, contractId, deadline),
      ]);
      seq = (taken ?? hint ?? (await deals.lastContractSeq(database, tenantId, storeId))) + 1;
      vehicle = again;
    }
  }
}

/**
 * Wait for the store's order lock (polling with a short random pause; the
 * holder's lease tells how long at most), or give up at the deadline with a 409.
 * Returns the contract number the last holder left (a hint, may be absent).
 */
async function waitForOrderLock(
  database: ReturnType<typeof db>,
  tenantId: string,
  storeId: string,
  holder: string,
  deadline: number,
): Promise<number | undefined> {
  for (;;) {
    const now = Date.now();
    const r = await contractDb.takeOrderLock(database, tenantId, storeId, holder, now, ORDER_LEASE_MS);
    if (r.taken) return r.lastSeq;
    if (now > deadline) throw new ConflictError("Many orders are being made in this store right now; try again.");
    const pause = 5 + Math.random() * 20;
    await sleep(r.until && r.until > now ? Math.min(pause, r.until - now + 1) : pause);
  }
}

// ---------- reading ----------

/** A contract with its payments, dunning reminders and audit trail (one Query of its partition). */
export async function getContract(ctx: Ctx, storeId: string, contractId: string, opts: ContractOpts = {}) {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(contractId)) throw new NotFoundError("Contract");
  const h = await deals.getContractWithHistory(db(ctx), ctx.actor.tenantId, contractId);
  const c = h.contract;
  if (!c || c.storeId !== storeId || !canSee(ctx.actor, c)) throw new NotFoundError("Contract");
  return {
    contract: contractView(c),
    payments: h.payments,
    reminders: h.reminders.reverse(),
    audit: h.audit.reverse(),
    timeZone: store.timeZone,
    today: localDate(opts.now ?? new Date(), store.timeZone),
    canAdmin: seesAll(ctx.actor),
    canCancel: hasRole(ctx.actor, ...CONTRACT_CANCELLERS),
  };
}

/** What can be allocated to a contract: the store's in-stock vehicles of its trim, and open PO lines of the trim. */
export async function allocationOptions(ctx: Ctx, storeId: string, contractId: string) {
  await requireStore(ctx, storeId);
  const c = await readContract(ctx, storeId, contractId);
  const database = db(ctx);
  const [stock, orders] = await Promise.all([
    inventory.listStoreStock(database, ctx.actor.tenantId, storeId),
    inventory.listStorePurchaseOrders(database, ctx.actor.tenantId, storeId),
  ]);
  const sameTrim = (v: { modelCode: string; trimCode: string }) =>
    v.modelCode === c.vehicle.modelCode && v.trimCode === c.vehicle.trimCode;
  const vehicles = stock
    .filter((v) => v.status === "in_stock" && sameTrim(v))
    // the quoted colour first, then the oldest on the lot (sell aged stock first)
    .sort((a, b) => Number(b.colourCode === c.vehicle.colourCode) - Number(a.colourCode === c.vehicle.colourCode));
  const poLines = orders.flatMap((po) =>
    openLines(po.lines)
      .filter((l) => sameTrim(l) && (l.linked ?? 0) < l.quantity)
      .map((l) => ({ poId: po.poId, createdAt: po.createdAt, ...l })),
  );
  return { vehicles, poLines };
}

export interface LedgerRow {
  contractId: string;
  contractNo: string;
  signedDate: string;
  customerName: string;
  consultantId: string;
  consultantName: string;
  vehicle: string;
  colourName?: string;
  vin?: string;
  payableFen: number;
  depositFen: number;
  paidFen: number;
  balanceFen: number;
  expectedDeliveryDate: string;
  deliveredAt?: string;
  state: Contract["state"];
  stage: ReturnType<typeof contractStage>;
}

export function ledgerRow(c: Contract): LedgerRow {
  return {
    contractId: c.contractId,
    contractNo: c.contractNo,
    signedDate: c.signedDate,
    customerName: c.customerName,
    consultantId: c.consultantId,
    consultantName: c.consultantName,
    vehicle: `${c.vehicle.modelName} ${c.vehicle.trimName}`,
    ...(c.vehicle.colourName ? { colourName: c.vehicle.colourName } : {}),
    ...(c.allocation ? { vin: c.allocation.vin } : {}),
    payableFen: c.totals.payableFen,
    depositFen: c.dues.find((d) => d.kind === "deposit")?.amountFen ?? 0,
    paidFen: c.paidFen,
    balanceFen: deals.balanceOf(c),
    expectedDeliveryDate: c.expectedDeliveryDate,
    ...(c.delivery?.deliveredAt ? { deliveredAt: c.delivery.deliveredAt } : {}),
    state: c.state,
    stage: contractStage(c),
  };
}

/**
 * A page of the contract ledger (合同履行一览表), newest number first: one Query.
 * A consultant's page holds his own contracts; a stage filter applies to the page.
 */
export async function listLedger(ctx: Ctx, storeId: string, query: unknown = {}) {
  await requireStore(ctx, storeId);
  if (!seesAll(ctx.actor) && !hasRole(ctx.actor, "sales_consultant"))
    throw new ForbiddenError("Only sales staff see the contracts.");
  const q = parseInput(ledgerQuerySchema, query);
  const page = await contractDb.listLedgerPage(db(ctx), ctx.actor.tenantId, storeId, {
    limit: q.limit ?? 50,
    cursor: q.cursor,
    state: q.state,
    ...(seesAll(ctx.actor) ? {} : { consultantId: ctx.actor.userId }),
  });
  const rows = page.items.map(ledgerRow).filter((r) => !q.stage || r.stage === q.stage);
  const sum = (k: "payableFen" | "depositFen" | "paidFen" | "balanceFen") =>
    rows.filter((r) => r.state !== "cancelled").reduce((s, r) => s + r[k], 0);
  return {
    rows,
    cursor: page.cursor,
    totals: {
      count: rows.length,
      payableFen: sum("payableFen"),
      depositFen: sum("depositFen"),
      paidFen: sum("paidFen"),
      balanceFen: sum("balanceFen"),
    },
  };
}

// ---------- stock: allocate, release, PO line ----------

/**
 * Allocate a stock vehicle of the store (in stock, the contract's trim; another
 * colour is allowed and stated in the audit) to a signed contract without one:
 * the contract and the vehicle (in_stock → allocated, version- and
 * status-checked) in one transaction — of two contracts racing for a vehicle,
 * exactly one gets it.
 */
export async function allocateVehicle(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
) {
  await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  requireAdmin(ctx.actor, "allocate vehicles");
  const { vehicleId } = parseInput(allocateSchema, input);
  const database = db(ctx);
  const next = await changeContract(ctx, storeId, contractId, async (c) => {
    assertOpen(c);
    if (c.allocation)
      throw new ConflictError(`Vehicle ${c.allocation.vin} is already allocated to this contract; release it first.`);
    const v = await inventory.getVehicle(database, ctx.actor.tenantId, vehicleId);
    if (!v || v.storeId !== storeId)
      throw new UnprocessableError("No such vehicle in this store.", { vehicleId: "Not a vehicle of this store." });
    if (v.status === "allocated")
      throw new ConflictError("This vehicle is already allocated to another contract.", {
        vehicleId: "Already allocated.",
      });
    if (v.status !== "in_stock")
      throw new UnprocessableError("Only a vehicle in stock can be allocated.", { vehicleId: "Not in stock." });
    if (v.modelCode !== c.vehicle.modelCode || v.trimCode !== c.vehicle.trimCode)
      throw new UnprocessableError("This vehicle is not the trim of the contract.", { vehicleId: "Another trim." });
    const at = (opts.now ?? new Date()).toISOString();
    const colourMismatch =
      c.vehicle.colourCode && v.colourCode !== c.vehicle.colourCode
        ? `${c.vehicle.colourName ?? c.vehicle.colourCode} → ${v.colourName}`
        : undefined;
    // a contract that waited on a PO line and gets a vehicle from elsewhere frees its place on the line
    const fromLinkedLine = c.poLink && v.poId === c.poLink.poId && v.poLine === c.poLink.line;
    const unlink = c.poLink && !fromLinkedLine ? c.poLink : undefined;
    const { poLink: _p, ...rest } = c;
    const next = bump(unlink ? (rest as Contract) : c, at, {
      allocation: { vehicleId: v.vehicleId, vin: v.vin, at, byName: ctx.actor.name },
    });
    const vehicleNext: Vehicle = { ...v, status: "allocated", version: v.version + 1, updatedAt: at };
    return {
      next,
      audit: audit(
        ctx,
        "contract.allocated",
        {
          vin: v.vin,
          vehicle: `${v.modelName} ${v.trimName} · ${v.colourName}`,
          ...(colourMismatch ? { colourMismatch } : {}),
          ...(unlink ? { poUnlinked: `${unlink.poId}#${unlink.line}` } : {}),
        },
        at,
      ),
      extra: [
        ...inventory.vehicleUpdateItems(
          database,
          vehicleNext,
          v,
          audit(
            ctx,
            "vehicle.allocated",
            {
              from: "in_stock",
              to: "allocated",
              contractNo: c.contractNo,
              ...(colourMismatch ? { colourMismatch } : {}),
            },
            at,
          ),
        ),
        ...(unlink ? [contractDb.poLineLinkItem(database, { ...c, poId: unlink.poId }, unlink.line, 0, -1, at)] : []),
      ],
    };
  });
  return contractView(next);
}

async function releaseItems(ctx: Ctx, c: Contract, at: string, why: string): Promise<TransactItems> {
  const a = c.allocation;
  if (!a) return [];
  const v = await inventory.getVehicle(db(ctx), ctx.actor.tenantId, a.vehicleId);
  if (v?.status !== "allocated")
    throw new ConflictError("The allocated vehicle is no longer allocated; ask the sales admin to check the vehicle.");
  return inventory.vehicleUpdateItems(
    db(ctx),
    { ...v, status: "in_stock", version: v.version + 1, updatedAt: at },
    v,
    audit(ctx, "vehicle.in_stock", { from: "allocated", to: "in_stock", contractNo: c.contractNo, note: why }, at),
  );
}

/** Take the allocated vehicle back into stock (allocated → in_stock) before delivery. */
export async function releaseAllocation(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown = {},
  opts: ContractOpts = {},
) {
  await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  requireAdmin(ctx.actor, "release allocations");
  const { reason } = parseInput(releaseAllocationSchema, input);
  const next = await changeContract(ctx, storeId, contractId, async (c) => {
    assertOpen(c);
    if (!c.allocation) throw new UnprocessableError("No vehicle is allocated to this contract.");
    const at = (opts.now ?? new Date()).toISOString();
    const { allocation, ...rest } = c;
    return {
      next: bump(rest as Contract, at, {}),
      audit: audit(ctx, "contract.allocation_released", { vin: allocation.vin, ...(reason ? { reason } : {}) }, at),
      extra: await releaseItems(ctx, c, at, reason ?? "allocation released"),
    };
  });
  return contractView(next);
}

/** No stock: link the contract to an open line of a purchase order of the store for its trim. */
export async function linkPoLine(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
) {
  await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  requireAdmin(ctx.actor, "link purchase orders");
  const { poId, line } = parseInput(poLinkSchema, input);
  const database = db(ctx);
  const next = await changeContract(ctx, storeId, contractId, async (c) => {
    assertOpen(c);
    if (c.allocation)
      throw new ConflictError("A vehicle is already allocated to this contract; it needs no purchase order line.");
    if (c.poLink) throw new ConflictError("This contract already waits on a purchase order line.");
    const po = await inventory.getPurchaseOrder(database, ctx.actor.tenantId, poId);
    const l: PurchaseOrderLine | undefined = po?.storeId === storeId ? po.lines[line - 1] : undefined;
    if (!po || !l || l.lineNo !== line)
      throw new UnprocessableError("No such purchase order line in this store.", { line: "Not found." });
    if (l.modelCode !== c.vehicle.modelCode || l.trimCode !== c.vehicle.trimCode)
      throw new UnprocessableError("This purchase order line is for another trim.", { line: "Another trim." });
    if (l.received >= l.quantity)
      throw new ConflictError("This purchase order line has received all its vehicles; allocate one from stock.", {
        line: "Line complete.",
      });
    if ((l.linked ?? 0) >= l.quantity)
      throw new ConflictError("Every vehicle of this purchase order line is already promised to a contract.", {
        line: "Fully promised.",
      });
    const at = (opts.now ?? new Date()).toISOString();
    return {
      next: bump(c, at, { poLink: { poId, line, at, byName: ctx.actor.name } }),
      audit: audit(
        ctx,
        "contract.po_linked",
        { poId, line, vehicle: `${l.modelName} ${l.trimName} · ${l.colourName}` },
        at,
      ),
      extra: [contractDb.poLineLinkItem(database, po, line, l.quantity, 1, at)],
    };
  });
  return contractView(next);
}

// ---------- money ----------

/**
 * Record a payment (sales admin or a manager): partial payments are fine; more
 * than the balance is refused. Two payments at once both land when they fit
 * (the loser of the race re-reads and re-checks the balance). A payment resets
 * the dunning job's count of ignored reminders. With an idempotency key, the same
 * payment sent twice is recorded once.
 */
export async function recordPayment(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
): Promise<{ contract: ContractView; payment: Payment; replayed: boolean }> {
  const paymentStore = await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  requireAdmin(ctx.actor, "record payments");
  const data = parseInput(paymentSchema, input);
  const database = db(ctx);
  // period close (issue 6): a payment is booked on today's store-local date
  await periods.assertOpen(ctx, storeId, [periods.bookingDate(paymentStore.timeZone, opts.now)]);
  for (let attempt = 1; ; attempt++) {
    const read = data.idempotencyKey
      ? await contractDb.getContractAndPaymentKey(database, ctx.actor.tenantId, contractId, data.idempotencyKey)
      : { contract: await deals.getContract(database, ctx.actor.tenantId, contractId), recorded: undefined };
    const c = read.contract;
    if (!c || c.storeId !== storeId) throw new NotFoundError("Contract");
    if (read.recorded) return { contract: contractView(c), payment: read.recorded, replayed: true };
    if (c.state === "cancelled") throw new UnprocessableError("This contract is cancelled.");
    const balance = deals.balanceOf(c);
    if (data.amountFen > balance)
      throw new UnprocessableError(
        `Overpayment refused: the balance is ${yuan(balance)}; this payment is ${yuan(data.amountFen)}.`,
        { amountFen: `At most ${yuan(balance)}.` },
      );
    const at = (opts.now ?? new Date()).toISOString();
    const payment: Payment = {
      paymentId: newId(),
      amountFen: data.amountFen,
      method: data.method,
      reference: data.reference,
      ...(data.note ? { note: data.note } : {}),
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
    };
    const next = bump(c, at, {
      paidFen: c.paidFen + data.amountFen,
      ...(c.dunning ? { dunning: { ...c.dunning, ignored: 0 } } : {}),
    });
    try {
      await deals.updateContract(
        database,
        next,
        c.version,
        audit(
          ctx,
          "contract.payment",
          {
            amountFen: data.amountFen,
            method: data.method,
            reference: data.reference,
            balanceBeforeFen: balance,
            balanceAfterFen: balance - data.amountFen,
          },
          at,
        ),
        [
          { Put: { TableName: database.table, Item: deals.paymentItem(c, payment) } },
          ...(data.idempotencyKey ? [contractDb.paymentKeyItem(database, c, data.idempotencyKey, payment)] : []),
        ],
      );
      return { contract: contractView(next), payment, replayed: false };
    } catch (e) {
      if (!isContention(e)) throw e;
      if (attempt >= CHANGE_ATTEMPTS) throw changedMeanwhile();
      await jitter(attempt);
    }
  }
}

// ---------- payment requests (付款通知书) ----------

/**
 * Ask the customer for money (the order flow's receivables check: the balance
 * is short → a payment request): the sales admin, a manager or the contract's
 * consultant. By default the whole balance, by the first open due's date. A
 * contract that is fully paid, cancelled or delivered, or an amount above the
 * balance, is refused (422). The request is kept on the contract (the last 20),
 * version-checked (a lost race decides again) and audited.
 */
export async function requestPayment(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
): Promise<{ contract: ContractView; request: deals.PaymentRequest }> {
  const store = await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  const data = parseInput(paymentRequestSchema, input);
  const now = opts.now ?? new Date();
  const today = localDate(now, store.timeZone);
  if (data.dueDate && daysBetween(today, data.dueDate) > MAX_DELIVERY_DAYS_AHEAD)
    throw new ValidationError("The due date is more than a year away.", { dueDate: "Within a year." });
  let request: deals.PaymentRequest | undefined;
  const next = await changeContract(ctx, storeId, contractId, (c) => {
    assertOpen(c);
    const balance = deals.balanceOf(c);
    if (balance <= 0) throw new UnprocessableError("Nothing to request: the contract is fully paid.");
    const amountFen = data.amountFen ?? balance;
    if (amountFen > balance)
      throw new UnprocessableError(
        `The request is more than the balance: the balance is ${yuan(balance)}; this request is ${yuan(amountFen)}.`,
        { amountFen: `At most ${yuan(balance)}.` },
      );
    if (data.dueDate && data.dueDate < c.signedDate)
      throw new ValidationError("The due date cannot be before the contract was signed.", {
        dueDate: "Not before the signing date.",
      });
    const at = now.toISOString();
    request = {
      id: newId(),
      amountFen,
      dueDate: data.dueDate ?? firstOpenDue(c.dues, c.paidFen)?.dueDate ?? today,
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      ...(data.note ? { note: data.note } : {}),
    };
    return {
      next: bump(c, at, { paymentRequests: [...(c.paymentRequests ?? []), request].slice(-MAX_PAYMENT_REQUESTS) }),
      audit: audit(
        ctx,
        "contract.payment_requested",
        {
          requestId: request.id,
          amountFen,
          dueDate: request.dueDate,
          balanceFen: balance,
          ...(data.note ? { note: data.note } : {}),
        },
        at,
      ),
    };
  });
  return { contract: contractView(next), request: request! };
}

/** One payment request of a contract, for its printed notice (付款通知书): the store, the contract as it is now. */
export async function getPaymentRequest(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  requestId: string,
  opts: ContractOpts = {},
) {
  const store = await requireStore(ctx, storeId);
  const c = await readContract(ctx, storeId, contractId);
  const request = c.paymentRequests?.find((r) => r.id === requestId);
  if (!request) throw new NotFoundError("Payment request");
  return {
    store: { storeId: store.storeId, name: store.name, timeZone: store.timeZone },
    contract: contractView(c),
    request,
    today: localDate(opts.now ?? new Date(), store.timeZone),
  };
}

/** Record the invoice number (re-recording corrects it) and, when asked, the stock release (出库). */
export async function recordInvoice(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
) {
  const guardStore = await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  requireAdmin(ctx.actor, "record invoices");
  const data = parseInput(invoiceSchema, input);
  const invoiceNo = data.invoiceNo.toUpperCase();
  // period close (issue 6): an invoice is booked on today's store-local date
  await periods.assertOpen(ctx, storeId, [periods.bookingDate(guardStore.timeZone, opts.now)]);
  const next = await changeContract(ctx, storeId, contractId, (c) => {
    if (c.state === "cancelled") throw new UnprocessableError("This contract is cancelled.");
    const release = data.stockRelease && !c.stockReleasedAt;
    if (release && !c.allocation)
      throw new UnprocessableError("Allocate a vehicle before recording its stock release.", {
        stockRelease: "No vehicle allocated.",
      });
    if (c.invoiceNo === invoiceNo && !release) throw new UnprocessableError("Nothing to change.");
    const at = (opts.now ?? new Date()).toISOString();
    return {
      next: bump(c, at, { invoiceNo, ...(release ? { stockReleasedAt: at } : {}) }),
      audit: audit(
        ctx,
        "contract.invoice",
        {
          invoiceNo,
          ...(c.invoiceNo && c.invoiceNo !== invoiceNo ? { previousInvoiceNo: c.invoiceNo } : {}),
          ...(release ? { stockReleased: true } : {}),
        },
        at,
      ),
    };
  });
  return contractView(next);
}

/** The loan's status with the lender: applied → approved (covers the loan due at the gate) or declined. */
export async function setLoanStatus(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
) {
  await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  requireAdmin(ctx.actor, "record the loan status");
  const data = parseInput(loanStatusSchema, input);
  const next = await changeContract(ctx, storeId, contractId, (c) => {
    assertOpen(c);
    if (!c.dues.some((d) => d.kind === "loan")) throw new UnprocessableError("This contract has no loan.");
    if (c.loan?.status === data.status && (data.reference ?? c.loan.reference) === c.loan.reference)
      throw new UnprocessableError("Nothing to change.");
    const at = (opts.now ?? new Date()).toISOString();
    const reference = data.reference ?? c.loan?.reference;
    return {
      next: bump(c, at, {
        loan: { status: data.status, at, byName: ctx.actor.name, ...(reference ? { reference } : {}) },
      }),
      audit: audit(
        ctx,
        "contract.loan",
        { from: c.loan?.status ?? "—", to: data.status, lender: c.finance?.lender, reference },
        at,
      ),
    };
  });
  return contractView(next);
}

/** Finance (财务) confirms the money although a payment is not recorded yet: the gate lets the vehicle go. */
export async function confirmFinance(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
) {
  const guardStore = await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  requireAdmin(ctx.actor, "record the finance confirmation");
  const { note } = parseInput(financeConfirmSchema, input);
  // period close (issue 6): a contract change is booked on today's store-local date
  await periods.assertOpen(ctx, storeId, [periods.bookingDate(guardStore.timeZone, opts.now)]);
  const next = await changeContract(ctx, storeId, contractId, (c) => {
    assertOpen(c);
    if (c.financeConfirmed) throw new ConflictError("Finance has already confirmed this contract's payment.");
    if (deals.balanceOf(c) <= 0) throw new UnprocessableError("Nothing is owed on this contract.");
    const at = (opts.now ?? new Date()).toISOString();
    return {
      next: bump(c, at, { financeConfirmed: { at, by: ctx.actor.userId, byName: ctx.actor.name, note } }),
      audit: audit(ctx, "contract.finance_confirmed", { note, balanceFen: deals.balanceOf(c) }, at),
    };
  });
  return contractView(next);
}

/**
 * Cancel a contract (a manager) before delivery and without payments: the
 * allocated vehicle goes back into stock and a linked PO line is freed, together.
 */
export async function cancelContract(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: ContractOpts = {},
) {
  const guardStore = await requireStore(ctx, storeId);
  await readContract(ctx, storeId, contractId);
  if (!hasRole(ctx.actor, ...CONTRACT_CANCELLERS)) throw new ForbiddenError("Only a manager can cancel a contract.");
  const { reason } = parseInput(cancelContractSchema, input);
  const database = db(ctx);
  // period close (issue 6): a contract change is booked on today's store-local date
  await periods.assertOpen(ctx, storeId, [periods.bookingDate(guardStore.timeZone, opts.now)]);
  const next = await changeContract(ctx, storeId, contractId, async (c) => {
    if (c.state === "cancelled") throw new ConflictError("This contract is already cancelled.");
    if (c.state === "delivered" || c.delivery?.deliveredAt)
      throw new UnprocessableError("A delivered contract cannot be cancelled.");
    if (c.paidFen > 0)
      throw new UnprocessableError("This contract has payments recorded; it cannot be cancelled.", {
        reason: `Paid ${yuan(c.paidFen)}.`,
      });
    const at = (opts.now ?? new Date()).toISOString();
    const { allocation, ...rest } = c;
    return {
      next: bump(rest as Contract, at, { state: "cancelled", cancelled: { at, byName: ctx.actor.name, reason } }),
      audit: audit(ctx, "contract.cancelled", { reason, ...(allocation ? { vinReleased: allocation.vin } : {}) }, at),
      extra: [
        ...(await releaseItems(ctx, c, at, `contract ${c.contractNo} cancelled`)),
        // a booked delivery appointment leaves the plan and the booked-deliveries list
        ...(await openAppointmentCancelled(database, c, at)),
        ...(c.poLink
          ? [contractDb.poLineLinkItem(database, { ...c, poId: c.poLink.poId }, c.poLink.line, 0, -1, at)]
          : []),
      ],
    };
  });
  return contractView(next);
}

/** The write that cancels the contract's open delivery appointment (none when nothing is booked). */
async function openAppointmentCancelled(database: Db, c: Contract, at: string): Promise<TransactItems> {
  if (!c.delivery?.appointmentAt) return [];
  const { appointment } = await deliveryDb.getDeliveryRecord(database, c.tenantId, c.contractId);
  if (appointment?.status !== "open") return [];
  return [deliveryDb.closeOpen(database, { ...appointment, status: "cancelled", updatedAt: at })];
}

// ---------- aged receivables ----------

export interface ReceivablesView {
  storeId: string;
  timeZone: string;
  today: string;
  buckets: AgedReceivables<unknown>["buckets"];
  totalOpenFen: number;
  overdueFen: number;
  rows: {
    contractId: string;
    contractNo: string;
    customerName: string;
    consultantName: string;
    openFen: number;
    overdueFen: number;
    daysOverdue: number;
    bucket: ReceivableBucket;
    oldestDue: { kind: string; dueDate: string; openFen: number };
    remindersIgnored: number;
  }[];
}

/**
 * The store's aged receivables (0–30 / 31–60 / 61–90 / 90+ days overdue, and
 * not yet due): the receivables index read a page of 500 at a time (one Query
 * per page). A consultant sees his own contracts' money.
 */
export async function agedReceivables(ctx: Ctx, storeId: string, opts: ContractOpts = {}): Promise<ReceivablesView> {
  const store = await requireStore(ctx, storeId);
  if (!seesAll(ctx.actor) && !hasRole(ctx.actor, "sales_consultant"))
    throw new ForbiddenError("Only sales staff see the contracts.");
  const all: Contract[] = [];
  let cursor: string | undefined;
  do {
    const page = await deals.listStoreReceivables(db(ctx), ctx.actor.tenantId, storeId, { limit: 500, cursor });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const mine = seesAll(ctx.actor) ? all : all.filter((c) => c.consultantId === ctx.actor.userId);
  const today = localDate(opts.now ?? new Date(), store.timeZone);
  const aged = ageOpenMoney(mine, today);
  return {
    storeId,
    timeZone: store.timeZone,
    today,
    buckets: aged.buckets,
    totalOpenFen: aged.totalOpenFen,
    overdueFen: aged.overdueFen,
    rows: aged.rows.map((r) => ({
      contractId: r.contract.contractId,
      contractNo: r.contract.contractNo,
      customerName: r.contract.customerName,
      consultantName: r.contract.consultantName,
      openFen: r.openFen,
      overdueFen: r.overdueFen,
      daysOverdue: r.daysOverdue,
      bucket: r.bucket,
      oldestDue: { kind: r.open[0]!.kind, dueDate: r.open[0]!.dueDate, openFen: r.open[0]!.openFen },
      remindersIgnored: r.contract.dunning?.ignored ?? 0,
    })),
  };
}
