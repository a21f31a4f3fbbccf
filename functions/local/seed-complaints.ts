/**
 * Demo complaints (客户投诉) for the demo tenant: in Shanghai one overdue and
 * escalated by the real escalation rule, one open within its handling time, one
 * due soon, one resolved with the customer's satisfaction and one quality
 * problem flagged for the OEM; a few more in Hangzhou and Suzhou.
 */
import {
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSeverity,
  complaintDueAt,
  localDate,
  newId,
  satisfactionLevel,
} from "@dealeros/core";
import { type AuditEntry, type Complaint, complaints, type Db, type Store, type User } from "@dealeros/db";
import { complaints as complaintService, settings } from "@dealeros/services";

interface Seed {
  hoursAgo: number;
  customerName: string;
  mobile: string;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  /** the assignee: a staff key (email local part); the store's sales manager when absent */
  assignee?: string;
  loggedBy: string;
  response?: { hoursAfter: number; note: string; actionTaken?: string };
  resolution?: { hoursAfter: number; text: string; satisfaction: number };
  oem?: { hoursAfter: number; note: string };
}

const SEEDS: Seed[][] = [
  [
    {
      hoursAgo: 15,
      customerName: "钱先生",
      mobile: "13816620451",
      channel: "phone",
      category: "delivery",
      severity: "high",
      description: "约定今天上午交车，到店后被告知车辆还在PDI，等了两个小时没人解释。",
      loggedBy: "reception",
    },
    {
      hoursAgo: 3,
      customerName: "孙女士",
      mobile: "13917735502",
      channel: "walk_in",
      category: "price",
      severity: "medium",
      description: "同款迈腾，朋友上周在本店的成交价比给她的报价低八千元，要求解释。",
      loggedBy: "reception",
    },
    {
      hoursAgo: 11,
      customerName: "周先生",
      mobile: "15021108833",
      channel: "online",
      category: "staff_attitude",
      severity: "medium",
      description: "汽车之家留言：试驾时销售顾问一直接电话，不回答问题。",
      assignee: "zhao.lei",
      loggedBy: "manager",
    },
    {
      hoursAgo: 50,
      customerName: "吴女士",
      mobile: "18616549920",
      channel: "phone",
      category: "sales_process",
      severity: "low",
      description: "合同签完三天了，还没有收到贷款审批结果的通知。",
      assignee: "li.na",
      loggedBy: "reception",
      response: {
        hoursAfter: 2,
        note: "已致电客户，说明银行审批进度，预计明天出结果。",
        actionTaken: "联系金融专员催办",
      },
      resolution: { hoursAfter: 26, text: "贷款已获批，已通知客户并预约交车时间。", satisfaction: 4 },
    },
    {
      hoursAgo: 30,
      customerName: "郑先生",
      mobile: "13761182046",
      channel: "oem_hotline",
      category: "vehicle_quality",
      severity: "high",
      description: "新车速腾行驶800公里，冷车启动时发动机舱有明显异响，厂家热线转来。",
      loggedBy: "manager",
      response: {
        hoursAfter: 3,
        note: "已致电客户道歉，安排明天上午免费检测并提供代步车。",
        actionTaken: "预约售后检测，准备代步车",
      },
      oem: {
        hoursAfter: 20,
        note: "速腾 1.5T，里程 812 km，冷启动正时链条异响，疑似张紧器问题；已拍视频，申请技术支持。",
      },
    },
  ],
  [
    {
      hoursAgo: 5,
      customerName: "冯女士",
      mobile: "13588046127",
      channel: "social_media",
      category: "service",
      severity: "medium",
      description: "抖音评论：展厅休息区没有热水，等待交车时间太长。",
      loggedBy: "hz.reception",
    },
    {
      hoursAgo: 72,
      customerName: "陈先生",
      mobile: "13666720318",
      channel: "walk_in",
      category: "delivery",
      severity: "medium",
      description: "交车时发现随车工具包缺少拖车钩。",
      loggedBy: "hz.reception",
      response: { hoursAfter: 1, note: "当场道歉，已从库房调配拖车钩。", actionTaken: "补发拖车钩" },
      resolution: { hoursAfter: 2, text: "拖车钩已交给客户并签收。", satisfaction: 5 },
    },
  ],
  [
    {
      hoursAgo: 14,
      customerName: "蒋先生",
      mobile: "18915573364",
      channel: "phone",
      category: "other",
      severity: "low",
      description: "上牌资料寄出一周，一直没有收到行驶证。",
      loggedBy: "sz.reception",
    },
  ],
];

