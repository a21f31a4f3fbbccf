/**
 * Demo retention and events (issue 7, H4). For the first (Shanghai) store: a
 * past event three weeks ago with answers and attendance, and an upcoming
 * product preview in ten days with invitations (tasks in the owners' plans a
 * week before) and some answers. Then the retention job runs once for every
 * store for the demo day, so the owners' plans hold the reminders (loans ending
 * next month, insurance renewals, maintenance, birthdays). Deterministic.
 */
import { addDays, localDate, newId, zonedToUtc } from "@dealeros/core";
import {
  type Customer,
  type CustomerTask,
  customers,
  customerTasks,
  type Db,
  type EventInvitation,
  events,
  type Store,
  type StoreEvent,
  type User,
} from "@dealeros/db";
import { retention } from "@dealeros/services";

function invitation(e: StoreEvent, c: Customer, at: string, by: string, timeZone: string): EventInvitation {
  const v = c.vehicles[0];
  return {
    tenantId: e.tenantId,
    storeId: e.storeId,
    eventId: e.eventId,
    customerId: c.customerId,
    customerName: c.name,
    ...(c.mobile ? { mobile: c.mobile } : {}),
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    ...(v ? { vehicleLabel: [`${v.brand} ${v.modelName}`, v.plate].filter(Boolean).join(" ") } : {}),
    eventTitle: e.title,
    eventStartAt: zonedToUtc(e.date, e.startTime, timeZone).toISOString(),
    invitedAt: at,
    invitedBy: by,
    version: 1,
    updatedAt: at,
  };
}

function baseEvent(store: Store, organiser: User, at: string, e: Partial<StoreEvent>): StoreEvent {
  return {
    tenantId: store.tenantId,
    storeId: store.storeId,
    eventId: newId(),
    title: "",
    kind: "event",
    date: "",
    startTime: "10:00",
    place: "",
    invited: 0,
    accepted: 0,
    declined: 0,
    attended: 0,
    noShow: 0,
    version: 1,
    createdAt: at,
    createdBy: organiser.userId,
    createdByName: organiser.name,
    updatedAt: at,
    ...e,
  };
}

