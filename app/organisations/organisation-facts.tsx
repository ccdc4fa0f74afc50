import { Link } from "@remix-run/react";
import type { OrganisationView } from "./organisations.server.ts";

export function OrganisationFacts({ org }: { org: OrganisationView }) {
  return (
    <dl className="facts">
      <dt>类型</dt>
      <dd>{org.typeName}</dd>
      <dt>统一社会信用代码</dt>
      <dd>{org.creditCode}</dd>
      <dt>所在地区</dt>
      <dd>
        {org.regionLabel}（{org.regionCode}）
      </dd>
      {org.certificatePrefix ? (
        <>
          <dt>证书编号前缀</dt>
          <dd>
            {org.certificatePrefix}
            <span className="muted">（类别 + 评价机构代码 + 省份代码 + 站点代码）</span>
          </dd>
        </>
      ) : null}
      {org.beds !== null ? (
        <>
          <dt>床位数</dt>
          <dd>{org.beds} 张</dd>
          <dt>护理型床位</dt>
          <dd>
            {org.nursingBeds ?? 0} 张
            {org.beds > 0 ? <span className="muted">（占 {(((org.nursingBeds ?? 0) / org.beds) * 100).toFixed(1)}%）</span> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** `canResetPasswords` adds a link per account to start a one-time password reset. */
export function StaffTable({
  staff,
  canResetPasswords = false,
}: {
  staff: Array<{ userId: number; username: string; name: string; roleName: string; disabledAt: Date | string | null }>;
  canResetPasswords?: boolean;
}) {
  if (staff.length === 0) return <p className="muted">暂无工作人员账号。</p>;
  return (
    <div className="table-wrap" role="region" aria-label="工作人员账号" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th>姓名</th>
            <th>用户名</th>
            <th>角色</th>
            <th>状态</th>
            {canResetPasswords ? (
              <th>
                <span className="sr-only">操作</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {staff.map((s, i) => (
            <tr key={i}>
              <td>{s.name}</td>
              <td>{s.username}</td>
              <td>{s.roleName}</td>
              <td>{s.disabledAt ? <span className="tag warn">已停用</span> : <span className="tag">正常</span>}</td>
              {canResetPasswords ? <td>{s.disabledAt ? null : <Link to={`/users/${s.userId}/password-reset`}>重置密码</Link>}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
