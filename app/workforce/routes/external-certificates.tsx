import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { unverifiedExternalCertificates, verifyExternalCertificates } from "../workforce.server.ts";
import { DataTable } from "../../components/data-table.tsx";

export const meta: MetaFunction = () => [{ title: "外部证书核验 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "verify:external-certificate:region");
  const awaiting = new Map<number, { id: number; number: string; holder: string; idNumber: string; label: string; issuedOn: string; issuer: string; employers: string[] }>();
  for (const { certificate: c, organisationName } of await unverifiedExternalCertificates(db, scope)) {
    const entry = awaiting.get(c.id) ?? {
      id: c.id,
      number: c.number,
      holder: c.holderName,
      idNumber: c.idNumber,
      label: `${occupationNames[c.occupation]} ${c.level ? levelLabel(c.level as SkillLevel) : ""}`,
      issuedOn: c.issuedOn,
      issuer: c.issuerName,
      employers: [],
    };
    entry.employers.push(organisationName);
    awaiting.set(c.id, entry);
  }
  return { certificates: [...awaiting.values()] };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "verify:external-certificate:region");
  const form = await request.formData();
  const ids = form.getAll("certificateId").map(Number).filter(Number.isInteger);
  if (ids.length === 0) return data({ message: null, error: "请勾选要确认的证书" }, { status: 400 });
  const verified = await verifyExternalCertificates(db, scope, ids, actor(request, user));
  return { message: `已确认 ${verified} 张外部证书`, error: null };
}

export default function ExternalCertificatesPage() {
  const { certificates } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/region">辖区概览</Link>
      </p>
      <h1>外部证书核验</h1>
      <p className="lead">机构导入名册时登记的外部证书，经核对原件或全国职业技能等级证书查询系统后确认，确认后才计入补贴和指标。</p>
      {outcome?.message ? (
        <p className="notice" role="status">
          {outcome.message}
        </p>
      ) : null}
      {outcome?.error ? (
        <p className="form-error" role="alert">
          {outcome.error}
        </p>
      ) : null}
      {certificates.length === 0 ? (
        <p className="muted">辖区内没有待核验的外部证书。</p>
      ) : (
        <Form method="post">
          <DataTable<(typeof certificates)[number]>
            caption="待确认的外部证书"
            rows={certificates}
            rowKey={(c) => c.id}
            empty="没有待确认的证书。"
            columns={[
              { header: "确认", cell: (c) => <input type="checkbox" name="certificateId" value={c.id} aria-label={`确认 ${c.holder} 的证书`} /> },
              { header: "持证人", cell: (c) => c.holder },
              { header: "身份证号码", cell: (c) => <span className="long-value">{c.idNumber}</span> },
              { header: "证书", cell: (c) => c.label },
              { header: "证书编号", cell: (c) => <span className="long-value">{c.number}</span> },
              { header: "发证日期 / 机构", cell: (c) => `${c.issuedOn} · ${c.issuer}` },
              { header: "任职机构", cell: (c) => c.employers.join("、") },
            ]}
          />
          <button type="submit">确认所选证书</button>
        </Form>
      )}
    </main>
  );
}
