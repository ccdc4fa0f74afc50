import { roleCatalogue, roleKeys, type RoleKey } from "../auth/roles.ts";
import { SelectField, Field } from "../components/field.tsx";

export const staffRoleKeys = roleKeys.filter((k) => k !== "trainee");

const contextHints: Record<string, string> = {
  training_base: "须选择培训基地",
  institution: "须选择养老、托育或居家养老服务机构",
  district: "须填写区县代码",
  city: "须填写地市代码",
  system: "全系统",
  self: "本人",
};

/** Role, organisation and region inputs; which of the two contexts applies depends on the role. */
export function RoleContextFields(props: {
  organisations: Array<{ id: number; name: string; typeName: string }>;
  errors: Record<string, string>;
  values: Record<string, string>;
  roles?: RoleKey[];
}) {
  const roles = props.roles ?? staffRoleKeys;
  return (
    <>
      <SelectField
        label="角色"
        name="role"
        defaultValue={props.values.role}
        error={props.errors.role}
        options={roles.map((k) => ({ value: k, label: `${roleCatalogue[k].name}（${contextHints[roleCatalogue[k].context]}）` }))}
      />
      <SelectField
        label="所属机构"
        name="organisationId"
        defaultValue={props.values.organisationId}
        error={props.errors.organisationId}
        hint="考评员、培训基地管理员、机构管理员须选择"
        options={[{ value: "", label: "（不适用）" }, ...props.organisations.map((o) => ({ value: String(o.id), label: `${o.name}（${o.typeName}）` }))]}
      />
      <Field
        label="管辖地区代码"
        name="regionCode"
        defaultValue={props.values.regionCode}
        error={props.errors.regionCode}
        hint="民政工作人员须填写：区县如 330522（长兴县），地市如 330500（湖州市）"
        inputMode="numeric"
        maxLength={9}
      />
    </>
  );
}
