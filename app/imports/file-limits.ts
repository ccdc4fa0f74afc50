/** What every import file is held to, whatever its format, and the one error type for a file that cannot be read. */
export class ImportFileError extends Error {}

/** An import has at most this many data rows, whatever its format. */
export const MAX_IMPORT_ROWS = 100_000;
/** What an .xlsx may inflate to in all (a 100,000-row roster is about 50 MB); a zip bomb is refused before it grows. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

export const tooManyRows = () => new ImportFileError(`文件最多 ${MAX_IMPORT_ROWS} 行数据，请拆分为几个文件后导入`);

/** A row's number in the file (1 is the header row) and its cells (a cell left empty may be a hole). */
export type FileRow = [number, string[]];
