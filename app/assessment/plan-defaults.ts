import type { Occupation } from "../occupations/occupations.ts";
import type { PartTask } from "./scoring.ts";

/**
 * The skill tasks of a plan whose course ships no skill-tasks.yaml: 二级 and 一级 caregivers are examined
 * on assessment, planning and guidance.
 */
export function defaultSkillTasksFor(occupation: Occupation, level: number): PartTask[] {
  return occupation === "elderly_caregiver" && level <= 2 ? seniorCaregiverSkillTasks : defaultSkillTasks[occupation];
}

/** A practical task per occupation, scored out of 100, with its 否决项 (critical items). */
const defaultSkillTasks: Record<Occupation, PartTask[]> = {
  elderly_caregiver: [
    {
      id: "bed-to-wheelchair",
      title: "协助偏瘫老年人从床上转移到轮椅",
      rubric: [
        { id: "explain", label: "评估与沟通：核对、说明目的、评估老人配合程度", points: 15, critical: false },
        { id: "prepare", label: "准备：轮椅置于健侧、与床成 30°～45°", points: 15, critical: false },
        { id: "brake", label: "固定轮椅刹车、收起脚踏板", points: 10, critical: true },
        { id: "transfer", label: "转移过程：协助站立、转身、坐下，动作轻稳", points: 35, critical: false },
        { id: "safety", label: "安全与舒适：系安全带、调整坐姿、询问感受", points: 15, critical: false },
        { id: "record", label: "整理与记录", points: 10, critical: false },
      ],
    },
  ],
  infant_caregiver: [
    {
      id: "formula-feeding",
      title: "为婴儿冲调配方奶并喂奶",
      rubric: [
        { id: "hygiene", label: "洗手与奶具清洁消毒", points: 20, critical: true },
        { id: "mix", label: "按说明取水、量粉、摇匀，试温", points: 30, critical: false },
        { id: "feed", label: "喂奶姿势、观察吸吮与呛奶", points: 30, critical: false },
        { id: "burp", label: "拍嗝与喂后体位", points: 20, critical: false },
      ],
    },
  ],
  childcare_worker: [
    {
      id: "toy-disinfection",
      title: "活动室玩具清洁与消毒",
      rubric: [
        { id: "protect", label: "个人防护与分类", points: 20, critical: false },
        { id: "solution", label: "按规定浓度配制消毒液", points: 30, critical: true },
        { id: "process", label: "浸泡时间、清水冲洗与晾干", points: 30, critical: false },
        { id: "record", label: "消毒记录", points: 20, critical: false },
      ],
    },
  ],
  capability_assessor: [
    {
      id: "self-care-assessment",
      title: "对一名老年人实施自理能力评估并记录",
      rubric: [
        { id: "prepare", label: "核对身份、说明目的、取得同意", points: 15, critical: false },
        { id: "observe", label: "按规范逐项询问与观察", points: 40, critical: false },
        { id: "score", label: "评分准确", points: 30, critical: true },
        { id: "record", label: "记录完整、签名", points: 15, critical: false },
      ],
    },
  ],
  family_caregiver: [],
};

const seniorCaregiverSkillTasks: PartTask[] = [
  {
    id: "care-plan-and-guidance",
    title: "对一名失能老年人进行照护评估、制定照护计划，并指导初级护理员实施其中一项措施",
    rubric: [
      { id: "assess", label: "照护评估：多方收集资料，正确使用评估工具，如实评分", points: 20, critical: false },
      { id: "problems", label: "照护问题：提出主要问题并按轻重缓急排序", points: 15, critical: false },
      { id: "plan", label: "照护计划：目标具体可测量，措施针对原因、可执行", points: 25, critical: false },
      { id: "safety", label: "识别并处理主要安全风险（跌倒、误吸、压力性损伤等）", points: 10, critical: true },
      { id: "guidance", label: "指导示范：讲解、示范、练习、反馈，确认被指导者掌握", points: 20, critical: false },
      { id: "communication", label: "与老人沟通，尊重意愿，保护隐私", points: 10, critical: false },
    ],
  },
];

/**
 * 综合评审 for 二级 and 一级: the panel reviews the candidate's 技术总结 (or thesis) and work record and
 * hears a 答辩 (oral defence), item by item out of 100.
 */
export const defaultReviewTasks: PartTask[] = [
  {
    id: "comprehensive-review",
    title: "综合评审：技术总结、答辩与工作业绩",
    rubric: [
      { id: "summary-topic", label: "技术总结选题：来源于本人实践，有实际意义", points: 10, critical: false },
      { id: "summary-content", label: "技术总结内容：专业准确，方法有依据，效果有数据", points: 25, critical: false },
      { id: "summary-writing", label: "技术总结撰写：结构完整、条理清楚、资料真实", points: 10, critical: false },
      { id: "defence", label: "答辩：陈述清楚，回答问题准确", points: 25, critical: false },
      { id: "achievements", label: "工作业绩：照护服务质量、技术革新与成果", points: 15, critical: false },
      { id: "training", label: "工作业绩：培训指导与传帮带", points: 15, critical: false },
    ],
  },
];
