/**
 * Contracts and vehicles for the delivery and dunning tests, written with the db
 * layer (a quote, then deals.createContract: the same transaction an order makes),
 * so these tests do not depend on the order flow's API.
 */
import { contractDues, newId, type QuoteFinance } from "@dealeros/core";
import { type Contract, type Db, deals, inventory, type Vehicle } from "@dealeros/db";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { localContext } from "../../functions/local/adapter.ts";
import type { Client } from "./api.ts";
import { MAGOTAN, putQuote } from "./deals.ts";

let vins = 0;

/** A vehicle of the store (allocated by default: what an allocation leaves behind). */
export async function makeVehicle(
  db: Db,
  tenantId: string,
  storeId: string,
  status: Vehicle["status"] = "allocated",
): Promise<Vehicle> {
  const at = new Date().toISOString();
  const v: Vehicle = {
    tenantId,
    storeId,
    vehicleId: newId(),
    vin: `LFVTEST${process.pid % 1000}${String(vins++).padStart(7, "0")}`.slice(0, 17).padEnd(17, "0"),
    checkDigit: "not_used",
    engineNumber: `DKX${vins}`,
    brand: MAGOTAN.brand,
    modelCode: MAGOTAN.modelCode,
    modelName: MAGOTAN.modelName,
    trimCode: MAGOTAN.trimCode,
    trimName: MAGOTAN.trimName,
    colourCode: MAGOTAN.colourCode!,
    colourName: MAGOTAN.colourName!,
    msrp: 219_900_00,
    purchaseCost: 198_000_00,
    currency: "CNY",
    status,
    stockedAt: at,
    version: 1,
    createdAt: at,
    createdBy: "test",
    createdByName: "test",
    updatedAt: at,
  };
  await inventory.createVehicle(db, v, { at, by: "test", byName: "test", action: "vehicle.registered", detail: {} });
  return v;
}

export interface ContractSpec {
  tenantId: string;
  storeId: string;
  prospectId: string;
  customerName: string;
  consultant: { userId: string; name: string };
  signedDate: string;
  depositDueDate?: string;
  expectedDeliveryDate: string;
  listPriceFen?: number;
  discountFen?: number;
  depositFen?: number;
  finance?: QuoteFinance;
  /** what has been paid (no payment items: the figure the payments would add up to) */
  paidFen?: number;
  vehicle?: Vehicle;
  invoiced?: boolean;
  loan?: Contract["loan"];
  financeConfirmed?: boolean;
}

/** A quote and the contract made from it (createContract: the store's next number, the quote ordered). */
export async function makeContract(db: Db, s: ContractSpec): Promise<Contract> {
  const at = new Date().toISOString();
  const money = {
    listPriceFen: s.listPriceFen ?? 219_900_00,
    discountFen: s.discountFen ?? 0,
    accessories: [],
    insurance: [],
    depositFen: s.depositFen ?? 20_000_00,
    ...(s.finance ? { finance: s.finance } : {}),
  };
  const quote = await putQuote(db, {
    tenantId: s.tenantId,
    storeId: s.storeId,
    prospectId: s.prospectId,
    customerName: s.customerName,
    consultant: s.consultant,
    money,
    validUntil: s.expectedDeliveryDate,
  });
  const totals = quote.totals;
  const dues = contractDues(totals, s.signedDate, s.depositDueDate ?? s.signedDate, s.expectedDeliveryDate);
  const dueFen = dues.reduce((n, d) => n + d.amountFen, 0);
  for (let attempt = 0; ; attempt++) {
    const seq = (await deals.lastContractSeq(db, s.tenantId, s.storeId)) + 1;
    const c: Contract = {
      tenantId: s.tenantId,
      storeId: s.storeId,
      contractId: newId(),
      seq,
      contractNo: deals.contractNumber(seq),
      quoteId: quote.quoteId,
      prospectId: s.prospectId,
      customerName: s.customerName,
      consultantId: s.consultant.userId,
      consultantName: s.consultant.name,
      vehicle: s.vehicle ? { ...MAGOTAN, vehicleId: s.vehicle.vehicleId, vin: s.vehicle.vin } : MAGOTAN,
      quantity: 1,
      totals,
      ...(s.finance ? { finance: s.finance } : {}),
      accessories: [],
      insurance: [],
      signedDate: s.signedDate,
      deliveryMethod: "store_pickup",
      expectedDeliveryDate: s.expectedDeliveryDate,
      dues,
      dueFen,
      paidFen: s.paidFen ?? 0,
      ...(s.vehicle
        ? { allocation: { vehicleId: s.vehicle.vehicleId, vin: s.vehicle.vin, at, byName: "Sales Admin" } }
        : {}),
      ...(s.invoiced ? { invoiceNo: `FP${seq}`.padEnd(10, "0"), stockReleasedAt: at } : {}),
      ...(s.loan ? { loan: s.loan } : {}),
      ...(s.financeConfirmed ? { financeConfirmed: { at, by: "finance", byName: "Finance", note: "到账" } } : {}),
      state: "signed",
      version: 1,
      createdAt: at,
      createdBy: s.consultant.userId,
      createdByName: s.consultant.name,
      updatedAt: at,
    };
    try {
      await deals.createContract(db, c, 1, { at, by: "test", byName: "test", action: "contract.created", detail: {} });
      return c;
    } catch (e) {
      if (attempt > 5) throw e;
    }
  }
}

/** A payment as the order flow records it: the contract's paid figure (version-checked) + the payment item. */
export async function pay(db: Db, c: Contract, amountFen: number, at = new Date().toISOString()): Promise<Contract> {
  const fresh = (await deals.getContract(db, c.tenantId, c.contractId))!;
  const next = { ...fresh, paidFen: fresh.paidFen + amountFen, version: fresh.version + 1, updatedAt: at };
  await deals.updateContract(
    db,
    next,
    fresh.version,
    { at, by: "test", byName: "Sales Admin", action: "contract.payment", detail: { amountFen } },
    [
      {
        Put: {
          TableName: db.table,
          Item: deals.paymentItem(fresh, {
            paymentId: newId(),
            amountFen,
            method: "bank_transfer",
            reference: `REF${amountFen}`,
            at,
            by: "test",
            byName: "Sales Admin",
          }),
        },
      },
    ],
  );
  return next;
}

/** GET a binary response (a photo) through the real handler. */
export async function getRaw(client: Client, path: string) {
  const { handler } = await import("../../functions/http/app.ts");
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    cookies: client.cookie ? [client.cookie] : undefined,
    headers: { host: "localhost" },
    requestContext: {
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "t",
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const res = (await handler(event, localContext())) as APIGatewayProxyStructuredResultV2;
  const body = res.isBase64Encoded ? Buffer.from(res.body ?? "", "base64") : Buffer.from(res.body ?? "");
  return { status: res.statusCode ?? 200, headers: (res.headers ?? {}) as Record<string, string>, body };
}
