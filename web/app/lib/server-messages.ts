/**
 * Server messages are written once, in English, next to the rule that raises
 * them (packages/core, packages/services). The Chinese UI shows them through
 * this catalogue; an unknown message falls back to the English text.
 */
import { featureServerZh } from "../catalogues";
import type { Lang } from "../i18n";

const LABELS: Record<string, string> = {
  "Group name": "集团名称",
  "Your name": "您的姓名",
  Name: "姓名",
  "Store name": "门店名称",
  City: "城市",
  Brand: "品牌",
  "Customer name": "客户姓名",
  "Intended model": "意向车型",
  Note: "备注",
  Reason: "原因",
  Email: "邮箱",
  Password: "密码",
  Mobile: "手机号",
  groupName: "集团名称",
  adminName: "您的姓名",
  name: "姓名",
  city: "城市",
  email: "邮箱",
  password: "密码",
  partySize: "人数",
  visitType: "来店类型",
  source: "来源",
  timeZone: "时区",
  brands: "品牌",
  roles: "角色",
};

const EXACT: Record<string, string> = {
  "Add at least one brand the store is franchised for.": "请至少填写一个授权品牌。",
  "Already assigned to this consultant.": "已分配给该顾问。",
  "Arrival time cannot be in the future.": "到店时间不能晚于现在。",
  "Arrival time is more than 7 days ago.": "到店时间不能早于 7 天前。",
  "At most 10 brands.": "最多 10 个品牌。",
  "Choose an active consultant of this store.": "请选择本店在职的销售顾问。",
  "Choose at least one role.": "请至少选择一个角色。",
  "Choose at least one store for this person.": "请为此人至少选择一家门店。",
  "Choose at least one store.": "请至少选择一家门店。",
  "Closing time must be after opening time.": "营业结束时间必须晚于开始时间。",
  "Departure cannot be before arrival.": "离店时间不能早于到店时间。",
  "Departure cannot be in the future.": "离店时间不能晚于现在。",
  "Email or password is wrong.": "邮箱或密码错误。",
  "Enter a valid email address.": "请输入有效的邮箱地址。",
  "Enter an 11-digit mainland China mobile number (e.g. 13812345678).":
    "请输入 11 位中国大陆手机号（如 13812345678）。",
  "Give a reason for the reassignment.": "请填写重新分配的原因。",
  "Nothing to change.": "没有需要修改的内容。",
  "Only a manager can reassign a walk-in.": "只有经理可以重新分配来店客户。",
  "Only administrators and general managers can deactivate staff.": "只有管理员和总经理可以停用员工。",
  "Only administrators and managers can invite staff.": "只有管理员和经理可以邀请员工。",
  "Only receptionists and managers log walk-ins.": "只有前台和经理可以登记来店客户。",
  "Only sales consultants go on duty for the rotation.": "只有销售顾问参与轮岗。",
  "Only the group administrator can add stores.": "只有集团管理员可以新增门店。",
  "Only the group administrator can change stores.": "只有集团管理员可以修改门店。",
  "Only the group administrator can invite another administrator.": "只有集团管理员可以邀请管理员。",
  "Only the receptionist, the manager or the assigned consultant can change this walk-in.":
    "只有前台、经理或接待顾问可以修改此记录。",
  "Out of date.": "数据已过期。",
  "Party size is at least 1.": "人数至少为 1。",
  "Party size is at most 30.": "人数最多为 30。",
  "Party size must be a number.": "人数必须是数字。",
  "Party size must be a whole number.": "人数必须是整数。",
  "Password is required.": "请填写密码。",
  "Password must be at least 10 characters.": "密码至少 10 位。",
  "Password must be at most 128 characters.": "密码最多 128 位。",
  "Someone else changed this store since you opened it. Reload and try again.": "门店信息已被他人修改，请刷新后重试。",
  "Someone else changed this walk-in. Reload and try again.": "该记录已被他人修改，请刷新后重试。",
  "Someone with this email already has an account.": "该邮箱已有账号。",
  "The showroom is very busy right now; please log the visitor again.": "展厅繁忙，请重新登记。",
  "The walk-in is already assigned to this consultant.": "该客户已分配给此顾问。",
  "This account has been deactivated. Ask your administrator.": "该账号已停用，请联系管理员。",
  "This email already has an account.": "该邮箱已有账号。",
  "This email is already registered. Sign in instead.": "该邮箱已注册，请直接登录。",
  "This email is already registered.": "该邮箱已注册。",
  "This invitation has already been used or has expired.": "邀请已被使用或已过期。",
  "This invitation has already been used. Sign in instead.": "邀请已被使用，请直接登录。",
  "This invitation has expired. Ask for a new one.": "邀请已过期，请重新申请。",
  "This staff member is deactivated.": "该员工已停用。",
  "This staff member was changed at the same time. Reload and try again.": "该员工信息刚被修改，请刷新后重试。",
  "Unknown store.": "门店不存在。",
  "Unknown time zone (use an IANA name like Asia/Shanghai).": "未知时区（请使用 IANA 名称，如 Asia/Shanghai）。",
  "Use a date like 2026-11-26.": "日期格式如 2026-11-26。",
  "Use a time like 09:00.": "时间格式如 09:00。",
  "Visit must be first or return.": "请选择首次或再次来店。",
  "You can invite staff only to your own stores.": "您只能邀请员工加入自己的门店。",
  "You can only change your own duty status.": "您只能修改自己的值班状态。",
  "You cannot deactivate yourself.": "不能停用自己。",
  "Your role does not allow this.": "您的角色无权执行此操作。",
  "Please sign in.": "请先登录。",
  "A loss is already waiting for the supervisor's decision.": "已有战败申请等待主管审批。",
  "Only a supervisor or manager approves a loss.": "只有主管或经理可以审批战败。",
  "No loss is waiting for a decision on this card.": "该卡没有待审批的战败申请。",
  "At most 5 competing brands.": "竞品品牌最多 5 个。",
  "Payment must be cash or loan.": "付款方式须为全款或按揭。",
  "Use must be family, business or both.": "用途须为家用、商务或兼用。",
  "Someone else changed this card. Reload and try again.": "潜客卡已被他人修改，请刷新后重试。",
  "This card is closed.": "该潜客卡已关闭。",
  "Direction must be inbound or outbound.": "请选择来电或去电。",
  "Duration cannot be negative.": "时长不能为负数。",
  "Duration is at most 4 hours.": "时长最多 4 小时。",
  "Choose the consultant who owns this card.": "请选择该卡的归属顾问。",
  "Give a mobile or a phone number.": "请填写手机号或其他电话。",
  "Other phone numbers need a country code, like +852 9123 4567.": "其他电话需带国家区号，如 +852 9123 4567。",
  "Only a manager can transfer a prospect card.": "只有经理可以转移潜客卡。",
  "The card already belongs to this consultant.": "该卡已属于此顾问。",
  "Already the owner.": "已是归属顾问。",
  "This walk-in already has a prospect card.": "该来店记录已有潜客卡。",
  "Assign the walk-in to a consultant first.": "请先将来店客户分配给顾问。",
  "Give the customer's name.": "请填写客户姓名。",
  "Give the customer's mobile.": "请填写客户手机号。",
  "You can only list your own prospect cards.": "您只能查看自己的潜客卡。",
  "Only the group administrator or a general manager can invite a general manager.":
    "只有集团管理员或总经理可以邀请总经理。",
};

