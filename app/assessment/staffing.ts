/** Staffing rules checked when a session is opened (domain §5, the 保育师 standard used everywhere by default). */
export type StaffingRules = {
  theoryCandidatesPerInvigilator: number;
  theoryMinInvigilatorsPerRoom: number;
  skillCandidatesPerExaminer: number;
  skillMinExaminers: number;
  panelMinMembers: number;
};

export const defaultStaffingRules: StaffingRules = {
  theoryCandidatesPerInvigilator: 15,
  theoryMinInvigilatorsPerRoom: 2,
  skillCandidatesPerExaminer: 5,
  skillMinExaminers: 3,
  panelMinMembers: 3,
};

export type SessionStaffing = {
  theoryRooms: Array<{ name: string; candidates: number; invigilators: number }>;
  skill: { candidates: number; examiners: number } | null;
  panel: { members: number } | null;
};

/** Every broken rule, in words the base admin can act on; an empty list means the session may open. */
export function checkStaffing(session: SessionStaffing, rules: StaffingRules = defaultStaffingRules): string[] {
  const problems: string[] = [];
  // A room nobody sits in needs nobody to watch it.
  for (const room of session.theoryRooms.filter((r) => r.candidates > 0)) {
    const needed = Math.max(rules.theoryMinInvigilatorsPerRoom, Math.ceil(room.candidates / rules.theoryCandidatesPerInvigilator));
    if (room.invigilators < needed) {
      problems.push(`理论考场“${room.name}”有 ${room.candidates} 名考生，需要至少 ${needed} 名监考员（每 ${rules.theoryCandidatesPerInvigilator} 名考生 1 名，每个考场不少于 ${rules.theoryMinInvigilatorsPerRoom} 名），现有 ${room.invigilators} 名`);
    }
  }
  if (session.skill) {
    const { candidates, examiners } = session.skill;
    const needed = Math.max(rules.skillMinExaminers, Math.ceil(candidates / rules.skillCandidatesPerExaminer));
    if (examiners < needed) problems.push(`技能考核有 ${candidates} 名考生，需要至少 ${needed} 名考评员（每 ${rules.skillCandidatesPerExaminer} 名考生 1 名，不少于 ${rules.skillMinExaminers} 名），现有 ${examiners} 名`);
    if (examiners % 2 === 0) problems.push(`技能考核考评员人数须为奇数，现有 ${examiners} 名`);
  }
  if (session.panel) {
    if (session.panel.members < rules.panelMinMembers) problems.push(`综合评审专家组不少于 ${rules.panelMinMembers} 人，现有 ${session.panel.members} 人`);
    if (session.panel.members % 2 === 0) problems.push(`综合评审专家组人数须为奇数，现有 ${session.panel.members} 人`);
  }
  return problems;
}
