/**
 * The largest import file accepted. The HTTP layer (server/request-body.ts) refuses any larger request body
 * while it streams; a file just over the limit inside a body just under it is refused here, by the field.
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const UPLOAD_TOO_LARGE_MESSAGE = "上传的内容超过 5 MB 的上限，请拆分文件或删去多余内容后重新上传";

export type UploadedFile = { name: string; bytes: Uint8Array };

/** The form's import file, or the problem to show by the file field. */
export async function uploadedFile(form: FormData, field = "file"): Promise<{ ok: true; file: UploadedFile } | { ok: false; message: string; status: number }> {
  const file = form.get(field);
  if (!(file instanceof File) || file.size === 0) return { ok: false, message: "请选择要导入的 .xlsx 或 .csv 文件", status: 400 };
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, message: UPLOAD_TOO_LARGE_MESSAGE, status: 413 };
  return { ok: true, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } };
}