const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(.+) is required\.$/, (m) => `请填写${LABELS[m[1]!] ?? m[1]}。`],
  [/^(.+) must be at most (\d+) characters\.$/, (m) => `${LABELS[m[1]!] ?? m[1]}最多 ${m[2]} 个字符。`],
  [/^(.+) must be text\.$/, (m) => `${LABELS[m[1]!] ?? m[1]}必须是文本。`],
  [
    /^Too many failed sign-ins for this email\. Try again in (\d+) minute\(s\)\.$/,
    (m) => `登录失败次数过多，请 ${m[1]} 分钟后再试。`,
  ],
  [/^Unknown field\(s\): (.+)\.$/, (m) => `未知字段：${m[1]}。`],
  [
    /^This mobile already has a prospect card in this store, owned by (.+)\. Ask a manager to transfer it\.$/,
    (m) => `该手机号在本店已有潜客卡，归属 ${m[1]}。如需转移请找经理。`,
  ],
  [/^Already the prospect of (.+)\.$/, (m) => `已是 ${m[1]} 的潜客。`],
  [/^This prospect card belongs to (.+)\.$/, (m) => `该潜客卡属于 ${m[1]}。`],
  [
    /^(\d+) gap\(s\) are still open\. Fix them, or add a note saying why, to tick the day off\.$/,
    (m) => `还有 ${m[1]} 项缺漏。请补录，或填写备注说明原因后再确认。`,
  ],
  [/^(\w[\w.]*): (.+)$/, (m) => translateServerMessage("zh", m[2]!)],
];

export function translateServerMessage(lang: Lang, message: string): string {
  if (lang !== "zh") return message;
  const exact = EXACT[message] ?? featureServerZh[message];
  if (exact) return exact;
  for (const [re, fn] of PATTERNS) {
    const m = re.exec(message);
    if (m) return fn(m);
  }
  return message;
}
