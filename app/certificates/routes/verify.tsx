import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { normaliseCertificateNumber } from "../../../certificates/number.ts";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { parseForm, type FieldErrors } from "../../utils/form.ts";
import { certificateByNumber } from "../certificates.server.ts";
import { publicCreditOfHolder } from "../../credit/credit.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { VerificationResult } from "../verification-result.tsx";
import { limitVerificationRate, nameMatches, publicCertificate, refundNameTry, reserveNameTry } from "../verification.server.ts";

export const meta: MetaFunction = () => [{ title: "证书查验 · carecert" }];

const schema = z.object({
  number: z.string().transform(normaliseCertificateNumber).pipe(z.string().min(1, "请输入证书编号").max(40, "证书编号过长")),
  name: z.string().trim().min(1, "请输入持证人姓名").max(40, "姓名过长"),
});

/**
 * Public: number and holder's name; nothing is shown unless both match one certificate. Wrong names are limited
 * per certificate number (NAME_TRIES), wherever they come from.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = parseForm(await request.formData(), schema);
  await limitVerificationRate(db, request, form.ok ? form.data.number : null);
  if (!form.ok) return data({ errors: form.errors, values: form.values, certificate: null }, { status: 400 });
  const reserved = await reserveNameTry(db, request, form.data.number);
  if (!reserved.allowed) {
    const minutes = Math.ceil(reserved.retryAfterSeconds / 60);
    const errors: FieldErrors = { _form: `该证书编号的姓名核对次数已达上限，请 ${minutes} 分钟后再试。扫描证书二维码或只按编号查验不受影响。` };
    return data({ errors, values: form.values, certificate: null }, { status: 429, headers: { "Retry-After": String(reserved.retryAfterSeconds) } });
  }
  const found = await certificateByNumber(db, form.data.number);
  if (!found || !nameMatches(found, form.data.name)) {
    const errors: FieldErrors = { _form: "未找到编号与姓名都相符的证书。请核对证书上的编号和姓名；伪造的证书在此查不到。" };
    return data({ errors, values: form.values, certificate: null }, { status: 404 });
  }
  await refundNameTry(db, found.number);
  return { errors: {} as FieldErrors, values: form.values, certificate: await publicCertificate(db, found.number), credit: await publicCreditOfHolder(db, found.number, chinaDate(new Date())) };
}

export default function VerifyPage() {
  const result = useActionData<typeof action>();
  return (
    <main className="container narrow">
      <h1>证书查验</h1>
      <p className="muted">职业技能等级证书、培训合格证明真伪查询。无需登录；扫描证书上的二维码可直接查看。</p>
      <p className="hint">
        补贴发放名册的公示见 <Link to="/notices">公示公告</Link>。
      </p>
      <Form method="post" className="card stack">
        <FormError error={result?.errors._form} />
        <Field label="证书编号" name="number" defaultValue={result?.values.number} error={result?.errors.number} autoComplete="off" maxLength={40} hint="如 S013733052201265000001，字母不区分大小写" />
        <Field label="持证人姓名" name="name" defaultValue={result?.values.name} error={result?.errors.name} autoComplete="off" maxLength={40} />
        <button type="submit">查验</button>
      </Form>
      {result?.certificate ? <VerificationResult certificate={result.certificate} credit={"credit" in result ? result.credit : []} /> : null}
    </main>
  );
}
