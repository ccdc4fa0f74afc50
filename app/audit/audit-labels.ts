/**
 * How the audit log reads in Chinese: event names, the objects events point at (with a link to their page) and the
 * fields of an event's details. Every event written anywhere in app/ has a label (tests/unit/audit-labels.test.ts).
 */
export const auditEventLabels: Record<string, string> = {
  "auth.login_succeeded": "登录成功",
  "auth.login_failed": "登录失败",
  "auth.login_throttled": "登录受限（尝试过多）",
  "auth.logout": "退出登录",
  "auth.registered": "学员注册",
  "auth.registration_refused": "注册被拒绝",
  "auth.permission_denied": "越权访问被拒绝",
  "auth.password_changed": "修改密码",
  "auth.password_reset_completed": "重置密码完成",
  "auth.password_reset_failed": "重置密码失败",
  "auth.other_sessions_ended": "结束其他登录会话",
  "auth.impersonation_started": "管理员代登录开始",
  "auth.impersonation_stopped": "管理员代登录结束",
  "user.created": "创建账号",
  "user.disabled": "停用账号",
  "user.enabled": "启用账号",
  "user.password_reset": "管理员重置密码",
  "user.password_reset_started": "发起密码重置",
  "user.role_assigned": "分配角色",
  "user.role_removed": "移除角色",
  "user.sessions_ended": "强制下线",
  "organisation.created": "新增机构",
  "organisation.updated": "修改机构信息",
  "learning.class_created": "开设培训班",
  "learning.session_scheduled": "安排线下课次",
  "learning.attendance_recorded": "记录线下考勤",
  "learning.enrolled": "报名课程",
  "learning.course_completed": "完成课程",
  "learning.roster_changed": "调整培训班花名册",
  "learning.teacher_added": "新增师资",
  "learning.identity_mismatch": "花名册身份信息不符",
  "assessment.applied": "提交认定申请",
  "assessment.application_approved": "申请审核通过",
  "assessment.application_rejected": "申请未通过审核",
  "assessment.qualification_recorded": "登记申报资格",
  "assessment.eligibility_rules_changed": "修改申报条件",
  "assessment.session_created": "创建认定批次",
  "assessment.session_opened": "认定批次开考",
  "assessment.staff_assigned": "安排考评人员",
  "assessment.staff_removed": "撤下考评人员",
  "assessment.checked_in": "考生签到",
  "assessment.marked_absent": "记为缺考",
  "assessment.exam_started": "开始理论考试",
  "assessment.exam_submitted": "交卷",
  "assessment.exam_auto_submitted": "到时自动交卷",
  "assessment.exam_page_left": "考试中离开页面",
  "assessment.answer_refused": "作答被拒收",
  "assessment.answer_ignored": "过期作答未采用",
  "assessment.submit_refused": "交卷被拒绝",
  "assessment.takeover_requested": "申请换机续考",
  "assessment.takeover_approved": "批准换机续考",
  "assessment.oral_requested": "申请口试",
  "assessment.oral_withdrawn": "撤回口试申请",
  "assessment.oral_answers_recorded": "记录口试作答",
  "assessment.skill_scored": "技能考核评分",
  "assessment.review_scored": "综合评审评分",
  "assessment.spread_confirmed": "确认评分差异",
  "assessment.spread_rescored": "评分差异重评",
  "assessment.results_published": "发布认定结果",
  "assessment.recheck_requested": "申请复核",
  "assessment.recheck_decided": "复核决定",
  "certificates.issued": "发放证书",
  "certificates.reissued": "补发证书",
  "certificates.revoked": "吊销证书",
  "certificates.reinstated": "恢复证书",
  "certificates.batch_requested": "批量生成证书",
  "certificates.verification_limited": "查验次数受限",
  "certificates.verification_name_limited": "姓名核对次数受限",
  "certificates.verification_scan": "疑似批量查验",
  "workforce.roster_imported": "导入从业人员名册",
  "workforce.monthly_imported": "导入月度记录",
  "workforce.external_certificate_verified": "确认外部证书",
  "workforce.identity_mismatch": "名册身份信息不符",
  "indicators.population_imported": "导入人口统计",
  "indicators.target_set": "设置规划目标",
  "indicators.target_removed": "删除规划目标",
  "indicators.plan_targets_applied": "套用规划目标",
  "allowance.policy_version_added": "新增补贴政策版本",
  "allowance.list_computed": "生成补贴名册",
  "allowance.line_excluded": "剔除名册人员",
  "allowance.adjustment_added": "添加补贴调整",
  "allowance.list_declared": "申报补贴名册",
  "allowance.notice_opened": "开始公示",
  "allowance.objection_recorded": "登记异议",
  "allowance.objection_resolved": "处理异议",
  "allowance.list_approved": "审批补贴名册",
};

/** An event's Chinese name; an event added later without a label still shows, as its key. */
export const auditEventLabel = (event: string) => auditEventLabels[event] ?? event;

/** The event filter's choices, grouped by component so related events sit together. */
export const auditEventOptions = Object.entries(auditEventLabels).map(([value, label]) => ({ value, label }));