export async function seedEvents(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ events: number; invitations: number; reminders: number }> {
  const { now } = opts;
  let invitations = 0;
  let reminders = 0;
  let count = 0;
  const store = opts.stores[0];
  if (store) {
    const today = localDate(now, store.timeZone);
    const organiser =
      opts.users.find((u) => u.storeIds.includes(store.storeId) && u.roles.includes("sales_manager")) ??
      opts.users.find((u) => u.roles.includes("group_admin"))!;
    const page = await customers.searchStoreCustomers(db, store.tenantId, store.storeId, { limit: 60 });
    const list = page.items.filter((c) => c.vehicles.length > 0);
    const past = list.slice(0, 20);
    const coming = list.slice(20, 45);

    // three weeks ago: the spring service festival, answered and attended
    const pastAt = zonedToUtc(addDays(today, -35), "10:00", store.timeZone).toISOString();
    const shell = baseEvent(store, organiser, pastAt, {
      title: "春季保养节 Spring service festival",
      date: addDays(today, -21),
      startTime: "09:30",
      endTime: "16:00",
      place: "售后接待区 Service reception",
      description: "免费 30 项检测，机油 8 折 · Free 30-point check, 20% off oil changes",
      capacity: 40,
    });
    const pastInv = past.map((c, i): EventInvitation => {
      const inv = invitation(shell, c, pastAt, organiser.userId, store.timeZone);
      const rsvp = i < 12 ? ("accepted" as const) : i < 16 ? ("declined" as const) : undefined;
      const attendance = i < 9 ? ("attended" as const) : i < 12 ? ("no_show" as const) : undefined;
      return { ...inv, ...(rsvp ? { rsvp, answeredAt: pastAt } : {}), ...(attendance ? { attendance } : {}) };
    });
    const pastEvent: StoreEvent = {
      ...shell,
      invited: pastInv.length,
      accepted: pastInv.filter((i) => i.rsvp === "accepted").length,
      declined: pastInv.filter((i) => i.rsvp === "declined").length,
      attended: pastInv.filter((i) => i.attendance === "attended").length,
      noShow: pastInv.filter((i) => i.attendance === "no_show").length,
    };
    await customers.transact(
      db,
      events.createEventWrites(db, pastEvent, {
        at: pastAt,
        by: organiser.userId,
        byName: organiser.name,
        action: "event.created",
        detail: { title: pastEvent.title, date: pastEvent.date },
      }),
    );
    await customers.transact(
      db,
      pastInv.map((i) => ({
        Put: { TableName: db.table, Item: events.invitationItem(i) },
      })),
    );
    count++;
    invitations += pastInv.length;

    // in ten days: the product preview; invitations with the owners' tasks a week before
    const at = now.toISOString();
    const coming0 = baseEvent(store, organiser, at, {
      title: "新款途观L品鉴会 New Tiguan L preview",
      kind: "promotion",
      date: addDays(today, 10),
      startTime: "14:00",
      endTime: "17:00",
      place: "展厅 Showroom",
      description:
        "试驾新款途观L，老客户置换补贴 5,000 元 · Test-drive the new Tiguan L; ¥5,000 trade-in bonus for owners",
      capacity: 30,
    });
    await customers.transact(
      db,
      events.createEventWrites(db, coming0, {
        at,
        by: organiser.userId,
        byName: organiser.name,
        action: "event.created",
        detail: { title: coming0.title, date: coming0.date },
      }),
    );
    const taskDate = addDays(coming0.date, -7);
    const dueAt = zonedToUtc(taskDate, "10:00", store.timeZone).toISOString();
    const invs = coming.map((c) => invitation(coming0, c, at, organiser.userId, store.timeZone));
    const tasks = coming.map((c) =>
      customerTasks.customerTaskWrite(db, {
        tenantId: store.tenantId,
        storeId: store.storeId,
        kind: "event_invite",
        id: coming0.eventId,
        customerId: c.customerId,
        ownerId: c.ownerId,
        ownerName: c.ownerName,
        dueAt,
        date: taskDate,
        status: "open",
        title: c.name,
        note: `Invite to “${coming0.title}” on ${coming0.date} ${coming0.startTime} at ${coming0.place}; record the answer on the event page`,
        refId: coming0.eventId,
        createdAt: at,
        updatedAt: at,
      } satisfies CustomerTask),
    );
    for (let i = 0; i < invs.length; i += 40)
      await customers.transact(db, events.inviteWrites(db, coming0, invs.slice(i, i + 40), tasks.slice(i, i + 40), at));
    // the first few answered already
    for (const [i, inv] of invs.slice(0, 6).entries()) {
      const answer = i < 4 ? ("accepted" as const) : ("declined" as const);
      await customers.transact(
        db,
        events.invitationChangeWrites(
          db,
          inv,
          { ...inv, rsvp: answer, answeredAt: at, version: 2, updatedAt: at },
          { [answer]: 1 },
          {
            at,
            by: inv.ownerId,
            byName: inv.ownerName,
            action: "event.rsvp",
            detail: { customerId: inv.customerId, status: answer },
          },
        ),
      );
      await customerTasks.closeCustomerTask(
        db,
        { tenantId: store.tenantId, customerId: inv.customerId, kind: "event_invite", id: coming0.eventId },
        { status: "done", at, outcome: answer },
      );
    }
    count++;
    invitations += invs.length;
  }
  // the retention job of the demo day, for every store
  for (const s of opts.stores) {
    const r = await retention.retentionJob(s, localDate(now, s.timeZone), { db });
    reminders += r.tasksWritten;
  }
  return { events: count, invitations, reminders };
}