export async function seedComplaints(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ complaints: number; escalated: number }> {
  const { tenantId, stores, users, now } = opts;
  const { complaintSlaHours } = await settings.getShowroomSettings({ actor: { tenantId }, db });
  const byKey = (key: string) => users.find((u) => u.email.startsWith(`${key}@`))!;
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000).toISOString();
  const entry = (u: User, when: string, action: string, detail: Record<string, unknown>): AuditEntry => ({
    at: when,
    by: u.userId,
    byName: u.name,
    action,
    detail,
  });
  let count = 0;
  let escalated = 0;
  for (const [i, store] of stores.entries()) {
    const manager = users.find((u) => u.roles.includes("sales_manager") && u.storeIds.includes(store.storeId));
    for (const s of SEEDS[i] ?? []) {
      const assignee = s.assignee ? byKey(s.assignee) : manager;
      if (!assignee) continue;
      const logger = byKey(s.loggedBy);
      const loggedAt = at(s.hoursAgo);
      const dueAt = complaintDueAt(loggedAt, complaintSlaHours);
      let c: Complaint = {
        tenantId,
        storeId: store.storeId,
        complaintId: newId(),
        customerName: s.customerName,
        mobile: s.mobile,
        channel: s.channel,
        category: s.category,
        severity: s.severity,
        description: s.description,
        state: "open",
        loggedAt,
        slaHours: complaintSlaHours,
        dueAt,
        dueDate: localDate(dueAt, store.timeZone),
        assigneeId: assignee.userId,
        assigneeName: assignee.name,
        version: 1,
        createdAt: loggedAt,
        createdBy: logger.userId,
        createdByName: logger.name,
        updatedAt: loggedAt,
      };
      await complaints.createComplaint(
        db,
        c,
        entry(logger, loggedAt, "complaint.logged", {
          assignee: assignee.name,
          category: c.category,
          severity: c.severity,
          slaHours: c.slaHours,
        }),
      );
      count++;
      const change = async (next: Complaint, audit: AuditEntry) => {
        await complaints.saveComplaint(db, next, c.version, [audit]);
        c = next;
      };
      if (s.response) {
        const when = at(s.hoursAgo - s.response.hoursAfter);
        const late = when > c.dueAt;
        await change(
          {
            ...c,
            state: "responded",
            response: {
              note: s.response.note,
              ...(s.response.actionTaken ? { actionTaken: s.response.actionTaken } : {}),
              at: when,
              by: assignee.userId,
              byName: assignee.name,
              late,
            },
            version: c.version + 1,
            updatedAt: when,
          },
          entry(assignee, when, "complaint.responded", { late: late ? "yes" : "no", action: s.response.actionTaken }),
        );
      }
      if (s.oem) {
        const when = at(s.hoursAgo - s.oem.hoursAfter);
        await change(
          {
            ...c,
            oem: { note: s.oem.note, at: when, by: assignee.userId, byName: assignee.name },
            version: c.version + 1,
            updatedAt: when,
          },
          entry(assignee, when, "complaint.oem_flagged", { note: s.oem.note }),
        );
      }
      if (s.resolution) {
        const when = at(s.hoursAgo - s.resolution.hoursAfter);
        const level = satisfactionLevel(s.resolution.satisfaction);
        await change(
          {
            ...c,
            state: "resolved",
            resolution: {
              text: s.resolution.text,
              satisfaction: s.resolution.satisfaction,
              level,
              at: when,
              by: assignee.userId,
              byName: assignee.name,
            },
            version: c.version + 1,
            updatedAt: when,
          },
          entry(assignee, when, "complaint.resolved", { satisfaction: `${s.resolution.satisfaction}/5`, level }),
        );
      }
    }
    // the open ones past their handling time are escalated by the real rule (as the follow-up job does)
    escalated += (await complaintService.escalateOverdueComplaints(store, now, { db })).escalated.length;
  }
  return { complaints: count, escalated };
}