/** An object's page, offered as a link only to a reader holding the permission that opens it. */
type ObjectKind = { label: string; href?: (id: string) => string; permission?: string };
const objectKinds: Record<string, ObjectKind> = {
  users: { label: "账号", href: (id) => `/admin/users/${id}`, permission: "manage:user" },
  sessions: { label: "登录会话" },
  people: { label: "人员" },
  password_reset_codes: { label: "密码重置码" },
  role_assignments: { label: "角色分配" },
  organisations: { label: "机构", href: (id) => `/admin/organisations/${id}/edit`, permission: "manage:organisation" },
  regions: { label: "行政区划" },
  training_classes: { label: "培训班", href: (id) => `/base/classes/${id}`, permission: "manage:class" },
  class_sessions: { label: "线下课次" },
  teachers: { label: "师资" },
  enrolments: { label: "课程报名" },
  course_completions: { label: "课程完成记录" },
  applications: { label: "认定申请" },
  assessment_sessions: { label: "认定批次", href: (id) => `/base/assessments/${id}`, permission: "manage:assessment" },
  theory_attempts: { label: "理论考试答卷" },
  recheck_requests: { label: "复核申请" },
  eligibility_rules: { label: "申报条件" },
  certificates: { label: "证书" },
  certificate_batches: { label: "证书批次", href: (id) => `/base/certificates/batches/${id}`, permission: "issue:certificate" },
  indicator_targets: { label: "规划目标" },
  population_statistics: { label: "人口统计" },
  allowance_lists: { label: "补贴名册", href: (id) => `/allowances/${id}`, permission: "read:allowance-list" },
  allowance_lines: { label: "名册明细" },
  allowance_adjustments: { label: "补贴调整" },
  allowance_objections: { label: "异议" },
  allowance_policy_versions: { label: "补贴政策版本", href: () => "/admin/allowance-policies", permission: "manage:allowance-policy" },
};

/**
 * `allowance_lists` + `2` → { text: "补贴名册 #2", href: "/allowances/2" } for a reader who may open that page
 * (`can` answers for the reader's permissions); others get the name without the link.
 */
export function auditObject(table: string | null, id: string | null, can: (permission: string) => boolean): { text: string; href: string | null } | null {
  if (!table) return null;
  const kind = objectKinds[table];
  if (!kind) return { text: `${table} #${id ?? ""}`, href: null };
  const linked = kind.href && id && (!kind.permission || can(kind.permission));
  return { text: `${kind.label} #${id ?? ""}`, href: linked ? kind.href!(id) : null };
}

const fieldLabels: Record<string, string> = {
  username: "用户名",
  reason: "原因",
  lock: "锁定",
  scope: "限制范围",
  network: "网段",
  limit: "上限",
  distinctNumbers: "查验不同编号数",
  lastNumber: "最后查验编号",
  number: "证书编号",
  kind: "证书类型",
  edition: "版次",
  note: "说明",
  revokedAt: "吊销时间",
  sessionId: "认定批次",
  total: "总分",
  permission: "所需权限",
  method: "请求方式",
  path: "地址",
  role: "角色",
  roleId: "角色编号",
  organisationId: "机构编号",
  regionCode: "区划代码",
  sessionsEnded: "结束的会话数",
  expiresAt: "有效期至",
  file: "文件",
  rows: "行数",
  added: "新增",
  updated: "更新",
  unchanged: "未变",
  changed: "变更",
  count: "条数",
  value: "目标值",
  previous: "原值",
  seed: "抽题种子",
  oral: "口试",
  questionId: "题目",
  seq: "序号",
  kept: "保留序号",
  answered: "已答题数",
  taskId: "操作项目",
  criticalFailed: "否决项未通过",
  part: "考核部分",
  spread: "评分差",
  mean: "平均分",
  score: "分数",
  decision: "决定",
  passed: "是否通过",
  questions: "题数",
  questionIds: "题目编号",
  name: "名称",
  planId: "考核方案",
  candidates: "考生数",
  papers: "试卷数",
  room: "考场",
  seat: "座位号",
  duty: "职责",
  resitOf: "补考原申请",
  resitParts: "补考部分",
  route: "申报条件",
  before: "修改前",
  after: "修改后",
  source: "依据",
  routes: "申报路径",
  requirements: "要求",
  month: "月份",
  policyId: "补贴政策",
  version: "版本",
  lines: "名册人数",
  adjustments: "调整条数",
  excluded: "剔除人数",
  listId: "补贴名册",
  amount: "金额（元）",
  startsOn: "公示开始",
  endsOn: "公示结束",
  days: "天数",
  lineId: "名册明细",
  contentHash: "校验码",
  effectiveFrom: "生效日期",
  effectiveTo: "失效日期",
  holder: "持证人",
  level: "等级",
  type: "类型",
  courseId: "课程",
  classId: "培训班",
  date: "日期",
  removedPersonId: "移出人员",
  present: "出勤人数",
  year: "年份",
  indicator: "指标",
  target: "目标",
};

const formatValue = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (Array.isArray(value)) return value.map(formatValue).join("、");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
};

/**
 * An event's details as labelled fields, one per line; a nested object (a "before" snapshot, counts) becomes
 * its own fields, prefixed with its parent's label.
 */
export function auditDetailFields(details: Record<string, unknown> | null, prefix = ""): Array<{ label: string; value: string }> {
  if (!details) return [];
  return Object.entries(details).flatMap(([key, value]) => {
    const label = `${prefix}${fieldLabels[key] ?? key}`;
    if (value && typeof value === "object" && !Array.isArray(value)) return auditDetailFields(value as Record<string, unknown>, `${label} · `);
    return [{ label, value: formatValue(value) }];
  });
}
