/** Helpers of the warranty claim tests: a repair order with a warranty line, driven to settlement through the API. */
import type { Customer } from "@dealeros/db";
import type { Client } from "./api.ts";

function must<T extends { status: number; body: any }>(r: T, what: string, status = 200): T {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/**
 * Open a repair order for the customer's first car, estimate a warranty line
 * (hours × rate) and a customer line, approve, finish and settle it: the
 * warranty claim (id = the repair order id) is submitted to the OEM.
 */
export async function settleWarrantyRepair(
  client: Client,
  storeId: string,
  customer: Customer,
  opts: { warrantyHours?: number; rateFen?: number; mileageKm?: number } = {},
): Promise<{ claimId: string; roNumber: string; warrantyFen: number }> {
  const base = `/api/stores/${storeId}/repair-orders`;
  const hours = opts.warrantyHours ?? 2;
  const rateFen = opts.rateFen ?? 30_000;
  const created = must(
    await client.post(base, {
      customerId: customer.customerId,
      vin: customer.vehicles[0]!.vin,
      mileageKm: opts.mileageKm ?? 20_000,
      fuelEighths: 4,
      concerns: "方向盘抖动 / steering wheel shakes",
    }),
    "open repair order",
    201,
  ).body.repairOrder;
  const url = `${base}/${created.repairOrderId}`;
  let r = must(
    await client.post(`${url}/lines`, {
      version: created.version,
      lines: [
        { kind: "labour", description: "更换前刹车盘（保修）", hours, rateFen, payer: "warranty" },
        { kind: "labour", description: "洗车 Car wash", hours: 0.5, rateFen: 10_000, payer: "customer" },
      ],
    }),
    "lines",
  );
  for (const to of ["waiting_approval"]) {
    r = must(await client.post(`${url}/state`, { version: r.body.repairOrder.version, to }), to);
  }
  r = must(await client.post(`${url}/approval`, { version: r.body.repairOrder.version, method: "phone" }), "approval");
  for (const to of ["quality_check", "ready"]) {
    r = must(await client.post(`${url}/state`, { version: r.body.repairOrder.version, to }), to);
  }
  r = must(
    await client.post(`${url}/settlement`, {
      version: r.body.repairOrder.version,
      amountFen: r.body.totals.customerFen,
      method: "wechat",
    }),
    "settlement",
  );
  return {
    claimId: r.body.repairOrder.settlement.claimId,
    roNumber: created.roNumber,
    warrantyFen: Math.round(hours * rateFen),
  };
}
