/** Helpers of the service appointment tests (issue 7, H1): staff with a role, workshop customers. */
import { localDate, newId } from "@dealeros/core";
import { type Customer, customers, type Db } from "@dealeros/db";
import type { Actor } from "@dealeros/services";
import { Client, PASSWORD, type Tenant, uniqueEmail } from "./api.ts";

/** Invite someone with these roles to the tenant's store and accept: a signed-in client. */
export async function joinStore(t: Tenant, name: string, roles: string[]) {
  const email = uniqueEmail(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  const inv = await t.admin.post("/api/invitations", { email, roles, storeIds: [t.store.storeId] });
  if (inv.status !== 201) throw new Error(`invite failed: ${JSON.stringify(inv.body)}`);
  const client = new Client(name);
  const acc = await client.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
  if (acc.status !== 201) throw new Error(`accept failed: ${JSON.stringify(acc.body)}`);
  return { client, user: acc.body.user as Actor, email };
}

let serial = 0;
/** A workshop customer with one car, written the way the customers module writes them. */
export async function makeCustomer(db: Db, storeId: string, tenantId: string, name: string): Promise<Customer> {
  const n = serial++;
  const at = new Date().toISOString();
  const c: Customer = {
    tenantId,
    storeId,
    customerId: newId(),
    name,
    mobile: `139${String(process.pid % 10000).padStart(4, "0")}${String(n).padStart(4, "0")}`,
    ownerId: "advisor",
    ownerName: "Advisor",
    origin: "service",
    prospectIds: [],
    purchases: 0,
    repeatBuyer: false,
    referrals: 0,
    vehicles: [
      {
        vin: `LSVAA4189N${String(process.pid % 1000).padStart(3, "0")}${String(n).padStart(4, "0")}`,
        plate: `沪A${String(n).padStart(5, "0")}`,
        brand: "大众",
        modelName: "帕萨特",
      },
    ],
    version: 1,
    createdAt: at,
    createdBy: "test",
    createdByName: "Test",
    updatedAt: at,
  };
  await customers.transact(
    db,
    customers.createCustomerWrites(db, c, localDate(at, "Asia/Shanghai"), {
      at,
      by: "test",
      byName: "Test",
      action: "customer.created",
      detail: {},
    }),
  );
  return c;
}
