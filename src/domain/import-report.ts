/** What a CSV import reports (CLI, HTTP upload and the stored report alike). */
export interface RejectedRow {
  line: number;
  code: string;
  field?: string;
  message: string;
  raw: string;
}

export interface CsvImportReport {
  fileName: string;
  sha256: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** The first `maxRejectsKept` rejected rows (all of them are counted in `rejected`). */
  rejects: RejectedRow[];
  rejectsTruncated: boolean;
  seconds: number;
}
